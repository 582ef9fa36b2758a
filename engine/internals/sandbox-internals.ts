// The internals inspector's view of one sandbox and of each container the
// learner runs in it: namespaces (and which are shared), cgroup limits and
// usage, the overlay stack and its upper dir's size, network interfaces.
// Everything but the containers' names and the upper dirs' sizes is read by
// the host (process-view.ts, cgroup-usage.ts). Names come from the nested
// Docker's own record and sizes from the read-only tools' `du`, both through
// the engine, and are kept a little while: they are the costly part.
import { readFile } from 'node:fs/promises';
import { cgroupOf, cgroupUsage, dockerContainerCgroups, type CgroupUsage } from './cgroup-usage.ts';
import { namespaceIds, networkInterfaces, pidsByNamespace, rootOverlay, type NamespaceKind, type NetworkInterface } from './process-view.ts';

export interface NamespaceView {
  kind: NamespaceKind;
  id: string;
  /** For the sandbox: shared with the host; for a container: shared with the sandbox. */
  shared: boolean;
}

export interface OverlayView {
  lowerLayers: string[];
  upper: string;
  upperBytes: number | null;
}

export interface ContainerInternals {
  id: string;
  name: string;
  image: string;
  /** Its first process's pid as the sandbox sees it (what `docker inspect` calls Pid). */
  pid: number;
  namespaces: NamespaceView[];
  cgroup: CgroupUsage;
  overlay: OverlayView | null;
  interfaces: NetworkInterface[];
}

export interface SandboxInternals {
  namespaces: NamespaceView[];
  cgroup: CgroupUsage;
  interfaces: NetworkInterface[];
  containers: ContainerInternals[];
  /** Containers beyond MAX_CONTAINERS, not read. */
  containersNotShown: number;
}

/** What the collector needs of the engine for one sandbox. */
export interface SandboxAccess {
  initPid: number;
  /** A file as the sandbox sees it (the nested Docker's record of a container). */
  readFile(path: string): Promise<Buffer>;
  /** Sizes in KiB of sandbox paths, by the read-only tools' du. */
  diskUsageKiB(paths: string[]): Promise<Map<string, number>>;
}

const NAME_MAX_AGE_MS = 15_000;
const SIZE_MAX_AGE_MS = 10_000;
// Every container costs the host an `ip` process and a dozen reads, and a
// learner can make cgroups that look like containers: a reading stops here,
// and reads at most this many containers at once.
const MAX_CONTAINERS = 16;
const CONTAINERS_AT_ONCE = 4;

interface Remembered {
  names: Map<string, { name: string; image: string; at: number }>;
  sizes: { at: number; byPath: Map<string, number> };
}

function compare(mine: Partial<Record<NamespaceKind, string>>, theirs: Partial<Record<NamespaceKind, string>>): NamespaceView[] {
  return Object.entries(mine).map(([kind, id]) => ({ kind: kind as NamespaceKind, id: id!, shared: theirs[kind as NamespaceKind] === id }));
}

export class InternalsCollector {
  private readonly remembered = new Map<string, Remembered>();

  forget(sandboxId: string): void {
    this.remembered.delete(sandboxId);
  }

  async collect(sandboxId: string, access: SandboxAccess): Promise<SandboxInternals> {
    const memory = this.memoryOf(sandboxId);
    // The host, as far as this server is concerned: the namespaces it runs in itself.
    const [hostNamespaces, sandboxNamespaces, sandboxCgroup] = await Promise.all([namespaceIds('self'), namespaceIds(access.initPid), cgroupOf(access.initPid)]);
    const [cgroup, interfaces, containerCgroups] = await Promise.all([cgroupUsage(sandboxCgroup), networkInterfaces(access.initPid).catch(() => []), dockerContainerCgroups(sandboxCgroup)]);
    const ids = [...containerCgroups.keys()].sort();
    const read = ids.slice(0, MAX_CONTAINERS);
    const containers: ContainerInternals[] = [];
    for (let start = 0; start < read.length; start += CONTAINERS_AT_ONCE) {
      const batch = await Promise.all(read.slice(start, start + CONTAINERS_AT_ONCE).map(async (id) => {
        const first = await firstProcess(containerCgroups.get(id)!, id);
        return first === undefined ? undefined : this.container(id, first, sandboxCgroup, sandboxNamespaces, access, memory);
      }));
      containers.push(...batch.filter((c): c is ContainerInternals => c !== undefined));
    }
    // Only the containers of this reading are remembered: names of cgroups that came and went are not kept.
    for (const id of memory.names.keys()) if (!read.includes(id)) memory.names.delete(id);
    await this.addUpperSizes(containers, access, memory);
    return {
      namespaces: compare(sandboxNamespaces, hostNamespaces),
      cgroup,
      interfaces,
      containers: containers.sort((a, b) => a.name.localeCompare(b.name)),
      containersNotShown: ids.length - read.length,
    };
  }

