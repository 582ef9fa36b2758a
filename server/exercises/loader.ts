// Reads exercises/<id>/ folders into validated exercises. Every problem names
// the file and, where there is one, the line, so an instructor can go
// straight to it.
import { execFile } from 'node:child_process';
import { access, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Compile } from 'typebox/compile';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { ExerciseSpec } from './spec.ts';

const run = promisify(execFile);
const checkSpec = Compile(ExerciseSpec);

export const SPEC_FILE = 'exercise.yaml';

export interface Exercise {
  id: string;
  dir: string;
  spec: ExerciseSpec;
  setup?: string;
  solution: string;
  wrong: { script: string; mistake: string; source: string }[];
  /** Check script source per task id, in task order. */
  checks: Map<string, string>;
}

export interface ExerciseProblem {
  file: string;
  line?: number;
  message: string;
}

export function formatProblem(problem: ExerciseProblem): string {
  return `${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`;
}

/** The check script of a task: as named, or checks/<task id>.sh by convention. */
export function checkPath(task: { id: string; check?: string }): string {
  return task.check ?? `checks/${task.id}.sh`;
}

function lineOf(doc: Document, counter: LineCounter, segments: (string | number)[]): number | undefined {
  for (let depth = segments.length; depth >= 0; depth--) {
    const node = doc.getIn(segments.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

interface SchemaError {
  instancePath: string;
  keyword: string;
  message: string;
  params: Record<string, unknown>;
}

const names = (value: unknown) => [value].flat().map((name) => JSON.stringify(name)).join(', ');

/**
 * One message per mistake, placed where it is: an unknown field is reported
 * at the field itself (the validator's "schema is false" error), so its
 * parent-level twin (additionalProperties) is dropped.
 */
function describeSchemaErrors(errors: SchemaError[]): { segments: (string | number)[]; message: string }[] {
  return errors.filter((e) => e.keyword !== 'additionalProperties').map((error) => {
    const segments = error.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const parent = `/${segments.slice(0, -1).join('/')}`;
    if (error.keyword === 'boolean') return { segments, message: `${parent}: unknown field ${names(segments.at(-1))}` };
    if (error.keyword === 'required') return { segments, message: `${error.instancePath || '/'}: missing field ${names(error.params.requiredProperties)}` };
    return { segments, message: `${error.instancePath || '/'}: ${error.message}` };
  });
}

async function bashSyntax(file: string, shown: string): Promise<ExerciseProblem | undefined> {
  try {
    await run('bash', ['-n', file]);
    return undefined;
  } catch (err) {
    const stderr = String((err as { stderr?: string }).stderr ?? '');
    const line = /line (\d+):/.exec(stderr)?.[1];
    const message = stderr.split('\n').find(Boolean)?.replace(/^.*?line \d+: /, '') ?? 'bash -n failed';
    return { file: shown, line: line ? Number(line) : undefined, message: `shell syntax: ${message}` };
  }
}

export async function loadExercise(dir: string, root = path.dirname(dir)): Promise<{ exercise?: Exercise; problems: ExerciseProblem[] }> {
  const shown = (file: string) => path.relative(root, path.join(dir, file)) || file;
  const specFile = shown(SPEC_FILE);
  const text = await readFile(path.join(dir, SPEC_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return { problems: [{ file: specFile, message: `missing ${SPEC_FILE}` }] };

  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (doc.errors.length) {
    return { problems: doc.errors.map((e) => ({ file: specFile, line: e.linePos?.[0].line, message: `YAML: ${e.message.split('\n')[0]}` })) };
  }
  const value = doc.toJS();
  if (!checkSpec.Check(value)) {
    const problems = describeSchemaErrors([...checkSpec.Errors(value)] as SchemaError[])
      .map(({ segments, message }) => ({ file: specFile, line: lineOf(doc, counter, segments), message }));
    return { problems };
  }
  const spec = value as ExerciseSpec;
  const problems: ExerciseProblem[] = [];
  const at = (segments: (string | number)[], message: string) => problems.push({ file: specFile, line: lineOf(doc, counter, segments), message });

  if (spec.id !== path.basename(dir)) at(['id'], `id ${JSON.stringify(spec.id)} must match the folder name ${JSON.stringify(path.basename(dir))}`);
  const seen = new Set<string>();
  spec.tasks.forEach((task, i) => {
    if (seen.has(task.id)) at(['tasks', i, 'id'], `task id ${JSON.stringify(task.id)} is used twice`);
    seen.add(task.id);
  });

  const scripts: { file: string; where: (string | number)[] }[] = [
    ...(spec.setup ? [{ file: spec.setup, where: ['setup'] }] : []),
    { file: spec.solution, where: ['solution'] },
    ...spec.wrong.map((w, i) => ({ file: w.script, where: ['wrong', i, 'script'] })),
    ...spec.tasks.map((t, i) => ({ file: checkPath(t), where: t.check ? ['tasks', i, 'check'] : ['tasks', i, 'id'] })),
  ];
  const sources = new Map<string, string>();
  for (const { file, where } of scripts) {
    const full = path.join(dir, file);
    if (!full.startsWith(dir + path.sep)) {
      at(where, `${file} is outside the exercise folder`);
      continue;
    }
    if (!(await access(full).then(() => true, () => false))) {
      at(where, `${file} does not exist`);
      continue;
    }
    const syntax = await bashSyntax(full, shown(file));
    if (syntax) problems.push(syntax);
    sources.set(file, await readFile(full, 'utf8'));
  }
  if (problems.length) return { problems };

  return {
    problems,
    exercise: {
      id: spec.id,
      dir,
      spec,
      setup: spec.setup ? sources.get(spec.setup) : undefined,
      solution: sources.get(spec.solution)!,
      wrong: spec.wrong.map((w) => ({ ...w, source: sources.get(w.script)! })),
      checks: new Map(spec.tasks.map((t) => [t.id, sources.get(checkPath(t))!])),
    },
  };
}

/** Loads every exercise under `root` (or only `ids`); problems of all of them together. */
export async function loadExercises(root: string, ids?: string[]): Promise<{ exercises: Exercise[]; problems: ExerciseProblem[] }> {
  const folders = ids?.length
    ? ids
    : (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const exercises: Exercise[] = [];
  const problems: ExerciseProblem[] = [];
  for (const folder of folders) {
    const result = await loadExercise(path.join(root, folder), root);
    problems.push(...result.problems);
    if (result.exercise) exercises.push(result.exercise);
  }
  return { exercises, problems };
}
