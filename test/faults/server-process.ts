// `dockyard start` in a process of its own, as an operator runs it, so a test
// can kill it the hard way (SIGKILL) and read what it told the operator.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { inject } from 'vitest';
import { projectRoot } from '../../engine/config.ts';
import { TEST_SECRET } from '../server/clients.ts';

export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export class ServerProcess {
  /** Everything the process wrote to stdout and stderr. */
  output = '';
  private readonly child: ChildProcess;

  constructor(readonly url: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'dockyard.mjs'), 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer) => { this.output += chunk.toString(); };
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Waits until the process has said something matching `pattern`; fails if it exits first. */
  async waitForOutput(pattern: RegExp, timeoutMs = 400_000): Promise<void> {
    if (pattern.test(this.output)) return;
    if (this.exited) throw new Error(`dockyard start exited before printing ${pattern}:\n${this.output}`);
    // Checked at each chunk of output, and at the exit.
    await new Promise<void>((resolve, reject) => {
      const stop = () => {
        clearTimeout(timer);
        this.child.stdout!.off('data', check);
        this.child.stderr!.off('data', check);
        this.child.off('exit', exited);
      };
      const check = () => {
        if (!pattern.test(this.output)) return;
        stop();
        resolve();
      };
      const exited = () => {
        stop();
        if (pattern.test(this.output)) resolve();
        else reject(new Error(`dockyard start exited before printing ${pattern}:\n${this.output}`));
      };
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`dockyard start did not print ${pattern} within ${timeoutMs} ms:\n${this.output}`));
      }, timeoutMs);
      this.child.stdout!.on('data', check);
      this.child.stderr!.on('data', check);
      this.child.once('exit', exited);
    });
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    if (this.exited) return;
    const exit = once(this.child, 'exit');
    this.child.kill(signal);
    await exit;
  }
}

/** Starts `dockyard start` on a free port in a namespace under the test run's, with test settings. */
export async function startServerProcess(namespaceSuffix: string, env: Record<string, string> = {}, port?: number): Promise<ServerProcess> {
  const chosen = port ?? await freePort();
  return new ServerProcess(`http://127.0.0.1:${chosen}`, {
    ...process.env,
    PORT: String(chosen),
    DOCKYARD_NAMESPACE: `${inject('namespace')}-${namespaceSuffix}`,
    DOCKYARD_SECRET: TEST_SECRET,
    DOCKYARD_POOL_SIZE: '1',
    DOCKYARD_SANDBOX_MEMORY: '512m',
    DOCKYARD_DATABASE: ':memory:',
    DOCKYARD_LOG_LEVEL: 'warn',
    ...env,
  });
}
