// Owns every sandbox's life, whatever the backend: create, find, assign to a
// learner, run commands in, restore and destroy, leaving nothing behind. It
// knows nothing of lessons or sessions beyond an opaque owner string, and
// nothing of containers beyond what the backend interface offers.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import type { SandboxBackend, SandboxSpec } from '../backend.ts';
import type { EngineConfig } from '../config.ts';
import { EngineError } from '../errors.ts';
import { EngineStatus } from '../host/engine-status.ts';
import { InternalsCollector, type SandboxInternals } from '../internals/sandbox-internals.ts';
import { TOOLS_DIR, newTerminalId, type InteractiveShell, type RunOptions, type RunResult, type TerminalOptions } from './commands.ts';
import { listeningPorts } from './listening-ports.ts';
import { OWNER_PATTERN, isToolOwner, newSandboxId } from './naming.ts';
import type { DirectoryEntry } from './paths.ts';

export interface Sandbox {
  id: string;
  /** The backend's name for it (container id, instance name); empty until made. */
  ref: string;
  /** Who the sandbox belongs to; undefined while it waits in the warm pool. */
  owner?: string;
  profile: string;
  /** False until the nested engine answers. */
  ready: boolean;
  createdAt: Date;
  expiresAt: Date;
  lastActiveAt: Date;
  /** What it was made from, for the backend to act on it later. */
  spec: SandboxSpec;
  /** The last disk measurement, where the disk budget is enforced. */
  disk?: { usedBytes: number; budgetBytes: number; measuredAt: Date };
}

export type DestroyReason = 'requested' | 'expired' | 'idle' | 'stale' | 'orphaned' | 'failed' | 'disk' | 'vanished';

/** What the engine did to a sandbox over its disk budget. */
export interface DiskBudgetAction {
  usedBytes: number;
  budgetBytes: number;
  action: 'stopped' | 'removed';
}

const startingAgain = () => new EngineError('sandbox_not_ready', 'the sandbox stopped and is being started again; try again in a few seconds');
const goneFromEngine = (id: string) => new EngineError('sandbox_not_found', `sandbox ${id} is gone: it no longer exists on the engine`);

// The nested Docker's record of a container (config.v2.json) is a few KiB.
const INTERNALS_RECORD_BYTES = 1024 * 1024;

export type SandboxOperation = 'create' | 'run' | 'shell' | 'read' | 'write' | 'list' | 'connect' | 'restore';

interface SandboxEvents {
  created: [Sandbox];
  /** The detail says more where the reason alone does not (what happened to a vanished sandbox). */
  destroyed: [Sandbox, DestroyReason, string | undefined];
  /** Every call into a sandbox, for metrics: how long it took and whether the engine failed it. */
  operation: [SandboxOperation, number, boolean];
  /** Emitted before the engine acts, so whoever shows the sandbox can say why. */
  diskBudgetExceeded: [Sandbox, DiskBudgetAction];
  /** The sandbox stopped by itself and was started again, files kept; the detail says why it stopped. */
  revived: [Sandbox, string];
}

// Far enough over budget (a preallocation gets there at once) that stopping
// processes would leave the host's disk taken: the sandbox goes instead.
const DISK_REMOVAL_FACTOR = 2;

const VANISHED_REMOVAL_ATTEMPTS = 5;
// A sandbox that keeps stopping itself costs a start each time: after this
// many in an hour it is let go, like one the backend cannot start again.
const MAX_REVIVALS_PER_HOUR = 3;
const HOUR_MS = 3_600_000;

export class SandboxEngine extends EventEmitter<SandboxEvents> {
  private readonly sandboxes = new Map<string, Sandbox>();
  /** Sandboxes being removed by us: their death on the engine is expected. */
  private readonly removing = new Set<string>();
  /** Sandboxes being created: a failure there cleans up by itself. */
  private readonly booting = new Set<string>();
  /** Shells with a live connection, by sandbox: any other recorded shell is disconnected. */
  private readonly shells = new Map<string, Set<string>>();
  /** Sandboxes being started again after stopping by themselves, and when each was, lately. */
  private readonly reviving = new Set<string>();
  private readonly revivals = new Map<string, number[]>();
  private readonly internalsCollector = new InternalsCollector();

