// Loads the session named in the URL and refuses anyone but its learner:
// 404 for no such session, 403 for another learner's.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Session, SessionManager } from '../sessions/session-manager.ts';

const SESSION_ID = '^[0-9a-f]{16}$';
export const SessionParams = Type.Object({ id: Type.String({ pattern: SESSION_ID }) });

declare module 'fastify' {
  interface FastifyRequest {
    session?: Session;
  }
}

/**
 * A preHandler, or an onRequest hook for routes that take a body: there it
 * runs before the body is read, so a client that may not use the session
 * cannot make the server buffer one. Parameters are not validated yet at
 * onRequest, hence the check of the id's shape.
 */
export function sessionGuard(sessions: SessionManager) {
  const shape = new RegExp(SESSION_ID);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = request.params as { id: string };
    if (!shape.test(id)) return reply.code(400).send({ error: 'bad_request', message: `params/id must match pattern "${SESSION_ID}"` });
    const session = sessions.get(id);
    if (!session && !sessions.restored) {
      return reply.code(503).send({ error: 'engine_unavailable', message: 'Dockyard is still connecting to the container engine and has not found earlier sessions yet; try again shortly' });
    }
    if (!session) return reply.code(404).send({ error: 'session_not_found', message: `no session ${id}` });
    if (session.learner !== request.learner) return reply.code(403).send({ error: 'forbidden', message: 'this session belongs to another learner' });
    request.session = session;
  };
}

/** The session's sandbox, or a 409 reply when it has none yet (queued or starting). */
export function readySandbox(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const sandboxId = request.session?.sandboxId;
  if (request.session?.status === 'lost') {
    void reply.code(410).send({ error: 'sandbox_gone', message: request.session.message ?? 'the sandbox is gone' });
    return undefined;
  }
  if (!sandboxId) {
    void reply.code(409).send({ error: 'sandbox_not_ready', message: `the session is ${request.session?.status}; wait until it is ready` });
    return undefined;
  }
  return sandboxId;
}
