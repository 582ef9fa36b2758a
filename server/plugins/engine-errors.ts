// Turns the engine's deliberate errors into HTTP answers that say what was wrong.
import type { FastifyError, FastifyInstance } from 'fastify';
import { EngineError, type EngineErrorCode } from '../../engine/index.ts';

export const ENGINE_ERROR_STATUS: Record<EngineErrorCode, number> = {
  sandbox_not_found: 410,
  sandbox_not_ready: 409,
  path_invalid: 400,
  path_not_found: 404,
  not_a_file: 409,
  not_a_directory: 409,
  read_only: 403,
  file_too_large: 413,
  engine_unavailable: 503,
  disk_full: 507,
};

export function replyToEngineErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | EngineError, request, reply) => {
    if (error instanceof EngineError) return reply.code(ENGINE_ERROR_STATUS[error.code]).send({ error: error.code, message: error.message });
    if (error.statusCode && error.statusCode < 500) return reply.code(error.statusCode).send({ error: error.code ?? 'bad_request', message: error.message });
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'something went wrong on the server; it has been logged' });
  });
}
