// Exercises API: what an exercise asks (never its solutions or checks),
// opening it in a session (runs its setup once per sandbox), grading, and
// the learner's progress.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ServerContext } from '../context.ts';
import { gradeExercise } from '../exercises/grader.ts';
import type { Exercise } from '../exercises/loader.ts';
import { localize, type Locale } from '../exercises/spec.ts';
import { replyToEngineErrors } from '../plugins/engine-errors.ts';
import { readySandbox, sessionGuard } from '../plugins/session-guard.ts';

export const LocaleQuery = Type.Object({ locale: Type.Union([Type.Literal('en'), Type.Literal('ko')], { default: 'en' }) });
// background: the page checks by itself after the learner's command finished (see the check route).
const CheckQuery = Type.Object({ ...LocaleQuery.properties, background: Type.Optional(Type.Boolean()) });
const ExerciseParams = Type.Object({ exerciseId: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' }) });
const SessionExerciseParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$' }), exerciseId: ExerciseParams.properties.exerciseId });
const ErrorBody = Type.Object({ error: Type.String(), message: Type.String() });
const GradeBody = Type.Object({
  passed: Type.Boolean(),
  tasks: Type.Array(Type.Object({ id: Type.String(), passed: Type.Boolean(), message: Type.String() })),
});

function publicView(exercise: Exercise, locale: Locale) {
  const { spec } = exercise;
  return {
    id: spec.id,
    title: localize(spec.title, locale)!,
    summary: localize(spec.summary, locale)!,
    hasSetup: spec.setup !== undefined,
    tasks: spec.tasks.map((task) => ({
      id: task.id,
      title: localize(task.title, locale)!,
      hints: (task.hints ?? []).map((hint) => localize(hint, locale)!),
    })),
  };
}

export const exerciseRoutes: FastifyPluginAsyncTypebox<ServerContext> = async (app, { engine, sessions, exercises, progress, classroom, metrics }) => {
  replyToEngineErrors(app);
  // onRequest, so a body sent along is never read for someone else's session.
  const guard = sessionGuard(sessions);
  const find = (id: string) => exercises.get(id);
  const notFound = (id: string) => ({ error: 'exercise_not_found', message: `no exercise ${id}` });

  app.get('/api/exercises', { schema: { querystring: LocaleQuery } }, async (request) => {
    return [...exercises.values()].map((exercise) => {
      const { tasks, ...rest } = publicView(exercise, request.query.locale);
      return { ...rest, taskCount: tasks.length };
    });
  });

  app.get('/api/exercises/:exerciseId', { schema: { params: ExerciseParams, querystring: LocaleQuery } }, async (request, reply) => {
    const exercise = find(request.params.exerciseId);
    if (!exercise) return reply.code(404).send(notFound(request.params.exerciseId));
    return publicView(exercise, request.query.locale);
  });

  app.post('/api/sessions/:id/exercises/:exerciseId/open', { schema: { params: SessionExerciseParams }, onRequest: guard }, async (request, reply) => {
    const exercise = find(request.params.exerciseId);
    if (!exercise) return reply.code(404).send(notFound(request.params.exerciseId));
    const sandboxId = readySandbox(request, reply);
    if (!sandboxId) return reply;
    classroom.learnerWorked(request.session!.learner, exercise.id);
    if (!exercise.setup) return { setup: 'none' };
    // The marker makes setup run once per sandbox, however often the page is opened.
    const marker = `/var/lib/dockyard/exercises/${exercise.id}`;
    const script = `[ -e ${marker} ] && exit 3\n( ${exercise.setup}\n) || exit $?\nmkdir -p /var/lib/dockyard/exercises && touch ${marker}`;
    const result = await engine.sandboxes.run(sandboxId, ['bash', '-c', script], { as: 'platform', timeoutMs: 300_000, workdir: '/root', env: ['HOME=/root'] });
    if (result.exitCode === 3) return { setup: 'already' };
    if (result.exitCode !== 0) {
      request.log.error({ exercise: exercise.id, stderr: result.stderr.slice(-2000) }, 'exercise setup failed');
      return reply.code(500).send({ error: 'setup_failed', message: `setting up ${exercise.id} failed; the instructor has been told in the server log` });
    }
    return { setup: 'ran' };
  });

  app.post('/api/sessions/:id/exercises/:exerciseId/check', {
    schema: { params: SessionExerciseParams, querystring: CheckQuery, response: { 200: GradeBody, 404: ErrorBody } },
    onRequest: guard,
  }, async (request, reply) => {
    const exercise = find(request.params.exerciseId);
    if (!exercise) return reply.code(404).send(notFound(request.params.exerciseId));
    const sandboxId = readySandbox(request, reply);
    if (!sandboxId) return reply;
    const stopTimer = metrics.checkSeconds.startTimer();
    const result = await gradeExercise(engine.sandboxes, sandboxId, exercise, request.query.locale);
    stopTimer({ exercise: exercise.id });
    const { learner } = request.session!;
    if (!request.query.background) {
      progress.record(learner, exercise.id, result);
      classroom.learnerChecked(learner, exercise.id, result);
      return result;
    }
    // A check the learner did not ask for (the page runs one after a command): what it passes
    // counts, what it fails is not an attempt, and the class hears of it only when it passed a task anew.
    const before = progress.forLearner(learner)[exercise.id]?.tasks ?? {};
    const passed = result.tasks.filter((task) => task.passed);
    progress.record(learner, exercise.id, { ...result, tasks: passed });
    if (passed.some((task) => !before[task.id]?.passed)) classroom.learnerChecked(learner, exercise.id, result);
    return result;
  });

  app.get('/api/progress', async (request) => {
    return { exercises: request.learner ? progress.forLearner(request.learner) : {} };
  });
};
