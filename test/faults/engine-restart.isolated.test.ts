// The host's dockerd restarted under a running server. RESTARTS THE SHARED
// ENGINE: runs only in the isolated run of test/run.mjs (see vitest.config.ts);
// by hand: DOCKYARD_ISOLATED_TESTS=1 flock -x /tmp/dockyard-engine.lock npx vitest run <this file>
//
// Dockyard starts dockerd with --live-restore, so sandboxes keep running while
// it is away. Meanwhile health says degraded and why, new sessions are refused
// with 503, and terminals are told to try again later. Afterwards: a surviving
// sandbox is the learner's again (its cut-off shell is ended, a new one
// opens); a sandbox that did not survive (killed while dockerd was down)
// leaves its session lost with the reason and a new sandbox on reset; the
// pool refills.
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../server/main.ts';
import { Learner, testServer } from '../server/harness.ts';
import { dockerdRestartable, startDockerd, stopDockerd } from './dockerd.ts';

// This file tests the Docker backend (DOCKYARD_ENGINE=docker): it looks at
// containers and volumes through Docker's own API. Each test file runs in a
// worker of its own, so this reaches only the servers and engines made here.
process.env.DOCKYARD_ENGINE = 'docker';

const docker = new Docker();
let server: RunningServer;

async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  await vi.waitFor(async () => {
    if (!(await done())) throw new Error(`timed out waiting until ${what}`);
  }, { timeout: timeoutMs, interval: 200 });
}

describe.skipIf(!dockerdRestartable())('the container engine restarted under a running server', () => {
  beforeAll(async () => {
    server = await testServer('engine-restart');
    await server.context.engine.pool.filled();
  });
  afterAll(async () => {
    // Whatever happened, leave an engine running as `dockyard prepare` would.
    await startDockerd();
    await server?.stop();
  });

  it('reports degraded while it is away, then gives back surviving sandboxes and replaces lost ones', async () => {
    const { engine, sessions } = server.context;
    const alice = new Learner(server.url);
    const { id: aliceSession } = await alice.session();
    const aliceSandbox = sessions.get(aliceSession)!.sandboxId!;
    const term = await alice.terminal(aliceSession, 'main');
    term.type('echo kept > /root/work.txt; sleep 2002 & echo started-$((3*3))\n');
    await term.waitFor(/started-9\r\n/);
    await until('the pool is full again', () => engine.pool.ready().length === 1 && engine.pool.health().creating === 0);
    const bob = new Learner(server.url);
    const { id: bobSession } = await bob.session();
    const bobSandbox = sessions.get(bobSession)!.sandboxId!;
    await until('the pool is full again', () => engine.pool.ready().length === 1 && engine.pool.health().creating === 0);
    const pooled = engine.pool.ready()[0].id;
    // Bob's and the pooled sandbox will die while dockerd is away: their init processes, seen from the host.
    const doomed = await Promise.all([bobSandbox, pooled].map(async (id) => (await docker.getContainer(engine.sandboxes.get(id)!.ref).inspect()).State.Pid));

    await stopDockerd();
    for (const pid of doomed) process.kill(pid, 'SIGKILL');

    // The terminal is told to reconnect, not that the shell exited.
    expect(await term.closed(30_000)).toBe(1012);
    await until('health reports the engine down', async () => (await alice.json('GET', '/api/health')).status === 503, 30_000);
    const health = await alice.json<{ status: string; problems: string[]; engine: { reachable: boolean; state: string } }>('GET', '/api/health');
    expect(health.body).toMatchObject({ status: 'degraded', engine: { reachable: false, state: 'down' } });
    expect(health.body.problems.join('\n')).toMatch(/lost the container engine at .*docker\.sock/);
    expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(/dockyard_engine_up 0/);
    const carol = new Learner(server.url);
    const refused = await carol.json<{ error: string; message: string }>('POST', '/api/sessions');
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ error: 'engine_unavailable' });
    expect(refused.body.message).toMatch(/container engine is not available/);
    // Reconnecting now: "try again later".
    const early = await alice.terminal(aliceSession, 'main');
    expect(await early.closed()).toBe(1013);

    await startDockerd();
    await until('health is ok again', async () => (await alice.json('GET', '/api/health')).status === 200);

    // Alice's sandbox survived: same sandbox, her file; the shell cut off from her is ended.
    expect(await alice.json('GET', `/api/sessions/${aliceSession}`)).toMatchObject({ status: 200, body: { status: 'ready' } });
    expect(sessions.get(aliceSession)!.sandboxId).toBe(aliceSandbox);
    const again = await alice.terminal(aliceSession, 'main');
    again.type('cat /root/work.txt; pgrep -f "sleep 2002" >/dev/null || echo job-ended; echo shells=$(ls /run/dockyard/terminals | wc -l); docker version --format nested-{{.Server.Os}}\n');
    await again.waitFor(/kept\r\njob-ended\r\nshells=1\r\nnested-linux\r\n/, 30_000);
    again.close();

    // Bob's did not: his session is lost, with the reason, and reset gives him a new sandbox.
    const lost = await bob.json<{ status: string; message: string }>('GET', `/api/sessions/${bobSession}`);
    expect(lost.body.status).toBe('lost');
    expect(lost.body.message).toMatch(/did not survive a restart of the container engine/);
    const reset = await bob.json<{ status: string }>('POST', `/api/sessions/${bobSession}/reset`);
    expect(reset.body.status).toBe('ready');
    expect([bobSandbox, pooled]).not.toContain(sessions.get(bobSession)!.sandboxId);

    // The pool refilled with a new sandbox; the dead one is gone for good.
    await until('the pool is full again', () => engine.pool.ready().length === 1 && engine.pool.health().creating === 0);
    expect(engine.sandboxes.get(pooled)).toBeUndefined();
    expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(/dockyard_engine_up 1/);
    // Carol, refused before, is served now.
    expect((await carol.session()).status).toBe('ready');

    for (const [learner, id] of [[alice, aliceSession], [bob, bobSession]] as const) await learner.request('DELETE', `/api/sessions/${id}`);
    await carol.request('DELETE', `/api/sessions/${(await carol.session()).id}`);
  });
});
