// A learner filling the disk is held to the sandbox's disk budget, which the
// engine enforces from the host (overlay2 on ext4 has no quota): writers are
// stopped and told why, a sandbox far over budget is removed, and the
// neighbour keeps working throughout.
import { describe, expect, it, vi } from 'vitest';
import type { DiskBudgetAction } from '../../engine/index.ts';
import { expectNeighbourUnaffected, neighbourhood, platformRun, typeAndSee } from './neighbourhood.ts';

// This file tests the Docker backend (DOCKYARD_ENGINE=docker): it looks at
// containers and volumes through Docker's own API. Each test file runs in a
// worker of its own, so this reaches only the servers and engines made here.
process.env.DOCKYARD_ENGINE = 'docker';

const BUDGET = 512 * 1024 ** 2;
const place = neighbourhood('abuse-disk', { DOCKYARD_SANDBOX_DISK_BUDGET: '512m' });

function nextDiskAction(): Promise<DiskBudgetAction> {
  return new Promise((resolve) => place.server.context.engine.sandboxes.once('diskBudgetExceeded', (_sandbox, action) => resolve(action)));
}

/** Polls until `condition` holds: the engine acts on a sandbox after telling listeners. */
async function eventually(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  await vi.waitFor(async () => {
    if (!(await condition())) throw new Error(`never happened: ${what}`);
  }, { timeout: 30_000, interval: 100 });
}

describe('a disk filler', () => {
  it('is stopped soon after the budget and told why; deleting files lets the learner go on', async () => {
    const term = await place.abuser.learner.terminal(place.abuser.sessionId, 'fill');
    await typeAndSee(term, 'echo ready');
    const action = nextDiskAction();
    // About 200 MB/s, as below: a full-speed dd on a busy host can pass twice the budget before
    // the stop lands, and then the sandbox is removed instead (that overshoot is measured in bench).
    term.type('i=0; while [ $i -lt 400 ]; do dd if=/dev/zero of=/root/fill bs=1M count=10 oflag=append conv=notrunc 2>/dev/null; i=$((i+1)); sleep 0.05; done\n');
    expect(await action).toMatchObject({ action: 'stopped', budgetBytes: BUDGET });
    const seen = await term.waitFor(/limit is 512 MiB\. Your running commands were stopped/, 30_000);
    expect(seen).toMatch(/Your sandbox uses \d+ MiB of disk/);
    // dd was one of the learner's processes, and so was the shell it ran in.
    await term.closed(15_000);
    const written = Number(await platformRun(place, place.abuser, 'stat -c %s /root/fill'));
    expect(written).toBeGreaterThan(BUDGET / 2);
    expect(written).toBeLessThan(4000 * 1024 ** 2);
    await expectNeighbourUnaffected(place);

    const again = await place.abuser.learner.terminal(place.abuser.sessionId, 'cleanup');
    expect(await typeAndSee(again, 'rm /root/fill; echo cleaned-$((1+1))')).toContain('cleaned-2');
    const used = await place.server.context.engine.diskBudget.checkNow(place.abuser.sandboxId);
    expect(used).toBeLessThan(BUDGET);
    expect(await typeAndSee(again, 'echo still-here-$((2+3))')).toContain('still-here-5');
    again.close();
  });

  it('also stops containers the learner runs in the nested engine', async () => {
    const term = await place.abuser.learner.terminal(place.abuser.sessionId, 'nested');
    await typeAndSee(term, 'docker pull -q busybox', 120_000);
    const action = nextDiskAction();
    // About 200 MB/s: slow enough that it cannot reach twice the budget (removal) before the stop lands on a busy host.
    term.type('docker run -d --name filler busybox sh -c \'i=0; while [ $i -lt 400 ]; do dd if=/dev/zero of=/f$i bs=1M count=10 2>/dev/null; i=$((i+1)); sleep 0.05; done\'\n');
    expect(await action).toMatchObject({ action: 'stopped' });
    await term.closed(15_000);
    await eventually(async () => (await platformRun(place, place.abuser, 'docker ps -q | wc -l')).trim() === '0', 'the nested container stopped');
    expect((await platformRun(place, place.abuser, 'docker inspect -f {{.State.Running}} filler')).trim()).toBe('false');
    await platformRun(place, place.abuser, 'docker rm -f filler');
    expect(await place.server.context.engine.diskBudget.checkNow(place.abuser.sandboxId)).toBeLessThan(BUDGET);
    await expectNeighbourUnaffected(place);
  });

  it('removes a sandbox that preallocates far more than its budget, giving the space back', async () => {
    const term = await place.abuser.learner.terminal(place.abuser.sessionId, 'prealloc');
    await typeAndSee(term, 'echo ready');
    const action = nextDiskAction();
    term.type('fallocate -l 3G /root/huge\n');
    expect(await action).toMatchObject({ action: 'removed' });
    await term.waitFor(/far over the limit, so the sandbox was removed/, 30_000);
    await term.closed(15_000);
    await eventually(() => place.server.context.engine.sandboxes.get(place.abuser.sandboxId) === undefined, 'the sandbox was removed');
    expect((await place.abuser.learner.json('GET', `/api/sessions/${place.abuser.sessionId}`)).status).toBe(404);
    await expectNeighbourUnaffected(place);
  });
});
