// `dockyard exercises …`: the instructor's tools to write and prove exercises.
import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { loadEngineConfig, prepareHost, SandboxEngine } from '../engine/index.ts';
import { projectRoot } from '../engine/config.ts';
import { formatProblem, loadExercises, type Exercise } from '../server/exercises/loader.ts';
import { bounded, proveCourseOrder, proveExercise, type ExerciseProof } from '../server/exercises/prover.ts';
import { loadLessons } from '../server/content/lesson.ts';
import { scaffoldFiles } from '../server/exercises/scaffold.ts';
import { ExerciseSpec } from '../server/exercises/spec.ts';
import { say } from './say.ts';

export const defaultExercisesDir = () => process.env.DOCKYARD_EXERCISES_DIR ?? path.join(projectRoot, 'exercises');

async function validated(dir: string, ids: string[]): Promise<Exercise[]> {
  const { exercises, problems } = await loadExercises(dir, ids);
  for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
  if (problems.length) throw new Error(`${problems.length} problem(s) in ${dir}`);
  return exercises;
}

/** Exercises in the order a learner meets them: by lesson order, then as each lesson lists them; others last. */
export async function inCourseOrder(exercises: Exercise[], contentDir = path.join(projectRoot, 'content')): Promise<Exercise[]> {
  const { lessons } = await loadLessons(contentDir);
  const order = lessons.filter((l) => l.locale === 'en').sort((a, b) => a.meta.order - b.meta.order).flatMap((l) => l.meta.exercises);
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return [...exercises].sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}

export async function proveAll(exercises: Exercise[], parallel: number): Promise<ExerciseProof[]> {
  const config = loadEngineConfig();
  const backend = await prepareHost(config, say);
  const engine = new SandboxEngine(backend, config);
  return bounded(exercises, parallel, async (exercise) => {
    say(`… ${exercise.id} (${exercise.spec.tasks.length} tasks, ${exercise.right.length} other right solution(s), ${exercise.wrong.length} wrong solution(s))`);
    return proveExercise(engine, exercise, say);
  });
}

export function registerExercises(program: Command): void {
  const exercises = program.command('exercises').description('write and prove exercises');
  const dirOption = ['--dir <folder>', 'the exercises folder', defaultExercisesDir()] as const;

  exercises.command('validate')
    .description('check specs against the schema, that every script exists and parses (bash -n); errors name file and line')
    .option(...dirOption)
    .argument('[ids...]', 'only these exercises')
    .action(async (ids: string[], options: { dir: string }) => {
      const found = await validated(options.dir, ids);
      say(`${found.length} exercise(s) valid.`);
    });

  exercises.command('test')
    .description('prove each exercise in fresh sandboxes: baseline fails, solution and every right solution pass, every wrong solution fails')
    .option(...dirOption)
    .option('--parallel <n>', 'exercises proven at once', '2')
    .option('--in-order', 'instead: run every setup and reference solution in course order in one sandbox, each exercise failing before its solution and passing after it', false)
    .argument('[ids...]', 'only these exercises')
    .action(async (ids: string[], options: { dir: string; parallel: string; inOrder: boolean }) => {
      const found = await validated(options.dir, ids);
      if (options.inOrder) {
        const ordered = await inCourseOrder(found);
        say(`… course order in one sandbox: ${ordered.map((e) => e.id).join(', ')}`);
        const config = loadEngineConfig();
        const engine = new SandboxEngine(await prepareHost(config, say), config);
        const proof = await proveCourseOrder(engine, ordered, say);
        say(`${proof.ok ? 'PASS' : 'FAIL'} ${proof.id} (${(proof.durationMs / 1000).toFixed(1)} s)`);
        if (!proof.ok) process.exitCode = 1;
        return;
      }
      const proofs = await proveAll(found, Math.max(1, Number(options.parallel) || 1));
      const failed = proofs.filter((p) => !p.ok);
      for (const proof of proofs) say(`${proof.ok ? 'PASS' : 'FAIL'} ${proof.id} (${(proof.durationMs / 1000).toFixed(1)} s)`);
      say(`${proofs.length - failed.length} proven, ${failed.length} failed.`);
      if (failed.length) process.exitCode = 1;
    });

  exercises.command('new')
    .description('create a new exercise folder that validates and explains itself')
    .option(...dirOption)
    .argument('<id>', 'lowercase letters, digits and dashes')
    .action(async (id: string, options: { dir: string }) => {
      if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(id)) throw new Error(`"${id}" is not a valid id: use lowercase letters, digits and dashes`);
      const folder = path.join(options.dir, id);
      if (await access(folder).then(() => true, () => false)) throw new Error(`${folder} already exists`);
      for (const [file, content] of Object.entries(scaffoldFiles(id))) {
        await mkdir(path.dirname(path.join(folder, file)), { recursive: true });
        await writeFile(path.join(folder, file), content);
      }
      say(`Created ${path.relative(process.cwd(), folder)}/. Edit exercise.yaml, then run: npx dockyard exercises test ${id}`);
    });

  exercises.command('schema')
    .description('write the JSON Schema of exercise.yaml (for editors) to the exercises folder')
    .option(...dirOption)
    .action(async (options: { dir: string }) => {
      const file = path.join(options.dir, 'exercise.schema.json');
      await writeFile(file, `${JSON.stringify(ExerciseSpec, null, 2)}\n`);
      say(`Wrote ${file}`);
    });
}
