// Small wrappers around host programs the set-up needs (apt-get, dockerd,
// debootstrap): their output goes to the operator as progress.
import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where the engine reports: a person's console for the CLI, the server's
 * structured log for `dockyard start`. `warn` marks what went wrong (a retry,
 * a failure to clean up), so a log at warn level still shows it.
 */
export type Say = (line: string, level?: 'info' | 'warn') => void;

export async function onPath(program: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    try {
      await access(path.join(dir, program), constants.X_OK);
      return true;
    } catch { /* keep looking */ }
  }
  return false;
}

/** Runs a program to completion, passing each output line to `say`; rejects on non-zero exit. */
export function runProgram(program: string, args: string[], say: Say, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail: string[] = [];
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        say(line);
        tail = [...tail.slice(-19), line];
      }
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${program} ${args.join(' ')} exited with ${code}:\n${tail.join('\n')}`));
    });
  });
}

export async function aptInstall(packages: string[], say: Say): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  say(`apt-get update (to install ${packages.join(', ')})`);
  await runProgram('apt-get', ['update'], say, env);
  say(`apt-get install -y ${packages.join(' ')}`);
  await runProgram('apt-get', ['install', '-y', '--no-install-recommends', ...packages], say, env);
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}
