// How much room the engine has left for new sandboxes: free space of its data
// root (docker info's DockerRootDir), read with statfs. That is possible only
// when the engine runs on this host; a remote engine's disk is not measured
// and new sandboxes are never refused for it.
import { statfs } from 'node:fs/promises';
import type Docker from 'dockerode';

export type DiskReading =
  | { measured: true; path: string; freeBytes: number; minFreeBytes: number; low: boolean }
  | { measured: false; reason: string; minFreeBytes: number };

/** A unix socket is taken for a local engine; tcp:// and ssh:// engines are elsewhere. */
export function engineIsLocal(dockerHost = process.env.DOCKER_HOST): boolean {
  return !dockerHost || dockerHost.startsWith('unix://');
}

export function formatBytes(n: number): string {
  const gib = n / 1024 ** 3;
  return gib >= 1 ? `${gib.toFixed(1)} GiB` : `${Math.round(n / 1024 ** 2)} MiB`;
}

export class DiskGauge {
  private dataRoot?: Promise<string>;

  constructor(private readonly docker: Docker, private readonly minFreeBytes: number, private readonly local = engineIsLocal()) {}

  async measure(): Promise<DiskReading> {
    const minFreeBytes = this.minFreeBytes;
    if (!this.local) return { measured: false, reason: `the engine (DOCKER_HOST=${process.env.DOCKER_HOST}) is not on this host`, minFreeBytes };
    this.dataRoot ??= this.docker.info().then((info: { DockerRootDir: string }) => info.DockerRootDir);
    let path: string;
    try {
      path = await this.dataRoot;
    } catch (err) {
      this.dataRoot = undefined;
      return { measured: false, reason: `could not ask the engine for its data root: ${(err as Error).message}`, minFreeBytes };
    }
    try {
      const stats = await statfs(path);
      const freeBytes = stats.bavail * stats.bsize;
      return { measured: true, path, freeBytes, minFreeBytes, low: freeBytes < minFreeBytes };
    } catch (err) {
      return { measured: false, reason: `the engine's data root ${path} cannot be read from this host: ${(err as Error).message}`, minFreeBytes };
    }
  }
}
