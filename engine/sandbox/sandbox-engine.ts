// Owns every sandbox's life on the container engine: create, find, assign to
// a learner, run commands in, and destroy, leaving nothing behind. It knows
// nothing of lessons or sessions beyond an opaque owner string.
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import type { ImagePlan } from '../build/inputs.ts';
import type { EngineConfig } from '../config.ts';
import { EngineError, engineStatus } from '../errors.ts';
import { TOOLS_DIR, openPortTunnel, openShellInContainer, runInContainer, type InteractiveShell, type RunOptions, type RunResult, type TerminalOptions } from './exec.ts';
import { listSandboxDirectory, readSandboxFile, writeSandboxFile, type DirectoryEntry } from './files.ts';
import { LABEL, OWNER_PATTERN, containerName, newSandboxId, ownerFromName, volumeName } from './naming.ts';
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
}

export type DestroyReason = 'requested' | 'expired' | 'idle' | 'stale' | 'orphaned' | 'failed';

export type SandboxOperation = 'create' | 'run' | 'shell' | 'read' | 'write' | 'list' | 'connect';

interface SandboxEvents {
  created: [Sandbox];
  destroyed: [Sandbox, DestroyReason];
  /** Every call into a sandbox, for metrics: how long it took and whether the engine failed it. */
  operation: [SandboxOperation, number, boolean];
}

const READY_TIMEOUT_S = 30;

export class SandboxEngine extends EventEmitter<SandboxEvents> {
  private readonly sandboxes = new Map<string, Sandbox>();
  private readonly profile: IsolationProfile;
  private diskQuota?: Promise<boolean>;

  constructor(readonly docker: Docker, private readonly config: EngineConfig, private readonly plan: ImagePlan) {
    super();
    this.profile = profiles[config.DOCKYARD_PROFILE];
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
  create(owner?: string): Promise<Sandbox> {
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
  async destroy(id: string, reason: DestroyReason = 'requested'): Promise<void> {
    const sandbox = this.sandboxes.get(id);
    const ns = this.config.DOCKYARD_NAMESPACE;
    const target = sandbox?.containerId || containerName(ns, id, sandbox?.owner);
    await ignoreMissing(this.docker.getContainer(target).remove({ force: true, v: true }));
    for (const purpose of ['docker', 'home'] as const) {
      await ignoreMissing(this.docker.getVolume(volumeName(ns, id, purpose)).remove());
    }
    // Forgotten only once gone: a failed removal leaves it tracked, for the reaper to try again.
    if (sandbox && this.sandboxes.get(id) === sandbox) {
      this.sandboxes.delete(id);
      this.emit('destroyed', sandbox, reason);
    }
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
      if (!known) adopted++;
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
    if (result.exitCode !== 0) throw new Error(`could not stop the learner's processes in ${id}: ${result.stderr.trim()}`);
  }

  async openShell(id: string, options: TerminalOptions): Promise<InteractiveShell> {
    return this.timed('shell', openShellInContainer(this.docker, this.container(id), options));
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
      throw err;
    }
  }

  private require(id: string): Sandbox {
    const sandbox = this.sandboxes.get(id);
    if (!sandbox) throw new EngineError('sandbox_not_found', `no sandbox ${id}`);
    return sandbox;
  }

  private container(id: string): Docker.Container {
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
