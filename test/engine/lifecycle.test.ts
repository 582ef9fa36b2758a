// A sandbox's life on the real engine: created ready, given to a learner,
// adopted by a restarted server, reaped when its time is up, and removed
// without leaving a container or a volume behind.
import Docker from 'dockerode';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Reaper, WarmPool, type SandboxEngine } from '../../engine/index.ts';
import { sh, testEngine } from './harness.ts';

// This file tests the Docker backend (DOCKYARD_ENGINE=docker): it looks at
// containers and volumes through Docker's own API. Each test file runs in a
// worker of its own, so this reaches only the servers and engines made here.
process.env.DOCKYARD_ENGINE = 'docker';

const docker = new Docker();
const created: { engine: SandboxEngine; id: string }[] = [];

async function leftovers(id: string): Promise<{ containers: number; volumes: number }> {
  const filters = { label: [`dockyard.sandbox=${id}`] };
  const containers = await docker.listContainers({ all: true, filters });
  const volumes = (await docker.listVolumes({ filters })).Volumes ?? [];
  return { containers: containers.length, volumes: volumes.length };
}

afterAll(async () => {
  for (const { engine, id } of created) await engine.destroy(id);
});

describe('create and destroy', () => {
  it('creates a sandbox whose nested engine already answers, and destroys it without a trace', async () => {
    const { engine } = await testEngine();
    const sandbox = await engine.create();
    expect(sandbox.ready).toBe(true);
    const version = await engine.run(sandbox.id, ['docker', 'version', '--format', '{{.Server.Version}}']);
    expect(version.stdout).toMatch(/^\d+\.\d+/);
    expect(await leftovers(sandbox.id)).toEqual({ containers: 1, volumes: 2 });

    await engine.destroy(sandbox.id);
    expect(await leftovers(sandbox.id)).toEqual({ containers: 0, volumes: 0 });
    expect(engine.get(sandbox.id)).toBeUndefined();
  });

  it('labels the sandbox as ours with its namespace, profile, creation and expiry, and applies the limits', async () => {
    const { engine, config } = await testEngine();
    const sandbox = await engine.create('learner_1');
    created.push({ engine, id: sandbox.id });
    const info = await docker.getContainer(sandbox.ref).inspect();
    expect(info.Name).toBe(`/dockyard-${inject('namespace')}-${sandbox.id}.learner_1`);
    expect(info.Config.Labels).toMatchObject({
      'dockyard.sandbox': sandbox.id,
      'dockyard.namespace': inject('namespace'),
      'dockyard.profile': 'trusted',
      'dockyard.created': sandbox.createdAt.toISOString(),
      'dockyard.expires': sandbox.expiresAt.toISOString(),
    });
    expect(sandbox.expiresAt.getTime() - sandbox.createdAt.getTime()).toBe(config.DOCKYARD_MAX_LIFETIME * 1000);
    expect(info.HostConfig).toMatchObject({ NetworkMode: 'none', Memory: 512 * 1024 ** 2, PidsLimit: 512, CapDrop: ['ALL'] });
    expect(info.HostConfig.Privileged).toBe(false);
  });

  it('has no network route out of the sandbox', async () => {
    const { engine } = await testEngine();
    const { id } = await engine.create();
    created.push({ engine, id });
    const routes = await sh(engine, id, 'ip -o link show | grep -v "lo:\\|docker0\\|veth" | wc -l; ip route show default | wc -l');
    expect(routes.stdout.split('\n').slice(0, 2)).toEqual(['0', '0']);
  });
});

describe('adoption after a restart', () => {
  it('lets a second engine instance take over the sandboxes of the first, owner included', async () => {
    const first = await testEngine();
    const sandbox = await first.engine.create('learner_2');
    created.push({ engine: first.engine, id: sandbox.id });
    await sh(first.engine, sandbox.id, 'echo kept > ~/work.txt');

    const second = await testEngine();
    const { adopted } = await second.engine.adopt();
    expect(adopted).toBeGreaterThanOrEqual(1);
    const again = second.engine.ownedBy('learner_2');
    expect(again?.id).toBe(sandbox.id);
    expect(again?.expiresAt.toISOString()).toBe(sandbox.expiresAt.toISOString());
    expect((await sh(second.engine, sandbox.id, 'cat ~/work.txt')).stdout).toBe('kept\n');
  });

  it('removes stopped sandboxes (owned or pooled) and volumes whose container is gone', async () => {
    // A namespace of its own: adopting the shared one would take other test files' sandboxes.
    const own = { DOCKYARD_NAMESPACE: `${inject('namespace')}-adopt` };
    const { engine } = await testEngine(own);
    const stopped = await engine.create();
    await docker.getContainer(stopped.ref).stop({ t: 0 });
    const stoppedOwned = await engine.create('learner_gone');
    await docker.getContainer(stoppedOwned.ref).stop({ t: 0 });
    const orphan = await engine.create();
    await docker.getContainer(orphan.ref).remove({ force: true });

    const fresh = await testEngine(own);
    // Two stopped sandboxes, and the two volumes of the one whose container was removed.
    expect(await fresh.engine.adopt()).toEqual({ adopted: 0, removed: 4 });
    for (const gone of [stopped, stoppedOwned, orphan]) expect(await leftovers(gone.id)).toEqual({ containers: 0, volumes: 0 });
  });
});

describe('reaper', () => {
  it('removes an expired sandbox and an idle one, and leaves an active one', async () => {
    const { engine, config } = await testEngine({ DOCKYARD_IDLE_TIMEOUT: '60s' });
    const reaper = new Reaper(engine, { idleTimeoutS: config.DOCKYARD_IDLE_TIMEOUT, poolMaxAgeS: 3600 });
    const [idle, active] = await Promise.all([engine.create('idle_learner'), engine.create('active_learner')]);
    created.push({ engine, id: active.id });
    idle.lastActiveAt = new Date(Date.now() - 61_000);
    expect(await reaper.reapNow()).toBe(1);
    expect(await leftovers(idle.id)).toEqual({ containers: 0, volumes: 0 });

    const afterLifetime = new Date(active.expiresAt.getTime() + 1);
    engine.touch(active.id);
    active.lastActiveAt = afterLifetime;
    expect(await reaper.reapNow(afterLifetime)).toBe(1);
    expect(await leftovers(active.id)).toEqual({ containers: 0, volumes: 0 });
  });
});

describe('warm pool', () => {
  it('hands out a ready sandbox and refills itself', async () => {
    const { engine } = await testEngine();
    const pool = new WarmPool(engine, 1);
    await pool.filled();
    const [waiting] = pool.ready();

    const { sandbox, fromPool } = await pool.claim('pool_learner');
    created.push({ engine, id: sandbox.id });
    expect(fromPool).toBe(true);
    expect(sandbox.id).toBe(waiting.id);
    expect(sandbox.owner).toBe('pool_learner');
    expect((await docker.getContainer(sandbox.ref).inspect()).Name).toMatch(/\.pool_learner$/);

    await pool.filled();
    const [refilled] = pool.ready();
    created.push({ engine, id: refilled.id });
    expect(refilled.id).not.toBe(sandbox.id);
    pool.stop();
  });
});
