// How many idle sandboxes (nested engine running) fit on this host: create
// them in steps, let each step settle, and read what they cost — their
// cgroups' memory, tasks and CPU, and their containerd shims — beside the
// host's free memory and task count. Steps stop early when memory or the
// kernel's task limit would run short; beyond the last step the fit is
// extrapolated from the measured cost per sandbox. Every sandbox made here
// is removed at the end.
import os from 'node:os';
import type { BackendName, Sandbox, SandboxBackend } from '../../engine/index.ts';
import { median } from '../bench/stats.ts';
import { engineDaemonsRssMiB, hostCpuTicks, hostTasks, loadAverage, memAvailableMiB, namespaceUsage, otherContainers, pidMax, shimUsage } from './host-probe.ts';
import { CPU_HEADROOM } from './capacity.ts';
import { openNamespace } from './namespace.ts';

export const DENSITY_NAMESPACE = 'load-density';
/** Memory left to the host, the server and the learners' activity; a step that would dip below it is not made. */
export const RESERVE_MiB = 4096;
/** Share of pid_max the sandboxes may take: the host's own processes need the rest. */
const TASK_SHARE = 0.8;
const SETTLE_S = 15;
const PARALLEL_CREATES = 2;

export interface DensityStep {
  sandboxes: number;
  createMs: number[];
  /** Per sandbox, from its cgroups. */
  memoryMiB: number[];
  tasks: number[];
  /** Per sandbox, its containerd shim or LXC monitor on the host (outside its cgroup). */
  shimMiB: number[];
  shimThreads: number[];
  memAvailableMiB: number;
  hostTasks: number;
  engineRssMiB: Record<'dockerd' | 'containerd' | 'incusd', number>;
  /** The whole host's CPU use while the step's sandboxes sat idle. */
  idleHostBusyPercent: number;
  /** Per sandbox, from its cgroup, while it sat idle: % of one core. */
  idleCpuPercent: number[];
}

export interface DensityResult {
  /** The backend the sandboxes ran on (DOCKYARD_ENGINE). */
  backend: BackendName;
  startedAt: Date;
  before: { memAvailableMiB: number; hostTasks: number; loadAverage: number; otherContainers: number; engineRssMiB: number };
  pidMax: number;
  steps: DensityStep[];
  stoppedEarly?: string;
  /** Beyond the last step: what a sandbox costs (see costPerSandbox) and how many sandboxes that leaves room for. */
  extrapolated?: { memoryMiBPerSandbox: number; tasksPerSandbox: number; cpuPercentPerSandbox: number; byMemory: number; byTasks: number; byCpu: number };
}

/**
 * What one sandbox costs the host, from the step's readings: its cgroup, its
 * containerd shim (LXC monitor), and its share of what the engine daemons
 * (dockerd and containerd, or incusd) grew by.
 * Each is read for this run's sandboxes alone, so other work on a shared host
 * does not move it (the host's free memory, which it does move, is shown
 * beside it but not used).
 */
function costPerSandbox(before: DensityResult['before'], step: DensityStep): { memoryMiB: number; tasks: number } {
  const daemonsGrowth = Math.max(0, Object.values(step.engineRssMiB).reduce((a, b) => a + b, 0) - before.engineRssMiB) / step.sandboxes;
  return {
    memoryMiB: median(step.memoryMiB) + median(step.shimMiB) + daemonsGrowth,
    tasks: median(step.tasks) + median(step.shimThreads),
  };
}

/** Waits while the sandboxes sit idle; returns the host's CPU use meanwhile, and each sandbox's (its cgroup's), in %. */
async function settle(backend: SandboxBackend, seconds: number): Promise<{ hostBusyPercent: number; sandboxCpuPercent: number[] }> {
  const before = { host: await hostCpuTicks(), sandboxes: await namespaceUsage(backend), at: performance.now() };
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const host = await hostCpuTicks();
  const elapsed = (performance.now() - before.at) / 1000;
  const after = new Map((await namespaceUsage(backend)).map((u) => [u.ref, u.cpuSeconds]));
  return {
    hostBusyPercent: (100 * (host.busy - before.host.busy)) / (host.total - before.host.total),
    sandboxCpuPercent: before.sandboxes.filter((u) => after.has(u.ref)).map((u) => (100 * (after.get(u.ref)! - u.cpuSeconds)) / elapsed),
  };
}

