// What the host does to a sandbox's cgroups, where the learner cannot reach:
// it locks the sandbox's own root cgroup so no process can be moved back into
// it (only the platform's processes, started by Incus, live there), and it
// stops the learner's processes from outside: freeze, kill everything not in
// the root cgroup, thaw. That needs no process inside the sandbox, so a fork
// bomb that used up every process slot, wherever the learner moved it, is
// still cleared. Needs the sandbox on this host (a local Incus).
import { chmod, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const CGROUP_ROOT = '/sys/fs/cgroup';

interface Hierarchy {
  /** Host directory of the sandbox's root cgroup in this hierarchy. */
  dir: string;
  controllers: string;
}

/**
 * The sandbox's root cgroups, from its init process as the host sees it. The
 * pid is Incus's word: a daemon on another machine names a process of its
 * own, so the cgroups must be the instance's (Incus puts it under
 * `lxc.payload.<name>`, with a `-N` suffix after restarts) before anything is
 * written.
 */
export async function sandboxCgroups(initPid: number, instance: string): Promise<Hierarchy[]> {
  const lines = (await readFile(`/proc/${initPid}/cgroup`, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean);
  const ours = new RegExp(`^/lxc\\.payload\\.${instance.replace(/[.]/g, '\\.')}(-\\d+)?$`);
  if (!lines.length || !lines.every((line) => ours.test(line.split(':')[2] ?? ''))) {
    throw new Error(`process ${initPid}, which Incus gives as the init of ${instance}, is not that sandbox's on this machine: the Incus daemon must run on the machine Dockyard runs on`);
  }
  return lines.map((line) => {
    const [, controllers, cgroupPath] = line.split(':');
    const mount = controllers === '' ? (lines.length === 1 ? CGROUP_ROOT : path.join(CGROUP_ROOT, 'unified')) : path.join(CGROUP_ROOT, controllers.replace(/^name=/, ''));
    return { dir: path.join(mount, cgroupPath), controllers };
  });
}

/** No process inside may be moved into the sandbox's root cgroups: the files that do it become host root's alone. */
export async function lockRootCgroups(hierarchies: Hierarchy[]): Promise<void> {
  for (const { dir } of hierarchies) {
    for (const file of ['cgroup.procs', 'tasks', 'cgroup.threads']) {
      await chmod(path.join(dir, file), 0o644).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    }
  }
}

async function subgroups(dir: string, skip: (relative: string) => boolean, base = dir): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory()) continue;
    const full = path.join(dir, entry.name);
    if (skip(path.relative(base, full))) continue;
    found.push(full, ...(await subgroups(full, skip, base)));
  }
  return found;
}

async function pidsIn(dir: string): Promise<number[]> {
  const text = await readFile(path.join(dir, 'cgroup.procs'), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map(Number);
}

async function waitForState(file: string, state: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await readFile(file, 'utf8')).trim() !== state && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Kills every process of the sandbox outside its root cgroup (learner
 * commands, cgroups the learner made, and with `nested` the nested engine's
 * containers). The whole sandbox is frozen meanwhile, so nothing forks past it.
 */
export async function killOutsideRoot(hierarchies: Hierarchy[], nested: boolean): Promise<number> {
  const spare = (relative: string) => !nested && (relative === 'docker' || relative.startsWith('docker/'));
  const unified = hierarchies.find((h) => h.controllers === '' && hierarchies.length === 1);
  if (unified) {
    // cgroup v2: each cgroup can be killed whole at once.
    const groups = await subgroups(unified.dir, spare);
    for (const group of groups.reverse()) await writeFile(path.join(group, 'cgroup.kill'), '1').catch(() => undefined);
    return groups.length;
  }
  const freezer = hierarchies.find((h) => h.controllers.split(',').includes('freezer'));
  if (!freezer) throw new Error('the sandbox has no freezer cgroup to stop its processes with');
  const state = path.join(freezer.dir, 'freezer.state');
  await writeFile(state, 'FROZEN');
  const killed: number[] = [];
  try {
    await waitForState(state, 'FROZEN', 2000);
    for (const group of await subgroups(freezer.dir, spare)) {
      for (const pid of await pidsIn(group)) {
        try {
          process.kill(pid, 'SIGKILL');
          killed.push(pid);
        } catch { /* gone already */ }
      }
    }
  } finally {
    await writeFile(state, 'THAWED');
  }
  await untilGone(killed, 5000);
  return killed.length;
}

/** Killed processes hold their process slots until reaped: the learner's next command needs them back. */
async function untilGone(pids: number[], timeoutMs: number): Promise<void> {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const deadline = Date.now() + timeoutMs;
  let left = pids;
  while ((left = left.filter(alive)).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}
