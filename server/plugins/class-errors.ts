// Turns the classroom's deliberate errors into HTTP answers that say what was
// wrong; anything else is a 500 that is logged.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ClassClosedError, ClassFullError } from '../classes/class-store.ts';
import { ClassNotFoundError, NotInClassError, NotYourClassError, UnknownLessonsError } from '../classes/classroom.ts';

function answer(err: unknown, reply: FastifyReply) {
  if (err instanceof ClassNotFoundError) return reply.code(404).send({ error: 'class_not_found', message: err.message });
  if (err instanceof NotInClassError) return reply.code(404).send({ error: 'learner_not_found', message: err.message });
  if (err instanceof NotYourClassError) return reply.code(403).send({ error: 'forbidden', message: err.message });
  if (err instanceof UnknownLessonsError) return reply.code(400).send({ error: 'unknown_lessons', message: `body/lessons: ${err.message}` });
  if (err instanceof ClassFullError) return reply.code(409).send({ error: 'class_full', message: err.message });
  if (err instanceof ClassClosedError) return reply.code(409).send({ error: 'class_closed', message: err.message });
  const status = (err as { statusCode?: number }).statusCode;
  // Schema failures: fastify's message names the field (body/name, params/classId).
  if (status && status < 500) return reply.code(status).send({ error: 'bad_request', message: (err as Error).message });
  reply.log.error({ err }, 'class request failed');
  return reply.code(500).send({ error: 'internal', message: 'something went wrong on the server; it has been logged' });
}

export function replyToClassErrors(app: FastifyInstance): void {
  app.setErrorHandler((error, _request, reply) => answer(error, reply));
}
