// DOCKYARD_TRUST_PROXY: which hops' X-Forwarded-For Dockyard believes, so
// request.ip is the learner's address behind a reverse proxy. Off by default:
// without a proxy, a trusted header would let every request claim any address
// and dodge the per-address caps.
import net from 'node:net';

export type TrustProxy = boolean | string[] | ((address: string, hop: number) => boolean);

const CIDR = /^(?<address>[^/]+)(?:\/(?<bits>\d{1,3}))?$/;

function validEntry(entry: string): boolean {
  const match = CIDR.exec(entry);
  if (!match?.groups) return false;
  const family = net.isIP(match.groups.address);
  if (!family) return false;
  const bits = match.groups.bits;
  return bits === undefined || Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * `false`/empty (default): ignore forwarding headers. `true`: trust every hop
 * (only when nothing can reach Dockyard except through the proxy). A number:
 * trust that many hops from the server (the same proviso). Otherwise a comma-separated list of
 * proxy addresses or CIDR ranges (fastify's trustProxy, via proxy-addr).
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim();
  if (text === '' || text === 'false') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) {
    // Fastify reads a bare number as "trust nothing" (a hop count cannot tell a
    // proxy from a client that sends its own header), so the count is spelled
    // out: the nearest `hops` addresses are proxies, whoever they are.
    const hops = Number(text);
    return hops === 0 ? false : (_address: string, hop: number) => hop < hops;
  }
  const entries = text.split(',').map((e) => e.trim()).filter(Boolean);
  const invalid = entries.filter((e) => !validEntry(e));
  if (invalid.length) throw new Error(`not an address or CIDR range: ${invalid.join(', ')} (use true, false, a hop count, or a list like 10.0.0.1,192.168.0.0/16)`);
  return entries;
}