export async function runDensity(targets: number[], log: (line: string) => void): Promise<DensityResult> {
  const space = await openNamespace(DENSITY_NAMESPACE);
  const leftovers = await space.sweep();
  if (leftovers) log(`removed ${leftovers} sandbox(es) left by an interrupted density run`);
  const result: DensityResult = {
    backend: space.backend.name,
    startedAt: new Date(),
    before: {
      memAvailableMiB: await memAvailableMiB(),
      hostTasks: await hostTasks(),
      loadAverage: loadAverage(),
      otherContainers: await otherContainers(space.backend, DENSITY_NAMESPACE),
      engineRssMiB: Object.values(await engineDaemonsRssMiB()).reduce((a, b) => a + b, 0),
    },
    pidMax: await pidMax(),
    steps: [],
  };
  log(`density: steps ${targets.join(', ')} on ${space.backend.name} (host load average ${result.before.loadAverage}, ${result.before.otherContainers} other container(s), ${Math.round(result.before.memAvailableMiB)} MiB available)`);
  const made: Sandbox[] = [];
  try {
    for (const target of [...targets].sort((a, b) => a - b)) {
      const last = result.steps.at(-1);
      if (last) {
        const cost = costPerSandbox(result.before, last);
        if (last.memAvailableMiB - cost.memoryMiB * (target - last.sandboxes) < RESERVE_MiB) {
          result.stoppedEarly = `${target} sandboxes would leave less than ${RESERVE_MiB} MiB of memory`;
          break;
        }
        if (last.hostTasks + cost.tasks * (target - last.sandboxes) > TASK_SHARE * result.pidMax) {
          result.stoppedEarly = `${target} sandboxes would take more than ${TASK_SHARE * 100}% of pid_max (${result.pidMax}) in tasks`;
          break;
        }
      }
      log(`  creating sandboxes ${made.length + 1}–${target} …`);
      const createMs: number[] = [];
      while (made.length < target) {
        const batch = Math.min(PARALLEL_CREATES, target - made.length);
        const created = await Promise.all(Array.from({ length: batch }, async () => {
          const started = performance.now();
          const sandbox = await space.engine.create();
          createMs.push(performance.now() - started);
          return sandbox;
        }));
        made.push(...created);
      }
      const idle = await settle(space.backend, SETTLE_S);
      const usage = await namespaceUsage(space.backend);
      const shims = await shimUsage();
      const ownShims = usage.map((u) => shims.get(u.ref)).filter((shim) => shim !== undefined);
      const step: DensityStep = {
        sandboxes: made.length,
        createMs,
        memoryMiB: usage.map((u) => u.memoryMiB),
        tasks: usage.map((u) => u.pids),
        shimMiB: ownShims.map((shim) => shim.rssMiB),
        shimThreads: ownShims.map((shim) => shim.threads),
        memAvailableMiB: await memAvailableMiB(),
        hostTasks: await hostTasks(),
        engineRssMiB: await engineDaemonsRssMiB(),
        idleHostBusyPercent: idle.hostBusyPercent,
        idleCpuPercent: idle.sandboxCpuPercent,
      };
      result.steps.push(step);
      log(`  ${step.sandboxes} idle: ${median(step.memoryMiB).toFixed(1)} MiB and ${median(step.tasks)} tasks each, ${Math.round(step.memAvailableMiB)} MiB available, ${median(step.idleCpuPercent).toFixed(2)}% of a core each while idle (host ${step.idleHostBusyPercent.toFixed(0)}% busy)`);
    }
  } catch (err) {
    result.stoppedEarly = `creating a sandbox failed: ${(err as Error).message}`;
  } finally {
    log(`  removing ${made.length} sandbox(es) …`);
    await space.sweep();
  }
  const last = result.steps.at(-1);
  if (last) {
    const cost = costPerSandbox(result.before, last);
    const cpuPercentPerSandbox = median(last.idleCpuPercent);
    result.extrapolated = {
      memoryMiBPerSandbox: cost.memoryMiB,
      tasksPerSandbox: cost.tasks,
      cpuPercentPerSandbox,
      byCpu: Math.floor((os.cpus().length * 100 * CPU_HEADROOM) / cpuPercentPerSandbox),
      byMemory: last.sandboxes + Math.floor((last.memAvailableMiB - RESERVE_MiB) / cost.memoryMiB),
      byTasks: last.sandboxes + Math.floor((TASK_SHARE * result.pidMax - last.hostTasks) / cost.tasks),
    };
  }
  return result;
}
