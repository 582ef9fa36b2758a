// Makes sure a container engine answers before anything else runs. Where none
// does and this process may (root, apt), it installs Debian's docker.io and
// starts dockerd itself; an engine that already answers is never touched.
import { spawn } from 'node:child_process';
import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import Docker from 'dockerode';
import type { EngineConfig } from '../config.ts';
import { EngineUnavailableError } from '../errors.ts';
import { aptInstall, isRoot, onPath, type Say } from '../host/commands.ts';


const START_TIMEOUT_MS = 60_000;

async function answers(docker: Docker): Promise<boolean> {
  try {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref());
    await Promise.race([docker.ping(), timeout]);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilAnswering(docker: Docker, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await answers(docker)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** Where this process looks for the engine, as an operator would write it. */
export function describeTarget(): string {
  return process.env.DOCKER_HOST ? `DOCKER_HOST=${process.env.DOCKER_HOST}` : 'unix:///var/run/docker.sock';
}

const DAEMON_CONFIG = '/etc/docker/daemon.json';

/**
 * Live restore keeps containers running while dockerd restarts (an upgrade,
 * a crash), so learners' sandboxes survive it. dockerd refuses a flag that
 * its configuration file also sets, so an operator's own choice there wins.
 */
async function dockerdArgs(): Promise<string[]> {
  const text = await readFile(DAEMON_CONFIG, 'utf8').catch(() => '{}');
  let settings: Record<string, unknown>;
  try {
    settings = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new EngineUnavailableError(`${DAEMON_CONFIG} is not valid JSON, so dockerd would not start: ${(err as Error).message}`);
  }
  return 'live-restore' in settings ? [] : ['--live-restore'];
}

async function startDockerd(config: EngineConfig, say: Say): Promise<string> {
  await mkdir(config.DOCKYARD_STATE_DIR, { recursive: true });
  const logPath = path.join(config.DOCKYARD_STATE_DIR, 'dockerd.log');
  const args = await dockerdArgs();
  const log = await open(logPath, 'a');
  say(`Starting dockerd ${args.join(' ')} in the background (log: ${logPath})`);
  const child = spawn('dockerd', args, { detached: true, stdio: ['ignore', log.fd, log.fd] });
  child.unref();
  await log.close();
  return logPath;
}

async function logTail(logPath: string): Promise<string> {
  const text = await readFile(logPath, 'utf8').catch(() => '');
  return text.split('\n').slice(-15).join('\n');
}

/** Returns a client for an engine that answers, installing and starting one if allowed. */
export async function ensureEngine(config: EngineConfig, say: Say, docker = new Docker()): Promise<Docker> {
  if (await answers(docker)) return docker;

  const target = describeTarget();
  const manual = `Start a Docker engine (for example \`sudo systemctl start docker\`) or point DOCKER_HOST at one, then try again.`;
  if (process.env.DOCKER_HOST) throw new EngineUnavailableError(`No container engine answers at ${target}. ${manual}`);
  if (config.DOCKYARD_INSTALL_ENGINE === 'never') {
    throw new EngineUnavailableError(`No container engine answers at ${target}, and DOCKYARD_INSTALL_ENGINE=never. ${manual}`);
  }
  if (!isRoot()) {
    throw new EngineUnavailableError(`No container engine answers at ${target}. Dockyard can install and start one only when run as root. ${manual}`);
  }

  say(`No container engine answers at ${target}; setting one up.`);
  if (!(await onPath('dockerd'))) {
    if (!(await onPath('apt-get'))) {
      throw new EngineUnavailableError(`dockerd is not installed and apt-get is not available to install it. Install Docker Engine, then try again.`);
    }
    await aptInstall(['docker.io'], say);
  }
  const logPath = await startDockerd(config, say);
  if (!(await waitUntilAnswering(docker, START_TIMEOUT_MS))) {
    throw new EngineUnavailableError(`dockerd did not answer within ${START_TIMEOUT_MS / 1000}s. Last lines of ${logPath}:\n${await logTail(logPath)}`);
  }
  say('Container engine is answering.');
  return docker;
}
