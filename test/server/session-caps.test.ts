// Issue 12 on the real engine: no learner can starve the server, and a class
// is not locked out. Caps per learner and per client (IPv4 address, IPv6
// /64) behind a trusted proxy, page views that cost nothing, creation rate
// limits that say which limit and when it clears, a learner's own session
// list, per-session caps on check, files and preview, and a failed boot
// that frees its place for the queue (docs/security.md, M4 and M5).
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/main.ts';
import { Learner, testServer } from './harness.ts';

/** A learner behind the trusted proxy at 127.0.0.1, whose address the proxy reports in X-Forwarded-For. */
class ProxiedLearner extends Learner {
  constructor(base: string, readonly address: string) {
    super(base);
  }

  override request(method: string, path: string, body?: Buffer | string, headers: Record<string, string> = {}): Promise<Response> {
    return super.request(method, path, body, { 'x-forwarded-for': this.address, ...headers });
  }
}

/** POST /api/sessions sent from another loopback source address, with a forwarding header the server must not believe. */
function postFrom(base: string, localAddress: string, forwardedFor: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}/api/sessions`, { method: 'POST', localAddress, headers: { 'x-forwarded-for': forwardedFor } }, (response) => {
      let text = '';
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(text) }));
    });
    request.on('error', reject);
    request.end();
  });
}

let server: RunningServer;

beforeAll(async () => {
  server = await testServer('caps', {
    DOCKYARD_TRUST_PROXY: '127.0.0.1',
    DOCKYARD_MAX_SANDBOXES: '8',
    DOCKYARD_MAX_SESSIONS_PER_CLIENT: '1',
    DOCKYARD_LEARNER_RATE_LIMIT: '2',
    DOCKYARD_SESSION_RATE_LIMIT: '3',
  });
});

afterAll(async () => {
  await server?.stop();
});

async function endAll(...learners: Learner[]): Promise<void> {
  for (const learner of learners) {
    const { body } = await learner.json<{ sessions: { id: string }[] }>('GET', '/api/sessions');
    for (const { id } of body.sessions) await learner.request('DELETE', `/api/sessions/${id}`);
  }
}

describe('per-client caps behind a trusted proxy', () => {
  it('counts every address of an IPv6 /64 as one client, and other prefixes apart', async () => {
    const first = new ProxiedLearner(server.url, '2001:db8:12:34::1');
    const sameNet = new ProxiedLearner(server.url, '2001:db8:12:34::ffff');
    const sameNetAgain = new ProxiedLearner(server.url, '2001:db8:12:34:5678::abcd');
    const otherNet = new ProxiedLearner(server.url, '2001:db8:12:35::1');
    try {
      expect((await first.session()).status).toBe('ready');
      // At its share (1): it waits for a place of its own network's, keeping its turn.
      expect(await sameNet.session()).toMatchObject({ status: 'queued', queuePosition: 1 });
      expect(await sameNetAgain.session()).toMatchObject({ status: 'queued', queuePosition: 2 });
      // Another /64 is another client, and goes past the waiting ones.
      expect((await otherNet.session()).status).toBe('ready');
    } finally {
      await endAll(first, sameNet, sameNetAgain, otherNet);
    }
  });

  it('believes X-Forwarded-For only from the trusted proxy', async () => {
    // Two connections from 127.0.0.2 claiming different addresses are one client: 127.0.0.2.
    const first = await postFrom(server.url, '127.0.0.2', '198.51.100.1');
    expect(first.status).toBe(200);
    const second = await postFrom(server.url, '127.0.0.2', '198.51.100.2');
    expect(second).toMatchObject({ status: 200, body: { status: 'queued' } });
    const clients = new Set(server.context.sessions.all().filter((s) => [first.body.id, second.body.id].includes(s.id)).map((s) => s.client));
    expect([...clients]).toEqual(['127.0.0.2']);
    for (const id of [second.body.id, first.body.id]) await server.context.sessions.end(id as string);
  });
});

describe('sandbox creation limits', () => {
  it('gives a learner their session back on every page view without counting it', async () => {
    const learner = new ProxiedLearner(server.url, '192.0.2.10');
    try {
      const { id } = await learner.session();
      for (let i = 0; i < 30; i++) expect((await learner.session()).id).toBe(id);
    } finally {
      await endAll(learner);
    }
  });

  it('counts resets per learner and says which limit was hit and when it clears', async () => {
    const learner = new ProxiedLearner(server.url, '192.0.2.20');
    try {
      const { id } = await learner.session();
      expect((await learner.json('POST', `/api/sessions/${id}/reset`)).body).toMatchObject({ id, status: 'ready' });
      const response = await learner.request('POST', `/api/sessions/${id}/reset`);
      expect(response.status).toBe(429);
      const retryAfter = Number(response.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      const body = (await response.json()) as { error: string; message: string };
      expect(body.error).toBe('rate_limited');
      expect(body.message).toMatch(/one learner/);
      expect(body.message).toContain(`Try again in ${retryAfter} s`);
      // Still their session, still usable.
      expect((await learner.session()).id).toBe(id);
    } finally {
      await endAll(learner);
    }
  });

  it('counts creations per client address, whatever the cookie', async () => {
    const learners = [1, 2, 3, 4].map(() => new ProxiedLearner(server.url, '192.0.2.30'));
    try {
      for (const learner of learners.slice(0, 3)) {
        const created = await learner.json<{ id: string }>('POST', '/api/sessions');
        expect(created.status).toBe(200);
        // Ended at once, so only the creation rate limit (3 a minute) stands in the way.
        await learner.request('DELETE', `/api/sessions/${created.body.id}`);
      }
      const refused = await learners[3].request('POST', '/api/sessions');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({ error: 'rate_limited', message: expect.stringMatching(/from your address.*Try again in \d+ s/) });
      // Another address is not held back.
      const elsewhere = new ProxiedLearner(server.url, '192.0.2.31');
      expect((await elsewhere.session()).status).toBe('ready');
      await endAll(elsewhere);
    } finally {
      await endAll(...learners);
    }
  });
});

describe("a learner's own sessions", () => {
  it('are listed with status, creation and last activity, to their learner only, and can be ended', async () => {
    const owner = new ProxiedLearner(server.url, '192.0.2.40');
    const other = new ProxiedLearner(server.url, '192.0.2.41');
    const { id } = await owner.session();
    await other.session();
    try {
      const listed = await owner.json<{ sessions: Record<string, string>[] }>('GET', '/api/sessions');
      expect(listed.status).toBe(200);
      expect(listed.body.sessions).toHaveLength(1);
      expect(listed.body.sessions[0]).toMatchObject({ id, status: 'ready' });
      expect(Date.parse(listed.body.sessions[0].createdAt)).toBeLessThanOrEqual(Date.now());
      expect(Date.parse(listed.body.sessions[0].lastActiveAt)).toBeGreaterThanOrEqual(Date.parse(listed.body.sessions[0].createdAt));
      expect((await other.json<{ sessions: { id: string }[] }>('GET', '/api/sessions')).body.sessions.map((s) => s.id)).not.toContain(id);
      expect((await fetch(`${server.url}/api/sessions`).then((r) => r.json()))).toEqual({ sessions: [] });
      expect((await owner.request('DELETE', `/api/sessions/${id}`)).status).toBe(204);
      expect((await owner.json('GET', '/api/sessions')).body).toEqual({ sessions: [] });
    } finally {
      await endAll(owner, other);
    }
  });
});

describe('per-session caps on check, files and preview', () => {
  it('runs one check at a time per session, and refuses the rest with which limit and when it clears', async () => {
    const learner = new ProxiedLearner(server.url, '192.0.2.50');
    try {
      const { id } = await learner.session();
      const { body: exercises } = await learner.json<{ id: string }[]>('GET', '/api/exercises');
      const check = `/api/sessions/${id}/exercises/${exercises[0].id}/check`;
      const answers = await Promise.all(Array.from({ length: 6 }, () => learner.request('POST', check)));
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 429)).toHaveLength(5);
      const refused = answers.find((a) => a.status === 429)!;
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(await refused.json()).toMatchObject({ error: 'too_many_at_once', message: expect.stringMatching(/at most 1 at a time per session/) });
      // Once it finished, the next check runs.
      expect((await learner.request('POST', check)).status).toBe(200);
    } finally {
      await endAll(learner);
    }
  });

  it('caps checks per minute per session', async () => {
    const learner = new ProxiedLearner(server.url, '192.0.2.51');
    try {
      const { id } = await learner.session();
      const { body: exercises } = await learner.json<{ id: string }[]>('GET', '/api/exercises');
      const check = `/api/sessions/${id}/exercises/${exercises[0].id}/check`;
      for (let i = 0; i < 30; i++) expect((await learner.request('POST', check)).status).toBe(200);
      const refused = await learner.request('POST', check);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({ error: 'rate_limited', message: expect.stringMatching(/at most 30 a minute per session\. Try again in \d+ s/) });
    } finally {
      await endAll(learner);
    }
  });

  it('lets a session have at most 4 file requests at once', async () => {
    const learner = new ProxiedLearner(server.url, '192.0.2.52');
    try {
      const { id } = await learner.session();
      const answers = await Promise.all(Array.from({ length: 16 }, () => learner.request('GET', `/api/sessions/${id}/files?path=/usr/share`)));
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(4);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
      expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
      expect(await answers.find((a) => a.status === 429)!.json()).toMatchObject({ error: 'too_many_at_once', message: expect.stringMatching(/file requests.*at most 4/) });
    } finally {
      await endAll(learner);
    }
  });

  it('lets a session have at most 8 preview requests at once', async () => {
    const learner = new ProxiedLearner(server.url, '192.0.2.53');
    try {
      const { id } = await learner.session();
      // A web server with a 5 MiB page: each answer streams for a while, so requests overlap.
      const sandboxId = server.context.sessions.get(id)!.sandboxId!;
      const script = 'mkdir -p /root/www && head -c 5242880 /dev/zero > /root/www/big && { setsid busybox httpd -f -p 9000 -h /root/www </dev/null >/dev/null 2>&1 & } && sleep 0.3';
      expect((await server.context.engine.sandboxes.run(sandboxId, ['sh', '-c', script])).exitCode).toBe(0);
      const first = await learner.request('GET', `/preview/${id}/9000/big`);
      expect((await first.arrayBuffer()).byteLength).toBe(5 * 1024 * 1024);
      const answers = await Promise.all(Array.from({ length: 12 }, async () => {
        const response = await learner.request('GET', `/preview/${id}/9000/big`);
        return { status: response.status, body: await response.text() };
      }));
      const statuses = answers.map((a) => a.status);
      // Eight stream at once; the rest are refused unless one had already finished.
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(8);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
      expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
      expect(JSON.parse(answers.find((a) => a.status === 429)!.body)).toMatchObject({ error: 'too_many_at_once', message: expect.stringMatching(/preview requests.*at most 8/) });
    } finally {
      await endAll(learner);
    }
  });
});

describe('a failed sandbox boot', () => {
  it('frees its place for the queue: no learner is left waiting while capacity is free', async () => {
    // An honest engine failure: Docker refuses more CPUs than the host has
    // (Incus takes it as a share of time and boots), so this runs on Docker.
    const failing = await testServer('caps-fail', { DOCKYARD_ENGINE: 'docker', DOCKYARD_SANDBOX_CPUS: '64', DOCKYARD_MAX_SANDBOXES: '1', DOCKYARD_MAX_SESSIONS_PER_CLIENT: '5', DOCKYARD_POOL_SIZE: '0' });
    try {
      const learners = [1, 2, 3].map(() => new Learner(failing.url));
      const answers = await Promise.all(learners.map((l) => l.json<{ id?: string; status?: string; error?: string; message?: string }>('POST', '/api/sessions')));
      // Each learner gets their own answer: an error for their own boot, or a place in the queue.
      expect(answers.filter((a) => a.status >= 500).length).toBeGreaterThanOrEqual(1);
      for (const answer of answers) {
        if (answer.status >= 500) expect(answer.body).toMatchObject({ error: expect.any(String), message: expect.stringMatching(/CPU/i) });
        else expect(answer).toMatchObject({ status: 200, body: { status: expect.stringMatching(/queued|starting|lost/) } });
      }
      // Every queued learner was tried in turn and told why; nobody is left waiting, no place stays taken.
      await expect.poll(() => failing.context.sessions.capacity(), { timeout: 30_000, interval: 100 }).toMatchObject({ queued: 0, busy: 0 });
      for (const [i, answer] of answers.entries()) {
        if (answer.status !== 200) continue;
        const view = await learners[i].json<{ status: string; message: string }>('GET', `/api/sessions/${answer.body.id}`);
        expect(view.body).toMatchObject({ status: 'lost', message: expect.stringMatching(/No sandbox could be started.*CPU/s) });
      }
    } finally {
      await failing.stop();
    }
  });
});
