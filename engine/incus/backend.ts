// The Incus backend, the default: each sandbox is an unprivileged system
// container with a uid range of its own (security.idmap.isolated), no network
// interface, hard limits Incus sets outside the sandbox's reach, a btrfs disk
// quota, and the shared image mirror and check tools as read-only, unshifted
// disks owned by real root (the `isolated` profile, docs/security.md).
import type { Duplex } from 'node:stream';
import Docker from 'dockerode';
import type { BackendWatch, FoundSandbox, SandboxBackend, SandboxSpec } from '../backend.ts';
import type { ImagePlan } from '../build/inputs.ts';
import { withBuildLock } from '../build/build-lock.ts';
import { prepareImages } from '../build/prepare.ts';
import type { EngineConfig } from '../config.ts';
import { ensureEngine } from '../docker/ensure-engine.ts';
import { EngineUnavailableError } from '../errors.ts';
import type { Say } from '../host/commands.ts';
import type { DiskReading } from '../host/disk-space.ts';
import type { EngineStatus } from '../host/engine-status.ts';
import type { InteractiveShell, RunOptions, RunResult, TerminalOptions } from '../sandbox/commands.ts';
import { listSandboxDirectory } from '../sandbox/listing.ts';
import type { DirectoryEntry } from '../sandbox/paths.ts';
import { IncusClient, IncusError } from './client.ts';
import { configuredEndpoint } from './endpoint.ts';
import { endDisconnectedShellsInInstance, openShellInInstance, openTunnelInInstance, runInInstance } from './exec.ts';
import { killOutsideRoot, lockRootCgroups, sandboxCgroups } from './cgroup-fence.ts';
import { readInstanceFile, writeInstanceFile } from './files.ts';
import { ensureIncus } from './host.ts';
import { copySharedContent, importedAlias, importSandboxImage, incusImage, pruneEarlierImages, sharedContentExists, sharedDisks } from './image.ts';
import { removeInstance } from './instances.ts';
import { imageAlias, publishSeededImage } from './seed.ts';
import { vmRefusal } from './vm-support.ts';
import { IncusWatch } from './watch.ts';

const READY_TIMEOUT_S = 30;
const STOP_WAIT_MS = 30_000;
/** The least room beside the image that the budget must leave (the configuration's own floor on Docker). */
const MIN_ROOM_TO_WORK = 64 * 1024 ** 2;
const KEY = {
  sandbox: 'user.dockyard.sandbox',
  namespace: 'user.dockyard.namespace',
  profile: 'user.dockyard.profile',
  created: 'user.dockyard.created',
  expires: 'user.dockyard.expires',
  owner: 'user.dockyard.owner',
  image: 'user.dockyard.image',
} as const;

const mib = (bytes: number) => `${Math.max(1, Math.floor(bytes / 1024 ** 2))}MiB`;

export function instanceName(namespace: string, id: string): string {
  return `dy-${namespace}-${id}`;
}

export class IncusBackend implements SandboxBackend {
  readonly name = 'incus' as const;
  readonly profile = 'isolated';
  readonly client: IncusClient;

  constructor(private readonly config: EngineConfig, readonly plan: ImagePlan) {
    this.client = new IncusClient(configuredEndpoint(config));
  }

  get target(): string {
    return `incus at ${this.client.address}`;
  }

  get image(): string {
    return imageAlias(this.plan);
  }

  async check(): Promise<{ reachable: boolean; imageReady: boolean }> {
    const reachable = await this.client.request('GET', '/1.0').then(() => true, () => false);
    const imageReady = reachable && (await incusImage(this.client, this.image).catch(() => undefined)) !== undefined;
    return { reachable, imageReady };
  }

  async prepare(say: Say): Promise<void> {
    if (this.config.DOCKYARD_INCUS_INSTANCE === 'vm') throw new EngineUnavailableError(await vmRefusal());
    await ensureIncus(this.client, this.config, say);
    if (!(await this.imageReady())) await this.makeImage(say);
    await this.checkDiskBudget();
  }

  private async makeImage(say: Say): Promise<void> {
    // The sandbox image is built with Docker (offline-capable, engine/build), then handed to Incus.
    const docker = new Docker();
    await ensureEngine(this.config, say, docker);
    await prepareImages(docker, this.config, say);
    // One process at a time hands it over, whichever checkout asks; the one that waited finds it done.
    await withBuildLock(docker, `${this.plan.hash}-incus`, say, async () => {
      if (!(await sharedContentExists(this.config, this.plan))) await copySharedContent(docker, this.config, this.plan, say);
      if (await incusImage(this.client, this.image)) return;
      if (!(await incusImage(this.client, importedAlias(this.plan)))) await importSandboxImage(this.client, docker, this.plan, say);
      await publishSeededImage(this.client, this.config, this.plan, this.image, say);
      await pruneEarlierImages(this.client, this.config, this.plan, this.image, say);
    });
  }