  private memoryOf(sandboxId: string): Remembered {
    let memory = this.remembered.get(sandboxId);
    if (!memory) this.remembered.set(sandboxId, (memory = { names: new Map(), sizes: { at: 0, byPath: new Map() } }));
    return memory;
  }

  private async container(id: string, pid: { host: number; inSandbox: number }, sandboxCgroup: string, sandboxNamespaces: Partial<Record<NamespaceKind, string>>, access: SandboxAccess, memory: Remembered): Promise<ContainerInternals> {
    const [namespaces, cgroup, overlay, interfaces, { name, image }] = await Promise.all([
      namespaceIds(pid.host),
      cgroupUsage(`${sandboxCgroup}/docker/${id}`),
      rootOverlay(pid.host),
      networkInterfaces(pid.host).catch(() => []),
      this.nameOf(id, access, memory),
    ]);
    return {
      id: id.slice(0, 12),
      name,
      image,
      pid: pid.inSandbox,
      namespaces: compare(namespaces, sandboxNamespaces),
      cgroup,
      overlay: overlay && { lowerLayers: overlay.lower, upper: overlay.upper, upperBytes: null },
      interfaces,
    };
  }

  private async nameOf(id: string, access: SandboxAccess, memory: Remembered): Promise<{ name: string; image: string }> {
    const known = memory.names.get(id);
    if (known && Date.now() - known.at < NAME_MAX_AGE_MS) return known;
    const record = await access.readFile(`/var/lib/docker/containers/${id}/config.v2.json`).then((b) => JSON.parse(b.toString('utf8')) as unknown, () => undefined);
    // The nested Docker's record, as the learner may have rewritten it: only strings are taken.
    const fields = (record ?? {}) as { Name?: unknown; Config?: { Image?: unknown } };
    const name = typeof fields.Name === 'string' ? fields.Name.replace(/^\//, '').slice(0, 128) : id.slice(0, 12);
    const image = typeof fields.Config?.Image === 'string' ? fields.Config.Image.slice(0, 256) : '?';
    const named = { name, image, at: Date.now() };
    memory.names.set(id, named);
    return named;
  }

  private async addUpperSizes(containers: ContainerInternals[], access: SandboxAccess, memory: Remembered): Promise<void> {
    const uppers = containers.map((c) => c.overlay?.upper).filter((u): u is string => !!u);
    const stale = Date.now() - memory.sizes.at > SIZE_MAX_AGE_MS || uppers.some((u) => !memory.sizes.byPath.has(u));
    if (stale && uppers.length) memory.sizes = { at: Date.now(), byPath: await access.diskUsageKiB(uppers).catch(() => new Map()) };
    for (const container of containers) {
      const kib = container.overlay && memory.sizes.byPath.get(container.overlay.upper);
      if (container.overlay && kib !== undefined && kib !== null) container.overlay.upperBytes = kib * 1024;
    }
  }
}

/**
 * The container's first process: pid 1 in its own pid namespace, once it is
 * the container's program. Before that it is runc's init, whose root is not
 * the container's yet: such a container is still starting and is left out.
 * Only the first few pids are looked at (a learner's fake container can hold
 * many), and the one chosen must still be in the container's cgroup after
 * (a pid that ended and was reused would be some other process).
 */
async function firstProcess(pids: number[], id: string): Promise<{ host: number; inSandbox: number } | undefined> {
  for (const pid of pids.slice(0, 8)) {
    const chain = await pidsByNamespace(pid);
    if (chain.at(-1) !== 1 || chain.length < 3) continue;
    const program = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => 'runc');
    if (program.startsWith('runc')) return undefined;
    const stillThere = (await readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => '')).includes(`/docker/${id}`);
    return stillThere ? { host: chain[0], inSandbox: chain[chain.length - 2] } : undefined;
  }
  return undefined;
}
