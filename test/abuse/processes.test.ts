// Runaway processes typed into one learner's terminal — a fork bomb, a memory
// hog, CPU spinners — are held by that sandbox's limits, while a neighbour on
// the same server keeps working and the platform keeps control.
import { describe, expect, it, vi } from 'vitest';
import { expectNeighbourUnaffected, grade, neighbourhood, platformRun, typeAndSee } from './neighbourhood.ts';


const place = neighbourhood('abuse-processes', { DOCKYARD_SANDBOX_MEMORY: '256m', DOCKYARD_SANDBOX_PIDS: '256', DOCKYARD_SANDBOX_CPUS: '0.5' });

const V2 = '[ -f /sys/fs/cgroup/cgroup.controllers ]';
// current and max processes of the learner cgroup, and how many forks its limit refused.
const LEARNER_PIDS = `if ${V2}; then d=/sys/fs/cgroup/learner; else d=/sys/fs/cgroup/pids/learner; fi; echo $(cat $d/pids.current) $(cat $d/pids.max) $(awk '/^max/ {print $2}' $d/pids.events)`;
// Processes the memory limit killed in this sandbox.
const OOM_KILLS = `if ${V2}; then f=/sys/fs/cgroup/memory.events; else f=/sys/fs/cgroup/memory/memory.oom_control; fi; awk '/^oom_kill / {print $2}' $f`;
// CPU quota and period, CPU time used (ns), periods throttled, and the time (ns).
const CPU_STATS = `if ${V2}; then read q p < /sys/fs/cgroup/cpu.max; u=$(awk '/^usage_usec/ {print $2 * 1000}' /sys/fs/cgroup/cpu.stat); t=$(awk '/^nr_throttled/ {print $2}' /sys/fs/cgroup/cpu.stat);
else q=$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us); p=$(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us); u=$(cat /sys/fs/cgroup/cpuacct/cpuacct.usage); t=$(awk '/^nr_throttled/ {print $2}' /sys/fs/cgroup/cpu/cpu.stat); fi
echo $q $p $u $t $(date +%s%N)`;

describe('abuse in one sandbox', () => {
  it('holds a fork bomb at the learner pids limit; the platform still grades and clears it', async () => {
    const term = await place.abuser.learner.terminal(place.abuser.sessionId, 'bomb');
    await typeAndSee(term, 'echo ready');
    term.type('bomb() { bomb | bomb & }; bomb\n');
    // Until the limit has refused a fork.
    const [current, max, refused] = await vi.waitFor(async () => {
      const numbers = (await platformRun(place, place.abuser, LEARNER_PIDS)).trim().split(' ').map(Number);
      expect(numbers[2]).toBeGreaterThan(0);
      return numbers;
    }, { timeout: 60_000, interval: 250 });
    expect(max).toBe(256 - 32);
    expect(current).toBeLessThanOrEqual(max);
    expect(refused).toBeGreaterThan(0);
    // Checks run in the platform's reserve of processes, beside the bomb.
    expect((await grade(place.abuser)).status).toBe(200);
    await expectNeighbourUnaffected(place);

    await place.server.context.engine.sandboxes.stopLearnerProcesses(place.abuser.sandboxId);
    // The bomb's shell was one of the learner's processes: its terminal ends with it.
    await term.closed(15_000);
    const [after] = (await platformRun(place, place.abuser, LEARNER_PIDS)).trim().split(' ').map(Number);
    expect(after).toBeLessThan(10);
    const fresh = await place.abuser.learner.terminal(place.abuser.sessionId, 'after-bomb');
    expect(await typeAndSee(fresh, 'echo back-$((1+1))')).toContain('back-2');
    fresh.close();
  });

  it('kills a memory hog at the sandbox memory limit and leaves the neighbour untouched', async () => {
    const neighbourShell = (await typeAndSee(place.neighbourTerminal, 'echo shell=$$')).match(/shell=(\d+)/)![1];
    const neighbourKillsBefore = Number(await platformRun(place, place.neighbour, OOM_KILLS));
    const term = await place.abuser.learner.terminal(place.abuser.sessionId, 'hog');
    // tail holds an endless line in memory until the limit's OOM killer ends it.
    expect(await typeAndSee(term, 'head -c 2G /dev/zero | tail; echo hog-exit=$?', 90_000)).toMatch(/hog-exit=137/);
    expect(Number(await platformRun(place, place.abuser, OOM_KILLS))).toBeGreaterThan(0);
    expect(Number(await platformRun(place, place.neighbour, OOM_KILLS))).toBe(neighbourKillsBefore);
    expect(await typeAndSee(place.neighbourTerminal, 'echo shell=$$')).toContain(`shell=${neighbourShell}`);
    expect(await typeAndSee(term, 'echo alive-$((2+2))')).toContain('alive-4');
    term.close();
    await expectNeighbourUnaffected(place);
  });

  it('holds CPU spinners to the sandbox CPU quota', async () => {
    const term = await place.abuser.learner.terminal(place.abuser.sessionId, 'spin');
    await typeAndSee(term, 'for i in 1 2 3 4; do (while :; do :; done) & done');
    const sample = async () => (await platformRun(place, place.abuser, CPU_STATS)).trim().split(/\s+/).map(Number);
    // Measured once the spinners have taken hold: the quota has begun to throttle them.
    const [, , , throttledAtStart] = await sample();
    await expect.poll(async () => (await sample())[3], { timeout: 30_000, interval: 200 }).toBeGreaterThan(throttledAtStart);
    const [quota, period, usedBefore, throttledBefore, atBefore] = await sample();
    // A fixed window on purpose: the CPU time used within it is what is measured.
    await new Promise((r) => setTimeout(r, 3000));
    const [, , usedAfter, throttledAfter, atAfter] = await sample();

    expect(quota / period).toBeCloseTo(0.5);
    // Four spinners want four CPUs; the quota lets them have half of one, however idle the host is.
    const cpus = (usedAfter - usedBefore) / (atAfter - atBefore);
    expect(cpus).toBeGreaterThan(0);
    expect(cpus).toBeLessThanOrEqual(0.5 * 1.1);
    expect(throttledAfter).toBeGreaterThan(throttledBefore);
    await expectNeighbourUnaffected(place);

    await typeAndSee(term, 'kill $(jobs -p); wait');
    term.close();
  });
});
