// Instructor sign-in for the class page: with the shared token (the page
// sends it once and gets the instructor cookie, so the token never sits in
// the page's storage) or with OpenID Connect (a round trip to the provider).
// Sign-out clears the cookie. See plugins/instructor-auth.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { OidcSignIn, SignInRefused, type PendingSignIn } from '../instructors/oidc.ts';
import { addressKey } from '../limits/address.ts';
import { refuse } from '../limits/refusal.ts';
import { INSTRUCTOR_COOKIE, signInInstructor, TOKEN_INSTRUCTOR, tokenMatches } from '../plugins/instructor-auth.ts';

const SignInBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false });
// Only the class page, in either language: nothing a crafted path could turn into another origin.
const RETURN_PATHS = ['/en/classes/', '/ko/classes/'] as const;
const ReturnPath = Type.Union(RETURN_PATHS.map((path) => Type.Literal(path)), { default: RETURN_PATHS[0] });
const StartQuery = Type.Object({ return: ReturnPath });
const CallbackQuery = Type.Object({}, { additionalProperties: true });
const SIGN_INS_PER_MINUTE = 10;
const PENDING_COOKIE = 'dockyard_oidc';
const CALLBACK_PATH = '/api/instructor/oidc/callback';
const PENDING_MAX_AGE_S = 600;

export interface InstructorRouteOptions {
  token?: string;
  oidc?: OidcSignIn;
  /** The site's public origin, when a proxy stands in front (DOCKYARD_PUBLIC_URL). */
  publicUrl?: string;
}

function pendingFrom(value: string): PendingSignIn | undefined {
  try {
    const pending = JSON.parse(Buffer.from(value, 'base64url').toString()) as PendingSignIn;
    return (RETURN_PATHS as readonly string[]).includes(pending.returnTo) ? pending : undefined;
  } catch {
    return undefined;
  }
}

export const instructorRoutes: FastifyPluginAsyncTypebox<InstructorRouteOptions> = async (app, { token, oidc, publicUrl }) => {
  const attempts = app.createRateLimit({ max: SIGN_INS_PER_MINUTE, timeWindow: 60_000, keyGenerator: (request) => `sign-in:${addressKey(request.ip)}` });
  /** Counts a sign-in attempt (token or provider) for the request's address; answers 429 and returns false over the limit. */
  const mayTry = async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    const counted = await attempts(request);
    if (counted.isAllowed || !counted.isExceeded) return true;
    refuse(reply, 'rate_limited', counted.ttl, `Too many sign-in attempts: at most ${SIGN_INS_PER_MINUTE} a minute.`);
    return false;
  };
  const siteOrigin = (request: FastifyRequest) => publicUrl ?? `${request.protocol}://${request.host}`;

  app.get('/methods', async () => ({ token: token !== undefined, oidc: oidc !== undefined }));

  app.post('/sign-in', { schema: { body: SignInBody } }, async (request, reply) => {
    if (!(await mayTry(request, reply))) return reply;
    if (!token) return reply.code(403).send({ error: 'token_sign_in_off', message: 'token sign-in is not set up: set DOCKYARD_INSTRUCTOR_TOKEN and restart' });
    if (!tokenMatches(request.body.token, token)) return reply.code(401).send({ error: 'wrong_token', message: 'that is not this server\'s instructor token' });
    signInInstructor(reply, TOKEN_INSTRUCTOR, token);
    return { instructor: TOKEN_INSTRUCTOR };
  });

  app.get('/oidc/start', { schema: { querystring: StartQuery } }, async (request, reply) => {
    if (!oidc) return reply.code(404).send({ error: 'oidc_off', message: 'sign-in with an identity provider is not set up (DOCKYARD_OIDC_ISSUER)' });
    if (!(await mayTry(request, reply))) return reply;
    const { url, pending } = await oidc.start(`${siteOrigin(request)}${CALLBACK_PATH}`, request.query.return);
    // Lax: the provider sends the browser back with a top-level GET, which carries it.
    reply.setCookie(PENDING_COOKIE, Buffer.from(JSON.stringify(pending)).toString('base64url'), {
      path: '/api/instructor/oidc', httpOnly: true, sameSite: 'lax', secure: 'auto', signed: true, maxAge: PENDING_MAX_AGE_S,
    });
    return reply.redirect(url);
  });

  app.get('/oidc/callback', { schema: { querystring: CallbackQuery } }, async (request, reply) => {
    if (!oidc) return reply.code(404).send({ error: 'oidc_off', message: 'sign-in with an identity provider is not set up (DOCKYARD_OIDC_ISSUER)' });
    const raw = request.cookies[PENDING_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : undefined;
    reply.clearCookie(PENDING_COOKIE, { path: '/api/instructor/oidc' });
    if (!unsigned?.valid || !unsigned.value) {
      return reply.code(400).send({ error: 'sign_in_expired', message: 'this sign-in was not started here or took longer than 10 minutes; start it again from the class page' });
    }
    const pending = pendingFrom(unsigned.value);
    if (!pending) return reply.code(400).send({ error: 'sign_in_expired', message: 'this sign-in was not started here; start it again from the class page' });
    // The page shows a message of its own for each code: nothing from the URL is shown as it is.
    let refusal: string | undefined;
    try {
      signInInstructor(reply, await oidc.finish(new URL(request.url, siteOrigin(request)), pending), undefined);
    } catch (err) {
      refusal = err instanceof SignInRefused ? err.code : 'provider_failed';
      if (refusal === 'provider_failed') request.log.warn({ err }, 'instructor sign-in with the identity provider failed');
      else request.log.info({ reason: (err as Error).message }, 'instructor sign-in refused');
    }
    return reply.redirect(refusal ? `${pending.returnTo}?sign_in_error=${refusal}` : pending.returnTo);
  });

  app.post('/sign-out', async (_request, reply) => {
    reply.clearCookie(INSTRUCTOR_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/me', async (request, reply) => {
    if (!request.instructor) return reply.code(401).send({ error: 'instructor_required', message: 'not signed in as an instructor' });
    return { instructor: request.instructor };
  });
};
