// The Docker backend: each sandbox is a container holding CAP_SYS_ADMIN in
// the host's user namespace (the `trusted` profile, root-equivalent on the
// host). Kept for lesson authors on a machine with only Docker; chosen with
// DOCKYARD_ENGINE=docker, never by default.
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { Duplex } from 'node:stream';
import Docker from 'dockerode';
import type { BackendWatch, BackendWatchEvents, FoundSandbox, SandboxBackend, SandboxSpec } from '../backend.ts';
import { prepareImages } from '../build/prepare.ts';
import type { ImagePlan } from '../build/inputs.ts';
import type { EngineConfig } from '../config.ts';
import { engineStatus, isConnectionFailure } from '../errors.ts';
import type { Say } from '../host/commands.ts';
import { DiskGauge, type DiskReading } from '../host/disk-space.ts';
import type { EngineStatus } from '../host/engine-status.ts';
import { KILL_NESTED_CONTAINERS, MIRROR_DIR, TOOLS_DIR } from '../sandbox/commands.ts';
import type { InteractiveShell, RunOptions, RunResult, TerminalOptions } from '../sandbox/commands.ts';
import { listSandboxDirectory } from '../sandbox/listing.ts';
import { LABEL, containerName, ownerFromName, volumeName } from '../sandbox/naming.ts';
import type { DirectoryEntry } from '../sandbox/paths.ts';
import { sandboxStorage } from './disk-usage.ts';
import { EngineWatch } from './engine-watch.ts';
import { describeTarget, ensureEngine } from './ensure-engine.ts';
import { endDisconnectedShells, openPortTunnel, openShellInContainer, runInContainer } from './exec.ts';
import { readSandboxFile, writeSandboxFile } from './files.ts';
import { trustedProfile } from './profiles.ts';

const READY_TIMEOUT_S = 30;

export class DockerBackend implements SandboxBackend {
  readonly name = 'docker' as const;
  readonly profile = trustedProfile.name;
  readonly target = describeTarget();
  private diskQuota?: Promise<boolean>;
  private readonly gauge: DiskGauge;

  constructor(readonly docker: Docker, private readonly config: EngineConfig, readonly plan: ImagePlan) {
    this.gauge = new DiskGauge(docker, config.DOCKYARD_MIN_FREE_DISK);
  }

  get image(): string {
    return this.plan.sandboxImage;
  }

  async check(): Promise<{ reachable: boolean; imageReady: boolean }> {
    const reachable = await this.docker.ping().then(() => true, () => false);
    const imageReady = reachable && await this.docker.getImage(this.plan.sandboxImage).inspect().then(() => true, () => false);
    return { reachable, imageReady };
  }

  async prepare(say: Say): Promise<void> {
    await ensureEngine(this.config, say, this.docker);
    await prepareImages(this.docker, this.config, say);
  }

  async create(spec: SandboxSpec): Promise<string> {
    const { id, namespace: ns } = spec;
    for (const purpose of ['docker', 'home'] as const) {
      await this.docker.createVolume({ Name: volumeName(ns, id, purpose), Labels: { [LABEL.sandbox]: id, [LABEL.namespace]: ns } });
    }
    const mounts = [
      { Type: 'volume' as const, Source: volumeName(ns, id, 'docker'), Target: '/var/lib/docker' },
      { Type: 'volume' as const, Source: volumeName(ns, id, 'home'), Target: '/root' },
      { Type: 'volume' as const, Source: this.plan.mirrorVolume, Target: MIRROR_DIR, ReadOnly: true },
      { Type: 'volume' as const, Source: this.plan.toolsVolume, Target: TOOLS_DIR, ReadOnly: true },
    ];
    const containerSpec = async () => ({
      name: containerName(ns, id, spec.owner),
      Image: this.plan.sandboxImage,
      Hostname: 'sandbox',
      Labels: {
        [LABEL.sandbox]: id,
        [LABEL.namespace]: ns,
        [LABEL.profile]: this.profile,
        [LABEL.created]: spec.createdAt.toISOString(),
        [LABEL.expires]: spec.expiresAt.toISOString(),
        [LABEL.image]: this.plan.sandboxImage,
      },
      HostConfig: trustedProfile.hostConfig({ ...spec.limits, diskBytes: (await this.supportsDiskQuota()) ? spec.limits.diskBytes : undefined }, mounts),
    });
    const container = await this.docker.createContainer(await containerSpec()).catch(async (err: Error) => {
      // xfs without the pquota mount option looks quota-capable from outside; learn otherwise once.
      if (!/storage-opt/i.test(err.message)) throw err;
      this.diskQuota = Promise.resolve(false);
      return this.docker.createContainer(await containerSpec());
    });
    try {
      await this.startUntilReady(container, id);
    } catch (err) {
      throw Object.assign(err as Error, { ref: container.id });
    }
    return container.id;
  }