  /** `status` is shared with whoever watches the engine; a standalone engine is taken to be up. */
  constructor(readonly backend: SandboxBackend, private readonly config: EngineConfig, readonly status = new EngineStatus('up')) {
    super();
    this.on('destroyed', (sandbox) => this.internalsCollector.forget(sandbox.id));
  }

  /** Reads the free space of the engine's disk into `status`. */
  async measureDisk(): Promise<void> {
    this.status.setDisk(await this.backend.freeDisk(this.config.DOCKYARD_MIN_FREE_DISK));
  }

  /** Why no new sandbox may be made now (engine away, disk nearly full), measured afresh; undefined when one may. */
  async refusal(): Promise<EngineError | undefined> {
    if (this.status.isUp) await this.measureDisk();
    return this.status.refusal();
  }

  list(): Sandbox[] {
    return [...this.sandboxes.values()];
  }

  get(id: string): Sandbox | undefined {
    return this.sandboxes.get(id);
  }

  ownedBy(owner: string): Sandbox | undefined {
    return this.list().find((s) => s.owner === owner);
  }

  /** Creates a sandbox and returns once its nested engine answers. */
  async create(owner?: string): Promise<Sandbox> {
    const refused = await this.refusal();
    if (refused) throw refused;
    return this.timed('create', this.createSandbox(owner));
  }