  /** The budget is the quota on the sandbox's whole disk, image included: below that no sandbox could start. */
  private async checkDiskBudget(): Promise<void> {
    const fingerprint = await incusImage(this.client, this.image);
    const { size } = await this.client.request<{ size: number }>('GET', `/1.0/images/${fingerprint}`);
    const minimum = size + MIN_ROOM_TO_WORK;
    if (this.config.DOCKYARD_SANDBOX_DISK_BUDGET >= minimum) return;
    throw new EngineUnavailableError(
      `DOCKYARD_SANDBOX_DISK_BUDGET is ${mib(this.config.DOCKYARD_SANDBOX_DISK_BUDGET)}, but on Incus it is the quota of the sandbox's whole disk, ` +
      `the sandbox image's ${mib(size)} included: set it to at least ${Math.ceil(minimum / 1024 ** 2)}m (the image and ${mib(MIN_ROOM_TO_WORK)} to work in).`,
    );
  }

  private async imageReady(): Promise<boolean> {
    return (await incusImage(this.client, this.image)) !== undefined && (await sharedContentExists(this.config, this.plan));
  }

  async create(spec: SandboxSpec): Promise<string> {
    const name = instanceName(spec.namespace, spec.id);
    const config: Record<string, string> = {
      [KEY.sandbox]: spec.id,
      [KEY.namespace]: spec.namespace,
      [KEY.profile]: this.profile,
      [KEY.created]: spec.createdAt.toISOString(),
      [KEY.expires]: spec.expiresAt.toISOString(),
      [KEY.image]: this.image,
      'security.nesting': 'true',
      'security.idmap.isolated': 'true',
      'limits.memory': mib(spec.limits.memoryBytes),
      'limits.memory.swap': 'false',
      'limits.processes': String(spec.limits.pids),
      // A share of CPU time, like Docker's --cpus, rather than pinning to cores.
      'limits.cpu.allowance': `${Math.round(spec.limits.cpus * 100)}ms/100ms`,
      ...(spec.owner ? { [KEY.owner]: spec.owner } : {}),
    };
    await this.client.operate('POST', '/1.0/instances', {
      name,
      type: 'container',
      source: { type: 'image', alias: this.image },
      // No profile: an operator's default profile may carry a network interface.
      profiles: [],
      config,
      devices: {
        root: { type: 'disk', path: '/', pool: this.config.DOCKYARD_INCUS_POOL, size: mib(this.config.DOCKYARD_SANDBOX_DISK_BUDGET) },
        ...sharedDisks(this.config, this.plan),
      },
    });
    try {
      await this.start(name);
    } catch (err) {
      throw Object.assign(err as Error, { ref: name });
    }
    return name;
  }

  private async start(name: string): Promise<void> {
    await this.client.operate('PUT', `/1.0/instances/${name}/state`, { action: 'start', timeout: 30 });
    const ready = await runInInstance(this.client, name, ['dockyard-ready', String(READY_TIMEOUT_S)], { as: 'platform', timeoutMs: (READY_TIMEOUT_S + 5) * 1000 });
    if (ready.exitCode !== 0) throw Object.assign(new Error(`sandbox ${name} did not become ready: ${ready.stderr.trim() || `exit ${ready.exitCode}`}`), { ref: name });
    // After dockyard-init made the learner cgroup: from now on nothing inside can move back into the root one.
    await lockRootCgroups(await this.cgroupsOf(name));
  }

  /** The sandbox's root cgroups; sandboxCgroups checks they are its, on this machine. */
  private async cgroupsOf(name: string) {
    return sandboxCgroups(await this.runningPid(name), name);
  }

  /** The pid Incus gives, once it is seen to be this sandbox's on this machine (sandboxCgroups checks). */
  async initProcess(ref: string): Promise<number> {
    const pid = await this.runningPid(ref);
    await sandboxCgroups(pid, ref);
    return pid;
  }

  private async runningPid(ref: string): Promise<number> {
    const state = await this.client.request<{ pid: number }>('GET', `/1.0/instances/${ref}/state`);
    if (!state.pid) throw new Error(`sandbox ${ref} is not running`);
    return state.pid;
  }

  async setOwner(ref: string, _spec: SandboxSpec, owner: string): Promise<string> {
    await this.client.request('PATCH', `/1.0/instances/${ref}`, { config: { [KEY.owner]: owner } });
    return ref;
  }

  async remove(ref: string, id: string): Promise<void> {
    await removeInstance(this.client, ref || instanceName(this.config.DOCKYARD_NAMESPACE, id));
  }

