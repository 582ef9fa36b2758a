// A sandbox removed behind the server's back (docker rm -f): the server
// notices on its own from the engine's events, tells the learner why instead
// of letting the terminal reconnect forever, frees the place for the next
// learner, never hands the sandbox out again (pooled ones included), and
// gives a new sandbox when asked.
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../server/main.ts';
import { Learner, TerminalClient, testServer } from '../server/harness.ts';

// This file tests the Docker backend (DOCKYARD_ENGINE=docker): it looks at
// containers and volumes through Docker's own API. Each test file runs in a
// worker of its own, so this reaches only the servers and engines made here.
process.env.DOCKYARD_ENGINE = 'docker';

const docker = new Docker();
let server: RunningServer;

beforeAll(async () => {
  server = await testServer('removed', { DOCKYARD_MAX_SANDBOXES: '1' });
  await server.context.engine.pool.filled();
});
afterAll(async () => {
  await server?.stop();
});

async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  await vi.waitFor(async () => {
    if (!(await done())) throw new Error(`timed out waiting until ${what}`);
  }, { timeout: timeoutMs, interval: 100 });
}

function containerOf(sandboxId: string): string {
  return server.context.engine.sandboxes.get(sandboxId)!.ref;
}

describe('a sandbox removed outside Dockyard', () => {
  it('marks the session lost with the reason, frees its place, and gives a new sandbox on reset', async () => {
    const { sandboxes, pool } = server.context.engine;
    const alice = new Learner(server.url);
    const { id } = await alice.session();
    const first = server.context.sessions.get(id)!.sandboxId!;
    const term = await alice.terminal(id, 'main');
    term.type('echo before-$((1+1))\n');
    await term.waitFor(/before-2\r\n/);

    // The host is full (one sandbox): the next learner waits.
    const bob = new Learner(server.url);
    const queued = await bob.session();
    expect(queued.status).toBe('queued');

    // A pooled sandbox removed is forgotten and replaced, never handed out.
    await until('the pool is full again', () => pool.ready().length === 1 && pool.health().creating === 0);
    const pooled = pool.ready()[0].id;
    await docker.getContainer(containerOf(pooled)).remove({ force: true });
    await until('the engine forgot the pooled sandbox', () => sandboxes.get(pooled) === undefined);

    await docker.getContainer(containerOf(first)).remove({ force: true });
    // The open terminal closes: "gone" (4410) if the server heard of the removal first,
    // "reconnect" (1012) if the shell's connection broke first; never an ordinary exit.
    expect([4410, 1012]).toContain(await term.closed(30_000));
    expect(term.controls.filter((c) => c.type === 'exit')).toEqual([]);
    await until('the session is lost', async () => (await alice.json<{ status: string }>('GET', `/api/sessions/${id}`)).body.status === 'lost');
    const lost = await alice.json<{ status: string; message: string }>('GET', `/api/sessions/${id}`);
    expect(lost.body.message).toMatch(/removed outside Dockyard/);
    // Files and the like answer with the same reason instead of "not ready yet".
    expect(await alice.json('GET', `/api/sessions/${id}/files?path=/root`)).toMatchObject({ status: 410, body: { error: 'sandbox_gone', message: lost.body.message } });
    expect(sandboxes.get(first)).toBeUndefined();
    const { Volumes } = await docker.listVolumes({ filters: { label: [`dockyard.sandbox=${first}`] } });
    expect(Volumes ?? []).toHaveLength(0);

    // Reconnecting is refused with the reason.
    const retry = await alice.terminal(id, 'main');
    expect(await retry.closed()).toBe(4410);
    expect(retry.controls).toContainEqual({ type: 'error', message: lost.body.message });

    // Its place went to the waiting learner, whose sandbox is neither removed one.
    await until('the queued learner is admitted', async () => (await bob.json<{ status: string }>('GET', `/api/sessions/${queued.id}`)).body.status === 'ready');
    const bobSandbox = server.context.sessions.get(queued.id)!.sandboxId!;
    expect([first, pooled]).not.toContain(bobSandbox);

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/dockyard_sessions\{status="lost"\} 1/);
    expect(metrics).toMatch(/dockyard_sessions\{status="ready"\} 1/);
    expect(metrics).toMatch(/dockyard_sandboxes\{state="owned"\} 1/);
    expect(metrics).toMatch(/dockyard_sandboxes_vanished_total 2/);

    // Once there is room, reset gives the lost session a new sandbox, under the same session id.
    expect((await bob.request('DELETE', `/api/sessions/${queued.id}`)).status).toBe(204);
    const reset = await alice.json<{ id: string; status: string }>('POST', `/api/sessions/${id}/reset`);
    expect(reset.body).toMatchObject({ id, status: 'ready' });
    const second = server.context.sessions.get(id)!.sandboxId!;
    expect([first, pooled]).not.toContain(second);
    const fresh: TerminalClient = await alice.terminal(id, 'main');
    fresh.type('echo after-$((2+2))\n');
    await fresh.waitFor(/after-4\r\n/);
    fresh.close();
    expect((await alice.request('DELETE', `/api/sessions/${id}`)).status).toBe(204);
  });
});
