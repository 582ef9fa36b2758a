// Stopping the host's dockerd and starting it again the way Dockyard's set-up
// does (engine/docker/ensure-engine.ts). Only for *.isolated.test.ts files:
// every other test on this engine would see it go away.
import { existsSync, readFileSync } from 'node:fs';
import { vi } from 'vitest';
import { loadEngineConfig } from '../../engine/index.ts';
import { ensureEngine } from '../../engine/docker/ensure-engine.ts';

const PID_FILE = '/var/run/docker.pid';

/** A local dockerd this process may stop: not a remote DOCKER_HOST, and root. */
export function dockerdRestartable(): boolean {
  return !process.env.DOCKER_HOST && process.getuid?.() === 0 && existsSync(PID_FILE);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops dockerd as an operator's `kill` (or a crash-free service stop) would, and waits until it is gone. */
export async function stopDockerd(timeoutMs = 60_000): Promise<void> {
  const pid = Number(readFileSync(PID_FILE, 'utf8').trim());
  process.kill(pid, 'SIGTERM');
  await vi.waitFor(() => {
    if (alive(pid)) throw new Error(`dockerd (pid ${pid}) did not stop within ${timeoutMs} ms`);
  }, { timeout: timeoutMs, interval: 100 });
}

/** Starts dockerd exactly as `dockyard prepare` does when no engine answers. */
export async function startDockerd(): Promise<void> {
  await ensureEngine(loadEngineConfig(), () => undefined);
}