  private async createSandbox(owner?: string): Promise<Sandbox> {
    if (owner !== undefined && !OWNER_PATTERN.test(owner)) throw new Error(`invalid owner ${JSON.stringify(owner)}`);
    const createdAt = new Date();
    const spec: SandboxSpec = {
      id: newSandboxId(),
      owner,
      namespace: this.config.DOCKYARD_NAMESPACE,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + this.config.DOCKYARD_MAX_LIFETIME * 1000),
      limits: this.defaultLimits(),
    };
    const { id } = spec;
    const sandbox: Sandbox = { id, ref: '', owner, profile: this.backend.profile, ready: false, createdAt, expiresAt: spec.expiresAt, lastActiveAt: createdAt, spec };
    this.sandboxes.set(id, sandbox);
    this.booting.add(id);
    try {
      sandbox.ref = await this.backend.create(spec);
      sandbox.ready = true;
    } catch (err) {
      // A backend that got as far as making it says what to remove.
      sandbox.ref ||= (err as { ref?: string }).ref ?? '';
      await this.destroy(id, 'failed');
      throw err;
    } finally {
      this.booting.delete(id);
    }
    this.emit('created', sandbox);
    return sandbox;
  }

  /** Gives an unowned (pooled) sandbox to `owner`. */
  async assign(id: string, owner: string): Promise<Sandbox> {
    if (!OWNER_PATTERN.test(owner)) throw new Error(`invalid owner ${JSON.stringify(owner)}`);
    const sandbox = this.require(id);
    sandbox.owner = owner;
    sandbox.lastActiveAt = new Date();
    sandbox.spec = { ...sandbox.spec, owner };
    sandbox.ref = await this.backend.setOwner(sandbox.ref, sandbox.spec, owner);
    return sandbox;
  }

  /** Removes the sandbox and all it owns; safe to call on a half-made or already gone sandbox. */
  async destroy(id: string, reason: DestroyReason = 'requested', detail?: string): Promise<void> {
    const sandbox = this.sandboxes.get(id);
    this.removing.add(id);
    try {
      await this.backend.remove(sandbox?.ref ?? '', id, sandbox?.owner);
    } finally {
      this.removing.delete(id);
    }
    // Forgotten only once gone: a failed removal leaves it tracked, for the reaper to try again.
    if (sandbox && this.sandboxes.get(id) === sandbox) {
      this.sandboxes.delete(id);
      this.shells.delete(id);
      this.revivals.delete(id);
      this.emit('destroyed', sandbox, reason, detail);
    }
  }

  /**
   * Puts the sandbox back as it was when made (files, processes, nested
   * engine), keeping its identity; false where the backend cannot, and the
   * caller makes a new sandbox instead.
   */
  async restore(id: string): Promise<boolean> {
    const sandbox = this.require(id);
    this.removing.add(id);
    sandbox.ready = false;
    try {
      const restored = await this.timed('restore', this.backend.restore(sandbox.ref));
      this.shells.delete(id);
      return restored;
    } finally {
      sandbox.ready = true;
      this.removing.delete(id);
    }
  }

  /**
   * The engine reported that a sandbox died or was removed, and not by us:
   * it is never handed out again, and what is left of it goes.
   */
  async vanished(id: string, detail: string): Promise<void> {
    const sandbox = this.sandboxes.get(id);
    // Still booting: its creation fails on its own and cleans up.
    if (!sandbox || this.booting.has(id) || this.removing.has(id) || this.reviving.has(id)) return;
    sandbox.ready = false;
    // The engine may still be removing it (a death is reported first): that removal must end before ours can.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.destroy(id, 'vanished', detail);
      } catch (err) {
        if (attempt >= VANISHED_REMOVAL_ATTEMPTS || this.sandboxes.get(id) !== sandbox) throw err;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /**
   * The sandbox stopped by itself (its learner killed every process in it,
   * `kill -9 -1`): it is started again as it was, files and all, where the
   * backend can and it has not happened too often lately; otherwise it vanished.
   */
  async revive(id: string, detail: string): Promise<void> {
    const sandbox = this.sandboxes.get(id);
    if (!sandbox || this.booting.has(id) || this.removing.has(id) || this.reviving.has(id)) return;
    const now = Date.now();
    const recent = (this.revivals.get(id) ?? []).filter((at) => now - at < HOUR_MS);
    if (!this.backend.revive || recent.length >= MAX_REVIVALS_PER_HOUR) {
      return this.vanished(id, recent.length ? `${detail}, ${recent.length + 1} times within an hour` : detail);
    }
    this.revivals.set(id, [...recent, now]);
    this.reviving.add(id);
    sandbox.ready = false;
    try {
      await this.backend.revive(sandbox.ref);
    } catch (err) {
      this.reviving.delete(id);
      return this.vanished(id, `${detail}, and starting it again failed: ${(err as Error).message}`);
    }
    this.reviving.delete(id);
    // Every shell it had ended with its processes.
    this.shells.delete(id);
    sandbox.ready = true;
    this.emit('revived', sandbox, detail);
  }

  /**
   * After the engine was away (restarted, unreachable): sandboxes no longer
   * running vanished; in the others, shells whose connection broke meanwhile
   * are ended.
   */
  async reconcile(): Promise<{ vanished: number }> {
    const running = new Set((await this.backend.list()).filter((s) => s.running).map((s) => s.id));
    let vanished = 0;
    for (const sandbox of this.list()) {
      if (this.booting.has(sandbox.id) || this.removing.has(sandbox.id)) continue;
      if (running.has(sandbox.id) && sandbox.ready) {
        await this.endDisconnectedShells(sandbox).catch(() => undefined);
        continue;
      }
      await this.vanished(sandbox.id, 'it did not survive a restart of the container engine');
      vanished++;
    }
    return { vanished };
  }

  private async endDisconnectedShells(sandbox: Sandbox): Promise<void> {
    // Nobody opens shells in a pooled sandbox; a tool's shells (dockyard sandbox shell) belong to another process, which knows its own.
    if (sandbox.owner === undefined || isToolOwner(sandbox.owner)) return;
    await this.backend.endDisconnectedShells(sandbox.ref, [...(this.shells.get(sandbox.id) ?? [])]);
  }

  /**
   * Takes over the sandboxes a previous engine instance left running in this
   * namespace, and removes what cannot be used: stopped sandboxes and what
   * sandboxes that are gone left behind.
   */
  async adopt(): Promise<{ adopted: number; removed: number }> {
    let adopted = 0;
    let removed = 0;
    const alive = new Set<string>(this.sandboxes.keys());
    for (const found of await this.backend.list()) {
      const known = this.sandboxes.has(found.id);
      if (!known) {
        const { id, ref, owner, profile, createdAt, expiresAt } = found;
        this.sandboxes.set(id, {
          id, ref, owner, profile, createdAt, expiresAt, ready: true, lastActiveAt: new Date(),
          spec: { id, owner, namespace: this.config.DOCKYARD_NAMESPACE, createdAt, expiresAt, limits: this.defaultLimits() },
        });
      }
      if (!found.running) {
        await this.destroy(found.id, 'orphaned');
        alive.delete(found.id);
        removed++;
        continue;
      }
      alive.add(found.id);
      if (!known) {
        // A new process has no shell connections: any shell left running lost its client.
        await this.endDisconnectedShells(this.sandboxes.get(found.id)!).catch(() => undefined);
        adopted++;
      }
    }
    removed += await this.backend.removeLeftovers(alive);
    return { adopted, removed };
  }

  /** Marks learner activity, which postpones the idle time-out. */
  touch(id: string): void {
    const sandbox = this.sandboxes.get(id);
    if (sandbox) sandbox.lastActiveAt = new Date();
  }

  async run(id: string, cmd: string[], options?: RunOptions): Promise<RunResult> {
    return this.timed('run', this.backend.run(this.ref(id), cmd, options));
  }

  /** Kills every process the learner started (a fork bomb included); the nested engine keeps running. */
  async stopLearnerProcesses(id: string): Promise<void> {
    await this.backend.stopLearnerProcesses(this.ref(id), false).catch((err: Error) => {
      throw new Error(`could not stop the learner's processes in ${id}: ${err.message}`);
    });
  }

  /**
   * A sandbox uses more disk than its budget: its learner's processes and
   * nested containers are stopped (they may delete files and go on), or, at
   * twice the budget, the sandbox is removed to give the space back.
   */
  async overDiskBudget(id: string, usedBytes: number, budgetBytes: number): Promise<void> {
    const sandbox = this.require(id);
    const action = usedBytes > budgetBytes * DISK_REMOVAL_FACTOR ? 'removed' : 'stopped';
    this.emit('diskBudgetExceeded', sandbox, { usedBytes, budgetBytes, action });
    if (action === 'removed') return this.destroy(id, 'disk');
    await this.backend.stopLearnerProcesses(this.ref(id), true).catch((err: Error) => {
      throw new Error(`could not stop the learner's processes and containers in ${id}: ${err.message}`);
    });
  }

  async openShell(id: string, options: TerminalOptions): Promise<InteractiveShell> {
    // A shell in a sandbox still starting again would be killed by what it does, or kill it (a second `kill -9 -1`).
    if (this.reviving.has(id)) throw startingAgain();
    const terminalId = newTerminalId();
    // Known before it starts, so a concurrent clean-up of disconnected shells spares it.
    const live = this.shells.get(id) ?? new Set<string>();
    this.shells.set(id, live);
    live.add(terminalId);
    try {
      const shell = await this.timed('shell', this.backend.openShell(this.ref(id), options, terminalId));
      // A broken connection makes the shell unreachable: it counts as disconnected from then on.
      void shell.exited.then(() => live.delete(terminalId));
      return shell;
    } catch (err) {
      live.delete(terminalId);
      if (this.backend.missing(err)) throw goneFromEngine(id);
      // Stopping after its learner killed every process in it: it is about to be started again, or let go.
      if (this.backend.notRunning(err)) throw new EngineError('sandbox_not_ready', 'the sandbox is not running; if it stopped by itself it is being started again: try again in a few seconds');
      throw err;
    }
  }

  /** The ports the learner's programs listen on in the sandbox (the platform's own left out). */
  async listeningPorts(id: string): Promise<number[]> {
    return listeningPorts(await this.initProcess(id, this.ref(id)));
  }

  /** The host pid of the sandbox's first process; a sandbox without one (stopping, starting again) is not ready. */
  private async initProcess(id: string, ref: string): Promise<number> {
    if (this.reviving.has(id)) throw startingAgain();
    try {
      return await this.backend.initProcess(ref);
    } catch (err) {
      if (this.backend.unreachable(err)) throw new EngineError('engine_unavailable', `the container engine does not answer: ${(err as Error).message}`);
      if (this.backend.missing(err)) throw goneFromEngine(id);
      // Incus answers "Invalid PID" while an instance stops: whatever the words, it has no process now.
      throw new EngineError('sandbox_not_ready', `the sandbox is not running (${(err as Error).message}); if it stopped by itself it is being started again: try again in a few seconds`);
    }
  }

  /** What the kernel shows of the sandbox and each nested container: namespaces, cgroups, overlay, interfaces. */
  async internals(id: string): Promise<SandboxInternals> {
    const ref = this.ref(id);
    const initPid = await this.initProcess(id, ref);
    return this.internalsCollector.collect(id, {
      initPid,
      readFile: (path) => this.backend.readFile(ref, path, INTERNALS_RECORD_BYTES),
      diskUsageKiB: async (paths) => {
        const result = await this.backend.run(ref, [`${TOOLS_DIR}/bin/busybox`, 'du', '-sxk', ...paths], { as: 'check', timeoutMs: 5_000 });
        return new Map(result.stdout.split('\n').filter(Boolean).map((line) => {
          const [kib, ...rest] = line.split('\t');
          return [rest.join('\t'), Number(kib)] as const;
        }));
      },
    }).catch((err: unknown) => {
      // Stopped halfway through the reading (its first process is gone): not ready, not a failure.
      if (!(err instanceof EngineError) && !existsSync(`/proc/${initPid}`)) throw new EngineError('sandbox_not_ready', 'the sandbox stopped while it was being read; try again in a few seconds');
      throw err;
    });
  }

  /** A stream to `port` on the sandbox's loopback (for web previews). */
  async connect(id: string, port: number): Promise<Duplex> {
    return this.timed('connect', this.backend.connect(this.ref(id), port));
  }

  async readFile(id: string, path: string, maxBytes?: number): Promise<Buffer> {
    return this.timed('read', this.backend.readFile(this.ref(id), path, maxBytes));
  }

  async writeFile(id: string, path: string, data: Buffer, mode?: number): Promise<void> {
    return this.timed('write', this.backend.writeFile(this.ref(id), path, data, mode));
  }

  async listDirectory(id: string, path: string): Promise<DirectoryEntry[]> {
    return this.timed('list', this.backend.listDirectory(this.ref(id), path));
  }

  private async timed<T>(operation: SandboxOperation, work: Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await work;
      this.emit('operation', operation, performance.now() - started, true);
      return result;
    } catch (err) {
      // Learners' mistakes (a missing file) are answers, not engine failures.
      this.emit('operation', operation, performance.now() - started, err instanceof EngineError);
      if (this.backend.unreachable(err)) throw new EngineError('engine_unavailable', `the container engine does not answer: ${(err as Error).message}`);
      throw err;
    }
  }

  private require(id: string): Sandbox {
    const sandbox = this.sandboxes.get(id);
    if (!sandbox) throw new EngineError('sandbox_not_found', `no sandbox ${id}`);
    return sandbox;
  }

  /** The backend's ref of a sandbox the caller may act on now; counts as activity. */
  private ref(id: string): string {
    const unavailable = this.status.unavailable();
    if (unavailable) throw unavailable;
    const sandbox = this.require(id);
    this.touch(id);
    return sandbox.ref;
  }

  private defaultLimits(): SandboxSpec['limits'] {
    return {
      memoryBytes: this.config.DOCKYARD_SANDBOX_MEMORY,
      cpus: this.config.DOCKYARD_SANDBOX_CPUS,
      pids: this.config.DOCKYARD_SANDBOX_PIDS,
      diskBytes: this.config.DOCKYARD_SANDBOX_DISK,
    };
  }
}
