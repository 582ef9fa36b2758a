// What an operator would read on the host while learners work: a process's
// CPU and memory from /proc, the host's CPU and free memory, the container
// engine's own daemons, and each sandbox's memory and process count from its
// cgroups (which include the learner's nested containers), on either backend:
// a Docker container's or an Incus instance's cgroup, read from the host.
import { execFileSync } from 'node:child_process';
import { readFile, readdir, readlink } from 'node:fs/promises';
import os from 'node:os';
import type { SandboxBackend } from '../../engine/index.ts';
import { DockerBackend } from '../../engine/docker/backend.ts';
import { IncusBackend } from '../../engine/incus/backend.ts';
import { LABEL } from '../../engine/sandbox/naming.ts';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const MiB = 1024 ** 2;

/** CPU seconds a process (all its threads) has used so far. */
export async function processCpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces and parentheses; the fields after its closing one do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

export async function processRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Busy and total jiffies of all CPUs; two readings give the host's CPU use between them. */
export async function hostCpuTicks(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0];
  const values = line.split(/\s+/).slice(1).map(Number);
  const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = values[3] + values[4]; // idle + iowait
  return { busy: total - idle, total };
}

export async function memAvailableMiB(): Promise<number> {
  const meminfo = await readFile('/proc/meminfo', 'utf8');
  return Number(/MemAvailable:\s+(\d+)/.exec(meminfo)?.[1] ?? 0) / 1024;
}

export async function pidMax(): Promise<number> {
  return Number((await readFile('/proc/sys/kernel/pid_max', 'utf8')).trim());
}

/** Tasks (threads) on the whole host: what pid_max bounds. */
export async function hostTasks(): Promise<number> {
  const loadavg = await readFile('/proc/loadavg', 'utf8');
  return Number(loadavg.split(' ')[3].split('/')[1]);
}

export function loadAverage(): number {
  return Math.round(os.loadavg()[0] * 100) / 100;
}

const ENGINE_DAEMONS = ['dockerd', 'containerd', 'incusd'] as const;
type EngineDaemon = (typeof ENGINE_DAEMONS)[number];

/**
 * The host's container engine processes: dockerd, containerd, and the shim
 * containerd keeps per container (its name, cut to 15 characters, starts
 * with "containerd-shim"); incusd, its helpers (forkexec, carrying exec
 * streams) and the LXC monitor it keeps per instance (named incusd too, its
 * command line "[lxc monitor] <path> <instance>"), counted as that
 * instance's shim. Each sandbox runs its own nested dockerd, visible in the
 * host's /proc too; only processes in this process's PID namespace are the host's.
 */
