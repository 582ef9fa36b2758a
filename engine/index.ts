// The engine's public face: everything the server and the CLI may use.
import Docker from 'dockerode';
import type { SandboxBackend } from './backend.ts';
import { planImages } from './build/inputs.ts';
import type { EngineConfig } from './config.ts';
import { DockerBackend } from './docker/backend.ts';
import { backoffMs, sleep } from './host/backoff.ts';
import type { Say } from './host/commands.ts';
import { EngineStatus } from './host/engine-status.ts';
import { IncusBackend } from './incus/backend.ts';
import { DiskBudget } from './sandbox/disk-budget.ts';
import { Reaper } from './sandbox/reaper.ts';
import { SandboxEngine } from './sandbox/sandbox-engine.ts';
import { WarmPool } from './sandbox/warm-pool.ts';

export { loadEngineConfig, parseEnvironment, seconds, bytes, ConfigError, type EngineConfig } from './config.ts';
export type { SandboxBackend, BackendName } from './backend.ts';
export { EngineError, EngineUnavailableError, type EngineErrorCode } from './errors.ts';
export type { EngineStatusView, EngineState } from './host/engine-status.ts';
export type { DiskReading } from './host/disk-space.ts';
export type { ImagePlan } from './build/inputs.ts';
export type { Say } from './host/commands.ts';
export type { Sandbox, DestroyReason, DiskBudgetAction } from './sandbox/sandbox-engine.ts';
export type { RunOptions, RunResult, InteractiveShell, TerminalOptions } from './sandbox/commands.ts';
export { DEFAULT_MAX_FILE_BYTES as MAX_FILE_BYTES, type DirectoryEntry } from './sandbox/paths.ts';
export { SandboxEngine, WarmPool, Reaper, DiskBudget };
export { toolOwner } from './sandbox/naming.ts';
export { trustRemote } from './incus/remote-trust.ts';
export type { SandboxInternals, ContainerInternals } from './internals/sandbox-internals.ts';

/** The backend the configuration names, not yet prepared. */
export async function chooseBackend(config: EngineConfig): Promise<SandboxBackend> {
  if (config.DOCKYARD_ENGINE === 'docker') return new DockerBackend(new Docker(), config, await planImages(config));
  return new IncusBackend(config, await planImages(config));
}

/** An engine that answers and a sandbox image on it: what every entry point needs first. */
export async function prepareHost(config: EngineConfig, say: Say): Promise<SandboxBackend> {
  const backend = await chooseBackend(config);
  await backend.prepare(say);
  return backend;
}

export interface RunningEngine {
  config: EngineConfig;
  backend: SandboxBackend;
  sandboxes: SandboxEngine;
  pool: WarmPool;
  reaper: Reaper;
  diskBudget: DiskBudget;
  /** Whether the container engine answers and has disk to spare; shared by the sandboxes and the pool. */
  status: EngineStatus;
  /** Resolves once the host is prepared and earlier sandboxes are adopted (rejects if stopped first). */
  ready: Promise<void>;
  /** Stops background work; running sandboxes stay for the next start to adopt. */
  stop(): void;
}

// How often the engine's free disk space is read while nothing else reads it.
const DISK_CHECK_INTERVAL_MS = 15_000;

/**
 * Returns at once and brings the engine up in the background: prepares the
 * host (retrying with backoff while no engine answers, saying why each time),
 * adopts sandboxes left by a previous run, then starts the pool, the reaper
 * and the watch that notices an engine going away and coming back.
 */
export async function openEngine(config: EngineConfig, say: Say): Promise<RunningEngine> {
  const backend = await chooseBackend(config);
  const status = new EngineStatus('starting', 'preparing the container engine and the sandbox image');
  const sandboxes = new SandboxEngine(backend, config, status);
  const pool = new WarmPool(sandboxes, config.DOCKYARD_POOL_SIZE, say);
  const reaper = new Reaper(sandboxes, { idleTimeoutS: config.DOCKYARD_IDLE_TIMEOUT, poolMaxAgeS: config.DOCKYARD_POOL_MAX_AGE }, () => pool.refill());
  const diskBudget = new DiskBudget(sandboxes, { budgetBytes: config.DOCKYARD_SANDBOX_DISK_BUDGET, maxIntervalS: config.DOCKYARD_DISK_CHECK_INTERVAL }, say);
  const watch = backend.watch(config.DOCKYARD_NAMESPACE, status);
  watch.on('gone', (id, detail, stopped) => {
    const handled = stopped ? sandboxes.revive(id, detail) : sandboxes.vanished(id, detail);
    handled.catch((err: Error) => say(`could not clean up vanished sandbox ${id}: ${err.message}`, 'warn'));
  });
  // Back after an absence: what happened to the sandboxes meanwhile is looked at before anyone may use them.
  const recover = (attempt: number) => {
    sandboxes.reconcile()
      .then(({ vanished }) => {
        status.up();
        say(`The container engine answers again${vanished ? `; ${vanished} sandbox(es) did not survive` : ''}.`);
      })
      .catch((err: Error) => {
        status.down(`the container engine came back but looking at its sandboxes failed: ${err.message}`);
        setTimeout(() => recover(attempt + 1), backoffMs(attempt)).unref();
      });
  };
  watch.on('back', () => recover(0));
  let stopped = false;
  const diskTimer = setInterval(() => {
    if (status.isUp) void sandboxes.measureDisk();
  }, DISK_CHECK_INTERVAL_MS);
  diskTimer.unref();

  const bringUp = async () => {
    for (let attempt = 0; ; attempt++) {
      if (stopped) throw new Error('the engine was stopped before it came up');
      try {
        await backend.prepare(say);
        const { adopted, removed } = await sandboxes.adopt();
        if (adopted || removed) say(`Adopted ${adopted} running sandbox(es); removed ${removed} leftover(s).`);
        await watch.start();
        break;
      } catch (err) {
        const wait = backoffMs(attempt);
        const reason = `${(err as Error).message} (attempt ${attempt + 1}; retrying in ${wait / 1000}s)`;
        status.starting(reason);
        say(reason, 'warn');
        await sleep(wait);
      }
    }
    if (stopped) throw new Error('the engine was stopped before it came up');
    await sandboxes.measureDisk();
    status.up();
    reaper.start(config.DOCKYARD_REAP_INTERVAL);
    diskBudget.start();
    pool.refill();
  };
  const ready = bringUp();
  // Whoever waits on `ready` sees a failure; nobody waiting must not crash the process.
  ready.catch(() => undefined);
  return {
    backend,
    config,
    sandboxes,
    pool,
    reaper,
    diskBudget,
    status,
    ready,
    stop() {
      stopped = true;
      clearInterval(diskTimer);
      watch.stop();
      pool.stop();
      reaper.stop();
      diskBudget.stop();
    },
  };
}
