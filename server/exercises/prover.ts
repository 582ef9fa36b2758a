// Proves an exercise can be passed, and cannot be passed by doing nothing or
// the wrong thing: in a fresh sandbox, setup → every check fails → reference
// solution → every check passes; for each other right solution, in a fresh
// sandbox, setup → that solution → every check passes; for each wrong
// solution, in a fresh sandbox, setup → wrong solution → at least one check
// fails. Course order: every exercise's setup and solution one after another
// in one sandbox, as a learner who does them all would.
import { toolOwner, type SandboxEngine } from '../../engine/index.ts';
import { gradeExercise, type GradeResult } from './grader.ts';
import type { Exercise } from './loader.ts';

export interface ProofFailure {
  step: string;
  message: string;
}

export interface ExerciseProof {
  id: string;
  ok: boolean;
  failures: ProofFailure[];
  durationMs: number;
}

const SCRIPT_TIMEOUT_MS = 300_000;
// Sandboxes of one exercise proven at once: most of their time is spent waiting on the engine.
const SANDBOXES_AT_ONCE = 3;

/** Runs `work` over `items`, at most `limit` at a time, keeping the order of results. */
export async function bounded<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await work(items[at]);
    }
  }));
  return results;
}

/** Runs a setup or solution script as the learner would, from their home directory. */
export async function runScript(engine: SandboxEngine, sandboxId: string, source: string, as: 'learner' | 'platform' = 'learner') {
  return engine.run(sandboxId, ['bash', '-c', source], { as, timeoutMs: SCRIPT_TIMEOUT_MS, workdir: '/root', env: ['HOME=/root'] });
}

async function inFreshSandbox<T>(engine: SandboxEngine, work: (id: string) => Promise<T>): Promise<T> {
  const { id } = await engine.create(toolOwner());
  try {
    return await work(id);
  } finally {
    await engine.destroy(id);
  }
}

function tasksThat(result: GradeResult, passed: boolean): string[] {
  return result.tasks.filter((t) => t.passed === passed).map((t) => t.id);
}

export async function proveExercise(engine: SandboxEngine, exercise: Exercise, say: (line: string) => void = () => undefined): Promise<ExerciseProof> {
  const started = Date.now();
  const failures: ProofFailure[] = [];
  const fail = (step: string, message: string) => {
    failures.push({ step, message });
    say(`  ✗ ${exercise.id} ${step}: ${message}`);
  };
  const setUp = async (id: string, step: string): Promise<boolean> => {
    if (!exercise.setup) return true;
    const result = await runScript(engine, id, exercise.setup, 'platform');
    if (result.exitCode !== 0) fail(step, `setup exited with ${result.timedOut ? 'a time-out' : result.exitCode}: ${(result.stderr || result.stdout).trim().slice(-300)}`);
    return result.exitCode === 0;
  };

  const baselineAndSolution = async () => inFreshSandbox(engine, async (id) => {
    if (!(await setUp(id, 'setup'))) return;
    const before = await gradeExercise(engine, id, exercise);
    for (const task of tasksThat(before, true)) fail('before the solution', `check of task "${task}" passes when nothing was done`);
    const solution = await runScript(engine, id, exercise.solution);
    if (solution.exitCode !== 0) {
      fail('solution', `the reference solution exited with ${solution.timedOut ? 'a time-out' : solution.exitCode}: ${(solution.stderr || solution.stdout).trim().slice(-300)}`);
    }
    const after = await gradeExercise(engine, id, exercise);
    for (const task of after.tasks.filter((t) => !t.passed)) fail('after the solution', `check of task "${task.id}" fails: ${task.message}`);
    say(`  ${after.passed && before.tasks.every((t) => !t.passed) ? '✓' : '✗'} ${exercise.id}: baseline fails, solution passes`);
  });
  const rightSolution = async (right: Exercise['right'][number]) => inFreshSandbox(engine, async (id) => {
    if (!(await setUp(id, `setup for ${right.script}`))) return;
    const run = await runScript(engine, id, right.source);
    if (run.exitCode !== 0) {
      fail(right.script, `exited with ${run.timedOut ? 'a time-out' : run.exitCode}: ${(run.stderr || run.stdout).trim().slice(-300)}`);
    }
    const result = await gradeExercise(engine, id, exercise);
    for (const task of result.tasks.filter((t) => !t.passed)) fail(right.script, `check of task "${task.id}" fails, but this is a right way (${right.way}): ${task.message}`);
    if (result.passed && run.exitCode === 0) say(`  ✓ ${exercise.id}: ${right.script} passes every check`);
  });
  const wrongSolution = async (wrong: Exercise['wrong'][number]) => inFreshSandbox(engine, async (id) => {
    if (!(await setUp(id, `setup for ${wrong.script}`))) return;
    await runScript(engine, id, wrong.source);
    const result = await gradeExercise(engine, id, exercise);
    const failed = result.tasks.filter((t) => !t.passed);
    if (result.passed) fail(wrong.script, `passes every check, but it is a mistake: ${wrong.mistake}`);
    else if (failed.every((t) => t.timedOut)) fail(wrong.script, `fails only because checks timed out (${failed.map((t) => t.id).join(', ')}), which proves nothing: make them faster or raise timeoutSeconds`);
    else say(`  ✓ ${exercise.id}: ${wrong.script} fails ${failed.map((t) => `${t.id}${t.timedOut ? ' (time-out)' : ''}`).join(', ')} — ${failed.find((t) => !t.timedOut)!.message.split('\n')[0].slice(0, 160)}`);
  });
  await bounded([
    baselineAndSolution,
    ...exercise.right.map((right) => () => rightSolution(right)),
    ...exercise.wrong.map((wrong) => () => wrongSolution(wrong)),
  ], SANDBOXES_AT_ONCE, (proof) => proof());
  return { id: exercise.id, ok: failures.length === 0, failures, durationMs: Date.now() - started };
}

