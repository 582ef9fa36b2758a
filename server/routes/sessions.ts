// Sessions API: a learner's one session and the sandbox behind it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { Type } from 'typebox';
import type { ServerContext } from '../context.ts';
import { EngineError } from '../../engine/index.ts';
import { ENGINE_ERROR_STATUS } from '../plugins/engine-errors.ts';
import { ensureLearner } from '../plugins/learner.ts';
import { SessionParams, sessionGuard } from '../plugins/session-guard.ts';
import { CapacityError } from '../sessions/session-manager.ts';

const SessionView = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('ready'), Type.Literal('starting'), Type.Literal('queued'), Type.Literal('lost')]),
  queuePosition: Type.Optional(Type.Integer()),
  expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
  /** Why a lost session has no sandbox. */
  message: Type.Optional(Type.String()),
});
const ErrorBody = Type.Object({ error: Type.String(), message: Type.String() });

/** Engine away (503 engine_unavailable) or its disk full (507 disk_full): no sandbox for now, and why. */
function noSandboxNow(err: unknown, reply: FastifyReply) {
  if (err instanceof EngineError) return reply.code(ENGINE_ERROR_STATUS[err.code]).send({ error: err.code, message: err.message });
  throw err;
}

export const sessionRoutes: FastifyPluginAsyncTypebox<ServerContext> = async (app, { sessions, config }) => {
  await app.register(rateLimit, { global: false });
  const guard = sessionGuard(sessions);

  app.post('/api/sessions', {
    config: { rateLimit: { max: config.DOCKYARD_SESSION_RATE_LIMIT, timeWindow: '1 minute' } },
    schema: { response: { 200: SessionView, 429: ErrorBody } },
  }, async (request, reply) => {
    const learner = ensureLearner(request, reply);
    try {
      return sessions.view(await sessions.open(learner, request.ip));
    } catch (err) {
      if (err instanceof CapacityError) return reply.code(429).send({ error: 'too_many_sessions', message: err.message });
      return noSandboxNow(err, reply);
    }
  });

  app.get('/api/sessions/:id', { schema: { params: SessionParams, response: { 200: SessionView } }, preHandler: guard }, async (request) => {
    return sessions.view(request.session!);
  });

  app.delete('/api/sessions/:id', { schema: { params: SessionParams }, preHandler: guard }, async (request, reply) => {
    await sessions.end(request.session!.id);
    return reply.code(204).send();
  });

  app.post('/api/sessions/:id/reset', { schema: { params: SessionParams, response: { 200: SessionView } }, preHandler: guard }, async (request, reply) => {
    try {
      return sessions.view(await sessions.reset(request.session!.id));
    } catch (err) {
      return noSandboxNow(err, reply);
    }
  });
};
