// Runs `dockyard start` as a separate process, as an operator would, so the
// benchmark's clients do not share the server's event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { projectRoot } from '../../engine/config.ts';
import { TEST_SECRET } from '../server/clients.ts';

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  return port;
}

export interface ServerProcess {
  url: string;
  pid: number;
  rssMiB(): Promise<number>;
  stop(): Promise<void>;
}

export async function startServerProcess(namespace: string, env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(projectRoot, 'bin', 'dockyard.mjs'), 'start'], {
    env: { ...process.env, PORT: String(port), DOCKYARD_NAMESPACE: namespace, DOCKYARD_SECRET: TEST_SECRET, DOCKYARD_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let stopping = false;
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  // A server that dies under a benchmark says why, instead of leaving its clients to hang.
  child.on('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`server (${namespace}) exited unexpectedly (code ${code}, signal ${signal}):\n${stderr.slice(-4000)}\n`);
  });
  const url = `http://127.0.0.1:${port}`;
  // `start` rebuilds the lesson site first when its sources changed: minutes on a busy host.
  const deadline = Date.now() + 600_000;
  while (!stderr.includes('Dockyard is serving')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    async rssMiB() {
      const { readFile } = await import('node:fs/promises');
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
    async stop() {
      stopping = true;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
