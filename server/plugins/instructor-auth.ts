// Who is an instructor. A single-operator install sets
// DOCKYARD_INSTRUCTOR_TOKEN; programs send it as `Authorization: Bearer`,
// and the class page trades it once (POST /api/instructor/sign-in) for a
// signed, HttpOnly, SameSite=Strict cookie so that its event stream and
// links work. Sign-in with OpenID Connect (routes/instructor.ts) sets the
// same cookie with the account's own id, so each instructor has their own
// classes. Everything an instructor sees is scoped by `request.instructor`.
//
// The cookie's value is typed and dated: @fastify/cookie signs a value, not
// the cookie's name, so a bare signed id would let any other signed cookie of
// this server (a learner's) pass for an instructor's. It carries its expiry,
// checked here, and for token sign-ins a fingerprint of the token, so a
// changed token signs everyone out.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export const INSTRUCTOR_COOKIE = 'dockyard_instructor';
/** The instructor a DOCKYARD_INSTRUCTOR_TOKEN signs in as. */
export const TOKEN_INSTRUCTOR = 'token';
const SIGNED_IN_FOR_S = 12 * 3600;
const KIND = 'dockyard-instructor-v1';
const INSTRUCTOR_ID = /^(token|oidc:[\x21-\x7e]{1,300})$/;

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in instructor's id, if any. */
    instructor?: string;
  }
}

export interface InstructorSignIns {
  token?: string;
  oidc: boolean;
}

// Hashing both sides gives equal lengths, which timingSafeEqual needs, and leaks no length.
const digest = (text: string) => createHash('sha256').update(text).digest();
export const tokenMatches = (given: string, token: string | undefined) => token !== undefined && timingSafeEqual(digest(given), digest(token));
const fingerprint = (token: string | undefined) => (token ? digest(`${KIND}\0${token}`).toString('hex').slice(0, 16) : '-');

/** The instructor cookie's value before signing: what it is, until when, for which token, who. */
export function instructorCookieValue(instructor: string, token: string | undefined, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + SIGNED_IN_FOR_S;
  return [KIND, expires, instructor === TOKEN_INSTRUCTOR ? fingerprint(token) : '-', Buffer.from(instructor).toString('base64url')].join('.');
}

export function signInInstructor(reply: FastifyReply, instructor: string, token: string | undefined): void {
  reply.setCookie(INSTRUCTOR_COOKIE, instructorCookieValue(instructor, token), { path: '/', httpOnly: true, sameSite: 'strict', secure: 'auto', signed: true, maxAge: SIGNED_IN_FOR_S });
}

/** The instructor a cookie value names, if it is an instructor cookie, unexpired, and its way of signing in is still on. */
function instructorFrom(value: string, signIns: InstructorSignIns): string | undefined {
  const [kind, expires, print, encoded, ...rest] = value.split('.');
  if (kind !== KIND || rest.length || !encoded || Number(expires) * 1000 < Date.now()) return undefined;
  const instructor = Buffer.from(encoded, 'base64url').toString();
  if (!INSTRUCTOR_ID.test(instructor)) return undefined;
  if (instructor === TOKEN_INSTRUCTOR) return signIns.token && print === fingerprint(signIns.token) ? instructor : undefined;
  return signIns.oidc ? instructor : undefined;
}

/** Reads the instructor from a Bearer token or the signed cookie. Needs learnerPlugin's cookie support first. */
export const instructorAuth = fp(async (app: FastifyInstance, signIns: InstructorSignIns) => {
  app.decorateRequest('instructor', undefined);
  app.addHook('onRequest', async (request) => {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (bearer && tokenMatches(bearer, signIns.token)) {
      request.instructor = TOKEN_INSTRUCTOR;
      return;
    }
    const raw = request.cookies[INSTRUCTOR_COOKIE];
    if (!raw) return;
    const { valid, value } = request.unsignCookie(raw);
    if (valid && value) request.instructor = instructorFrom(value, signIns);
  });
}, { name: 'dockyard-instructor-auth', dependencies: ['dockyard-learner'] });

/** An onRequest hook (after instructorAuth) that lets only instructors through. */
export function instructorOnly(configured: boolean) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!configured) {
      return reply.code(403).send({ error: 'classes_not_set_up', message: 'classes need instructor sign-in: set DOCKYARD_INSTRUCTOR_TOKEN (32 or more characters) or DOCKYARD_OIDC_ISSUER and restart' });
    }
    if (request.instructor) return;
    reply.header('www-authenticate', 'Bearer realm="dockyard-instructor"');
    return reply.code(401).send({ error: 'instructor_required', message: 'this is for instructors: sign in on the class page, or send Authorization: Bearer <DOCKYARD_INSTRUCTOR_TOKEN>' });
  };
}