/**
 * A learner who does every exercise in course order in one sandbox: for each
 * exercise, setup → every check still fails (nothing an earlier exercise left
 * passes it) → reference solution → every check passes (nothing an earlier
 * exercise left gets in its way: a name, a port).
 */
export async function proveCourseOrder(engine: SandboxEngine, exercises: Exercise[], say: (line: string) => void = () => undefined): Promise<ExerciseProof> {
  const started = Date.now();
  const failures: ProofFailure[] = [];
  const fail = (step: string, message: string) => {
    failures.push({ step, message });
    say(`  ✗ ${step}: ${message}`);
  };
  await inFreshSandbox(engine, async (id) => {
    for (const exercise of exercises) {
      if (exercise.setup) {
        const setup = await runScript(engine, id, exercise.setup, 'platform');
        if (setup.exitCode !== 0) {
          fail(`${exercise.id} setup`, `exited with ${setup.timedOut ? 'a time-out' : setup.exitCode}: ${(setup.stderr || setup.stdout).trim().slice(-300)}`);
          continue;
        }
      }
      const before = await gradeExercise(engine, id, exercise);
      for (const task of tasksThat(before, true)) fail(`${exercise.id} before its solution`, `check of task "${task}" already passes with what earlier exercises left`);
      const solution = await runScript(engine, id, exercise.solution);
      if (solution.exitCode !== 0) fail(`${exercise.id} solution`, `exited with ${solution.timedOut ? 'a time-out' : solution.exitCode}: ${(solution.stderr || solution.stdout).trim().slice(-300)}`);
      const after = await gradeExercise(engine, id, exercise);
      for (const task of after.tasks.filter((t) => !t.passed)) fail(`${exercise.id} after its solution`, `check of task "${task.id}" fails: ${task.message}`);
      say(`  ${after.passed && solution.exitCode === 0 ? '✓' : '✗'} ${exercise.id} after ${exercises.indexOf(exercise)} earlier exercise(s)`);
    }
  });
  return { id: 'course order', ok: failures.length === 0, failures, durationMs: Date.now() - started };
}
