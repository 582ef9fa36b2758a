// Instructor sign-in for the class page: the page sends the token once and
// gets the instructor cookie (instructor-auth.ts), so the token never sits in
// the page's storage. Sign-out clears it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { addressKey } from '../limits/address.ts';
import { refuse } from '../limits/refusal.ts';
import { INSTRUCTOR_COOKIE, signInInstructor, TOKEN_INSTRUCTOR, tokenMatches } from '../plugins/instructor-auth.ts';

const SignInBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false });
const SIGN_INS_PER_MINUTE = 10;

export const instructorRoutes: FastifyPluginAsyncTypebox<{ token?: string }> = async (app, { token }) => {
  const attempts = app.createRateLimit({ max: SIGN_INS_PER_MINUTE, timeWindow: 60_000, keyGenerator: (request) => `sign-in:${addressKey(request.ip)}` });

  app.post('/sign-in', { schema: { body: SignInBody } }, async (request, reply) => {
    const counted = await attempts(request);
    if (!counted.isAllowed && counted.isExceeded) return refuse(reply, 'rate_limited', counted.ttl, `Too many sign-in attempts: at most ${SIGN_INS_PER_MINUTE} a minute.`);
    if (!token) return reply.code(403).send({ error: 'classes_not_set_up', message: 'instructor sign-in is not set up: set DOCKYARD_INSTRUCTOR_TOKEN and restart' });
    if (!tokenMatches(request.body.token, token)) return reply.code(401).send({ error: 'wrong_token', message: 'that is not this server\'s instructor token' });
    signInInstructor(reply, TOKEN_INSTRUCTOR);
    return { instructor: TOKEN_INSTRUCTOR };
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
