// Loading instructor files: valid exercises load; every mistake is reported
// with the file and line where it is.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../engine/config.ts';
import { formatProblem, loadExercises } from '../../server/exercises/loader.ts';
import { scaffoldFiles } from '../../server/exercises/scaffold.ts';
import { ExerciseSpec } from '../../server/exercises/spec.ts';

const fixture = path.join(projectRoot, 'test', 'fixtures', 'exercises', 'greeting');
let root: string;

async function exerciseWith(files: Record<string, string>): Promise<string[]> {
  root = await mkdtemp(path.join(tmpdir(), 'dockyard-exercises-'));
  await cp(fixture, path.join(root, 'greeting'), { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(path.join(root, 'greeting', file), content);
  const { problems } = await loadExercises(root);
  return problems.map(formatProblem);
}

afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const base = (await import('node:fs')).readFileSync(path.join(fixture, 'exercise.yaml'), 'utf8');

describe('loading exercises', () => {
  it('loads a valid exercise with its scripts and localized text', async () => {
    const { exercises, problems } = await loadExercises(path.dirname(fixture));
    expect(problems).toEqual([]);
    const [greeting] = exercises;
    expect(greeting.spec.tasks.map((t) => t.id)).toEqual(['note-read', 'answered']);
    expect(greeting.setup).toContain('say hello');
    expect(greeting.checks.get('answered')).toContain('answer.txt');
    expect(greeting.wrong).toHaveLength(1);
  });

  it('reports an unknown field and a missing one at their lines', async () => {
    const broken = base.replace('summary: Read', 'sumary: Read').replace('  - id: answered\n', '  - id: answered\n    colour: blue\n');
    expect(await exerciseWith({ 'exercise.yaml': broken })).toEqual([
      'greeting/exercise.yaml:1: /: missing field "summary"',
      'greeting/exercise.yaml:5: /: unknown field "sumary"',
      'greeting/exercise.yaml:17: /tasks/1: unknown field "colour"',
    ]);
  });

  it('reports a wrong value with its path and line', async () => {
    const problems = await exerciseWith({ 'exercise.yaml': base.replace('  - id: note-read', '  - id: Note Read') });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^greeting\/exercise\.yaml:12: \/tasks\/0\/id: /);
  });

  it('reports YAML syntax errors with their line', async () => {
    const problems = await exerciseWith({ 'exercise.yaml': base.replace('summary: Read the note', 'summary: [Read the note') });
    expect(problems[0]).toMatch(/^greeting\/exercise\.yaml:\d+: YAML: /);
  });

  it('reports an id that does not match its folder, and duplicate task ids', async () => {
    const broken = base.replace('id: greeting', 'id: greetings').replace('  - id: answered', '  - id: note-read');
    expect(await exerciseWith({ 'exercise.yaml': broken })).toEqual([
      'greeting/exercise.yaml:1: id "greetings" must match the folder name "greeting"',
      'greeting/exercise.yaml:16: task id "note-read" is used twice',
    ]);
  });

  it('reports a missing script where the spec names it, and a shell syntax error at its line', async () => {
    expect(await exerciseWith({ 'exercise.yaml': base.replace('solution: solution.sh', 'solution: solve.sh') })).toEqual([
      'greeting/exercise.yaml:7: solve.sh does not exist',
    ]);
    expect(await exerciseWith({ 'checks/answered.sh': 'if true; then\n  echo ok\nfi fi\n' })).toEqual([
      "greeting/checks/answered.sh:3: shell syntax: syntax error near unexpected token `fi'",
    ]);
  });

  it('loads right solutions with their source, and reports a missing one where the spec names it', async () => {
    const withRight = base.replace('solution: solution.sh\n', 'solution: solution.sh\nright:\n  - script: right/cat.sh\n    way: copies with cat\n');
    root = await mkdtemp(path.join(tmpdir(), 'dockyard-exercises-'));
    await cp(fixture, path.join(root, 'greeting'), { recursive: true });
    await writeFile(path.join(root, 'greeting', 'exercise.yaml'), withRight);
    await (await import('node:fs/promises')).mkdir(path.join(root, 'greeting', 'right'));
    await writeFile(path.join(root, 'greeting', 'right', 'cat.sh'), 'cat /root/note.txt > /root/seen.txt\n');
    const { exercises, problems } = await loadExercises(root);
    expect(problems).toEqual([]);
    expect(exercises[0].right).toEqual([{ script: 'right/cat.sh', way: 'copies with cat', source: 'cat /root/note.txt > /root/seen.txt\n' }]);
    await rm(path.join(root, 'greeting', 'right', 'cat.sh'));
    expect((await loadExercises(root)).problems.map(formatProblem)).toEqual(['greeting/exercise.yaml:9: right/cat.sh does not exist']);
  });

  it('reports a right or wrong script the spec does not list, since it would never be proven', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'dockyard-exercises-'));
    await cp(fixture, path.join(root, 'greeting'), { recursive: true });
    await (await import('node:fs/promises')).mkdir(path.join(root, 'greeting', 'right'));
    await writeFile(path.join(root, 'greeting', 'right', 'forgotten.sh'), 'true\n');
    await writeFile(path.join(root, 'greeting', 'wrong', 'stray.sh'), 'true\n');
    expect((await loadExercises(root)).problems.map(formatProblem)).toEqual([
      'greeting/right/forgotten.sh: not listed in exercise.yaml: add it under right: so it is proven, or delete it',
      'greeting/wrong/stray.sh: not listed in exercise.yaml: add it under wrong: so it is proven, or delete it',
    ]);
  });

  it('refuses scripts outside the exercise folder', async () => {
    expect(await exerciseWith({ 'exercise.yaml': base.replace('setup: setup.sh', 'setup: ../../etc/x.sh') })).toEqual([
      'greeting/exercise.yaml:6: ../../etc/x.sh is outside the exercise folder',
    ]);
  });

  it('accepts what `exercises new` scaffolds', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'dockyard-exercises-'));
    for (const [file, content] of Object.entries(scaffoldFiles('my-first'))) {
      await (await import('node:fs/promises')).mkdir(path.dirname(path.join(root, 'my-first', file)), { recursive: true });
      await writeFile(path.join(root, 'my-first', file), content);
    }
    const { exercises, problems } = await loadExercises(root);
    expect(problems).toEqual([]);
    expect(exercises[0].id).toBe('my-first');
    expect(exercises[0].right.map((r) => r.script)).toEqual(['right/printf.sh', 'right/relative-tee.sh']);
  });

  it('publishes the JSON schema that matches the loader', async () => {
    const published = JSON.parse((await import('node:fs')).readFileSync(path.join(projectRoot, 'exercises', 'exercise.schema.json'), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(ExerciseSpec)));
  });
});
