// Grading in a real sandbox, and the prover catching exercises that are
// broken in the ways that hurt learners most.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../engine/config.ts';
import type { SandboxEngine } from '../../engine/index.ts';
import { gradeExercise } from '../../server/exercises/grader.ts';
import { loadExercise, type Exercise } from '../../server/exercises/loader.ts';
import { proveExercise } from '../../server/exercises/prover.ts';
import { sh, testEngine } from '../engine/harness.ts';

const fixture = path.join(projectRoot, 'test', 'fixtures', 'exercises', 'greeting');
const folders: string[] = [];
let engine: SandboxEngine;

/** The greeting fixture with some files replaced. */
async function variant(files: Record<string, string>): Promise<Exercise> {
  const root = await mkdtemp(path.join(tmpdir(), 'dockyard-grader-'));
  folders.push(root);
  await cp(fixture, path.join(root, 'greeting'), { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(path.join(root, 'greeting', file), content);
  const { exercise, problems } = await loadExercise(path.join(root, 'greeting'));
  expect(problems).toEqual([]);
  return exercise!;
}

beforeAll(async () => {
  ({ engine } = await testEngine());
});

afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('grader', () => {
  let id: string;
  beforeAll(async () => {
    id = (await engine.create()).id;
  });
  afterAll(async () => {
    await engine.destroy(id);
  });

  it('passes on exit 0, shows what a check prints, and falls back to the success text in the learner language', async () => {
    const exercise = await variant({});
    await sh(engine, id, 'echo "say hello" > /root/note.txt');
    const before = await gradeExercise(engine, id, exercise, 'ko');
    expect(before).toEqual({ passed: false, tasks: [
      { id: 'note-read', passed: false, message: 'seen.txt가 쪽지의 복사본이 아닙니다' },
      { id: 'answered', passed: false, message: '아직 답이 없습니다.' },
    ] });
    await sh(engine, id, 'cp /root/note.txt /root/seen.txt; echo hello > /root/answer.txt');
    expect(await gradeExercise(engine, id, exercise, 'en')).toEqual({ passed: true, tasks: [
      { id: 'note-read', passed: true, message: 'Done.' },
      { id: 'answered', passed: true, message: 'Answered.' },
    ] });
  });

  it('stops a check at the time-out and caps what it prints', async () => {
    const exercise = await variant({
      'exercise.yaml': `${(await import('node:fs')).readFileSync(path.join(fixture, 'exercise.yaml'), 'utf8')}timeoutSeconds: 2\n`,
      'checks/note-read.sh': 'sleep 30\n',
      'checks/answered.sh': 'yes "too much" | head -c 1000000; exit 1\n',
    });
    const started = Date.now();
    const result = await gradeExercise(engine, id, exercise);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.tasks[0]).toEqual({ id: 'note-read', passed: false, message: 'The check took too long and was stopped.', timedOut: true });
    expect(result.tasks[1].passed).toBe(false);
    expect(result.tasks[1].message.length).toBeLessThanOrEqual(4100);
    expect(result.tasks[1].message.endsWith('…')).toBe(true);
  });

  it('is not fooled by a learner who replaced /usr/bin/docker or changed PATH', async () => {
    const exercise = await variant({
      'checks/note-read.sh': 'running=$(docker inspect --format "{{.State.Running}}" web 2>/dev/null) && [ "$running" = true ] || { say "web is not running"; exit 1; }\n',
      'checks/answered.sh': 'command -v docker\n',
    });
    await sh(engine, id, `
      mkdir -p /root/bin && printf '#!/bin/sh\\necho true\\n' > /root/bin/docker && chmod +x /root/bin/docker
      printf '#!/bin/sh\\necho true\\n' > /usr/bin/docker
      echo 'export PATH=/root/bin:$PATH' >> /root/.bashrc; echo 'export PATH=/root/bin:$PATH' >> /etc/profile`);
    const fooled = await sh(engine, id, 'source /root/.bashrc; docker inspect --format "{{.State.Running}}" web');
    expect(fooled.stdout.trim()).toBe('true');
    const result = await gradeExercise(engine, id, exercise);
    expect(result.tasks).toEqual([
      { id: 'note-read', passed: false, message: 'web is not running' },
      { id: 'answered', passed: true, message: '/opt/dockyard/tools/bin/docker' },
    ]);
  });
});

describe('prover', () => {
  it('proves a sound exercise', async () => {
    const proof = await proveExercise(engine, await variant({}));
    expect(proof).toMatchObject({ id: 'greeting', ok: true, failures: [] });
  });

  it('catches a check that passes when nothing was done, and a wrong solution that passes', async () => {
    const proof = await proveExercise(engine, await variant({ 'checks/answered.sh': 'exit 0\n' }));
    expect(proof.ok).toBe(false);
    expect(proof.failures).toEqual(expect.arrayContaining([
      { step: 'before the solution', message: 'check of task "answered" passes when nothing was done' },
      { step: 'wrong/no-answer.sh', message: 'passes every check, but it is a mistake: reads the note but writes no answer' },
    ]));
  });

  it('proves right solutions, and catches one that a check refuses', async () => {
    const spec = (await import('node:fs')).readFileSync(path.join(fixture, 'exercise.yaml'), 'utf8')
      .replace('solution: solution.sh\n', 'solution: solution.sh\nright:\n  - script: right/cat.sh\n    way: copies with cat\n  - script: right/tee.sh\n    way: answers with tee\n');
    const root = await mkdtemp(path.join(tmpdir(), 'dockyard-grader-'));
    folders.push(root);
    await cp(fixture, path.join(root, 'greeting'), { recursive: true });
    await (await import('node:fs/promises')).mkdir(path.join(root, 'greeting', 'right'));
    await writeFile(path.join(root, 'greeting', 'exercise.yaml'), spec);
    await writeFile(path.join(root, 'greeting', 'right', 'cat.sh'), 'cat /root/note.txt > /root/seen.txt\necho hello > /root/answer.txt\n');
    // Right, but the answer has no newline: a check comparing bytes would refuse it.
    await writeFile(path.join(root, 'greeting', 'right', 'tee.sh'), 'cp /root/note.txt /root/seen.txt\nprintf hello | tee /root/answer.txt\n');
    const strict = 'cmp -s /root/answer.txt <(echo hello) || { echo "No answer yet."; exit 1; }\n';
    const load = async () => (await loadExercise(path.join(root, 'greeting'))).exercise!;
    expect(await proveExercise(engine, await load())).toMatchObject({ ok: true, failures: [] });
    await writeFile(path.join(root, 'greeting', 'checks', 'answered.sh'), strict);
    const proof = await proveExercise(engine, await load());
    expect(proof.failures).toEqual([{ step: 'right/tee.sh', message: 'check of task "answered" fails, but this is a right way (answers with tee): No answer yet.' }]);
  });

  it('catches a reference solution that does not solve the exercise', async () => {
    const proof = await proveExercise(engine, await variant({ 'solution.sh': 'cp /root/note.txt /root/seen.txt\necho helo > /root/answer.txt\n' }));
    expect(proof.ok).toBe(false);
    expect(proof.failures).toEqual([{ step: 'after the solution', message: 'check of task "answered" fails: No answer yet.' }]);
  });
});
