// A learner's runaway process hits the sandbox's limits, and the sandbox
// (and so the learner's session) survives it.
import { expect, it, vi } from 'vitest';
import { sharedSandbox, sh } from './harness.ts';

const sandbox = sharedSandbox({ DOCKYARD_SANDBOX_MEMORY: '256m', DOCKYARD_SANDBOX_PIDS: '256' });

// current, max, and how many forks the limit refused (pids.events counts them).
const learnerPids = `if [ -f /sys/fs/cgroup/cgroup.controllers ]; then d=/sys/fs/cgroup/learner; else d=/sys/fs/cgroup/pids/learner; fi; echo $(cat $d/pids.current) $(cat $d/pids.max) $(awk '/^max/ {print $2}' $d/pids.events)`;

it('stops a fork bomb at the pids limit, keeps answering, and can clear it', async () => {
  await sh(sandbox.engine, sandbox.id, 'bomb() { bomb | bomb & }; bomb', 10_000);
  // Until the limit has refused a fork.
  const [current, max, refused] = await vi.waitFor(async () => {
    const during = await sandbox.engine.run(sandbox.id, ['bash', '-c', learnerPids], { as: 'platform' });
    const numbers = during.stdout.trim().split(' ').map(Number);
    expect(numbers[2]).toBeGreaterThan(0);
    return numbers;
  }, { timeout: 60_000, interval: 250 });
  expect(max).toBe(256 - 32);
  expect(current).toBeLessThanOrEqual(max);
  expect(refused).toBeGreaterThan(0);
  // Room to answer, not speed: on a host busy with other tests a bomb beside it can slow the engine down a lot.
  const info = await sandbox.engine.run(sandbox.id, ['docker', 'info', '--format', '{{.ServerVersion}}'], { as: 'platform', timeoutMs: 120_000 });
  expect(info.exitCode, info.stderr).toBe(0);

  await sandbox.engine.stopLearnerProcesses(sandbox.id);
  const after = await sh(sandbox.engine, sandbox.id, `echo alive; ${learnerPids}`);
  expect(after.stdout.split('\n')[0]).toBe('alive');
  expect(Number(after.stdout.split('\n')[1].split(' ')[0])).toBeLessThan(10);
}, 240_000);

it('kills a memory hog at the memory limit and still answers afterwards', async () => {
  // tail keeps an endless line in memory until the OOM killer ends it.
  const hog = await sh(sandbox.engine, sandbox.id, 'head -c 2G /dev/zero | tail; echo "exit=$?"', 180_000);
  expect(hog.stdout.trim()).toBe('exit=137');
  const after = await sh(sandbox.engine, sandbox.id, 'echo alive');
  expect(after.stdout.trim()).toBe('alive');
}, 240_000);