  async setOwner(ref: string, spec: SandboxSpec, owner: string): Promise<string> {
    // Labels are fixed at creation; the name is the one thing Docker lets us change.
    await this.docker.getContainer(ref).rename({ name: containerName(spec.namespace, spec.id, owner) });
    return ref;
  }

  async remove(ref: string, id: string, owner?: string): Promise<void> {
    const ns = this.config.DOCKYARD_NAMESPACE;
    await this.ignoreMissing(this.docker.getContainer(ref || containerName(ns, id, owner)).remove({ force: true, v: true }));
    for (const purpose of ['docker', 'home'] as const) {
      await this.ignoreMissing(this.docker.getVolume(volumeName(ns, id, purpose)).remove());
    }
  }

  async restore(): Promise<boolean> {
    return false;
  }

  async revive(ref: string): Promise<void> {
    await this.startUntilReady(this.docker.getContainer(ref), ref);
  }

  /** Starts the container and waits for its nested engine and image mirror to answer. */
  private async startUntilReady(container: Docker.Container, name: string): Promise<void> {
    await container.start();
    const ready = await runInContainer(this.docker, container, ['dockyard-ready', String(READY_TIMEOUT_S)], { as: 'platform', timeoutMs: (READY_TIMEOUT_S + 5) * 1000 });
    if (ready.exitCode !== 0) throw new Error(`sandbox ${name} did not become ready: ${ready.stderr.trim() || `exit ${ready.exitCode}`}`);
  }

  async list(): Promise<FoundSandbox[]> {
    const containers = await this.docker.listContainers({ all: true, filters: { label: [`${LABEL.namespace}=${this.config.DOCKYARD_NAMESPACE}`, LABEL.sandbox] } });
    return containers.map((info) => ({
      id: info.Labels[LABEL.sandbox],
      ref: info.Id,
      owner: ownerFromName(info.Names[0] ?? ''),
      profile: info.Labels[LABEL.profile],
      createdAt: new Date(info.Labels[LABEL.created]),
      expiresAt: new Date(info.Labels[LABEL.expires]),
      running: info.State === 'running',
    }));
  }

  async removeLeftovers(alive: Set<string>): Promise<number> {
    const { Volumes } = await this.docker.listVolumes({ filters: { label: [`${LABEL.namespace}=${this.config.DOCKYARD_NAMESPACE}`] } });
    let removed = 0;
    for (const volume of Volumes ?? []) {
      const id = volume.Labels?.[LABEL.sandbox];
      if (id && !alive.has(id)) {
        await this.ignoreMissing(this.docker.getVolume(volume.Name).remove());
        removed++;
      }
    }
    return removed;
  }

  run(ref: string, cmd: string[], options?: RunOptions): Promise<RunResult> {
    return runInContainer(this.docker, this.docker.getContainer(ref), cmd, options);
  }

  openShell(ref: string, options: TerminalOptions, terminalId: string): Promise<InteractiveShell> {
    return openShellInContainer(this.docker, this.docker.getContainer(ref), options, terminalId);
  }

  endDisconnectedShells(ref: string, keep: string[]): Promise<void> {
    return endDisconnectedShells(this.docker, this.docker.getContainer(ref), keep);
  }

  /** The pid Docker gives, once it is seen to be this container's on this machine (not so with a remote DOCKER_HOST). */
  async initProcess(ref: string): Promise<number> {
    const { Id, State } = await this.docker.getContainer(ref).inspect();
    if (!State.Pid) throw new Error(`sandbox ${ref} is not running`);
    const cgroups = await readFile(`/proc/${State.Pid}/cgroup`, 'utf8').catch(() => '');
    if (!cgroups.includes(Id)) throw new Error(`process ${State.Pid}, which Docker gives as the init of ${ref}, is not that container's on this machine`);
    return State.Pid;
  }

