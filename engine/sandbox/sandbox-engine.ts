// Owns every sandbox's life on the container engine: create, find, assign to
// a learner, run commands in, and destroy, leaving nothing behind. It knows
// nothing of lessons or sessions beyond an opaque owner string.
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import type { ImagePlan } from '../build/inputs.ts';
import type { EngineConfig } from '../config.ts';
import { EngineError, engineStatus, isConnectionFailure } from '../errors.ts';
import { DiskGauge } from '../host/disk-space.ts';
import { EngineStatus } from '../host/engine-status.ts';
import { TOOLS_DIR, endDisconnectedShells, newTerminalId, openPortTunnel, openShellInContainer, runInContainer, type InteractiveShell, type RunOptions, type RunResult, type TerminalOptions } from './exec.ts';
import { listSandboxDirectory, readSandboxFile, writeSandboxFile, type DirectoryEntry } from './files.ts';
import { LABEL, OWNER_PATTERN, containerName, isToolOwner, newSandboxId, ownerFromName, volumeName } from './naming.ts';
import { profiles, type IsolationProfile, type SandboxLimits } from './profiles.ts';

export interface Sandbox {
  id: string;
  containerId: string;
  /** Who the sandbox belongs to; undefined while it waits in the warm pool. */
  owner?: string;
  profile: string;
  /** False until the nested engine answers. */
  ready: boolean;
  createdAt: Date;
  expiresAt: Date;
  lastActiveAt: Date;
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

export type SandboxOperation = 'create' | 'run' | 'shell' | 'read' | 'write' | 'list' | 'connect';

interface SandboxEvents {
  created: [Sandbox];
  /** The detail says more where the reason alone does not (what happened to a vanished sandbox). */
  destroyed: [Sandbox, DestroyReason, string | undefined];
  /** Every call into a sandbox, for metrics: how long it took and whether the engine failed it. */
  operation: [SandboxOperation, number, boolean];
  /** Emitted before the engine acts, so whoever shows the sandbox can say why. */
  diskBudgetExceeded: [Sandbox, DiskBudgetAction];
}

// Far enough over budget (a preallocation gets there at once) that stopping
// processes would leave the host's disk taken: the sandbox goes instead.
const DISK_REMOVAL_FACTOR = 2;

// Containers the learner started in the nested engine are not in the learner
// cgroup and write to the same volume. Killed through their cgroups, which
// takes effect at once, where `docker kill` waits on a nested engine that a
// flood of writes slows down; the nested engine then sees them exit.
const KILL_NESTED_CONTAINERS = `if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  for d in /sys/fs/cgroup/docker/*/ /sys/fs/cgroup/init/docker/*/; do [ -f "$d/cgroup.kill" ] && echo 1 > "$d/cgroup.kill"; done
else
  for d in /sys/fs/cgroup/freezer/docker/*/; do
    [ -f "$d/cgroup.procs" ] || continue
    echo FROZEN > "$d/freezer.state"; xargs -r kill -KILL < "$d/cgroup.procs"; echo THAWED > "$d/freezer.state"
  done
fi
exit 0`;

const READY_TIMEOUT_S = 30;
const VANISHED_REMOVAL_ATTEMPTS = 5;

export class SandboxEngine extends EventEmitter<SandboxEvents> {
  private readonly sandboxes = new Map<string, Sandbox>();
  /** Sandboxes being removed by us: their die and destroy events are expected. */
  private readonly removing = new Set<string>();
  /** Sandboxes being created: a failure there cleans up by itself. */
  private readonly booting = new Set<string>();
  /** Shells with a live connection, by sandbox: any other recorded shell is disconnected. */
  private readonly shells = new Map<string, Set<string>>();
  private readonly profile: IsolationProfile;
  private readonly disk: DiskGauge;
  private diskQuota?: Promise<boolean>;

  /** `status` is shared with whoever watches the engine; a standalone engine is taken to be up. */
  constructor(readonly docker: Docker, private readonly config: EngineConfig, private readonly plan: ImagePlan, readonly status = new EngineStatus('up')) {
    super();
    this.profile = profiles[config.DOCKYARD_PROFILE];
    this.disk = new DiskGauge(docker, config.DOCKYARD_MIN_FREE_DISK);
  }

