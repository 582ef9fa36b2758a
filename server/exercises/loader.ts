// Reads exercises/<id>/ folders into validated exercises. Every problem names
// the file and, where there is one, the line, so an instructor can go
// straight to it.
import { execFile } from 'node:child_process';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
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
  /** Other correct solutions: each must pass every check. */
  right: { script: string; way: string; source: string }[];
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
  schemaPath: string;
  keyword: string;
  message: string;
  params: Record<string, unknown>;
}

function schemaDescription(pointer: string): string | undefined {
  let node: unknown = ExerciseSpec;
  for (const key of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) node = (node as Record<string, unknown> | undefined)?.[key];
  return (node as { description?: string } | undefined)?.description;
}

/**
 * A value that fits no alternative of a union (a localized text) gets an
 * error per alternative. Where it has the shape of one alternative, only that
 * one's errors say something (a missing "en"); where it has the shape of
 * none, one message naming the allowed forms does.
 */
function collapseUnions(errors: SchemaError[]): SchemaError[] {
  const dropped = new Set<SchemaError>();
  const replaced = new Map<SchemaError, SchemaError>();
  for (const union of errors.filter((e) => e.keyword === 'anyOf')) {
    const inside = errors.filter((e) => e.schemaPath.startsWith(`${union.schemaPath}/anyOf/`));
    const specific = inside.filter((e) => e.keyword !== 'type' && e.keyword !== 'additionalProperties');
    for (const error of inside) if (error.keyword === 'type') dropped.add(error);
    if (specific.length) dropped.add(union);
    else replaced.set(union, { ...union, message: `does not fit: ${schemaDescription(union.schemaPath) ?? 'none of the allowed forms matches'}` });
  }
  return errors.filter((e) => !dropped.has(e)).map((e) => replaced.get(e) ?? e);
}

const names = (value: unknown) => [value].flat().map((name) => JSON.stringify(name)).join(', ');

/**
 * One message per mistake, placed where it is: an unknown field is reported
 * at the field itself (the validator's "schema is false" error), so its
 * parent-level twin (additionalProperties) is dropped.
 */
function describeSchemaErrors(errors: SchemaError[]): { segments: (string | number)[]; message: string }[] {
  return collapseUnions(errors).filter((e) => e.keyword !== 'additionalProperties').map((error) => {
    const segments = error.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const parent = `/${segments.slice(0, -1).join('/')}`;
    if (error.keyword === 'boolean') return { segments, message: `${parent}: unknown field ${names(segments.at(-1))}` };
    if (error.keyword === 'required') return { segments, message: `${error.instancePath || '/'}: missing field ${names(error.params.requiredProperties)}` };
    if (!segments.length && error.keyword === 'type') return { segments, message: '/: the spec must be a YAML map of fields (id: …, title: …, tasks: …)' };
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
  const raw = await readFile(path.join(dir, SPEC_FILE)).catch(() => undefined);
  if (raw === undefined) return { problems: [{ file: specFile, message: `missing ${SPEC_FILE}` }] };
  const text = raw.toString('utf8');
  if (!isUtf8(raw)) {
    // Decoding replaced the first invalid byte with U+FFFD: its line is where to look.
    const line = text.slice(0, text.indexOf('\uFFFD')).split('\n').length;
    return { problems: [{ file: specFile, line, message: 'not UTF-8 text: save the file as UTF-8' }] };
  }

  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (doc.errors.length) {
    return { problems: doc.errors.map((e) => ({ file: specFile, line: e.linePos?.[0].line, message: `YAML: ${e.message.split('\n')[0]}` })) };
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (err) {
    // The parser refuses alias expansions that would explode (a "billion laughs" file).
    return { problems: [{ file: specFile, message: `YAML: ${(err as Error).message}` }] };
  }
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
    ...(spec.right ?? []).map((r, i) => ({ file: r.script, where: ['right', i, 'script'] })),
    ...spec.wrong.map((w, i) => ({ file: w.script, where: ['wrong', i, 'script'] })),
    ...spec.tasks.map((t, i) => ({ file: checkPath(t), where: t.check ? ['tasks', i, 'check'] : ['tasks', i, 'id'] })),
  ];
  const sources = new Map<string, string>();
  const realDir = await realpath(dir);
  for (const { file, where } of scripts) {
    const full = path.join(dir, file);
    if (!full.startsWith(dir + path.sep)) {
      at(where, `${file} is outside the exercise folder`);
      continue;
    }
    const info = await stat(full).catch(() => undefined);
    if (!info) {
      at(where, `${file} does not exist`);
      continue;
    }
    if (!info.isFile()) {
      at(where, `${file} is not a file`);
      continue;
    }
    // A symlink may point anywhere; what it points to must be part of the exercise too.
    if (!(await realpath(full)).startsWith(realDir + path.sep)) {
      at(where, `${file} is a link to a file outside the exercise folder`);
      continue;
    }
    const syntax = await bashSyntax(full, shown(file));
    if (syntax) problems.push(syntax);
    sources.set(file, await readFile(full, 'utf8'));
  }
  // A script in right/ or wrong/ that the spec does not list would never be proven.
  const listed = new Set(scripts.map((s) => path.normalize(s.file)));
  for (const [folder, field] of [['right', 'right'], ['wrong', 'wrong']] as const) {
    const entries = await readdir(path.join(dir, folder)).catch(() => [] as string[]);
    for (const name of entries.filter((e) => e.endsWith('.sh')).sort()) {
      const file = `${folder}/${name}`;
      if (!listed.has(file)) problems.push({ file: shown(file), message: `not listed in ${SPEC_FILE}: add it under ${field}: so it is proven, or delete it` });
    }
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
      right: (spec.right ?? []).map((r) => ({ ...r, source: sources.get(r.script)! })),
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
