// What a sandbox engine backend does: the one seam between Dockyard's
// coordination (sandboxes, pool, reaper, budgets) and a container engine.
// Backends know containers and instances; they know nothing of lessons,
// sessions or learners beyond an opaque owner string.
import type { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import type { DiskReading } from './host/disk-space.ts';
import type { Say } from './host/commands.ts';
import type { EngineStatus } from './host/engine-status.ts';
import type { InteractiveShell, RunOptions, RunResult, TerminalOptions } from './sandbox/commands.ts';
import type { DirectoryEntry } from './sandbox/paths.ts';

export type BackendName = 'incus' | 'docker';

/** What a sandbox is made from: fixed at creation, readable again when adopting. */
export interface SandboxSpec {
  id: string;
  owner?: string;
  namespace: string;
  createdAt: Date;
  expiresAt: Date;
  limits: SandboxLimits;
}

export interface SandboxLimits {
  memoryBytes: number;
  cpus: number;
  pids: number;
  /** The sandbox's disk: a hard quota where the backend's storage has one. */
  diskBytes: number;
}

/** A sandbox as the backend finds it on the engine. */
export interface FoundSandbox {
  id: string;
  /** The backend's own name for it (container id, instance name). */
  ref: string;
  owner?: string;
  profile: string;
  createdAt: Date;
  expiresAt: Date;
  running: boolean;
}

export interface BackendWatchEvents {
  /**
   * A sandbox died or was removed, not by us; the detail says how, in words
   * for the learner. `stopped`: it still exists, stopped, so it can be started
   * again as it was (SandboxBackend.revive).
   */
  gone: [sandboxId: string, detail: string, stopped: boolean];
  /** The engine answers again after being away. */
  back: [];
}

export interface BackendWatch extends EventEmitter<BackendWatchEvents> {
  start(): Promise<void>;
  stop(): void;
}

export interface SandboxBackend {
  readonly name: BackendName;
  /** The isolation profile every sandbox of this backend runs in (docs/security.md). */
  readonly profile: string;
  /** Where the engine is, as an operator would write it. */
  readonly target: string;
  /** The image (tag or alias) sandboxes are made from; undefined until prepared. */
  readonly image?: string;

  /** Whether the engine answers and has the sandbox image, for health checks. */
  check(): Promise<{ reachable: boolean; imageReady: boolean }>;
  /** An engine that answers (installed and started where allowed) and a sandbox image on it. */
  prepare(say: Say): Promise<void>;
  /** Makes and starts a sandbox; resolves with its ref once its nested engine answers. */
  create(spec: SandboxSpec): Promise<string>;
  setOwner(ref: string, spec: SandboxSpec, owner: string): Promise<string>;
  /** Removes a sandbox and everything it owns; a missing one is not an error. */
  remove(ref: string, id: string, owner?: string): Promise<void>;
  /** Restores the sandbox as it was when created (files, processes); false where the backend cannot. */
  restore(ref: string): Promise<boolean>;
  /**
   * Starts again a sandbox that stopped by itself (every process in it was
   * killed), with its files, fenced like a new one; resolves once its nested
   * engine answers. Absent where the backend cannot, and such a sandbox is gone.
   */
  revive?(ref: string): Promise<void>;
  /** This namespace's sandboxes on the engine. */
  list(): Promise<FoundSandbox[]>;
  /** Removes what sandboxes that no longer exist left behind (volumes); returns how many. */
  removeLeftovers(alive: Set<string>): Promise<number>;

  run(ref: string, cmd: string[], options?: RunOptions): Promise<RunResult>;
  openShell(ref: string, options: TerminalOptions, terminalId: string): Promise<InteractiveShell>;
  /** Ends every recorded shell of the sandbox but those in `keep`. */
  endDisconnectedShells(ref: string, keep: string[]): Promise<void>;
  /** The host's pid of the sandbox's first process, to read from outside what the kernel shows of its namespaces. */
  initProcess(ref: string): Promise<number>;
  /** A byte stream to `port` on the sandbox's loopback, honouring backpressure both ways. */
  connect(ref: string, port: number): Promise<Duplex>;
  readFile(ref: string, path: string, maxBytes?: number): Promise<Buffer>;
  writeFile(ref: string, path: string, data: Buffer, mode?: number): Promise<void>;
  listDirectory(ref: string, path: string): Promise<DirectoryEntry[]>;
  /** Kills every learner process, and with `nested` every nested container, from where the learner cannot interfere. */
  stopLearnerProcesses(ref: string, nested: boolean): Promise<void>;

  /** Host directories a sandbox writes to, for a disk budget measured from the host; undefined where storage enforces a quota itself or is not visible. */
  storagePaths(ref: string): Promise<string[] | undefined>;
  /** Free space where new sandboxes would be made. */
  freeDisk(minFreeBytes: number): Promise<DiskReading>;
  watch(namespace: string, status: EngineStatus): BackendWatch;
  /** Whether an error means the engine could not be reached at all. */
  unreachable(err: unknown): boolean;
  /** Whether an error means the sandbox no longer exists on the engine. */
  missing(err: unknown): boolean;
  /** Whether an error means the sandbox exists but is not running (stopping, or being started again). */
  notRunning(err: unknown): boolean;
}