  /**
   * Rebuilds the sandbox's disk from the image it was made from, keeping its
   * name, limits, uid range and devices: measured here, cheaper than the
   * per-sandbox snapshot a restore would need (4.7 s to take on btrfs with
   * quotas, for every sandbox, used or not).
   */
  async restore(ref: string): Promise<boolean> {
    await this.client.operate('PUT', `/1.0/instances/${ref}/state`, { action: 'stop', force: true, timeout: 10 });
    await this.client.operate('POST', `/1.0/instances/${ref}/rebuild`, { source: { type: 'image', alias: this.image } });
    await this.start(ref);
    return true;
  }

  async revive(ref: string): Promise<void> {
    // Incus says "shut down" while the instance is still being stopped; a start before it is stopped is undone by the stop.
    const deadline = Date.now() + STOP_WAIT_MS;
    while ((await this.client.request<{ status: string }>('GET', `/1.0/instances/${ref}/state`)).status !== 'Stopped') {
      if (Date.now() > deadline) throw new Error(`sandbox ${ref} did not finish stopping within ${STOP_WAIT_MS / 1000}s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await this.start(ref);
  }

  async list(): Promise<FoundSandbox[]> {
    const instances = await this.client.request<{ name: string; status: string; config: Record<string, string> }[]>('GET', '/1.0/instances?recursion=1');
    return instances
      .filter((i) => i.config[KEY.namespace] === this.config.DOCKYARD_NAMESPACE && i.config[KEY.sandbox])
      .map((i) => ({
        id: i.config[KEY.sandbox],
        ref: i.name,
        owner: i.config[KEY.owner] || undefined,
        profile: i.config[KEY.profile],
        createdAt: new Date(i.config[KEY.created]),
        expiresAt: new Date(i.config[KEY.expires]),
        running: i.status === 'Running',
      }));
  }

  async removeLeftovers(): Promise<number> {
    // An instance owns its disk and snapshots: removing it leaves nothing behind.
    return 0;
  }

  run(ref: string, cmd: string[], options?: RunOptions): Promise<RunResult> {
    return runInInstance(this.client, ref, cmd, options);
  }

  openShell(ref: string, options: TerminalOptions, terminalId: string): Promise<InteractiveShell> {
    return openShellInInstance(this.client, ref, options, terminalId);
  }

  endDisconnectedShells(ref: string, keep: string[]): Promise<void> {
    return endDisconnectedShellsInInstance(this.client, ref, keep);
  }

  connect(ref: string, port: number): Promise<Duplex> {
    return openTunnelInInstance(this.client, ref, port);
  }

  readFile(ref: string, path: string, maxBytes?: number): Promise<Buffer> {
    return readInstanceFile(this.client, ref, path, maxBytes);
  }

  writeFile(ref: string, path: string, data: Buffer, mode?: number): Promise<void> {
    return writeInstanceFile(this.client, ref, path, data, mode);
  }

  listDirectory(ref: string, path: string): Promise<DirectoryEntry[]> {
    return listSandboxDirectory((cmd, options) => this.run(ref, cmd, options), path);
  }

  /** From the host, through the sandbox's cgroups: it works when a fork bomb left no process slot inside. */
  async stopLearnerProcesses(ref: string, nested: boolean): Promise<void> {
    await killOutsideRoot(await this.cgroupsOf(ref), nested);
  }

  async storagePaths(): Promise<undefined> {
    // The root disk's btrfs quota holds each sandbox to its budget: nothing to measure from outside.
    return undefined;
  }

  async freeDisk(minFreeBytes: number): Promise<DiskReading> {
    const pool = this.config.DOCKYARD_INCUS_POOL;
    try {
      const { space } = await this.client.request<{ space: { used: number; total: number } }>('GET', `/1.0/storage-pools/${pool}/resources`);
      const freeBytes = space.total - space.used;
      return { measured: true, path: `Incus storage pool ${pool}`, freeBytes, minFreeBytes, low: freeBytes < minFreeBytes };
    } catch (err) {
      return { measured: false, reason: `could not read the Incus storage pool ${pool}: ${(err as Error).message}`, minFreeBytes };
    }
  }

  watch(namespace: string, status: EngineStatus): BackendWatch {
    return new IncusWatch(this.client, namespace, status, this.target);
  }

  unreachable(err: unknown): boolean {
    const code = (err as { code?: string } | null)?.code;
    return code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'ECONNRESET' || code === 'EPIPE';
  }

  missing(err: unknown): boolean {
    return err instanceof IncusError && err.status === 404;
  }

  notRunning(err: unknown): boolean {
    return err instanceof IncusError && /not running/i.test(err.message);
  }
}
