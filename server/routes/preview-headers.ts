// Which headers cross the preview proxy. A learner's server speaks to the
// learner's browser on an origin Dockyard serves, so anything that changes
// state for the whole origin (cookies, caches, service workers, CORS, HSTS,
// alternative services, reporting) is dropped, and the page always runs in a
// CSP sandbox: an opaque origin whose scripts cannot use Dockyard's API.
import type { IncomingHttpHeaders } from 'node:http';

type Headers = Record<string, string | string[]>;

/** Replaces whatever CSP the learner's server sends. */
export const PREVIEW_CSP = 'sandbox allow-scripts allow-forms allow-popups allow-modals';

// RFC 9110 §7.6.1: meaningful for one connection only. `host` is set for the
// upstream; `cookie` carries Dockyard's own cookies, never the learner's app's.
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'transfer-encoding', 'te', 'trailer', 'upgrade'];
const NOT_TO_UPSTREAM = new Set([...HOP_BY_HOP, 'host', 'cookie', 'expect']);

const NOT_TO_BROWSER = new Set([
  ...HOP_BY_HOP,
  'set-cookie', 'set-cookie2', // cookie tossing: replacing or clearing Dockyard's learner cookie (M6)
  'clear-site-data', // wipes the origin's cookies and storage
  'refresh', // navigates the page without a script
  'service-worker-allowed', // widens a service worker's scope to the whole origin
  'link', // preload/prefetch and rel=serviceworker outside the page
  'content-security-policy', 'content-security-policy-report-only', // replaced by PREVIEW_CSP
  'strict-transport-security', 'alt-svc', // pin the origin to HTTPS or to another server
  'nel', 'report-to', 'reporting-endpoints', // origin-wide reporting configuration
]);

function droppedBy(headers: IncomingHttpHeaders): Set<string> {
  // Headers a message names in its Connection header are hop-by-hop too.
  const connection = String(headers.connection ?? '');
  return new Set(connection.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean));
}

function filter(headers: IncomingHttpHeaders, keep: (name: string) => boolean): Headers {
  const named = droppedBy(headers);
  return Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string | string[]] => entry[1] !== undefined && !named.has(entry[0]) && keep(entry[0])));
}

/** The browser's request headers as the learner's server gets them. */
export function upstreamRequestHeaders(headers: IncomingHttpHeaders, port: number): Headers {
  return { ...filter(headers, (name) => !NOT_TO_UPSTREAM.has(name)), host: `localhost:${port}` };
}

/** The learner's server's response headers as the browser gets them. */
export function browserResponseHeaders(headers: IncomingHttpHeaders): Headers {
  const kept = filter(headers, (name) => !NOT_TO_BROWSER.has(name) && !name.startsWith('access-control-'));
  return { ...kept, 'content-security-policy': PREVIEW_CSP };
}
