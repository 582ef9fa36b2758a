// Makes sure an Incus daemon answers and has a storage pool for sandboxes.
// Where none answers and this process may (root, apt), it installs Incus
// (from bookworm-backports on Debian 12, the main archive elsewhere), starts
// lxcfs and incusd without systemd, and creates the pool. An Incus that
// already answers is used as it is: only a missing pool is added, and said.
// An HTTPS remote is never installed or started: it must answer and trust us.
import { spawn } from 'node:child_process';
import { access, mkdir, open, readFile, readlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EngineConfig } from '../config.ts';
import { EngineUnavailableError } from '../errors.ts';
import { aptInstall, isRoot, onPath, runProgram, type Say } from '../host/commands.ts';
import { IncusError, type IncusClient } from './client.ts';

const START_TIMEOUT_MS = 60_000;
const INCUSD = '/usr/libexec/incus/incusd';
const BACKPORTS_LIST = '/etc/apt/sources.list.d/dockyard-bookworm-backports.list';
// Where Incus 6 starts: instance copies on btrfs, idmapped disks, the exec API used here.
const MIN_MAJOR_VERSION = 6;

interface ServerInfo {
  auth?: string;
  environment?: { server_version?: string; storage?: string; server_pid?: number };
}

async function answers(client: IncusClient): Promise<ServerInfo | undefined> {
  try {
    return await client.request<ServerInfo>('GET', '/1.0');
  } catch {
    return undefined;
  }
}

