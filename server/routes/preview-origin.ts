// Previews on an origin of their own (DOCKYARD_PREVIEW_ORIGIN). A learner's
// page then never shares the site's origin: whatever it does to cookies,
// storage or service workers stays on the preview origin, which holds no
// learner cookie to steal or toss.
//
// The preview origin cannot see the site's learner cookie, so access is handed
// over: the site checks the learner, then redirects to the preview origin's
// /preview/enter with a token (signed, single use, valid for a minute, bound
// to learner, session and port). The preview origin trades it for a cookie of
// its own whose path is that session's port, and redirects to the page.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export const ENTER_PATH = '/preview/enter';
const COOKIE = 'dockyard_preview';
const TOKEN_TTL_MS = 60_000;

export interface PreviewGrant {
  sessionId: string;
  port: number;
  learner: string;
}

type Signer = Pick<FastifyInstance, 'signCookie' | 'unsignCookie'>;

export class PreviewOrigin {
  /** Host header value (name and port) the preview origin is reached by. */
  private readonly host: string;
  // Nonces of redeemed tokens until they expire, so a token leaked from a
  // log or the browser's history cannot be used again.
  private readonly redeemed = new Map<string, number>();

  constructor(readonly origin: string, private readonly signer: Signer) {
    this.host = new URL(origin).host;
  }

  /** Whether the request came to the preview origin (by its Host header). */
  serves(request: FastifyRequest): boolean {
    return request.headers.host?.toLowerCase() === this.host;
  }

  /** Where the site sends a learner to see `path` of their session's port. */
  entryUrl({ sessionId, port, learner }: PreviewGrant, path: string): string {
    const nonce = randomBytes(12).toString('hex');
    const token = this.signer.signCookie(['enter', sessionId, port, learner, Date.now() + TOKEN_TTL_MS, nonce].join(':'));
    return `${this.origin}${ENTER_PATH}?token=${encodeURIComponent(token)}&to=${encodeURIComponent(path)}`;
  }

  /** The grant a token carries, once; undefined when it is forged, expired or used. */
  redeem(token: string): PreviewGrant | undefined {
    const { valid, value } = this.signer.unsignCookie(token);
    const [kind, sessionId, port, learner, expires, nonce, ...rest] = valid && value ? value.split(':') : [];
    const now = Date.now();
    for (const [used, until] of this.redeemed) if (until < now) this.redeemed.delete(used);
    if (kind !== 'enter' || rest.length || !(Number(expires) >= now) || this.redeemed.has(nonce)) return undefined;
    this.redeemed.set(nonce, Number(expires));
    return { sessionId, port: Number(port), learner };
  }

  /** Lets this browser see the grant's port on the preview origin, and only that port. */
  admit(reply: FastifyReply, { sessionId, port, learner }: PreviewGrant): void {
    reply.setCookie(COOKIE, ['preview', sessionId, port, learner].join(':'), {
      path: `/preview/${sessionId}/${port}`,
      httpOnly: true,
      sameSite: 'lax',
      secure: this.origin.startsWith('https:'),
      signed: true,
    });
  }

  /** The learner this browser was admitted as for the session's port, if it was. */
  admitted(request: FastifyRequest, sessionId: string, port: number): string | undefined {
    const raw = request.cookies[COOKIE];
    const { valid, value } = raw ? request.unsignCookie(raw) : { valid: false, value: null };
    const [kind, session, admittedPort, learner, ...rest] = valid && value ? value.split(':') : [];
    if (kind !== 'preview' || rest.length || session !== sessionId || Number(admittedPort) !== port) return undefined;
    return learner;
  }
}

/** On the preview origin, nothing but previews: not the site, not the API, not terminals. */
export const previewOriginOnlyPreviews = fp(async (app: FastifyInstance, { previewOrigin }: { previewOrigin?: string }) => {
  if (!previewOrigin) return;
  const origin = new PreviewOrigin(previewOrigin, app);
  app.addHook('onRequest', async (request, reply) => {
    if (!origin.serves(request) || request.url.startsWith('/preview/')) return;
    return reply.code(404).send({ error: 'not_found', message: `${previewOrigin} serves only previews (/preview/…); the site is elsewhere` });
  });
});
