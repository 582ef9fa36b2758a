// Terminal recordings against a real server and sandboxes: a learner's
// terminals are recorded from when they join a class (terminals already open
// included), checks they run are marked, the instructor of the class alone
// can list and fetch the recordings (also after the class closes), and
// deleting the class removes them. A learner in no class is never recorded.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Signer } from '@fastify/cookie';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { instructorCookieValue } from '../../server/plugins/instructor-auth.ts';
import type { RunningServer } from '../../server/main.ts';
import { Learner, testServer } from './harness.ts';
import { TEST_SECRET } from './clients.ts';

const TOKEN = 'instructor-token-instructor-token-recordings';
const AS_INSTRUCTOR = { authorization: `Bearer ${TOKEN}` };
const OTHER_INSTRUCTOR = { cookie: `dockyard_instructor=${encodeURIComponent(new Signer(TEST_SECRET).sign(instructorCookieValue('oidc:https://id.example#someone-else', undefined)))}` };
const JSON_BODY = { 'content-type': 'application/json' };

let server: RunningServer;
let recordingsDir: string;

beforeAll(async () => {
  recordingsDir = mkdtempSync(path.join(tmpdir(), 'dockyard-class-recordings-'));
  server = await testServer('recordings', {
    DOCKYARD_INSTRUCTOR_TOKEN: TOKEN,
    DOCKYARD_POOL_SIZE: '2',
    DOCKYARD_RECORDINGS_DIR: recordingsDir,
    // On, so that a second instructor exists; never asked.
    DOCKYARD_OIDC_ISSUER: 'http://127.0.0.1:9/',
    DOCKYARD_OIDC_CLIENT_ID: 'unused',
  });
});

afterAll(async () => {
  await server?.stop();
  rmSync(recordingsDir, { recursive: true, force: true });
});

