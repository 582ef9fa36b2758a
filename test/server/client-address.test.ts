// Who counts as one client (IPv4 address, IPv6 /64), and which proxies are believed.
import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../server/config.ts';
import { addressKey } from '../../server/limits/address.ts';
import { parseTrustProxy } from '../../server/limits/trust-proxy.ts';

describe('addressKey', () => {
  it('keeps IPv4 addresses whole and groups IPv6 by /64', () => {
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('192.0.2.2')).not.toBe(addressKey('192.0.2.1'));
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('2001:db8:1:2::1')).toBe(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
  });
});

describe('DOCKYARD_TRUST_PROXY', () => {
  it('is off by default and takes true, a hop count, or addresses and CIDR ranges', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('true')).toBe(true);
    const twoHops = parseTrustProxy('2') as (address: string, hop: number) => boolean;
    expect([0, 1, 2].map((hop) => twoHops('203.0.113.1', hop))).toEqual([true, true, false]);
    expect(parseTrustProxy('10.0.0.1, 192.168.0.0/16,fd00::/8')).toEqual(['10.0.0.1', '192.168.0.0/16', 'fd00::/8']);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/not an address or CIDR/);
    expect(() => loadServerConfig({ DOCKYARD_TRUST_PROXY: 'proxy.example' })).toThrow(/DOCKYARD_TRUST_PROXY/);
  });

  it('sizes the per-client share and the address rate limit from DOCKYARD_MAX_SANDBOXES unless set', () => {
    expect(loadServerConfig({})).toMatchObject({ DOCKYARD_MAX_SESSIONS_PER_CLIENT: 10, DOCKYARD_SESSION_RATE_LIMIT: 30, DOCKYARD_LEARNER_RATE_LIMIT: 5, DOCKYARD_AWAY_AFTER: 180, DOCKYARD_TRUST_PROXY: false });
    expect(loadServerConfig({ DOCKYARD_MAX_SANDBOXES: '40' })).toMatchObject({ DOCKYARD_MAX_SESSIONS_PER_CLIENT: 27, DOCKYARD_SESSION_RATE_LIMIT: 80 });
    expect(loadServerConfig({ DOCKYARD_MAX_SESSIONS_PER_CLIENT: '3', DOCKYARD_SESSION_RATE_LIMIT: '9' })).toMatchObject({ DOCKYARD_MAX_SESSIONS_PER_CLIENT: 3, DOCKYARD_SESSION_RATE_LIMIT: 9 });
  });
});
