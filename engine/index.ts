// The engine's public face: everything the server and the CLI may use.
import type Docker from 'dockerode';
import { prepareImages } from './build/prepare.ts';
import type { ImagePlan } from './build/inputs.ts';
import type { EngineConfig } from './config.ts';
import type { Say } from './host/commands.ts';
import { ensureEngine } from './host/ensure-engine.ts';
import { Reaper } from './sandbox/reaper.ts';
import { SandboxEngine } from './sandbox/sandbox-engine.ts';
import { WarmPool } from './sandbox/warm-pool.ts';

export { loadEngineConfig, parseEnvironment, seconds, bytes, ConfigError, type EngineConfig } from './config.ts';
export { EngineUnavailableError } from './host/ensure-engine.ts';
export { EngineError, type EngineErrorCode } from './errors.ts';
export type { ImagePlan } from './build/inputs.ts';
export type { Say } from './host/commands.ts';
export type { Sandbox, DestroyReason } from './sandbox/sandbox-engine.ts';
export type { RunOptions, RunResult, InteractiveShell, TerminalOptions } from './sandbox/exec.ts';
export { DEFAULT_MAX_FILE_BYTES as MAX_FILE_BYTES, type DirectoryEntry } from './sandbox/files.ts';
export { SandboxEngine, WarmPool, Reaper };
export { toolOwner } from './sandbox/naming.ts';

export interface PreparedHost {
  docker: Docker;
  plan: ImagePlan;
}

/** An engine that answers and a built sandbox image: what every entry point needs first. */
export async function prepareHost(config: EngineConfig, say: Say): Promise<PreparedHost> {
  const docker = await ensureEngine(config, say);
  return { docker, plan: await prepareImages(docker, config, say) };
}

export interface RunningEngine extends PreparedHost {
  config: EngineConfig;
  sandboxes: SandboxEngine;
  pool: WarmPool;
  reaper: Reaper;
  /** Stops background work; running sandboxes stay for the next start to adopt. */
  stop(): void;
}

/** Prepares the host, adopts sandboxes left by a previous run, and starts the pool and the reaper. */
export async function startEngine(config: EngineConfig, say: Say): Promise<RunningEngine> {
  const host = await prepareHost(config, say);
  const sandboxes = new SandboxEngine(host.docker, config, host.plan);
  const { adopted, removed } = await sandboxes.adopt();
  if (adopted || removed) say(`Adopted ${adopted} running sandbox(es); removed ${removed} leftover(s).`);
  const pool = new WarmPool(sandboxes, config.DOCKYARD_POOL_SIZE, say);
  const reaper = new Reaper(sandboxes, { idleTimeoutS: config.DOCKYARD_IDLE_TIMEOUT, poolMaxAgeS: config.DOCKYARD_POOL_MAX_AGE }, () => pool.refill());
  reaper.start(config.DOCKYARD_REAP_INTERVAL);
  pool.refill();
  return {
    ...host,
    config,
    sandboxes,
    pool,
    reaper,
    stop() {
      pool.stop();
      reaper.stop();
    },
  };
}