  connect(ref: string, port: number): Promise<Duplex> {
    return openPortTunnel(this.docker, this.docker.getContainer(ref), port);
  }

  readFile(ref: string, path: string, maxBytes?: number): Promise<Buffer> {
    return readSandboxFile(this.docker.getContainer(ref), path, maxBytes);
  }

  writeFile(ref: string, path: string, data: Buffer, mode?: number): Promise<void> {
    return writeSandboxFile(this.docker.getContainer(ref), path, data, mode);
  }

  listDirectory(ref: string, path: string): Promise<DirectoryEntry[]> {
    return listSandboxDirectory((cmd, options) => this.run(ref, cmd, options), path);
  }

  async stopLearnerProcesses(ref: string, nested: boolean): Promise<void> {
    // One exec for both: a fast writer gains a few MB for every round trip.
    const script = nested ? `dockyard-stop-learner && ${KILL_NESTED_CONTAINERS}` : 'dockyard-stop-learner';
    const stopped = await this.run(ref, ['sh', '-c', script], { as: 'platform', timeoutMs: 10_000 });
    if (stopped.exitCode !== 0) throw new Error(`could not stop the learner's processes: ${stopped.timedOut ? 'timed out' : `exit ${stopped.exitCode}`} ${stopped.stderr.trim()}`);
  }

  storagePaths(ref: string): Promise<string[] | undefined> {
    return sandboxStorage(this.docker, ref);
  }

  freeDisk(): Promise<DiskReading> {
    return this.gauge.measure();
  }

  watch(namespace: string, status: EngineStatus): BackendWatch {
    const watch = new EngineWatch(this.docker, namespace, status, this.target);
    const adapter = new EventEmitter<BackendWatchEvents>() as BackendWatch;
    watch.on('gone', (id, containerId, action) => {
      void this.whyGone(containerId, action).then(({ detail, stopped }) => adapter.emit('gone', id, detail, stopped));
    });
    watch.on('back', () => adapter.emit('back'));
    adapter.start = () => watch.start();
    adapter.stop = () => watch.stop();
    return adapter;
  }

  unreachable(err: unknown): boolean {
    return isConnectionFailure(err);
  }

  missing(err: unknown): boolean {
    return engineStatus(err) === 404;
  }

  notRunning(err: unknown): boolean {
    return engineStatus(err) === 409 && /is not running/i.test((err as Error).message);
  }

  /**
   * In words, for the learner, and whether the container is still there to
   * start again: `docker rm -f` reports a death first, while the removal is under way.
   */
  private async whyGone(containerId: string, action: string): Promise<{ detail: string; stopped: boolean }> {
    const removed = { detail: 'its container was removed outside Dockyard', stopped: false };
    if (action === 'destroy') return removed;
    const info = await this.docker.getContainer(containerId).inspect().catch(() => undefined);
    if (!info || info.State.Status === 'removing') return removed;
    return { detail: `its container stopped (exit code ${info.State.ExitCode}${info.State.OOMKilled ? ', out of memory' : ''})`, stopped: info.State.Status === 'exited' };
  }

  private supportsDiskQuota(): Promise<boolean> {
    // overlay2 enforces a per-container size only on xfs mounted with project quotas.
    this.diskQuota ??= this.docker.info().then((info: { Driver: string; DriverStatus?: [string, string][] }) =>
      info.Driver === 'overlay2' && (info.DriverStatus ?? []).some(([key, value]) => key === 'Backing Filesystem' && value === 'xfs'));
    return this.diskQuota;
  }

  private async ignoreMissing(operation: Promise<unknown>): Promise<void> {
    try {
      await operation;
    } catch (err) {
      // 409 "removal already in progress": someone (the engine, a concurrent clean-up) is removing it already.
      const status = engineStatus(err);
      if (status !== 404 && !(status === 409 && /already in progress/i.test((err as Error).message))) throw err;
    }
  }
}