async function call<T = Record<string, unknown>>(method: string, url: string, body?: unknown, headers: Record<string, string> = AS_INSTRUCTOR) {
  const response = await fetch(`${server.url}${url}`, { method, headers: { ...headers, ...(body === undefined ? {} : JSON_BODY) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T };
}

interface RecordingInfo { id: string; terminal: string; startedAt: string; updatedAt: string; bytes: number }
type CastEvent = [number, 'o' | 'r' | 'm', string];

function parseCast(text: string): { header: Record<string, unknown>; events: CastEvent[] } {
  const [header, ...events] = text.trim().split('\n').map((line) => JSON.parse(line) as unknown);
  return { header: header as Record<string, unknown>, events: events as CastEvent[] };
}

it('records a class learner\'s terminals with their checks marked, for the class\'s instructor only, until the class is deleted', async () => {
  const { body: klass } = await call<{ id: string; code: string }>('POST', '/api/classes', { name: 'Recorded', lessons: ['containers-and-vms'] });
  const ada = new Learner(server.url);
  const session = await ada.session();
  // A terminal open before Ada joins is recorded from the moment she does.
  const main = await ada.terminal(session.id, 'main');
  main.type('echo before-$((1+1))\n');
  await main.waitFor(/before-2\r\n/);
  expect((await ada.request('POST', '/api/classes/join', JSON.stringify({ code: klass.code, name: 'Ada' }), JSON_BODY)).status).toBe(200);
  await main.waitFor(/Your class records this terminal/);
  main.type('echo recorded-$((40+2))\n');
  await main.waitFor(/recorded-42\r\n/);
  main.control({ type: 'resize', cols: 100, rows: 30 });
  const check = await ada.json<{ passed: boolean }>('POST', `/api/sessions/${session.id}/exercises/first-look/check`);
  expect(check.body.passed).toBe(false);
  // A terminal opened after joining is recorded from its start.
  const second = await ada.terminal(session.id, 'second');
  second.type('echo second-$((3*3))\n');
  await second.waitFor(/second-9\r\n/);
  main.type('exit\n');
  second.type('exit\n');
  await main.closed();
  await second.closed();

  // Bob is in no class: nothing of his is recorded.
  const bob = new Learner(server.url);
  const bobTerminal = await bob.terminal((await bob.session()).id, 'main');
  bobTerminal.type('echo unrecorded\n');
  await bobTerminal.waitFor(/unrecorded\r\n/);
  bobTerminal.close();

  const roster = await call<{ learners: { member: string }[] }>('GET', `/api/classes/${klass.id}/roster`);
  const { member } = roster.body.learners[0];
  const list = () => call<{ recordings: RecordingInfo[] }>('GET', `/api/classes/${klass.id}/learners/${member}/recordings`);
  await expect.poll(async () => (await list()).body.recordings.map((r) => r.terminal).sort()).toEqual(['main', 'second']);
  const recordings = (await list()).body.recordings;
  // Bob, in no class, left nothing.
  expect(readdirSync(recordingsDir)).toEqual([klass.id]);
  expect(readdirSync(path.join(recordingsDir, klass.id))).toEqual([member]);

  const mainRecording = recordings.find((r) => r.terminal === 'main')!;
  const fetched = await call<string>('GET', `/api/classes/${klass.id}/learners/${member}/recordings/${mainRecording.id}`);
  expect(fetched.status).toBe(200);
  expect(fetched.type).toBe('application/x-asciicast');
  const { header, events } = parseCast(fetched.body);
  expect(header).toMatchObject({ version: 2, width: expect.any(Number), height: expect.any(Number) });
  const output = events.filter(([, type]) => type === 'o').map(([, , data]) => data).join('');
  expect(output).toContain('recorded-42');
  expect(output).not.toContain('before-2');
  expect(events).toContainEqual([expect.any(Number), 'r', '100x30']);
  const marker = events.find(([, type]) => type === 'm');
  expect(marker?.[2]).toMatch(/^✗ first-look: \d\/3, /);
  // Times only go forward, and the check's marker sits after the command it followed.
  expect(events.map(([time]) => time)).toEqual(events.map(([time]) => time).sort((a, b) => a - b));
  const recordedAt = events.find(([, type, data]) => type === 'o' && data.includes('recorded-42'))![0];
  expect(marker![0]).toBeGreaterThanOrEqual(recordedAt);
  const secondCast = await call<string>('GET', `/api/classes/${klass.id}/learners/${member}/recordings/${recordings.find((r) => r.terminal === 'second')!.id}`);
  expect(parseCast(secondCast.body).events.map(([, , data]) => data).join('')).toContain('second-9');

  // Another instructor, a learner, an unknown learner, a bad or missing id: refused, each with its reason.
  expect((await call('GET', `/api/classes/${klass.id}/learners/${member}/recordings`, undefined, OTHER_INSTRUCTOR)).status).toBe(403);
  expect((await ada.request('GET', `/api/classes/${klass.id}/learners/${member}/recordings`)).status).toBe(401);
  expect((await call('GET', `/api/classes/${klass.id}/learners/0000000000000000/recordings`)).status).toBe(404);
  const badId = await call<{ message: string }>('GET', `/api/classes/${klass.id}/learners/${member}/recordings/..%2F..%2Fetc`);
  expect(badId.status).toBe(400);
  expect(badId.body.message).toMatch(/params\/recording/);
  expect((await call('GET', `/api/classes/${klass.id}/learners/${member}/recordings/1700000000000-main`)).status).toBe(404);

  // Closing the class ends a recording under way; coming back to the closed class (a new name) starts none.
  const third = await ada.terminal(session.id, 'third');
  third.type('echo third-$((5+5))\n');
  await third.waitFor(/third-10\r\n/);
  expect((await call('POST', `/api/classes/${klass.id}/close`)).status).toBe(200);
  third.type('echo after-close-$((6+6))\n');
  await third.waitFor(/after-close-12\r\n/);
  expect((await ada.request('POST', '/api/classes/join', JSON.stringify({ code: klass.code, name: 'Ada L.' }), JSON_BODY)).status).toBe(200);
  third.type('echo rejoined-$((7+7))\n');
  await third.waitFor(/rejoined-14\r\n/);
  third.close();
  const afterClose = (await list()).body.recordings;
  expect(afterClose.map((r) => r.terminal).sort()).toEqual(['main', 'second', 'third']);
  const thirdCast = await call<string>('GET', `/api/classes/${klass.id}/learners/${member}/recordings/${afterClose.find((r) => r.terminal === 'third')!.id}`);
  const thirdOutput = parseCast(thirdCast.body).events.map(([, , data]) => data).join('');
  expect(thirdOutput).toContain('third-10');
  expect(thirdOutput).not.toContain('after-close-12');
  expect(thirdOutput).not.toContain('rejoined-14');

  // A deleted class takes its recordings with it.
  expect((await call('DELETE', `/api/classes/${klass.id}`)).status).toBe(204);
  await expect.poll(() => readdirSync(recordingsDir)).toEqual([]);
});

it('costs the learner nothing when a recording cannot be made: their join and terminal go on', async () => {
  // A file where the recordings directory should be: no recording can be started.
  const blocked = path.join(recordingsDir, 'not-a-directory');
  writeFileSync(blocked, '');
  const broken = await testServer('recordings-blocked', { DOCKYARD_INSTRUCTOR_TOKEN: TOKEN, DOCKYARD_RECORDINGS_DIR: blocked });
  try {
    const created = await fetch(`${broken.url}/api/classes`, { method: 'POST', headers: { ...AS_INSTRUCTOR, ...JSON_BODY }, body: JSON.stringify({ name: 'Blocked' }) });
    const { code } = await created.json() as { code: string };
    const lin = new Learner(broken.url);
    const session = await lin.session();
    const open = await lin.terminal(session.id, 'main');
    open.type('echo open-$((8+8))\n');
    await open.waitFor(/open-16\r\n/);
    expect((await lin.request('POST', '/api/classes/join', JSON.stringify({ code, name: 'Lin' }), JSON_BODY)).status).toBe(200);
    open.type('echo still-$((1+1))\n');
    const seenOpen = await open.waitFor(/still-2\r\n/);
    const later = await lin.terminal(session.id, 'later');
    later.type('echo later-$((9+9))\n');
    const seenLater = await later.waitFor(/later-18\r\n/);
    expect(seenOpen + seenLater).not.toMatch(/Your class records this terminal/);
    open.close();
    later.close();
  } finally {
    await broken.stop();
  }
});
