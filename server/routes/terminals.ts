// Terminal WebSockets: /api/sessions/:id/terminals/:name, one shell per name.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type {} from '@fastify/websocket';
import { Type } from 'typebox';
import type { WebSocket } from 'ws';
import { EngineError } from '../../engine/index.ts';
import type { ServerContext } from '../context.ts';
import { sessionGuard } from '../plugins/session-guard.ts';
import { TerminalQuery, type ServerMessage } from '../terminals/protocol.ts';

const KEEPALIVE_MS = 30_000;

const TerminalParams = Type.Object({
  id: Type.String({ pattern: '^[0-9a-f]{16}$' }),
  name: Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$' }),
});

function keepAlive(socket: WebSocket): void {
  let alive = true;
  socket.on('pong', () => { alive = true; });
  const timer = setInterval(() => {
    if (!alive) return socket.terminate();
    alive = false;
    socket.ping();
  }, KEEPALIVE_MS);
  socket.on('close', () => clearInterval(timer));
}

/** The session's sandbox vanished; the close reason (and an error frame before it) says why. */
export const CLOSE_SANDBOX_GONE = 4410;
// WebSocket's own "try again later": the engine is away for now.
const CLOSE_TRY_AGAIN_LATER = 1013;

function closeCodeFor(err: Error): number {
  if (err instanceof EngineError && (err.code === 'engine_unavailable' || err.code === 'sandbox_not_ready')) return CLOSE_TRY_AGAIN_LATER;
  if (err instanceof EngineError && err.code === 'sandbox_not_found') return CLOSE_SANDBOX_GONE;
  return 1011;
}

/** Tells a terminal socket why it cannot be served and closes it (also used by class-learners.ts's read-only views). */
export function fail(socket: WebSocket, code: number, message: string): void {
  socket.resume(); // a paused socket would never read the client's half of the close handshake
  socket.send(JSON.stringify({ type: 'error', message } satisfies ServerMessage));
  socket.close(code, message.slice(0, 120));
}

export const terminalRoutes: FastifyPluginAsyncTypebox<ServerContext> = async (app, { sessions, terminals }) => {
  app.get('/api/sessions/:id/terminals/:name', {
    websocket: true,
    schema: { params: TerminalParams, querystring: TerminalQuery },
    preHandler: sessionGuard(sessions),
  }, (socket, request) => {
    // Hold incoming frames until the terminal is attached, so early keystrokes are not lost.
    socket.pause();
    keepAlive(socket);
    const session = request.session!;
    // Lost for good: reconnecting cannot help until the learner asks for a new sandbox.
    if (session.status === 'lost') return fail(socket, CLOSE_SANDBOX_GONE, session.message ?? 'the sandbox is gone');
    const sandboxId = session.sandboxId;
    if (!sandboxId) return fail(socket, 4409, `the session is ${session.status}; wait until it is ready`);
    const { cols, rows } = request.query;
    terminals.connect(session.id, sandboxId, request.params.name, { cols, rows }, socket).catch((err: Error) => {
      request.log.warn({ err }, 'terminal could not open');
      fail(socket, closeCodeFor(err), err.message);
    });
  });
};
