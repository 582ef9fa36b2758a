// Proves an exercise can be passed, and cannot be passed by doing nothing or
// the wrong thing: in a fresh sandbox, setup → every check fails → reference
// solution → every check passes; for each wrong solution, in a fresh
// sandbox, setup → wrong solution → at least one check fails.
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
  const wrongSolution = async (wrong: Exercise['wrong'][number]) => inFreshSandbox(engine, async (id) => {
    if (!(await setUp(id, `setup for ${wrong.script}`))) return;
    await runScript(engine, id, wrong.source);
    const result = await gradeExercise(engine, id, exercise);
    if (result.passed) fail(wrong.script, `passes every check, but it is a mistake: ${wrong.mistake}`);
    else say(`  ✓ ${exercise.id}: ${wrong.script} fails ${tasksThat(result, false).join(', ')}`);
  });
  await bounded([baselineAndSolution, ...exercise.wrong.map((wrong) => () => wrongSolution(wrong))], SANDBOXES_AT_ONCE, (proof) => proof());
  return { id: exercise.id, ok: failures.length === 0, failures, durationMs: Date.now() - started };
}
