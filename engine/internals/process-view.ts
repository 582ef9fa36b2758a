// What the kernel shows the host of one process in a sandbox: its namespaces,
// the overlay its root is mounted from, and the interfaces of its network
// namespace. Read from the host's /proc (and the host's own `ip`, entering
// only the process's network namespace), so nothing the learner can change
// inside the sandbox takes part in collecting it.
import { execFile } from 'node:child_process';
import { readFile, readlink } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
const IP_TIMEOUT_MS = 3000;
// A learner can make many interfaces in their own namespaces; what does not fit is not read.
const IP_OUTPUT_MAX = 256 * 1024;
// The kernel can stack at most this many lower layers; a longer option is cut there.
const MAX_LOWER_LAYERS = 500;

export const NAMESPACE_KINDS = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts'] as const;
export type NamespaceKind = (typeof NAMESPACE_KINDS)[number];

/** Each namespace's id (the inode number the kernel shows in /proc/<pid>/ns). */
export async function namespaceIds(pid: number | 'self'): Promise<Partial<Record<NamespaceKind, string>>> {
  const entries = await Promise.all(NAMESPACE_KINDS.map(async (kind) => {
    const link = await readlink(`/proc/${pid}/ns/${kind}`).catch(() => '');
    return [kind, /\[(\d+)\]/.exec(link)?.[1]] as const;
  }));
  return Object.fromEntries(entries.filter(([, id]) => id !== undefined));
}

export interface RootOverlay {
  /** Read-only layers, top first: the container's init layer, then the image's. */
  lower: string[];
  /** Where the container's own writes go. */
  upper: string;
}

/** The overlay mounted as the process's root, paths as the sandbox sees them; null when its root is not an overlay. */
export async function rootOverlay(pid: number): Promise<RootOverlay | null> {
  const mounts = await readFile(`/proc/${pid}/mountinfo`, 'utf8').catch(() => '');
  for (const line of mounts.split('\n')) {
    const [before, after] = line.split(' - ');
    if (!after || before.split(' ')[4] !== '/') continue;
    const [type, , options = ''] = after.split(' ');
    if (type !== 'overlay') return null;
    const option = (name: string) => options.split(',').find((o) => o.startsWith(`${name}=`))?.slice(name.length + 1);
    return { lower: (option('lowerdir') ?? '').split(':').filter(Boolean).slice(0, MAX_LOWER_LAYERS), upper: option('upperdir') ?? '' };
  }
  return null;
}

export interface NetworkInterface {
  name: string;
  /** `loopback`, `veth`, `bridge`, … */
  kind: string;
  /** The bridge it is plugged into. */
  bridge?: string;
  up: boolean;
  addresses: string[];
}

interface IpLink {
  ifname: string;
  flags?: string[];
  master?: string;
  link_type?: string;
  linkinfo?: { info_kind?: string };
  addr_info?: { local: string; prefixlen: number }[];
}

export async function networkInterfaces(pid: number): Promise<NetworkInterface[]> {
  const { stdout } = await run('nsenter', [`--net=/proc/${pid}/ns/net`, 'ip', '-j', '-d', 'addr', 'show'], { timeout: IP_TIMEOUT_MS, maxBuffer: IP_OUTPUT_MAX });
  return (JSON.parse(stdout) as IpLink[]).map((link) => ({
    name: link.ifname,
    kind: link.linkinfo?.info_kind ?? link.link_type ?? 'other',
    ...(link.master ? { bridge: link.master } : {}),
    up: link.flags?.includes('UP') ?? false,
    addresses: (link.addr_info ?? []).map((a) => `${a.local}/${a.prefixlen}`),
  }));
}

/** The pid of a process as each pid namespace it is in sees it, host first (NSpid in /proc/<pid>/status). */
export async function pidsByNamespace(pid: number): Promise<number[]> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return (/^NSpid:\s+(.+)$/m.exec(status)?.[1] ?? '').split(/\s+/).filter(Boolean).map(Number);
}
