// POST /api/sessions/:id/activity: a lesson page that is open says its
// learner is there, which postpones the sandbox's idle time-out the way
// typing in a terminal does; merely reading the session's state does not.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../server/main.ts';
import { Learner, testServer } from './harness.ts';

let server: RunningServer;

beforeAll(async () => {
  server = await testServer('session-activity');
});

afterAll(async () => {
  await server?.stop();
});

type View = { id: string; status: string; expiresAt: string };

describe('session activity', () => {
  it('postpones the idle expiry, answers the session view, and is refused to another learner', async () => {
    const learner = new Learner(server.url);
    const { id } = await learner.session();
    const read = async () => (await learner.json<View>('GET', `/api/sessions/${id}`)).body;
    const first = await read();

    const touched = await vi.waitFor(async () => {
      const { status, body } = await learner.json<View>('POST', `/api/sessions/${id}/activity`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ id, status: 'ready' });
      expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.parse(first.expiresAt));
      return body;
    }, { timeout: 10_000, interval: 50 });
    // Reading the state alone moved nothing since.
    expect((await read()).expiresAt).toBe(touched.expiresAt);

    const stranger = new Learner(server.url);
    expect((await stranger.json('POST', `/api/sessions/${id}/activity`)).status).toBe(403);
    await learner.request('DELETE', `/api/sessions/${id}`);
  });
});
