// One load run: a real server in its own process, N simulated learners who
// arrive over the ramp and then all work for the duration, and readings of
// the server process, the host and the engine taken meanwhile. Everything
// the run created is removed at the end.
import { startServerProcess } from '../bench/server-process.ts';
import type { BackendName } from '../../engine/index.ts';
import { percentile } from '../bench/stats.ts';
import {
  engineCpuSeconds, engineDaemonsRssMiB, hostCpuTicks, loadAverage, memAvailableMiB, namespaceUsage, otherContainers,
  processCpuSeconds, processRssMiB, type SandboxUsage,
} from './host-probe.ts';
import { openNamespace, solutionCommands } from './namespace.ts';
import { LoadRecorder } from './recorder.ts';
import { SimulatedLearner } from './simulated-learner.ts';

export const LOAD_NAMESPACE = 'load';
const SAMPLE_EVERY_MS = 2000;
const PROGRESS_EVERY_MS = 15_000;

export interface LoadOptions {
  learners: number;
  durationS: number;
  rampS: number;
  exerciseId: string;
  log: (line: string) => void;
}

export interface LoadResult {
  options: Omit<LoadOptions, 'log'>;
  /** The backend the server's sandboxes ran on (DOCKYARD_ENGINE). */
  backend: BackendName;
  startedAt: Date;
  /** The caps the server was started with, raised because every simulated learner comes from 127.0.0.1. */
  serverCaps: Record<string, string>;
  recorder: LoadRecorder;
  /** Per sampling interval: the server's CPU use in % of one core, its RSS, and the whole host's CPU use in %. */
  serverCpuPercent: number[];
  serverRssMiB: number[];
  hostBusyPercent: number[];
  before: { loadAverage: number; otherContainers: number; memAvailableMiB: number };
  /** Read at the end of the steady state, before any learner left. */
  atPeak: { engineRssMiB: Record<'dockerd' | 'containerd' | 'incusd', number>; sandboxes: SandboxUsage[]; memAvailableMiB: number };
  /**
   * CPU the work itself took while every learner was working (from the end of
   * the ramp to the end), in % of one core: each sandbox's cgroup, the server
   * process, the host's engine processes (shared with anyone else using the
   * engine) and this load driver. Unlike latencies, CPU time hardly depends on
   * what else the host is doing, so it estimates capacity on a busy machine too.
   */
  steady: { seconds: number; serverCpuPercent: number; sandboxCpuPercent: number[]; engineCpuPercent: number; driverCpuPercent: number };
}

interface Sampler {
  stop(): Promise<void>;
}

