// Classes against a real server and sandboxes: an instructor makes a class,
// learners join with its code, one passes a task in their sandbox, and the
// roster (JSON, live events, CSV) shows who did what; everything is scoped to
// the class's own instructor.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Signer } from '@fastify/cookie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDelivery } from '../../server/classes/webhook.ts';
import { instructorCookieValue } from '../../server/plugins/instructor-auth.ts';
import type { RunningServer } from '../../server/main.ts';
import { Learner, TerminalClient, testServer } from './harness.ts';
import { TEST_SECRET } from './clients.ts';

const TOKEN = 'instructor-token-instructor-token-0123456789';
const AS_INSTRUCTOR = { authorization: `Bearer ${TOKEN}` };
const OTHER_INSTRUCTOR = { cookie: `dockyard_instructor=${encodeURIComponent(new Signer(TEST_SECRET).sign(instructorCookieValue('oidc:https://id.example#someone-else', undefined)))}` };
const JSON_BODY = { 'content-type': 'application/json' };

const WEBHOOK_SECRET = 'webhook-secret-webhook-secret-classes-01';
let server: RunningServer;
let hooks: Server;
const hooked: { type: string; classId: string; data: Record<string, unknown>; signed: boolean }[] = [];

beforeAll(async () => {
  // The class's outside system: takes every event, and checks its signature.
  hooks = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    request.on('end', () => {
      const signed = request.headers['x-dockyard-signature'] === signDelivery(WEBHOOK_SECRET, String(request.headers['x-dockyard-timestamp']), body);
      hooked.push({ ...(JSON.parse(body) as { type: string; classId: string; data: Record<string, unknown> }), signed });
      response.end();
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  server = await testServer('classes', {
    DOCKYARD_INSTRUCTOR_TOKEN: TOKEN,
    DOCKYARD_POOL_SIZE: '2',
    DOCKYARD_CLASS_WEBHOOK_URL: `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/events`,
    DOCKYARD_CLASS_WEBHOOK_SECRET: WEBHOOK_SECRET,
    // On, so that a second instructor (an identity provider's account, as its sign-in would make them) exists;
    // never asked: their cookie is made here, signed like the server signs it.
    DOCKYARD_OIDC_ISSUER: 'http://127.0.0.1:9/',
    DOCKYARD_OIDC_CLIENT_ID: 'unused',
  });
});

afterAll(async () => {
  await server?.stop();
  hooks?.close();
});

async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = AS_INSTRUCTOR): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : JSON_BODY) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T };
}

async function join(learner: Learner, code: string, name: string) {
  const response = await learner.request('POST', '/api/classes/join', JSON.stringify({ code, name }), JSON_BODY);
  return { status: response.status, body: await response.json() as Record<string, string> };
}

async function type(learner: Learner, sessionId: string, command: string): Promise<void> {
  const term = await learner.terminal(sessionId, 'main');
  const mark = `fin${Math.random().toString(36).slice(2, 8)}`;
  term.type(`${command}; echo ${mark}-$((20+1))\n`);
  await term.waitFor(new RegExp(`${mark}-21\r\n`));
  term.close();
}

interface Roster {
  class: { id: string; code: string; closed: boolean };
  columns: { key: string; lesson: string }[];
  learners: { member: string; name: string; online: boolean; lesson?: string; passed: number; stuck: boolean; tasks: Record<string, { state: string; attempts?: number; message?: string; stuck?: true }> }[];
}

/** The class's event stream: each `roster` event, as it arrives. */
async function watchRoster(classId: string) {
  const controller = new AbortController();
  const response = await fetch(`${server.url}/api/classes/${classId}/events`, { headers: AS_INSTRUCTOR, signal: controller.signal });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: { at: number; roster: Roster }[] = [];
  let buffer = '';
  let ended = false;
  void (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (/^event: roster$/m.test(block) && data) events.push({ at: Date.now(), roster: JSON.parse(data) as Roster });
      }
    }
    ended = true;
  })().catch(() => undefined);
  return { events, stop: () => controller.abort(), ended: () => ended };
}