  /** Reads the free space of the engine's disk into `status`. */
  async measureDisk(): Promise<void> {
    this.status.setDisk(await this.disk.measure());
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
    const ns = this.config.DOCKYARD_NAMESPACE;
    const id = newSandboxId();
    const createdAt = new Date();
    const expiresAt = new Date(createdAt.getTime() + this.config.DOCKYARD_MAX_LIFETIME * 1000);
    const labels = {
      [LABEL.sandbox]: id,
      [LABEL.namespace]: ns,
      [LABEL.profile]: this.profile.name,
      [LABEL.created]: createdAt.toISOString(),
      [LABEL.expires]: expiresAt.toISOString(),
      [LABEL.image]: this.plan.sandboxImage,
    };
    const sandbox: Sandbox = { id, containerId: '', owner, profile: this.profile.name, ready: false, createdAt, expiresAt, lastActiveAt: createdAt };
    this.sandboxes.set(id, sandbox);
    this.booting.add(id);
    try {
      for (const purpose of ['docker', 'home'] as const) {
        await this.docker.createVolume({ Name: volumeName(ns, id, purpose), Labels: { [LABEL.sandbox]: id, [LABEL.namespace]: ns } });
      }
      const mounts = [
        { Type: 'volume' as const, Source: volumeName(ns, id, 'docker'), Target: '/var/lib/docker' },
        { Type: 'volume' as const, Source: volumeName(ns, id, 'home'), Target: '/root' },
        { Type: 'volume' as const, Source: this.plan.mirrorVolume, Target: '/opt/dockyard/mirror', ReadOnly: true },
        { Type: 'volume' as const, Source: this.plan.toolsVolume, Target: TOOLS_DIR, ReadOnly: true },
      ];
      const spec = async () => ({
        name: containerName(ns, id, owner),
        Image: this.plan.sandboxImage,
        Hostname: 'sandbox',
        Labels: labels,
        HostConfig: this.profile.hostConfig(await this.limits(), mounts),
      });
      const container = await this.docker.createContainer(await spec()).catch(async (err: Error) => {
        // xfs without the pquota mount option looks quota-capable from outside; learn otherwise once.
        if (!/storage-opt/i.test(err.message)) throw err;
        this.diskQuota = Promise.resolve(false);
        return this.docker.createContainer(await spec());
      });
      sandbox.containerId = container.id;
      await container.start();
      const ready = await runInContainer(this.docker, container, ['dockyard-ready', String(READY_TIMEOUT_S)], { as: 'platform', timeoutMs: (READY_TIMEOUT_S + 5) * 1000 });
      if (ready.exitCode !== 0) throw new Error(`sandbox ${id} did not become ready: ${ready.stderr.trim() || `exit ${ready.exitCode}`}`);
      sandbox.ready = true;
    } catch (err) {
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
    await this.docker.getContainer(sandbox.containerId).rename({ name: containerName(this.config.DOCKYARD_NAMESPACE, id, owner) });
    return sandbox;
  }

  /** Removes the container and its volumes; safe to call on a half-made or already gone sandbox. */
  async destroy(id: string, reason: DestroyReason = 'requested', detail?: string): Promise<void> {
    const sandbox = this.sandboxes.get(id);
    const ns = this.config.DOCKYARD_NAMESPACE;
    const target = sandbox?.containerId || containerName(ns, id, sandbox?.owner);
    this.removing.add(id);
    try {
      await ignoreMissing(this.docker.getContainer(target).remove({ force: true, v: true }));
      for (const purpose of ['docker', 'home'] as const) {
        await ignoreMissing(this.docker.getVolume(volumeName(ns, id, purpose)).remove());
      }
    } finally {
      this.removing.delete(id);
    }
    // Forgotten only once gone: a failed removal leaves it tracked, for the reaper to try again.
    if (sandbox && this.sandboxes.get(id) === sandbox) {
      this.sandboxes.delete(id);
      this.shells.delete(id);
      this.emit('destroyed', sandbox, reason, detail);
    }
  }

  /**
   * The engine reported that a sandbox's container died or was removed, and
   * not by us: it is never handed out again, and what is left of it goes.
   */
  async vanished(id: string, detail: string): Promise<void> {
    const sandbox = this.sandboxes.get(id);
    // Still booting: its creation fails on its own and cleans up.
    if (!sandbox || this.booting.has(id) || this.removing.has(id)) return;
    sandbox.ready = false;
    // The engine may still be removing it (a die event comes first): that removal must end before ours can.
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
   * After the engine was away (restarted, unreachable): sandboxes whose
   * container is no longer running vanished; in the others, shells whose
   * connection broke meanwhile are ended.
   */
  async reconcile(): Promise<{ vanished: number }> {
    const containers = await this.docker.listContainers({ all: true, filters: { label: [`${LABEL.namespace}=${this.config.DOCKYARD_NAMESPACE}`, LABEL.sandbox] } });
    const running = new Set(containers.filter((c) => c.State === 'running').map((c) => c.Labels[LABEL.sandbox]));
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
    await endDisconnectedShells(this.docker, this.docker.getContainer(sandbox.containerId), [...(this.shells.get(sandbox.id) ?? [])]);
  }

  /**
   * Takes over the sandboxes a previous engine instance left running in this
   * namespace, and removes what cannot be used: stopped sandboxes and volumes
   * whose container is gone.
   */
  async adopt(): Promise<{ adopted: number; removed: number }> {
    const ns = this.config.DOCKYARD_NAMESPACE;
    const containers = await this.docker.listContainers({ all: true, filters: { label: [`${LABEL.namespace}=${ns}`, LABEL.sandbox] } });
    let adopted = 0;
    let removed = 0;
    const alive = new Set<string>();
    for (const info of containers) {
      const id = info.Labels[LABEL.sandbox];
      const known = this.sandboxes.has(id);
      if (!known) this.sandboxes.set(id, {
        id,
        containerId: info.Id,
        owner: ownerFromName(info.Names[0] ?? ''),
        profile: info.Labels[LABEL.profile],
        ready: true,
        createdAt: new Date(info.Labels[LABEL.created]),
        expiresAt: new Date(info.Labels[LABEL.expires]),
        lastActiveAt: new Date(),
      });
      if (info.State !== 'running') {
        await this.destroy(id, 'orphaned');
        removed++;
        continue;
      }
      alive.add(id);
      if (!known) {
        // A new process has no shell connections: any shell left running lost its client.
        await this.endDisconnectedShells(this.sandboxes.get(id)!).catch(() => undefined);
        adopted++;
      }
    }
    const { Volumes } = await this.docker.listVolumes({ filters: { label: [`${LABEL.namespace}=${ns}`] } });
    for (const volume of Volumes ?? []) {
      const id = volume.Labels?.[LABEL.sandbox];
      if (id && !alive.has(id) && !this.sandboxes.has(id)) {
        await ignoreMissing(this.docker.getVolume(volume.Name).remove());
        removed++;
      }
    }
    return { adopted, removed };
  }

  /** Marks learner activity, which postpones the idle time-out. */
  touch(id: string): void {
    const sandbox = this.sandboxes.get(id);
    if (sandbox) sandbox.lastActiveAt = new Date();
  }

  async run(id: string, cmd: string[], options?: RunOptions): Promise<RunResult> {
    return this.timed('run', runInContainer(this.docker, this.container(id), cmd, options));
  }

  /** Kills every process the learner started (a fork bomb included); the nested engine keeps running. */
  async stopLearnerProcesses(id: string): Promise<void> {
    const result = await this.run(id, ['dockyard-stop-learner'], { as: 'platform', timeoutMs: 10_000 });
    if (result.exitCode !== 0) throw new Error(`could not stop the learner's processes in ${id}: ${result.timedOut ? 'timed out' : `exit ${result.exitCode}`} ${result.stderr.trim()}`);
  }

  /**
   * A sandbox uses more disk than its budget: its learner's processes are
   * stopped (they may delete files and go on), or, at twice the budget, the
   * sandbox is removed to give the space back.
   */
  async overDiskBudget(id: string, usedBytes: number, budgetBytes: number): Promise<void> {
    const sandbox = this.require(id);
    const action = usedBytes > budgetBytes * DISK_REMOVAL_FACTOR ? 'removed' : 'stopped';
    this.emit('diskBudgetExceeded', sandbox, { usedBytes, budgetBytes, action });
    if (action === 'removed') return this.destroy(id, 'disk');
    // One exec for both: a fast writer gains a few MB for every round trip.
    const stopped = await this.run(id, ['sh', '-c', `dockyard-stop-learner && ${KILL_NESTED_CONTAINERS}`], { as: 'platform', timeoutMs: 10_000 });
    if (stopped.exitCode !== 0) throw new Error(`could not stop the learner's processes and containers in ${id}: ${stopped.timedOut ? 'timed out' : `exit ${stopped.exitCode}`} ${stopped.stderr.trim()}`);
  }

  async openShell(id: string, options: TerminalOptions): Promise<InteractiveShell> {
    const terminalId = newTerminalId();
    // Known before it starts, so a concurrent clean-up of disconnected shells spares it.
    const live = this.shells.get(id) ?? new Set<string>();
    this.shells.set(id, live);
    live.add(terminalId);
    try {
      const shell = await this.timed('shell', openShellInContainer(this.docker, this.container(id), options, terminalId));
      // A broken connection makes the shell unreachable: it counts as disconnected from then on.
      void shell.exited.then(() => live.delete(terminalId));
      return shell;
    } catch (err) {
      live.delete(terminalId);
      if (engineStatus(err) === 404) throw new EngineError('sandbox_not_found', `sandbox ${id} is gone: its container no longer exists`);
      throw err;
    }
  }

  /** A stream to `port` on the sandbox's loopback (for web previews). */
  async connect(id: string, port: number): Promise<Duplex> {
    return this.timed('connect', openPortTunnel(this.docker, this.container(id), port));
  }

  async readFile(id: string, path: string, maxBytes?: number): Promise<Buffer> {
    return this.timed('read', readSandboxFile(this.container(id), path, maxBytes));
  }

  async writeFile(id: string, path: string, data: Buffer, mode?: number): Promise<void> {
    return this.timed('write', writeSandboxFile(this.container(id), path, data, mode));
  }

  async listDirectory(id: string, path: string): Promise<DirectoryEntry[]> {
    return this.timed('list', listSandboxDirectory(this.docker, this.container(id), path));
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
      if (isConnectionFailure(err)) throw new EngineError('engine_unavailable', `the container engine does not answer: ${(err as Error).message}`);
      throw err;
    }
  }

  private require(id: string): Sandbox {
    const sandbox = this.sandboxes.get(id);
    if (!sandbox) throw new EngineError('sandbox_not_found', `no sandbox ${id}`);
    return sandbox;
  }

  private container(id: string): Docker.Container {
    const unavailable = this.status.unavailable();
    if (unavailable) throw unavailable;
    const sandbox = this.require(id);
    this.touch(id);
    return this.docker.getContainer(sandbox.containerId);
  }

  private async limits(): Promise<SandboxLimits> {
    this.diskQuota ??= supportsDiskQuota(this.docker);
    return {
      memoryBytes: this.config.DOCKYARD_SANDBOX_MEMORY,
      cpus: this.config.DOCKYARD_SANDBOX_CPUS,
      pids: this.config.DOCKYARD_SANDBOX_PIDS,
      diskBytes: (await this.diskQuota) ? this.config.DOCKYARD_SANDBOX_DISK : undefined,
    };
  }
}

async function ignoreMissing(operation: Promise<unknown>): Promise<void> {
  try {
    await operation;
  } catch (err) {
    if (engineStatus(err) !== 404) throw err;
  }
}

/** overlay2 enforces a per-container size only on xfs mounted with project quotas. */
async function supportsDiskQuota(docker: Docker): Promise<boolean> {
  const info = await docker.info();
  const status: [string, string][] = info.DriverStatus ?? [];
  return info.Driver === 'overlay2' && status.some(([key, value]) => key === 'Backing Filesystem' && value === 'xfs');
}
