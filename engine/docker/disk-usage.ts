// How much host disk a sandbox takes: its container's writable layer and its
// own (read-write) volumes, measured from the host. This needs the engine's
// storage on this machine's filesystem, so it works with a local engine only.
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { promisify } from 'node:util';
import type Docker from 'dockerode';

const run = promisify(execFile);

/** The host directories a sandbox writes to, or undefined when the engine's storage is not visible here. */
export async function sandboxStorage(docker: Docker, containerId: string): Promise<string[] | undefined> {
  const info = await docker.getContainer(containerId).inspect();
  // dockerode types GraphDriver.Data for devicemapper only; overlay2 reports its layer directories there.
  const layers = info.GraphDriver?.Data as Record<string, string | undefined> | undefined;
  const paths = [
    layers?.UpperDir,
    ...(info.Mounts ?? []).filter((m) => m.Type === 'volume' && m.RW).map((m) => m.Source),
  ].filter((p): p is string => Boolean(p));
  // A remote engine (or one in a VM) reports paths of its own machine.
  const visible = await Promise.all(paths.map((p) => access(p).then(() => true, () => false)));
  return paths.length && visible.every(Boolean) ? paths : undefined;
}

/**
 * Bytes allocated on disk under `paths`, hard links counted once. Blocks, not
 * file sizes: a sparse file costs what it holds, a preallocated one
 * (fallocate) what it reserves, and ext4 counts delayed allocations at once,
 * so a write shows up before it is flushed.
 */
export async function allocatedBytes(paths: string[]): Promise<number> {
  // nice: the measurement must not compete with learners for the CPU.
  const { stdout } = await run('nice', ['-n', '10', 'du', '-s', '-x', '-c', '-B1', '--', ...paths], { maxBuffer: 1024 * 1024 }).catch((err: { stdout?: string; code?: number }) => {
    // du exits 1 when a file vanished mid-walk (a learner deleting): its total is still right.
    if (err.code === 1 && err.stdout) return { stdout: err.stdout };
    throw err;
  });
  const total = /^(\d+)\s+total$/m.exec(stdout);
  if (!total) throw new Error(`du printed no total for ${paths.join(' ')}`);
  return Number(total[1]);
}
