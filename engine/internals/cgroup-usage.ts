// A cgroup's limits and what is used of them, read from the host's cgroup
// files (v1: one tree per controller; v2: one unified tree). Written by Incus
// or the nested Docker, owned by host root or the sandbox's root: the host
// only reads them.
import { access, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';

const ROOT = '/sys/fs/cgroup';
// v1 writes "no limit" as the largest page-aligned 63-bit number.
const UNLIMITED_V1 = 2 ** 62;

export interface CgroupUsage {
  /** The cgroup as the host names it. */
  path: string;
  memory: { usedBytes: number | null; limitBytes: number | null };
  processes: { count: number | null; limit: number | null };
  /** CPUs' worth of time it may use; null when not limited. */
  cpus: number | null;
}

const unifiedHierarchy = access(path.join(ROOT, 'cgroup.controllers')).then(() => true, () => false);

async function value(file: string): Promise<string | null> {
  return (await readFile(file, 'utf8').catch(() => null))?.trim() ?? null;
}

/** Memory in use as `docker stats` counts it: the page cache that could be dropped at once is left out. */
async function memoryInUse(dir: string, usageFile: string, inactiveKey: string): Promise<number | null> {
  const [usage, stat] = await Promise.all([value(path.join(dir, usageFile)), value(path.join(dir, 'memory.stat'))]);
  const used = count(usage);
  const inactive = Number(new RegExp(`^${inactiveKey} (\\d+)$`, 'm').exec(stat ?? '')?.[1] ?? 0);
  return used === null ? null : Math.max(0, used - inactive);
}

const count = (text: string | null) => (text === null || text === 'max' || !/^\d+$/.test(text) ? null : Number(text));

/** The cgroup's directory for `controller` (v1), or the unified one (v2). */
async function directory(cgroup: string, controller: string): Promise<string> {
  return (await unifiedHierarchy) ? path.join(ROOT, cgroup) : path.join(ROOT, controller, cgroup);
}

export async function cgroupUsage(cgroup: string): Promise<CgroupUsage> {
  if (await unifiedHierarchy) {
    const dir = path.join(ROOT, cgroup);
    const [limit, procs, max, cpu] = await Promise.all(['memory.max', 'pids.current', 'pids.max', 'cpu.max'].map((f) => value(path.join(dir, f))));
    const [quota, period] = (cpu ?? 'max').split(' ');
    return { path: cgroup, memory: { usedBytes: await memoryInUse(dir, 'memory.current', 'inactive_file'), limitBytes: count(limit) }, processes: { count: count(procs), limit: count(max) }, cpus: quota === 'max' ? null : Number(quota) / Number(period) };
  }
  const [memory, pids, cpu] = await Promise.all([directory(cgroup, 'memory'), directory(cgroup, 'pids'), directory(cgroup, 'cpu')]);
  const [used, limit, procs, max, quota, period] = await Promise.all([
    memoryInUse(memory, 'memory.usage_in_bytes', 'total_inactive_file'), value(path.join(memory, 'memory.limit_in_bytes')),
    value(path.join(pids, 'pids.current')), value(path.join(pids, 'pids.max')),
    value(path.join(cpu, 'cpu.cfs_quota_us')), value(path.join(cpu, 'cpu.cfs_period_us')),
  ]);
  const limitBytes = count(limit);
  return {
    path: cgroup,
    memory: { usedBytes: used, limitBytes: limitBytes !== null && limitBytes >= UNLIMITED_V1 ? null : limitBytes },
    processes: { count: count(procs), limit: count(max) },
    cpus: quota === null || quota === '-1' || !period ? null : Number(quota) / Number(period),
  };
}

/** The process's cgroup as the host names it (v1: its memory cgroup). */
export async function cgroupOf(pid: number): Promise<string> {
  const lines = (await readFile(`/proc/${pid}/cgroup`, 'utf8')).trim().split('\n');
  const unified = await unifiedHierarchy;
  const line = lines.find((l) => (unified ? l.startsWith('0::') : l.split(':')[1]?.split(',').includes('memory')));
  if (!line) throw new Error(`process ${pid} has no ${unified ? 'unified' : 'memory'} cgroup`);
  return line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1);
}

/** The nested Docker's containers under a sandbox's cgroup: id → the host pids in it. */
export async function dockerContainerCgroups(sandboxCgroup: string): Promise<Map<string, number[]>> {
  const dockerDir = path.join(await directory(sandboxCgroup, 'memory'), 'docker');
  const ids = (await readdir(dockerDir, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory() && /^[0-9a-f]{64}$/.test(e.name));
  const found = new Map<string, number[]>();
  await Promise.all(ids.map(async ({ name }) => {
    const procs = (await value(path.join(dockerDir, name, 'cgroup.procs'))) ?? '';
    found.set(name, procs.split('\n').filter(Boolean).map(Number));
  }));
  return found;
}
