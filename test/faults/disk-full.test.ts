// The engine's disk nearly full: with less free space on its data root than
// DOCKYARD_MIN_FREE_DISK, new sandboxes are refused (507 disk_full, saying
// how much is free and the threshold), the pool stops filling, health says
// why, and existing sandboxes keep working. The thresholds are set around a
// real reading of the real disk, taken here.
import { statfs } from 'node:fs/promises';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/main.ts';
import { Learner, testServer } from '../server/harness.ts';

// This file tests the Docker backend (DOCKYARD_ENGINE=docker): it looks at
// containers and volumes through Docker's own API. Each test file runs in a
// worker of its own, so this reaches only the servers and engines made here.
process.env.DOCKYARD_ENGINE = 'docker';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
let running: RunningServer | undefined;

afterAll(async () => {
  await running?.stop();
});

async function freeBytesOfEngineDisk(): Promise<{ root: string; free: number }> {
  const root = (await new Docker().info()).DockerRootDir as string;
  const { bavail, bsize } = await statfs(root);
  return { root, free: bavail * bsize };
}

/** The same learner (same cookie) talking to another server. */
function at(url: string, learner: Learner): Learner {
  const moved = new Learner(url);
  moved.cookie = learner.cookie;
  return moved;
}

async function serve(env: Record<string, string>): Promise<RunningServer> {
  await running?.stop();
  running = await testServer('disk', env);
  return running;
}

describe('the engine disk nearly full', () => {
  it('refuses new sandboxes and stops the pool while free space is under the threshold, and admits them again above it', async () => {
    // A learner who got a sandbox while there was room.
    const roomy = await serve({ DOCKYARD_POOL_SIZE: '0' });
    const alice = new Learner(roomy.url);
    const { id: aliceSession } = await alice.session();
    const term = await alice.terminal(aliceSession, 'main');
    term.type('echo kept > /root/work.txt; echo written-$((7*6))\n');
    await term.waitFor(/written-42\r\n/);
    term.close();

    const { root, free } = await freeBytesOfEngineDisk();
    const tight = await serve({ DOCKYARD_POOL_SIZE: '1', DOCKYARD_MIN_FREE_DISK: `${Math.ceil((free + 10 * GiB) / MiB)}m` });
    const health = await at(tight.url, alice).json<{ status: string; problems: string[]; disk: { measured: boolean; low: boolean; path: string } }>('GET', '/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'degraded', disk: { measured: true, low: true, path: root } });
    expect(health.body.problems.join('\n')).toMatch(/is free on .*new sandboxes need at least .*DOCKYARD_MIN_FREE_DISK/);

    const bob = new Learner(tight.url);
    const refused = await bob.json<{ error: string; message: string }>('POST', '/api/sessions');
    expect(refused.status).toBe(507);
    expect(refused.body.error).toBe('disk_full');
    expect(refused.body.message).toMatch(new RegExp(`only [\\d.]+ GiB is free on ${root}.*at least [\\d.]+ GiB free \\(DOCKYARD_MIN_FREE_DISK\\)`));
    // The pool makes nothing either.
    expect(tight.context.engine.pool.health()).toMatchObject({ ready: 0, creating: 0 });
    expect(tight.context.engine.sandboxes.list()).toHaveLength(1);

    // Alice's sandbox, made before, works as before.
    const again = await at(tight.url, alice).terminal(aliceSession, 'main');
    again.type('cat /root/work.txt\n');
    await again.waitFor(/kept\r\n/);
    again.close();

    const relaxed = await serve({ DOCKYARD_POOL_SIZE: '1', DOCKYARD_MIN_FREE_DISK: `${Math.max(1, Math.floor(free / 2 / MiB))}m` });
    const bobNow = at(relaxed.url, bob);
    expect((await bobNow.session()).status).toBe('ready');
    await relaxed.context.engine.pool.filled();
    expect((await bobNow.json('GET', '/api/health')).status).toBe(200);
    for (const learner of [at(relaxed.url, alice), bobNow]) await learner.request('DELETE', `/api/sessions/${(await learner.session()).id}`);
  });
});
