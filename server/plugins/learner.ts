// Who is asking: a learner is a random id in a signed, HttpOnly cookie (no
// account). Routes read `request.learner`; only POST /api/sessions mints one.
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { LEARNER_ID, newLearnerId } from '../sessions/identity.ts';

const COOKIE = 'dockyard_learner';

declare module 'fastify' {
  interface FastifyRequest {
    /** The learner's id from a valid signed cookie, if any. */
    learner?: string;
  }
}

export function ensureLearner(request: FastifyRequest, reply: FastifyReply): string {
  if (request.learner) return request.learner;
  const learner = newLearnerId();
  reply.setCookie(COOKIE, learner, { path: '/', httpOnly: true, sameSite: 'lax', signed: true, maxAge: 365 * 24 * 3600 });
  request.learner = learner;
  return learner;
}

export const learnerPlugin = fp(async (app: FastifyInstance, options: { secret: string }) => {
  await app.register(cookie, { secret: options.secret });
  app.decorateRequest('learner', undefined);
  app.addHook('onRequest', async (request) => {
    const raw = request.cookies[COOKIE];
    if (!raw) return;
    const { valid, value } = request.unsignCookie(raw);
    if (valid && value && LEARNER_ID.test(value)) request.learner = value;
  });
}, { name: 'dockyard-learner' });
