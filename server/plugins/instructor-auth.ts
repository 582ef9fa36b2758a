// Who is an instructor. A single-operator install sets
// DOCKYARD_INSTRUCTOR_TOKEN; programs send it as `Authorization: Bearer`,
// and the class page trades it once (POST /api/instructor/sign-in) for a
// signed, HttpOnly, SameSite=Strict cookie so that its event stream and
// links work. Sign-in with OpenID Connect (routes/instructor.ts) sets the
// same cookie with the account's own id, so each instructor has their own
// classes. Everything an instructor sees is scoped by `request.instructor`.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export const INSTRUCTOR_COOKIE = 'dockyard_instructor';
/** The instructor a DOCKYARD_INSTRUCTOR_TOKEN signs in as. */
export const TOKEN_INSTRUCTOR = 'token';
const COOKIE_MAX_AGE_S = 12 * 3600;
const INSTRUCTOR_ID = /^[\x21-\x7e]{1,200}$/;

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in instructor's id, if any. */
    instructor?: string;
  }
}

// Hashing both sides gives equal lengths, which timingSafeEqual needs, and leaks no length.
const digest = (text: string) => createHash('sha256').update(text).digest();
export const tokenMatches = (given: string, token: string | undefined) => token !== undefined && timingSafeEqual(digest(given), digest(token));

export function signInInstructor(reply: FastifyReply, instructor: string): void {
  reply.setCookie(INSTRUCTOR_COOKIE, instructor, { path: '/', httpOnly: true, sameSite: 'strict', signed: true, maxAge: COOKIE_MAX_AGE_S });
}

/** Reads the instructor from a Bearer token or the signed cookie. Needs learnerPlugin's cookie support first. */
export const instructorAuth = fp(async (app: FastifyInstance, { token }: { token?: string }) => {
  app.decorateRequest('instructor', undefined);
  app.addHook('onRequest', async (request) => {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (bearer && tokenMatches(bearer, token)) {
      request.instructor = TOKEN_INSTRUCTOR;
      return;
    }
    const raw = request.cookies[INSTRUCTOR_COOKIE];
    if (!raw) return;
    const { valid, value } = request.unsignCookie(raw);
    // A cookie from a token that has since been unset signs in no one.
    if (valid && value && INSTRUCTOR_ID.test(value) && (value !== TOKEN_INSTRUCTOR || token)) request.instructor = value;
  });
}, { name: 'dockyard-instructor-auth', dependencies: ['dockyard-learner'] });

/** An onRequest hook (after instructorAuth) that lets only instructors through. */
export function instructorOnly(configured: boolean) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.instructor) return;
    if (!configured) {
      return reply.code(403).send({ error: 'classes_not_set_up', message: 'classes need instructor sign-in: set DOCKYARD_INSTRUCTOR_TOKEN (32 or more characters) or DOCKYARD_OIDC_ISSUER and restart' });
    }
    reply.header('www-authenticate', 'Bearer realm="dockyard-instructor"');
    return reply.code(401).send({ error: 'instructor_required', message: 'this is for instructors: sign in on the class page, or send Authorization: Bearer <DOCKYARD_INSTRUCTOR_TOKEN>' });
  };
}
