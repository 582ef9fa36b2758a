// The exercise API from a learner's side: what an exercise shows (and hides),
// setup once per sandbox, grading, and progress that outlives a restart.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../engine/config.ts';
import type { RunningServer } from '../../server/main.ts';
import { Learner, testServer } from './harness.ts';

let dataDir: string;
let env: Record<string, string>;
let server: RunningServer;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'dockyard-progress-'));
  env = { DOCKYARD_EXERCISES_DIR: path.join(projectRoot, 'test', 'fixtures', 'exercises'), DOCKYARD_DATABASE: path.join(dataDir, 'progress.sqlite') };
  server = await testServer('exercises', env);
});

afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function typeAndWait(learner: Learner, sessionId: string, command: string): Promise<void> {
  const term = await learner.terminal(sessionId, 'main');
  // A mark of its own: a reattach to 'main' may repaint an earlier command's output first.
  const mark = `fin${Math.random().toString(36).slice(2, 8)}`;
  term.type(`${command}; echo ${mark}-$((20+1))\n`);
  await term.waitFor(new RegExp(`${mark}-21\r\n`));
  term.close();
}

describe('exercise API', () => {
  it('shows titles, tasks and hints in the asked language, and never checks or solutions', async () => {
    const response = await fetch(`${server.url}/api/exercises/greeting?locale=ko`);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      id: 'greeting',
      title: '쪽지에 답하기',
      summary: 'Read the note setup left for you and answer it.',
      hasSetup: true,
      tasks: [
        { id: 'note-read', title: 'Copy the note to /root/seen.txt', hints: ['The note is /root/note.txt.'] },
        { id: 'answered', title: '/root/answer.txt에 "hello"를 쓰세요', hints: [] },
      ],
    });
    expect(text).not.toMatch(/cmp -s|solution|answer\.txt 2>/);
    expect((await fetch(`${server.url}/api/exercises/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/exercises`)).status).toBe(200);
  });

  it('runs setup once per sandbox, grades, records progress, and keeps it across a restart', async () => {
    const learner = new Learner(server.url);
    const { id } = await learner.session();
    expect((await learner.json('POST', `/api/sessions/${id}/exercises/greeting/open`)).body).toEqual({ setup: 'ran' });
    expect((await learner.json('POST', `/api/sessions/${id}/exercises/greeting/open`)).body).toEqual({ setup: 'already' });

    const before = await learner.json('POST', `/api/sessions/${id}/exercises/greeting/check`);
    expect(before.body).toEqual({ passed: false, tasks: [
      { id: 'note-read', passed: false, message: 'seen.txt is not a copy of the note' },
      { id: 'answered', passed: false, message: 'No answer yet.' },
    ] });

    await typeAndWait(learner, id, 'cp note.txt seen.txt');
    const half = await learner.json<{ passed: boolean }>('POST', `/api/sessions/${id}/exercises/greeting/check`);
    expect(half.body.passed).toBe(false);
    await typeAndWait(learner, id, 'echo hello > answer.txt');
    const after = await learner.json('POST', `/api/sessions/${id}/exercises/greeting/check?locale=ko`);
    expect(after.body).toEqual({ passed: true, tasks: [
      { id: 'note-read', passed: true, message: '완료했습니다.' },
      { id: 'answered', passed: true, message: '답했습니다.' },
    ] });

    const progress = await learner.json<{ exercises: Record<string, { completed: boolean; tasks: Record<string, { passed: boolean }> }> }>('GET', '/api/progress');
    expect(progress.body.exercises.greeting).toMatchObject({ completed: true, tasks: { 'note-read': { passed: true }, answered: { passed: true } } });

    await server.stop();
    server = await testServer('exercises', env);
    const again = new Learner(server.url);
    again.cookie = learner.cookie;
    expect((await again.json('GET', '/api/progress')).body).toEqual(progress.body);
    await again.request('DELETE', `/api/sessions/${id}`);
  });

  it("refuses to open or grade another learner's session", async () => {
    const owner = new Learner(server.url);
    const { id } = await owner.session();
    const stranger = new Learner(server.url);
    await stranger.session();
    expect((await stranger.request('POST', `/api/sessions/${id}/exercises/greeting/open`)).status).toBe(403);
    expect((await stranger.request('POST', `/api/sessions/${id}/exercises/greeting/check`)).status).toBe(403);
    expect((await stranger.json('GET', '/api/progress')).body).toEqual({ exercises: {} });
    await owner.request('DELETE', `/api/sessions/${id}`);
  });
});
