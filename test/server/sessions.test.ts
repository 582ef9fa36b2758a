// The sessions API as a contract: one session per learner, reset, end,
// queueing when full, and refusal of everyone but the session's learner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/main.ts';
import { Learner, testServer } from './harness.ts';

let server: RunningServer;

beforeAll(async () => {
  server = await testServer('sessions');
});

afterAll(async () => {
  await server?.stop();
});

async function run(learner: Learner, sessionId: string, script: string): Promise<string> {
  const term = await learner.terminal(sessionId, 'probe');
  // The shell computes the marker, so the echo of the typed line cannot match it.
  const mark = `m${Math.random().toString(36).slice(2)}`;
  term.type(`${script}; echo ${mark}-$((6*7))\n`);
  const seen = await term.waitFor(new RegExp(`${mark}-42\\r\\n`));
  term.close();
  return seen;
}

describe('a learner session', () => {
  it('is created ready with an expiry, sets an HttpOnly cookie, and comes back the same', async () => {
    const learner = new Learner(server.url);
    const response = await learner.request('POST', '/api/sessions');
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(/dockyard_learner=.*HttpOnly/i);
    const first = (await response.json()) as { id: string; status: string; expiresAt: string };
    expect(first.status).toBe('ready');
    expect(first.id).toMatch(/^[0-9a-f]{16}$/);
    expect(Date.parse(first.expiresAt)).toBeGreaterThan(Date.now());

    const again = await learner.session();
    expect(again.id).toBe(first.id);
    expect((await learner.json('GET', `/api/sessions/${first.id}`)).body).toMatchObject({ id: first.id, status: 'ready' });
    await learner.request('DELETE', `/api/sessions/${first.id}`);
  });

  it('postpones its idle expiry while the learner types', async () => {
    const learner = new Learner(server.url);
    const { id } = await learner.session();
    const term = await learner.terminal(id, 'typing');
    await term.waitFor(/# $/);
    const expiry = async () => Date.parse((await learner.json<{ expiresAt: string }>('GET', `/api/sessions/${id}`)).body.expiresAt);
    const before = await expiry();
    // Time has to pass for the typing to move the expiry later: the wait is what is tested.
    await new Promise((r) => setTimeout(r, 1100));
    term.type('x');
    await term.waitFor(/x$/);
    expect((await expiry()) - before).toBeGreaterThanOrEqual(1000);
    term.close();
    await learner.request('DELETE', `/api/sessions/${id}`);
  });

  it('gets a fresh sandbox on reset', async () => {
    const learner = new Learner(server.url);
    const { id } = await learner.session();
    await run(learner, id, 'echo old > /root/mark.txt');
    const reset = await learner.json('POST', `/api/sessions/${id}/reset`);
    expect(reset.body).toMatchObject({ id, status: 'ready' });
    expect(await run(learner, id, 'cat /root/mark.txt 2>&1')).toContain('No such file');
    await learner.request('DELETE', `/api/sessions/${id}`);
  });

  it('ends on DELETE, taking its sandbox with it', async () => {
    const learner = new Learner(server.url);
    const { id } = await learner.session();
    const sandboxId = server.context.sessions.get(id)!.sandboxId!;
    expect((await learner.request('DELETE', `/api/sessions/${id}`)).status).toBe(204);
    expect(server.context.engine.sandboxes.get(sandboxId)).toBeUndefined();
    expect((await learner.json('GET', `/api/sessions/${id}`)).status).toBe(404);
  });

  it("answers 403 to another learner on every route, and 403 to no cookie", async () => {
    const owner = new Learner(server.url);
    const { id } = await owner.session();
    const stranger = new Learner(server.url);
    await stranger.session();
    for (const [method, path] of [
      ['GET', `/api/sessions/${id}`],
      ['POST', `/api/sessions/${id}/reset`],
      ['DELETE', `/api/sessions/${id}`],
      ['GET', `/api/sessions/${id}/files?path=/root`],
      ['GET', `/api/sessions/${id}/files/content?path=/etc/hostname`],
      ['GET', `/preview/${id}/8080/`],
    ]) {
      expect((await stranger.request(method, path)).status, `${method} ${path}`).toBe(403);
    }
    expect((await fetch(`${server.url}/api/sessions/${id}`)).status).toBe(403);
    expect((await owner.json('GET', `/api/sessions/${id}`)).status).toBe(200);
    await owner.request('DELETE', `/api/sessions/${id}`);
  });

  it('rejects a malformed session id with 400', async () => {
    const learner = new Learner(server.url);
    expect((await learner.json('GET', '/api/sessions/..%2F..%2Fetc')).status).toBe(400);
  });
});

describe('capacity', () => {
  it('queues learners with their position when the host is full, and admits them as sandboxes free up', async () => {
    const small = await testServer('capacity', { DOCKYARD_MAX_SANDBOXES: '1', DOCKYARD_POOL_SIZE: '0' });
    try {
      const [a, b, c] = [new Learner(small.url), new Learner(small.url), new Learner(small.url)];
      expect((await a.session()).status).toBe('ready');
      const queuedB = await b.session();
      const queuedC = await c.session();
      expect(queuedB).toMatchObject({ status: 'queued', queuePosition: 1 });
      expect(queuedC).toMatchObject({ status: 'queued', queuePosition: 2 });
      expect(queuedB.expiresAt).toBeUndefined();

      await a.request('DELETE', `/api/sessions/${(await a.session()).id}`);
      // The freed place goes to the first in the queue, whose sandbox boots in the background.
      await expect.poll(async () => (await b.json<{ status: string }>('GET', `/api/sessions/${queuedB.id}`)).body, { timeout: 30_000, interval: 100 })
        .toMatchObject({ status: 'ready' });
      expect((await c.json('GET', `/api/sessions/${queuedC.id}`)).body).toMatchObject({ status: 'queued', queuePosition: 1 });
      await b.request('DELETE', `/api/sessions/${queuedB.id}`);
      await c.request('DELETE', `/api/sessions/${queuedC.id}`);
    } finally {
      await small.stop();
    }
  });

  it('limits sessions per client and rate-limits session creation', async () => {
    const strict = await testServer('per-client', { DOCKYARD_MAX_SANDBOXES: '1', DOCKYARD_MAX_SESSIONS_PER_CLIENT: '1', DOCKYARD_SESSION_RATE_LIMIT: '4', DOCKYARD_POOL_SIZE: '0' });
    try {
      const first = new Learner(strict.url);
      const { id } = await first.session();
      // The client's share (1) is in use: the next learners from it wait; with twice the host's places (2) waiting, the one after is refused.
      const second = new Learner(strict.url);
      expect(await second.json('POST', '/api/sessions')).toMatchObject({ status: 200, body: { status: 'queued' } });
      const third = new Learner(strict.url);
      expect(await third.json('POST', '/api/sessions')).toMatchObject({ status: 200, body: { status: 'queued' } });
      expect(await new Learner(strict.url).json('POST', '/api/sessions')).toMatchObject({ status: 429, body: { error: 'too_many_sessions' } });
      await first.request('DELETE', `/api/sessions/${id}`);
      await third.request('DELETE', `/api/sessions/${(await third.session()).id}`);
      // Four sandbox requests from this address this minute: the fifth is over the rate limit.
      const limited = await new Learner(strict.url).json('POST', '/api/sessions');
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ error: 'rate_limited', message: expect.stringMatching(/from your address.*Try again in \d+ s/) });
      await second.request('DELETE', `/api/sessions/${(await second.session()).id}`);
    } finally {
      await strict.stop();
    }
  });
});