describe('classes', () => {
  it('are for instructors only, and say what is wrong with a new class', async () => {
    expect((await call('POST', '/api/classes', { name: 'x' }, {})).status).toBe(401);
    expect((await call('GET', '/api/classes', undefined, { authorization: 'Bearer not-the-token' })).status).toBe(401);
    const unknown = await call('POST', '/api/classes', { name: 'Week 1', lessons: ['no-such-lesson'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/body\/lessons: no lesson no-such-lesson; the course has containers-and-vms/);
    const blank = await call('POST', '/api/classes', { name: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.message).toMatch(/body\/name/);
  });

  it('signs the class page in with the token and out again', async () => {
    expect((await call('POST', '/api/instructor/sign-in', { token: 'wrong' }, {})).status).toBe(401);
    const response = await fetch(`${server.url}/api/instructor/sign-in`, { method: 'POST', headers: JSON_BODY, body: JSON.stringify({ token: TOKEN }) });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const me = await call('GET', '/api/classes', undefined, { cookie: cookie.split(';')[0] });
    expect(me.status).toBe(200);
  });

  it('lets learners join, shows their work on the roster live, and exports it', async () => {
    const created = await call<{ id: string; code: string; lessons: string[] }>('POST', '/api/classes', { name: 'Containers, week 1', lessons: ['containers-and-vms'] });
    expect(created.status).toBe(201);
    expect(created.body.code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    const { id, code } = created.body;
    expect((await call<{ classes: { id: string }[] }>('GET', '/api/classes')).body.classes.map((c) => c.id)).toContain(id);

    // Ada passed a task before she joined: she keeps it.
    const ada = new Learner(server.url);
    const adaSession = await ada.session();
    await type(ada, adaSession.id, 'uname -r > /root/kernel.txt');
    const checked = await ada.json<{ tasks: { id: string; passed: boolean }[] }>('POST', `/api/sessions/${adaSession.id}/exercises/first-look/check`);
    expect(checked.body.tasks.find((t) => t.id === 'kernel-file')?.passed).toBe(true);

    const mallory = new Learner(server.url);
    expect((await join(ada, code.toLowerCase(), '  Ada  ')).body).toEqual({ classId: id, name: 'Containers, week 1' });
    expect((await join(mallory, code, '=HYPERLINK("http://x")<img src=x>')).status).toBe(200);
    expect((await join(new Learner(server.url), 'ZZZZZZ', 'Nobody')).status).toBe(404);
    expect((await join(new Learner(server.url), code, '\u0007bell')).status).toBe(400);

    const live = await watchRoster(id);
    await expect.poll(() => live.events.length).toBeGreaterThan(0);
    const first = live.events.at(-1)!.roster;
    expect(first.columns.map((c) => c.key)).toEqual(['first-look/kernel-file', 'first-look/sleeper-running', 'first-look/sleeper-pid']);
    expect(first.learners.map((l) => l.name)).toEqual(['Ada', '=HYPERLINK("http://x")<img src=x>']);
    expect(first.learners[0].tasks['first-look/kernel-file'].state).toBe('passed');
    expect(Object.values(first.learners[1].tasks).every((t) => t.state === 'untouched')).toBe(true);

    // Mallory passes a task while the instructor watches: the roster shows it within a second, without asking.
    const mallorySession = await mallory.session();
    await type(mallory, mallorySession.id, 'uname -r > /root/kernel.txt');
    const passedByMallory = (e: { roster: Roster }) => e.roster.learners[1].tasks['first-look/kernel-file'].state === 'passed';
    expect(live.events.some(passedByMallory)).toBe(false);
    await mallory.json('POST', `/api/sessions/${mallorySession.id}/exercises/first-look/check`);
    const checkedAt = Date.now();
    await expect.poll(() => live.events.some(passedByMallory), { timeout: 1000, interval: 20 }).toBe(true);
    expect(live.events.find(passedByMallory)!.at - checkedAt).toBeLessThan(1000);

    // Ada checks twice more without starting the sleeper: attempted, with the check's words, then stuck.
    for (let i = 0; i < 2; i++) await ada.json('POST', `/api/sessions/${adaSession.id}/exercises/first-look/check`);
    const roster = (await call<Roster>('GET', `/api/classes/${id}/roster`)).body;
    const [adaRow, malloryRow] = roster.learners;
    expect(adaRow).toMatchObject({ name: 'Ada', online: true, lesson: 'containers-and-vms', passed: 1, stuck: true });
    expect(adaRow.tasks['first-look/kernel-file']).toMatchObject({ state: 'passed', attempts: 1 });
    expect(adaRow.tasks['first-look/sleeper-running']).toMatchObject({ state: 'attempted', attempts: 3, stuck: true });
    expect(adaRow.tasks['first-look/sleeper-running'].message).toMatch(/sleeper/);
    expect(malloryRow).toMatchObject({ online: true, passed: 1, stuck: false });
    // A check tries every task, but only the first one not passed counts as tried: the one the learner is on.
    expect(malloryRow.tasks['first-look/sleeper-running']).toMatchObject({ state: 'attempted', attempts: 1 });
    expect(malloryRow.tasks['first-look/sleeper-pid']).toEqual({ state: 'untouched' });
    // The member key is not the learner's cookie id.
    expect(ada.cookie).not.toContain(adaRow.member);

    // The outside system heard of both joins and every check, signed.
    await expect.poll(() => hooked.filter((e) => e.classId === id && e.type === 'task.checked').length).toBe(3);
    const events = hooked.filter((e) => e.classId === id);
    expect(events.every((e) => e.signed)).toBe(true);
    expect(events.filter((e) => e.type === 'class.joined').map((e) => e.data.name)).toEqual(['Ada', '=HYPERLINK("http://x")<img src=x>']);
    expect(events.find((e) => e.type === 'task.checked' && e.data.member === malloryRow.member)?.data).toMatchObject({
      exercise: 'first-look', passed: false, tasks: expect.arrayContaining([{ id: 'kernel-file', passed: true }]),
    });

    const csv = await fetch(`${server.url}/api/classes/${id}/roster.csv`, { headers: AS_INSTRUCTOR });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('name,joined,online,lesson,passed,stuck,first-look/kernel-file,first-look/sleeper-running,first-look/sleeper-pid');
    expect(lines[1]).toMatch(/^Ada,.*,true,containers-and-vms,1,true,passed,attempted,untouched$/);
    // A name a spreadsheet would run as a formula is quoted as text.
    expect(lines[2]).toMatch(/^"'=HYPERLINK\(""http:\/\/x""\)<img src=x>",/);

    // Closed: no one new joins, but a member may come back under a new name; the instructor no longer acts on learners.
    expect((await call<{ closedAt: string }>('POST', `/api/classes/${id}/close`)).body.closedAt).toBeTruthy();
    expect((await call('POST', `/api/classes/${id}/learners/${adaRow.member}/extend`)).body).toMatchObject({ error: 'class_closed' });
    expect((await join(new Learner(server.url), code, 'Late')).body.error).toBe('class_closed');
    expect((await join(ada, code, 'Ada L.')).status).toBe(200);

    // Deleted: the roster is gone; the learners keep their progress.
    expect((await call('DELETE', `/api/classes/${id}`)).status).toBe(204);
    expect((await call('GET', `/api/classes/${id}/roster`)).status).toBe(404);
    // The instructor's live view of a deleted class ends.
    await expect.poll(() => live.ended(), { timeout: 5000 }).toBe(true);
    live.stop();
    const progress = await ada.json<{ exercises: Record<string, { tasks: Record<string, { passed: boolean }> }> }>('GET', '/api/progress');
    expect(progress.body.exercises['first-look'].tasks['kernel-file'].passed).toBe(true);
  });

  it('turns learners away from a full class', async () => {
    const { body } = await call<{ code: string }>('POST', '/api/classes', { name: 'Small', capacity: 1 });
    expect((await join(new Learner(server.url), body.code, 'One')).status).toBe(200);
    const second = await join(new Learner(server.url), body.code, 'Two');
    expect(second).toMatchObject({ status: 409, body: { error: 'class_full' } });
  });

  it('shows an instructor only their own classes', async () => {
    const { body } = await call<{ id: string }>('POST', '/api/classes', { name: 'Mine' });
    const other = OTHER_INSTRUCTOR;
    expect((await call('GET', `/api/classes/${body.id}/roster`, undefined, other)).status).toBe(403);
    expect((await call('GET', `/api/classes/${body.id}/events`, undefined, other)).status).toBe(403);
    expect((await call('POST', `/api/classes/${body.id}/close`, undefined, other)).status).toBe(403);
    expect((await call('DELETE', `/api/classes/${body.id}`, undefined, other)).status).toBe(403);
    expect((await call<{ classes: unknown[] }>('GET', '/api/classes', undefined, other)).body.classes).toEqual([]);
    // A forged cookie (not signed with the server's secret) is no one.
    expect((await call('GET', '/api/classes', undefined, { cookie: 'dockyard_instructor=token' })).status).toBe(401);
    // Nor is another cookie this server signed (a learner's), nor an instructor cookie past its time.
    const learner = new Learner(server.url);
    await join(learner, 'ZZZZZZ', 'Someone');
    const learnerSigned = learner.cookie.slice(learner.cookie.indexOf('=') + 1);
    expect((await call('GET', '/api/classes', undefined, { cookie: `dockyard_instructor=${learnerSigned}` })).status).toBe(401);
    const stale = new Signer(TEST_SECRET).sign(instructorCookieValue('token', TOKEN, Date.now() - 13 * 3600_000));
    expect((await call('GET', '/api/classes', undefined, { cookie: `dockyard_instructor=${encodeURIComponent(stale)}` })).status).toBe(401);
    const otherToken = new Signer(TEST_SECRET).sign(instructorCookieValue('token', 'an-earlier-token-an-earlier-token-0123456'));
    expect((await call('GET', '/api/classes', undefined, { cookie: `dockyard_instructor=${encodeURIComponent(otherToken)}` })).status).toBe(401);
  });

  it('lets the instructor watch a learner\'s terminal read-only, and reset or extend their sandbox', async () => {
    const { body: klass } = await call<{ id: string; code: string }>('POST', '/api/classes', { name: 'Watched' });
    const grace = new Learner(server.url);
    await join(grace, klass.code, 'Grace');
    const session = await grace.session();
    const mine = await grace.terminal(session.id, 'main');
    mine.type('echo before-$((6*7))\n');
    await mine.waitFor(/before-42/);

    const roster = (await call<Roster>('GET', `/api/classes/${klass.id}/roster`)).body;
    const member = roster.learners[0].member;
    expect((await call<{ terminals: string[] }>('GET', `/api/classes/${klass.id}/learners/${member}/terminals`)).body.terminals).toEqual(['main']);

    const signIn = await fetch(`${server.url}/api/instructor/sign-in`, { method: 'POST', headers: JSON_BODY, body: JSON.stringify({ token: TOKEN }) });
    const instructorCookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const watchUrl = `${server.url.replace('http', 'ws')}/api/classes/${klass.id}/learners/${member}/terminals/main`;
    const view = await TerminalClient.open(watchUrl, instructorCookie);
    expect(view.controls[0]).toMatchObject({ type: 'ready', readOnly: true });
    // The screen so far, then what the learner does next.
    await view.waitFor(/before-42/);
    await mine.waitFor(/Your instructor is watching this terminal/);
    mine.type('echo after-$((6*8))\n');
    await view.waitFor(/after-48/);

    // Keys typed in the view reach nothing.
    view.type('touch /root/typed-by-the-view\n');
    await expect.poll(() => view.controls.some((c) => c.type === 'error' && /read-only/.test(String(c.message)))).toBe(true);
    mine.type('test -e /root/typed-by-the-view && echo view-typed-$((1+1)) || echo view-did-not-type-$((1+1))\n');
    await mine.waitFor(/view-did-not-type-2/);
    view.close();
    await mine.waitFor(/Your instructor stopped watching this terminal/);

    // Another instructor may not watch; a learner who is not in the class is not found.
    const refused = await TerminalClient.open(watchUrl, OTHER_INSTRUCTOR.cookie);
    expect(await refused.closed()).toBe(4403);
    expect((await call('GET', `/api/classes/${klass.id}/learners/0000000000000000/terminals`)).status).toBe(404);

    expect((await call('POST', `/api/classes/${klass.id}/learners/${member}/extend`)).status).toBe(200);
    const reset = await call<{ status: string }>('POST', `/api/classes/${klass.id}/learners/${member}/reset`);
    expect(reset).toMatchObject({ status: 200, body: { status: 'ready' } });
    // A reset ends the learner's terminals, as their own Reset does.
    expect(await mine.closed(30_000)).toBeGreaterThan(0);
  });

  it('starts sandboxes ahead for a class about to start, and hands them to its learners', async () => {
    const pool = async () => (await call<{ pool: { size: number; reserve: number; ready: number; creating: number } }>('GET', '/api/health', undefined, {})).body.pool;
    await expect.poll(async () => (await pool()).reserve).toBe(0);
    const startsAt = new Date(Date.now() + 5 * 60_000).toISOString();
    const { body: klass } = await call<{ id: string; code: string }>('POST', '/api/classes', { name: 'Early', startsAt, capacity: 2 });
    // Two places beyond the pool's own size, started before anyone arrives.
    await expect.poll(pool, { timeout: 120_000, interval: 500 }).toMatchObject({ reserve: 2, ready: 4, creating: 0 });
    const learners = [new Learner(server.url), new Learner(server.url)];
    for (const [i, learner] of learners.entries()) await join(learner, klass.code, `Early ${i}`);
    const sessions = await Promise.all(learners.map((learner) => learner.session()));
    expect(sessions.map((s) => s.status)).toEqual(['ready', 'ready']);
    // Both arrived: nothing is held for the class any more, and the pool is back to its size.
    await expect.poll(pool, { timeout: 60_000, interval: 500 }).toMatchObject({ reserve: 0, ready: 2, creating: 0 });
    await call('POST', `/api/classes/${klass.id}/close`);
  });
});

