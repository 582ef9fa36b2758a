// Sessions API: a learner's session and the sandbox behind it. A learner has
// one session (server/sessions/session-manager.ts); GET /api/sessions lists
// it so a learner can see and end what holds a sandbox in their name.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { ServerContext } from '../context.ts';
import { EngineError } from '../../engine/index.ts';
import { addressKey } from '../limits/address.ts';
import { creationLimit } from '../limits/creation-limit.ts';
import { ENGINE_ERROR_STATUS, replyToEngineErrors } from '../plugins/engine-errors.ts';
import { ensureLearner } from '../plugins/learner.ts';
import { SessionParams, sessionGuard } from '../plugins/session-guard.ts';
import { BootError, CapacityError } from '../sessions/session-manager.ts';

const SessionView = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('ready'), Type.Literal('starting'), Type.Literal('queued'), Type.Literal('lost')]),
  createdAt: Type.String({ format: 'date-time' }),
  lastActiveAt: Type.String({ format: 'date-time' }),
  queuePosition: Type.Optional(Type.Integer()),
  expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
  /** Why a lost session has no sandbox. */
  message: Type.Optional(Type.String()),
});
const ErrorBody = Type.Object({ error: Type.String(), message: Type.String() });

/**
 * Engine away (503 engine_unavailable) or its disk full (507 disk_full), or
 * the learner's own sandbox failed to start (503 sandbox_failed): no sandbox
 * for now, and why.
 */
function noSandboxNow(err: unknown, reply: FastifyReply) {
  const engineError = err instanceof BootError ? err.cause : err;
  if (engineError instanceof EngineError) return reply.code(ENGINE_ERROR_STATUS[engineError.code]).send({ error: engineError.code, message: engineError.message });
  if (err instanceof BootError) {
    reply.log.error({ err: err.cause }, 'a learner\'s sandbox could not be started');
    return reply.code(503).send({ error: 'sandbox_failed', message: `${err.message}. Try again in a moment.` });
  }
  throw err;
}

export const sessionRoutes: FastifyPluginAsyncTypebox<ServerContext> = async (app, { sessions, config, engine }) => {
  // Anything unexpected is still `{ error, message }`.
  replyToEngineErrors(app);
  const guard = sessionGuard(sessions);
  // Needs @fastify/rate-limit, registered before the routes (server/limits/request-limits.ts).
  const mayCreate = creationLimit(app, { perLearner: config.DOCKYARD_LEARNER_RATE_LIMIT, perClient: config.DOCKYARD_SESSION_RATE_LIMIT });

  app.post('/api/sessions', { schema: { response: { 200: SessionView, 429: ErrorBody } } }, async (request, reply) => {
    const learner = ensureLearner(request, reply);
    // Resuming is a page view, not a sandbox request: only creating counts against the rate limits.
    if (sessions.wouldCreate(learner) && !(await mayCreate(request, reply))) return reply;
    try {
      return sessions.view(await sessions.open(learner, addressKey(request.ip)));
    } catch (err) {
      if (err instanceof CapacityError) return reply.code(429).send({ error: 'too_many_sessions', message: err.message });
      return noSandboxNow(err, reply);
    }
  });

  app.get('/api/sessions', { schema: { response: { 200: Type.Object({ sessions: Type.Array(SessionView) }) } } }, async (request) => {
    const mine = request.learner ? sessions.forLearner(request.learner) : [];
    return { sessions: mine.map((session) => sessions.view(session)) };
  });

  app.get('/api/sessions/:id', { schema: { params: SessionParams, response: { 200: SessionView } }, preHandler: guard }, async (request) => {
    return sessions.view(request.session!);
  });

  // The lesson page says, now and then while it is visible, that its learner
  // is there: reading a lesson is activity too, so it postpones the idle
  // time-out as typing in a terminal does.
  app.post('/api/sessions/:id/activity', { schema: { params: SessionParams, response: { 200: SessionView } }, onRequest: guard }, async (request) => {
    const session = request.session!;
    if (session.status === 'ready' && session.sandboxId) engine.sandboxes.touch(session.sandboxId);
    return sessions.view(session);
  });

  // onRequest: no body of a client that may not use the session is read.
  app.delete('/api/sessions/:id', { schema: { params: SessionParams }, onRequest: guard }, async (request, reply) => {
    await sessions.end(request.session!.id);
    return reply.code(204).send();
  });

  app.post('/api/sessions/:id/reset', { schema: { params: SessionParams, response: { 200: SessionView, 429: ErrorBody } }, onRequest: guard }, async (request, reply) => {
    const session = request.session!;
    // A reset of a ready or lost session starts a sandbox: it counts like a new session.
    const creates = session.status === 'ready' || session.status === 'lost';
    if (creates && !(await mayCreate(request, reply))) return reply;
    try {
      return sessions.view(await sessions.reset(session.id));
    } catch (err) {
      return noSandboxNow(err, reply);
    }
  });
};