function sampleResources(pid: number, into: Pick<LoadResult, 'serverCpuPercent' | 'serverRssMiB' | 'hostBusyPercent'>): Sampler {
  const read = async () => ({ cpu: await processCpuSeconds(pid), host: await hostCpuTicks(), at: performance.now() });
  let stopped = false;
  // One reading after another, never overlapping: on a loaded host a timer's
  // callbacks bunch up, and two readings a moment apart give nonsense rates.
  const loop = (async () => {
    let before = await read();
    while (!stopped) {
      await new Promise((r) => setTimeout(r, SAMPLE_EVERY_MS));
      try {
        const now = await read();
        into.serverCpuPercent.push((100 * (now.cpu - before.cpu)) / ((now.at - before.at) / 1000));
        into.hostBusyPercent.push((100 * (now.host.busy - before.host.busy)) / (now.host.total - before.host.total));
        into.serverRssMiB.push(await processRssMiB(pid));
        before = now;
      } catch {
        // A server that died mid-run shows up in the learners' errors; its last readings are what we have.
        return;
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { learners, durationS, rampS, exerciseId, log } = options;
  const space = await openNamespace(LOAD_NAMESPACE);
  const leftovers = await space.sweep();
  if (leftovers) log(`removed ${leftovers} sandbox(es) left by an interrupted load run`);
  const solution = await solutionCommands(exerciseId);
  const serverCaps = {
    DOCKYARD_MAX_SANDBOXES: String(learners),
    DOCKYARD_MAX_SESSIONS_PER_CLIENT: String(learners),
    DOCKYARD_SESSION_RATE_LIMIT: String(Math.max(20, 2 * learners)),
  };
  const result: LoadResult = {
    options: { learners, durationS, rampS, exerciseId },
    backend: space.backend.name,
    startedAt: new Date(),
    serverCaps,
    recorder: new LoadRecorder(),
    serverCpuPercent: [],
    serverRssMiB: [],
    hostBusyPercent: [],
    before: { loadAverage: loadAverage(), otherContainers: await otherContainers(space.backend, LOAD_NAMESPACE), memAvailableMiB: await memAvailableMiB() },
    atPeak: { engineRssMiB: { dockerd: 0, containerd: 0, incusd: 0 }, sandboxes: [], memAvailableMiB: 0 },
    steady: { seconds: 0, serverCpuPercent: Number.NaN, sandboxCpuPercent: [], engineCpuPercent: Number.NaN, driverCpuPercent: Number.NaN },
  };
  log(`load: ${learners} learner(s) on ${space.backend.name}, arriving over ${rampS} s, then all working for ${durationS} s (host load average ${result.before.loadAverage}, ${result.before.otherContainers} other container(s) running)`);
  const server = await startServerProcess(LOAD_NAMESPACE, { ...serverCaps, DOCKYARD_DATABASE: ':memory:' });
  const sampler = sampleResources(server.pid, result);
  const { recorder } = result;
  const crowd = Array.from({ length: learners }, () => new SimulatedLearner(server.url, { exerciseId, solution }, recorder));
  const progress = setInterval(() => {
    log(`  ${recorder.sessionReadyMs.length}/${learners} sandboxes ready, ${recorder.echoMs.length} keystrokes (echo p95 ${percentile(recorder.echoMs, 95).toFixed(1)} ms), ${recorder.errorCount()} error(s)`);
  }, PROGRESS_EVERY_MS);
  try {
    const t0 = Date.now();
    const end = t0 + (rampS + durationS) * 1000;
    const working = crowd.map(async (learner, i) => {
      await new Promise((r) => setTimeout(r, (rampS * 1000 * i) / learners));
      await learner.work(end);
    });
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + rampS * 1000 - Date.now())));
    const steadyFrom = { at: performance.now(), server: await processCpuSeconds(server.pid), engine: await engineCpuSeconds(), driver: process.cpuUsage(), sandboxes: await namespaceUsage(space.backend) };
    await new Promise((r) => setTimeout(r, Math.max(0, end - Date.now())));
    result.atPeak = {
      engineRssMiB: await engineDaemonsRssMiB(),
      sandboxes: await namespaceUsage(space.backend),
      memAvailableMiB: await memAvailableMiB(),
    };
    const seconds = (performance.now() - steadyFrom.at) / 1000;
    const driver = process.cpuUsage(steadyFrom.driver);
    const cpuAtStart = new Map(steadyFrom.sandboxes.map((u) => [u.ref, u.cpuSeconds]));
    result.steady = {
      seconds,
      serverCpuPercent: (100 * ((await processCpuSeconds(server.pid)) - steadyFrom.server)) / seconds,
      engineCpuPercent: (100 * ((await engineCpuSeconds()) - steadyFrom.engine)) / seconds,
      driverCpuPercent: (100 * (driver.user + driver.system)) / 1e6 / seconds,
      sandboxCpuPercent: result.atPeak.sandboxes.filter((u) => cpuAtStart.has(u.ref)).map((u) => (100 * (u.cpuSeconds - cpuAtStart.get(u.ref)!)) / seconds),
    };
    await Promise.all(working);
  } finally {
    clearInterval(progress);
    await sampler.stop();
    await Promise.all(crowd.map((learner) => learner.end().catch((err: Error) => recorder.error('session_end', err.message))));
    await server.stop();
    // The pool's sandboxes (and any a failed DELETE left) outlive the server by design.
    await space.sweep();
  }
  return result;
}
