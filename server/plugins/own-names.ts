// The names (Host) and origins (Origin) that are this server's own. A browser
// sets both from its address bar, so a page served under another name — DNS
// rebinding makes evil.example resolve to 127.0.0.1 — shows up in them. They
// are compared with the settings, never with each other: the Host of a
// rebound request is the attacker's name.
import type { FastifyRequest } from 'fastify';
import type { ServerConfig } from '../config.ts';

// What browsers send: a name or an IP literal, an optional port. Anything
// else (user info, paths) is no Host a browser would send.
const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i;
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '[::]']);

/** Where a request arrived: the address and port this server answered on. */
export interface Arrival {
  address: string;
  port: number;
}

export function arrival(request: FastifyRequest): Arrival {
  return { address: request.socket.localAddress ?? '', port: request.socket.localPort ?? 0 };
}

/** An address as it appears in a URL: IPv4-mapped IPv6 unwrapped, IPv6 in brackets. */
function urlForm(address: string): string {
  const unmapped = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  return unmapped.includes(':') && !unmapped.startsWith('[') ? `[${unmapped}]` : unmapped.toLowerCase();
}

export class OwnNames {
  /** Names the operator gave: any port, since a proxy in front may add its own. */
  private readonly configured: Set<string>;
  /** Names this machine has anyway, valid only on the port the server listens on. */
  private readonly local: string[];
  private readonly origins: Set<string>;

  constructor(config: Pick<ServerConfig, 'HOST' | 'DOCKYARD_PUBLIC_URL' | 'DOCKYARD_ALLOWED_ORIGINS' | 'DOCKYARD_ALLOWED_HOSTS' | 'DOCKYARD_PREVIEW_ORIGIN'>) {
    this.origins = new Set([...(config.DOCKYARD_PUBLIC_URL ? [config.DOCKYARD_PUBLIC_URL] : []), ...config.DOCKYARD_ALLOWED_ORIGINS]);
    // The preview origin is a name this server answers to, never an origin that may use its API.
    const previewHost = config.DOCKYARD_PREVIEW_ORIGIN ? [new URL(config.DOCKYARD_PREVIEW_ORIGIN).hostname] : [];
    this.configured = new Set([...config.DOCKYARD_ALLOWED_HOSTS, ...previewHost, ...[...this.origins].map((origin) => new URL(origin).hostname)]);
    const listen = urlForm(config.HOST);
    this.local = [...LOOPBACK_NAMES, ...(WILDCARD_ADDRESSES.has(listen) ? [] : [listen])];
  }

  /** Whether a Host header names this server, for a request that arrived at `at`. */
  host(value: string | undefined, at: Arrival): boolean {
    const match = value ? HOST.exec(value) : null;
    if (!match) return false;
    const name = match[1].toLowerCase();
    if (this.configured.has(name)) return true;
    return Number(match[2] ?? 80) === at.port && this.isLocal(name, at);
  }

  /** Whether an Origin header is this server as a browser reached it: a configured origin, or an own name on the port the request arrived at. */
  origin(value: string, at: Arrival): boolean {
    if (this.origins.has(value)) return true;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return false; // "null" (sandboxed frames, file: pages) among others
    }
    if (url.origin !== value || (url.protocol !== 'http:' && url.protocol !== 'https:')) return false;
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    return port === at.port && (this.configured.has(url.hostname) || this.isLocal(url.hostname, at));
  }

  // The address a client connected to is a name too: with HOST=0.0.0.0,
  // http://<this machine's address>:8080 works without configuration. An IP
  // literal cannot be rebound, so this opens nothing to other pages.
  private isLocal(name: string, at: Arrival): boolean {
    return this.local.includes(name) || name === urlForm(at.address);
  }
}