async function waitUntilAnswering(client: IncusClient, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await answers(client)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

async function osRelease(): Promise<Record<string, string>> {
  const text = await readFile('/etc/os-release', 'utf8').catch(() => '');
  return Object.fromEntries(text.split('\n').filter((l) => l.includes('=')).map((l) => {
    const eq = l.indexOf('=');
    return [l.slice(0, eq), l.slice(eq + 1).replace(/^"|"$/g, '')];
  }));
}

/** Debian 12 has Incus only in backports; the mirror is the one the host already uses. */
async function installIncus(config: EngineConfig, say: Say): Promise<void> {
  if (!(await onPath('apt-get'))) throw new EngineUnavailableError('Incus is not installed and apt-get is not available to install it. Install Incus 6 (https://linuxcontainers.org/incus/docs/main/installing/), then try again.');
  const os = await osRelease();
  const packages = ['incus-base', 'incus-client', 'btrfs-progs'];
  if (os.ID === 'debian' && os.VERSION_CODENAME === 'bookworm') {
    await writeFile(BACKPORTS_LIST, `deb ${config.DOCKYARD_DEBIAN_MIRROR} bookworm-backports main\n`);
    say(`Added ${BACKPORTS_LIST}: Incus 6 is in bookworm-backports on Debian 12.`);
    await aptInstall(['-t', 'bookworm-backports', ...packages], say);
  } else {
    await aptInstall(packages, say);
  }
}

async function startDaemon(program: string, args: string[], logPath: string, say: Say): Promise<void> {
  const log = await open(logPath, 'a');
  say(`Starting ${program} ${args.join(' ')} in the background (log: ${logPath})`);
  const child = spawn(program, args, { detached: true, stdio: ['ignore', log.fd, log.fd] });
  child.unref();
  await log.close();
}

async function lxcfsRunning(): Promise<boolean> {
  return access('/var/lib/lxcfs/proc/uptime').then(() => true, () => false);
}

async function logTail(logPath: string): Promise<string> {
  const text = await readFile(logPath, 'utf8').catch(() => '');
  return text.split('\n').slice(-15).join('\n');
}

function majorVersion(info: ServerInfo): number {
  return Number.parseInt(info.environment?.server_version ?? '0', 10);
}

/** An Incus that answers, installed and started where allowed; rejects with what the operator should run. */
export async function ensureIncus(client: IncusClient, config: EngineConfig, say: Say): Promise<void> {
  const info = client.endpoint.kind === 'unix' ? await ensureLocalDaemon(client, config, say) : await reachRemote(client);
  if (majorVersion(info) < MIN_MAJOR_VERSION) {
    throw new EngineUnavailableError(`Incus at ${client.address} is version ${info.environment?.server_version}; Dockyard needs ${MIN_MAJOR_VERSION} or later (on Debian 12: apt-get install -t bookworm-backports incus-base incus-client).`);
  }
  await ensurePool(client, config, say);
}

async function reachRemote(client: IncusClient): Promise<ServerInfo> {
  let info: ServerInfo;
  try {
    info = await client.request<ServerInfo>('GET', '/1.0');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    // A certificate other than the pinned one fails the chain check (it is the only trusted one) or, signed by it, the pin itself.
    if (/CERT|SIGNATURE/.test(code) || /pinned/.test((err as Error).message)) {
      throw new EngineUnavailableError(`The daemon at ${client.address} does not show the Incus certificate pinned for it (${(err as Error).message}). If that daemon's certificate was renewed, issue a new token there (\`incus config trust add dockyard\`) and run \`npx dockyard incus trust <token>\` here.`);
    }
    throw new EngineUnavailableError(`No Incus answers at ${client.address} (${(err as Error).message}). Check DOCKYARD_INCUS_REMOTE and the daemon's core.https_address.`);
  }
  if (info.auth !== 'trusted') {
    throw new EngineUnavailableError(`The Incus at ${client.address} answers but does not trust this client's certificate. On that host run \`incus config trust add dockyard\`, then here \`npx dockyard incus trust <token>\`.`);
  }
  await mustRunOnThisMachine(info, client.address);
  return info;
}

/**
 * The host-side cgroup fence (the platform's process reserve) and the shared
 * read-only content are paths on this machine, so the daemon must run here
 * too; the fence checks each sandbox again (cgroup-fence.ts).
 */
async function mustRunOnThisMachine(info: ServerInfo, address: string): Promise<void> {
  const pid = info.environment?.server_pid;
  const program = pid ? await readlink(`/proc/${pid}/exe`).catch(() => '') : '';
  if (path.basename(program) === 'incusd') return;
  throw new EngineUnavailableError(`The Incus at ${address} runs on another machine. Dockyard needs the daemon on the machine it runs on for now: the cgroup fence that keeps the platform's process reserve and the shared read-only content are host paths (docs/operating.md).`);
}

async function ensureLocalDaemon(client: IncusClient, config: EngineConfig, say: Say): Promise<ServerInfo> {
  let info = await answers(client);
  const target = client.address;
  if (!info) {
    const manual = 'Start Incus 6 (for example `incus admin waitready` after starting incusd), or set INCUS_SOCKET to its socket; or choose DOCKYARD_ENGINE=docker (root-equivalent, see docs/security.md).';
    if (process.env.INCUS_SOCKET) throw new EngineUnavailableError(`No Incus answers at ${target}. ${manual}`);
    if (config.DOCKYARD_INSTALL_ENGINE === 'never') throw new EngineUnavailableError(`No Incus answers at ${target}, and DOCKYARD_INSTALL_ENGINE=never. ${manual}`);
    if (!isRoot()) throw new EngineUnavailableError(`No Incus answers at ${target}. Dockyard can install and start it only when run as root. ${manual}`);
    say(`No Incus answers at ${target}; setting it up.`);
    try {
      await access(INCUSD);
    } catch {
      await installIncus(config, say);
    }
    await mkdir(config.DOCKYARD_STATE_DIR, { recursive: true });
    if (!(await lxcfsRunning()) && (await onPath('lxcfs'))) {
      // An lxcfs that was killed leaves its FUSE mount behind, which a new one cannot mount over.
      await runProgram('sh', ['-c', 'umount -l /var/lib/lxcfs 2>/dev/null; true'], say);
      await mkdir('/var/lib/lxcfs', { recursive: true });
      await startDaemon('lxcfs', ['/var/lib/lxcfs'], path.join(config.DOCKYARD_STATE_DIR, 'lxcfs.log'), say);
    }
    // incusd refuses to start without its group.
    await runProgram('sh', ['-c', 'getent group incus-admin >/dev/null || groupadd --system incus-admin'], say);
    const logPath = path.join(config.DOCKYARD_STATE_DIR, 'incusd.log');
    await startDaemon(INCUSD, ['--group', 'incus-admin', `--logfile=${logPath}`], logPath, say);
    if (!(await waitUntilAnswering(client, START_TIMEOUT_MS))) {
      throw new EngineUnavailableError(`incusd did not answer within ${START_TIMEOUT_MS / 1000}s. Last lines of ${logPath}:\n${await logTail(logPath)}`);
    }
    info = (await answers(client))!;
    say(`Incus ${info.environment?.server_version} is answering.`);
  }
  return info;
}

/**
 * The pool sandboxes' disks live in. btrfs on a loop file gives cheap copies
 * and per-sandbox quotas; `dir` works everywhere but copies every file and
 * enforces no quota, so it is only the fallback, said loudly.
 */
async function ensurePool(client: IncusClient, config: EngineConfig, say: Say): Promise<void> {
  const name = config.DOCKYARD_INCUS_POOL;
  try {
    await client.request('GET', `/1.0/storage-pools/${name}`);
    return;
  } catch (err) {
    if (!(err instanceof IncusError) || err.status !== 404) throw err;
  }
  say(`Creating the Incus storage pool "${name}" (btrfs on a ${config.DOCKYARD_INCUS_POOL_SIZE} loop file) for sandboxes.`);
  try {
    await client.request('POST', '/1.0/storage-pools', { name, driver: 'btrfs', config: { size: config.DOCKYARD_INCUS_POOL_SIZE } });
  } catch (err) {
    say(`WARNING: a btrfs pool could not be made (${(err as Error).message}); using the "dir" driver. Every sandbox is then a full copy (3-5 s to make) and sandbox disk quotas are not enforced.`);
    await client.request('POST', '/1.0/storage-pools', { name, driver: 'dir' });
  }
}
