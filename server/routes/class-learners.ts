// What a class's instructor may do for one learner of the class: list and
// watch their terminals read-only (the learner is told), reset their sandbox,
// restart its idle countdown. The learner is named by their member key from
// the roster, never by their cookie id; a learner not in the class is 404.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type {} from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { SandboxEngine } from '../../engine/index.ts';
import { ClassClosedError } from '../classes/class-store.ts';
import { ClassNotFoundError, NotInClassError, type Classroom } from '../classes/classroom.ts';
import { replyToClassErrors } from '../plugins/class-errors.ts';
import { instructorOnly } from '../plugins/instructor-auth.ts';
import type { SessionManager } from '../sessions/session-manager.ts';
import type { TerminalHub } from '../terminals/terminal-hub.ts';
import { MemberParams } from './classes.ts';
import { fail } from './terminals.ts';

const TerminalParams = Type.Object({ ...MemberParams.properties, name: Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$' }) });

export interface ClassLearnerOptions {
  classroom: Classroom;
  sessions: SessionManager;
  terminals: TerminalHub;
  sandboxes: SandboxEngine;
  instructorConfigured: boolean;
}

export const classLearnerRoutes: FastifyPluginAsyncTypebox<ClassLearnerOptions> = async (app, { classroom, sessions, terminals, sandboxes, instructorConfigured }) => {
  replyToClassErrors(app);
  app.addHook('onRequest', instructorOnly(instructorConfigured));

  /** The member's session, if they have one now; throws 404 (via the class errors) when they are not in the class. */
  const sessionOf = (request: FastifyRequest) => {
    const { classId, member } = request.params as { classId: string; member: string };
    const klass = classroom.ofInstructor(request.instructor!, classId);
    // A closed class's learners are no longer the instructor's to watch or reset.
    if (klass.closedAt) throw new ClassClosedError(`the class "${klass.name}" is closed: its learners can no longer be watched, reset or kept alive from it`);
    const learner = classroom.learnerOf(klass, member);
    if (!learner) throw new NotInClassError(`no learner ${member} in this class`);
    return sessions.forLearner(learner)[0];
  };

  app.get('/:classId/learners/:member/terminals', { schema: { params: MemberParams } }, async (request) => {
    const session = sessionOf(request);
    return { terminals: session ? terminals.names(session.id) : [] };
  });

  app.get('/:classId/learners/:member/terminals/:name', { websocket: true, schema: { params: TerminalParams } }, (socket, request) => {
    socket.pause();
    let session;
    try {
      session = sessionOf(request);
    } catch (err) {
      const code = err instanceof ClassNotFoundError || err instanceof NotInClassError ? 4404 : err instanceof ClassClosedError ? 4409 : 4403;
      return fail(socket, code, (err as Error).message);
    }
    if (!session) return fail(socket, 4404, 'the learner has no sandbox now');
    terminals.watch(session.id, request.params.name, socket).catch((err: Error) => fail(socket, 4404, err.message));
  });

  app.post('/:classId/learners/:member/reset', { schema: { params: MemberParams } }, async (request, reply) => {
    const session = sessionOf(request);
    if (!session) return reply.code(409).send({ error: 'no_sandbox', message: 'the learner has no sandbox now' });
    return sessions.view(await sessions.reset(session.id));
  });

  // Restarts the idle countdown, as the learner's typing would; the sandbox's maximum lifetime stays.
  app.post('/:classId/learners/:member/extend', { schema: { params: MemberParams } }, async (request, reply) => {
    const session = sessionOf(request);
    if (!session?.sandboxId) return reply.code(409).send({ error: 'no_sandbox', message: 'the learner has no sandbox now' });
    sandboxes.touch(session.sandboxId);
    return sessions.view(session);
  });
};
