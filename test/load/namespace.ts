// A load run's own corner of the engine: a namespace whose sandboxes it can
// find and remove, before (leftovers of an interrupted run would be adopted
// as sessions) and after (a stopped server leaves its sandboxes running).
import { defaultExercisesDir } from '../../cli/exercises.ts';
import { loadEngineConfig, prepareHost, SandboxEngine, type SandboxBackend } from '../../engine/index.ts';
import { loadExercises } from '../../server/exercises/loader.ts';

export interface LoadNamespace {
  name: string;
  /** The configured backend (DOCKYARD_ENGINE), prepared: the one the server under load uses too. */
  backend: SandboxBackend;
  engine: SandboxEngine;
  /** Removes every sandbox and volume in the namespace; returns how many sandboxes there were. */
  sweep(): Promise<number>;
}

export async function openNamespace(name: string, env: Record<string, string> = {}): Promise<LoadNamespace> {
  const config = loadEngineConfig({ ...process.env, ...env, DOCKYARD_NAMESPACE: name });
  const backend = await prepareHost(config, () => undefined);
  const engine = new SandboxEngine(backend, config);
  return {
    backend,
    name,
    engine,
    async sweep() {
      await engine.adopt();
      const all = engine.list();
      for (const sandbox of all) await engine.destroy(sandbox.id);
      return all.length;
    },
  };
}

/** An exercise's reference solution as the commands a learner would type, one a line. */
export async function solutionCommands(exerciseId: string): Promise<string[]> {
  const { exercises } = await loadExercises(defaultExercisesDir());
  const exercise = exercises.find((e) => e.id === exerciseId);
  if (!exercise) throw new Error(`no exercise ${exerciseId} in ${defaultExercisesDir()}`);
  const lines = exercise.solution.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  // Typed a line at a time, a command continued over lines would hang the simulated learner.
  if (lines.some((line) => line.endsWith('\\') || /\b(do|then)$/.test(line))) throw new Error(`${exerciseId}'s solution solution spans lines; pick an exercise whose solution is one command a line`);
  return lines;
}
