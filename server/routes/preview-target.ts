// Where a preview request goes: the port and the upstream path, read from
// the raw request URL. The raw URL is used, not fastify's decoded params, so
// the port is exactly what the learner typed and the path keeps its encoding
// (%20, %2F) on its way to the learner's server.

export interface PreviewTarget {
  port: number;
  /** Origin-form request target for the upstream: always starts with `/`. */
  path: string;
}

// Decimal digits only, no leading zero: `8e1`, `0x50`, `80.0` and `08001`
// are not ports, even though a number parser would take them.
const PORT = /^[1-9][0-9]{0,4}$/;
const PREVIEW_URL = /^\/preview\/[^/?#]*\/([^/?#]*)(.*)$/s;

/** The target of a `/preview/:id/:port/…` URL, or why it has none. */
export function previewTarget(rawUrl: string): PreviewTarget | { reason: string } {
  const match = PREVIEW_URL.exec(rawUrl);
  if (!match) return { reason: 'a preview URL is /preview/<session>/<port>/<path>' };
  const [, portText, rest] = match;
  const port = Number(portText);
  if (!PORT.test(portText) || port > 65535) {
    return { reason: `port must be a whole number from 1 to 65535 written in decimal digits without a leading zero; got "${portText.slice(0, 20)}"` };
  }
  return { port, path: rest.startsWith('/') ? rest : `/${rest}` };
}