async function engineProcesses(): Promise<{ pid: number; daemon: EngineDaemon | 'shim' }[]> {
  const ownNamespace = await readlink('/proc/self/ns/pid');
  const found: { pid: number; daemon: EngineDaemon | 'shim' }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = (await readFile(`/proc/${entry}/comm`, 'utf8')).trim();
      const monitor = comm === 'incusd' && (await readFile(`/proc/${entry}/cmdline`, 'utf8')).startsWith('[lxc monitor]');
      const daemon = comm.startsWith('containerd-shim') || monitor ? 'shim' : ENGINE_DAEMONS.find((d) => d === comm);
      if (!daemon || (await readlink(`/proc/${entry}/ns/pid`)) !== ownNamespace) continue;
      found.push({ pid: Number(entry), daemon });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** RSS of the host's dockerd, containerd and incusd (with its helpers). */
export async function engineDaemonsRssMiB(): Promise<Record<EngineDaemon, number>> {
  const result = { dockerd: 0, containerd: 0, incusd: 0 };
  for (const { pid, daemon } of await engineProcesses()) {
    if (daemon !== 'shim') result[daemon] += await processRssMiB(pid).catch(() => 0);
  }
  return result;
}

/**
 * CPU seconds used so far by the host's engine processes. They carry every
 * terminal's bytes between the server and the sandboxes, for everyone using
 * this engine: on a shared host, other users' work is in it too.
 */
export async function engineCpuSeconds(): Promise<number> {
  const seconds = await Promise.all((await engineProcesses()).map(({ pid }) => processCpuSeconds(pid).catch(() => 0)));
  return seconds.reduce((a, b) => a + b, 0);
}

/**
 * What the host spends outside each sandbox's cgroup on it: containerd's
 * shim for a container (named by `-id <container id>` on its command line)
 * or LXC's monitor for an instance (its name last on its command line),
 * its RSS and threads, by the sandbox's ref (container id, instance name).
 */
export async function shimUsage(): Promise<Map<string, { rssMiB: number; threads: number }>> {
  const usage = new Map<string, { rssMiB: number; threads: number }>();
  for (const { pid, daemon } of await engineProcesses()) {
    if (daemon !== 'shim') continue;
    try {
      const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
      const at = args.indexOf('-id');
      const id = args[0].startsWith('[lxc monitor]') ? args[0].trim().split(/\s+/).at(-1) : at === -1 ? undefined : args[at + 1];
      if (!id) continue;
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      usage.set(id, { rssMiB: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024, threads: Number(/Threads:\s+(\d+)/.exec(status)?.[1] ?? 0) });
    } catch {
      // The shim ended while we looked.
    }
  }
  return usage;
}

export interface SandboxUsage {
  /** The backend's name for the sandbox: container id or instance name. */
  ref: string;
  /** Memory in use minus reclaimable file cache, as `docker stats` counts it. */
  memoryMiB: number;
  pids: number;
  /** CPU time its processes (nested containers included) have used since it started. */
  cpuSeconds: number;
}

/** Where a process's cgroup for `controller` is on the host (v1), or its unified cgroup (v2). */
async function cgroupDirectory(pid: number, controller: 'memory' | 'pids' | 'cpuacct'): Promise<{ dir: string; v2: boolean }> {
  const lines = (await readFile(`/proc/${pid}/cgroup`, 'utf8')).trim().split('\n');
  const v1 = lines.map((l) => l.split(':')).find(([, controllers]) => controllers.split(',').includes(controller));
  if (v1) return { dir: `/sys/fs/cgroup/${controller}${v1[2]}`, v2: false };
  const unified = lines.map((l) => l.split(':')).find(([id]) => id === '0');
  if (!unified) throw new Error(`no ${controller} cgroup for process ${pid}`);
  return { dir: `/sys/fs/cgroup${unified[2]}`, v2: true };
}

function statValue(stat: string, key: string): number {
  return Number(new RegExp(`^${key} (\\d+)$`, 'm').exec(stat)?.[1] ?? 0);
}

/** The host pid of a sandbox's first process, whose cgroups are the sandbox's. */
async function sandboxPid(backend: SandboxBackend, ref: string): Promise<number> {
  if (backend instanceof DockerBackend) return (await backend.docker.getContainer(ref).inspect()).State.Pid;
  if (backend instanceof IncusBackend) return (await backend.client.request<{ pid: number }>('GET', `/1.0/instances/${ref}/state`)).pid;
  throw new Error(`the load probes cannot read sandboxes on the ${backend.name} backend`);
}

export async function sandboxUsage(backend: SandboxBackend, ref: string): Promise<SandboxUsage> {
  const pid = await sandboxPid(backend, ref);
  const memory = await cgroupDirectory(pid, 'memory');
  const stat = await readFile(`${memory.dir}/memory.stat`, 'utf8');
  const usage = Number(await readFile(`${memory.dir}/${memory.v2 ? 'memory.current' : 'memory.usage_in_bytes'}`, 'utf8'));
  const inactiveFile = memory.v2 ? statValue(stat, 'inactive_file') : statValue(stat, 'total_inactive_file');
  const pids = await cgroupDirectory(pid, 'pids');
  const cpu = await cgroupDirectory(pid, 'cpuacct');
  const cpuSeconds = cpu.v2
    ? statValue(await readFile(`${cpu.dir}/cpu.stat`, 'utf8'), 'usage_usec') / 1e6
    : Number(await readFile(`${cpu.dir}/cpuacct.usage`, 'utf8')) / 1e9;
  return {
    ref,
    memoryMiB: (usage - inactiveFile) / MiB,
    pids: Number(await readFile(`${pids.dir}/pids.current`, 'utf8')),
    cpuSeconds,
  };
}

/** Usage of every running sandbox in the backend's namespace. */
export async function namespaceUsage(backend: SandboxBackend): Promise<SandboxUsage[]> {
  const running = (await backend.list()).filter((s) => s.running);
  const usage = await Promise.all(running.map((s) => sandboxUsage(backend, s.ref).catch(() => undefined)));
  return usage.filter((u): u is SandboxUsage => u !== undefined);
}

/** Running containers (instances) on the backend's engine that are not this run's: how busy the shared host is. */
export async function otherContainers(backend: SandboxBackend, namespace: string): Promise<number> {
  if (backend instanceof DockerBackend) {
    const all = await backend.docker.listContainers();
    return all.filter((c) => c.Labels[LABEL.namespace] !== namespace).length;
  }
  if (backend instanceof IncusBackend) {
    const all = await backend.client.request<{ status: string; config: Record<string, string> }[]>('GET', '/1.0/instances?recursion=1');
    return all.filter((i) => i.status === 'Running' && i.config['user.dockyard.namespace'] !== namespace).length;
  }
  throw new Error(`the load probes cannot list the ${backend.name} backend's containers`);
}
