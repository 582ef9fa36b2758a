// Every kind of mistake in an exercise folder is reported with its file and
// line, one clear message per mistake, and never stops the other exercises
// from loading. (test/exercises/loader.test.ts covers unknown and missing
// fields, bad values, YAML syntax, id and task id clashes, missing scripts,
// shell syntax errors and `..` paths.)
import { cp, mkdir, mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../engine/config.ts';
import { formatProblem, loadExercises } from '../../server/exercises/loader.ts';

const fixture = path.join(projectRoot, 'test', 'fixtures', 'exercises', 'greeting');
const base = readFileSync(path.join(fixture, 'exercise.yaml'), 'utf8');
let root: string;

/** Loads a broken copy of the fixture beside an intact one; returns the problems and what loaded. */
async function load(breakIt: (dir: string) => Promise<void>): Promise<{ problems: string[]; loaded: string[] }> {
  root = await mkdtemp(path.join(tmpdir(), 'dockyard-bad-specs-'));
  await cp(fixture, path.join(root, 'greeting'), { recursive: true });
  await cp(fixture, path.join(root, 'intact'), { recursive: true });
  await writeFile(path.join(root, 'intact', 'exercise.yaml'), base.replace('id: greeting', 'id: intact'));
  await breakIt(path.join(root, 'greeting'));
  const { exercises, problems } = await loadExercises(root);
  return { problems: problems.map(formatProblem), loaded: exercises.map((e) => e.id) };
}

const withSpec = (text: string | Buffer) => (dir: string) => writeFile(path.join(dir, 'exercise.yaml'), text);

afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('an exercise spec with mistakes', () => {
  it.each([
    ['a wrong type for a localized text', base.replace(/title:\n {2}en: Answer the note\n {2}ko: .*\n/, 'title: 42\n'),
      ['greeting/exercise.yaml:2: /title: does not fit: Text shown to learners: a string (English), or { en, ko }.']],
    ['a locale that does not exist', base.replace(/ {2}ko: 쪽지에 답하기/, '  fr: Répondre'), ['greeting/exercise.yaml:4: /title: unknown field "fr"']],
    ['a localized text without English', base.replace('  en: Answer the note\n', ''), ['greeting/exercise.yaml:3: /title: missing field "en"']],
    ['no tasks', base.replace(/tasks:[\s\S]*$/, 'tasks: []\n'), ['greeting/exercise.yaml:11: /tasks: must not have fewer than 1 items']],
    ['no wrong solutions', base.replace(/wrong:\n.*\n.*\n/, 'wrong: []\n'), ['greeting/exercise.yaml:8: /wrong: must not have fewer than 1 items']],
    ['a time-out out of range', `${base}timeoutSeconds: 0\n`, ['greeting/exercise.yaml:23: /timeoutSeconds: must be >= 1']],
    ['a time-out that is not a number', `${base}timeoutSeconds: ten\n`, ['greeting/exercise.yaml:23: /timeoutSeconds: must be integer']],
    ['a script name with a space', base.replace('solution: solution.sh', 'solution: "my solution.sh"'), [expect.stringMatching(/^greeting\/exercise\.yaml:7: \/solution: must match pattern/)]],
    ['a field written twice', `${base}id: greeting\n`, [expect.stringMatching(/^greeting\/exercise\.yaml:23: YAML: Map keys must be unique/)]],
    ['a second YAML document', `${base}---\nid: other\n`, [expect.stringMatching(/^greeting\/exercise\.yaml:23: YAML: Source contains multiple documents/)]],
    ['a list instead of a map', '- id: greeting\n', ['greeting/exercise.yaml:1: /: the spec must be a YAML map of fields (id: …, title: …, tasks: …)']],
    ['an empty file', '', ['greeting/exercise.yaml: /: the spec must be a YAML map of fields (id: …, title: …, tasks: …)']],
    ['several mistakes at once', base.replace('id: greeting', 'id: Greeting!').replace(/summary: .*/, 'summary: ""').replace(/ {4}mistake: .*\n/, ''), [
      expect.stringMatching(/^greeting\/exercise\.yaml:1: \/id: must match pattern/),
      'greeting/exercise.yaml:5: /summary: must not have fewer than 1 characters',
      'greeting/exercise.yaml:9: /wrong/0: missing field "mistake"',
    ]],
  ])('reports %s at its line', async (_what, spec, expected) => {
    const { problems, loaded } = await load(withSpec(spec));
    expect(problems).toEqual(expected);
    expect(loaded).toEqual(['intact']);
  });

  it('reports a file that is not UTF-8 at the line of the first bad byte', async () => {
    const latin1 = Buffer.concat([Buffer.from(base.replace(/summary: .*\n[\s\S]*$/, 'summary: Caf')), Buffer.from([0xe9, 0x0a]), Buffer.from(base.replace(/^[\s\S]*?summary: .*\n/, ''))]);
    expect(await load(withSpec(latin1))).toEqual({ problems: ['greeting/exercise.yaml:5: not UTF-8 text: save the file as UTF-8'], loaded: ['intact'] });
  });

  it('refuses a file of exploding aliases instead of expanding it', async () => {
    const levels = ['x: &l0 [1, 1, 1, 1, 1, 1, 1, 1, 1]'];
    for (let i = 1; i < 8; i++) levels.push(`x${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
    const { problems, loaded } = await load(withSpec(`${base}${levels.join('\n')}\n`));
    expect(problems).toEqual([expect.stringMatching(/^greeting\/exercise\.yaml: YAML: .*alias/i)]);
    expect(loaded).toEqual(['intact']);
  });

  it('accepts a byte-order mark', async () => {
    expect(await load(withSpec(`\ufeff${base}`))).toEqual({ problems: [], loaded: ['greeting', 'intact'] });
  });
});

describe('scripts an exercise names', () => {
  it('reports a check that is a directory instead of failing to load everything', async () => {
    const { problems, loaded } = await load(async (dir) => {
      await unlink(path.join(dir, 'checks', 'answered.sh'));
      await mkdir(path.join(dir, 'checks', 'answered.sh'));
    });
    expect(problems).toEqual(['greeting/exercise.yaml:16: checks/answered.sh is not a file']);
    expect(loaded).toEqual(['intact']);
  });

  it('refuses a script that is a symlink out of the exercise folder, and takes one within it', async () => {
    const outside = await load(async (dir) => {
      await unlink(path.join(dir, 'checks', 'answered.sh'));
      await symlink('/etc/passwd', path.join(dir, 'checks', 'answered.sh'));
    });
    expect(outside.problems).toEqual(['greeting/exercise.yaml:16: checks/answered.sh is a link to a file outside the exercise folder']);
    const within = await load(async (dir) => {
      await unlink(path.join(dir, 'wrong', 'no-answer.sh'));
      await symlink('../checks/note-read.sh', path.join(dir, 'wrong', 'no-answer.sh'));
    });
    expect(within).toEqual({ problems: [], loaded: ['greeting', 'intact'] });
  });

  it('reports a missing spec file by name', async () => {
    expect(await load((dir) => unlink(path.join(dir, 'exercise.yaml')))).toEqual({ problems: ['greeting/exercise.yaml: missing exercise.yaml'], loaded: ['intact'] });
  });
});
