// A learner who leaves the learner cgroup before a fork bomb: on Incus the
// sandbox's root cgroup cannot be re-entered, and the platform stops the
// learner's processes from the host, wherever in the sandbox's cgroups they
// went, without needing a free process slot inside.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxEngine } from '../../engine/index.ts';
import { sh, testEngine } from '../engine/harness.ts';

let engine: SandboxEngine;
let id: string;

beforeAll(async () => {
  engine = (await testEngine({ DOCKYARD_SANDBOX_PIDS: '256' })).engine;
  id = (await engine.create('escape_owner')).id;
});
afterAll(async () => {
  if (id) await engine.destroy(id);
});

/** Processes in the sandbox, or undefined when not even `cat` could be started there. */
async function pidsCurrent(): Promise<number | undefined> {
  const read = await engine.run(id, ['cat', '/sys/fs/cgroup/pids/pids.current'], { as: 'platform' }).catch(() => undefined);
  return read?.exitCode === 0 ? Number(read.stdout.trim()) : undefined;
}
const full = (n: number | undefined) => n === undefined || n >= 250;

describe('a learner who moves out of the learner cgroup', () => {
  it('cannot move a process back into the sandbox root cgroup', async () => {
    const moved = await sh(engine, id, 'echo $$ > /sys/fs/cgroup/pids/cgroup.procs && echo moved; echo $$ > /sys/fs/cgroup/freezer/cgroup.procs && echo moved');
    expect(moved.stdout).not.toContain('moved');
    expect(moved.stderr).toMatch(/Permission denied/);
    // The same learner may make and enter cgroups of their own, as the cgroups lesson does.
    const own = await sh(engine, id, 'mkdir -p /sys/fs/cgroup/pids/lab && echo $$ > /sys/fs/cgroup/pids/lab/cgroup.procs && echo joined');
    expect(own.stdout).toContain('joined');
  });

  it('is stopped from the host after a fork bomb outside the learner cgroup uses up the sandbox', async () => {
    const before = await pidsCurrent();
    void sh(engine, id, [
      'mkdir -p /sys/fs/cgroup/pids/away /sys/fs/cgroup/freezer/away',
      'echo $$ > /sys/fs/cgroup/pids/away/cgroup.procs',
      'echo $$ > /sys/fs/cgroup/freezer/away/cgroup.procs',
      'bomb() { bomb | bomb & }; bomb; sleep 60',
    ].join('; '), 90_000);
    // Full at some point: the bomb, outside the learner cgroup, took the
    // platform's reserve too (bash bombs ebb and flow as forks fail).
    await expect.poll(async () => full(await pidsCurrent()), { timeout: 30_000, interval: 100 }).toBe(true);

    await engine.stopLearnerProcesses(id);
    expect(await pidsCurrent()).toBeLessThanOrEqual(before! + 5);
    expect((await sh(engine, id, 'echo alive-$((3*3))')).stdout).toContain('alive-9');
  });
});
