// Exercise figures: grading a three-task exercise in a sandbox, and the wall
// time of proving every shipped exercise (what `dockyard exercises test` does).
import { defaultExercisesDir, proveAll } from '../../cli/exercises.ts';
import { loadEngineConfig, prepareHost, SandboxEngine } from '../../engine/index.ts';
import { gradeExercise } from '../../server/exercises/grader.ts';
import { loadExercises } from '../../server/exercises/loader.ts';
import { runScript } from '../../server/exercises/prover.ts';
import { repeat, time, type Figure } from './stats.ts';

export async function benchExercises(log: (line: string) => void): Promise<Figure[]> {
  const { exercises } = await loadExercises(defaultExercisesDir());
  const threeTasks = exercises.find((e) => e.spec.tasks.length === 3);
  if (!threeTasks) throw new Error('no shipped exercise has three tasks to measure');
  const config = loadEngineConfig({ ...process.env, DOCKYARD_NAMESPACE: 'bench-exercises' });
  const backend = await prepareHost(config, log);
  const engine = new SandboxEngine(backend, config);
  const { id } = await engine.create();
  const figures: Figure[] = [];
  try {
    log(`grading ${threeTasks.id} …`);
    await runScript(engine, id, threeTasks.solution);
    const samples = await repeat(20, () => gradeExercise(engine, id, threeTasks));
    figures.push({ name: `${backend.name}: grade a three-task exercise (${threeTasks.id}, all passing)`, unit: 'ms', samples, target: '≤ 300 ms' });
  } finally {
    await engine.destroy(id);
  }
  log('proving every shipped exercise …');
  const [ms] = await time(() => proveAll(exercises, 2));
  figures.push({ name: `${backend.name}: \`dockyard exercises test\` over ${exercises.length} shipped exercise(s)`, unit: 's', samples: [ms / 1000] });
  return figures;
}
