// Who counts as one client for caps and rate limits: an IPv4 address, or an
// IPv6 /64. A single subscriber is usually handed a whole /64, so counting
// each IPv6 address separately would let one machine be 2^64 clients.
import { normalizeIP } from '@fastify/rate-limit';

export const IPV6_CLIENT_PREFIX = 64;

/** The key every per-address cap and rate limit uses for `ip` (IPv4-mapped IPv6 counts as IPv4). */
export function addressKey(ip: string): string {
  const key = normalizeIP(ip, IPV6_CLIENT_PREFIX);
  return key.includes(':') ? `${key}/${IPV6_CLIENT_PREFIX}` : key;
}
