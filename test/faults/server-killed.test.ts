// A server killed without warning (SIGKILL: no shutdown code runs) and
// started again: the learner gets the same sandbox back with its files;
// processes the learner detached survive; the shell itself, whose connection
// died with the server, is ended rather than left running unseen; and
// nothing is left over: containers, volumes, exec sessions, pool sandboxes.
import Docker from 'dockerode';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { Learner } from '../server/clients.ts';
import { freePort, startServerProcess, type ServerProcess } from './server-process.ts';

// This file tests the Docker backend (DOCKYARD_ENGINE=docker): it looks at
// containers and volumes through Docker's own API. Each test file runs in a
// worker of its own, so this reaches only the servers and engines made here.
process.env.DOCKYARD_ENGINE = 'docker';

const docker = new Docker();
const suffix = 'killed';
const namespace = () => `${inject('namespace')}-${suffix}`;

async function ourContainers() {
  return docker.listContainers({ all: true, filters: { label: [`dockyard.namespace=${namespace()}`] } });
}

async function runningExecs(containerId: string): Promise<number> {
  const { ExecIDs } = await docker.getContainer(containerId).inspect();
  const states = await Promise.all((ExecIDs ?? []).map((id) => docker.getExec(id).inspect().then((e) => e.Running, () => false)));
  return states.filter(Boolean).length;
}

async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  return vi.waitFor(async () => {
    const value = await probe();
    if (!done(value)) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    return value;
  }, { timeout: timeoutMs, interval: 250 });
}

const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) await server.kill('SIGTERM');
});

// Servers in processes of their own start slowly on a busy 2-core host: a generous bound, not a measure.
const PROCESS_TEST_TIMEOUT_MS = 600_000;

describe('server killed with SIGKILL mid-session', () => {
  it('gives the learner the same sandbox and files after a restart, ends the orphaned shell and leaks nothing', async () => {
    const port = await freePort();
    const first = await startServerProcess(suffix, {}, port);
    servers.push(first);
    await first.waitForOutput(/Dockyard is serving/);
    const learner = new Learner(first.url);
    const { id } = await learner.session();
    const term = await learner.terminal(id, 'main');
    // A file, a job of the shell, and a process the learner detached from it.
    term.type('echo kept > /root/work.txt; sleep 2001 & (setsid sleep 3001 &); echo started-$((6*7))\n');
    await term.waitFor(/started-42\r\n/);
    const [owned] = (await ourContainers()).filter((c) => c.Names[0].includes(id));
    expect(owned).toBeDefined();
    await first.kill('SIGKILL');

    // The engine does not end an exec whose client went away: the shell runs on, unreachable.
    expect(await runningExecs(owned.Id)).toBe(1);

    const second = await startServerProcess(suffix, {}, port);
    servers.push(second);
    await second.waitForOutput(/Dockyard is serving/);
    const again = new Learner(second.url);
    again.cookie = learner.cookie;
    expect(await again.session()).toMatchObject({ id, status: 'ready' });
    const after = await again.terminal(id, 'main');
    after.type('cat /root/work.txt; pgrep -f "sleep 3001" >/dev/null && echo detached-alive; pgrep -f "sleep 2001" >/dev/null || echo job-ended; echo shells=$(ls /run/dockyard/terminals | wc -l)\n');
    await after.waitFor(/kept\r\ndetached-alive\r\njob-ended\r\nshells=1\r\n/);
    // Same container: the sandbox was adopted, not replaced.
    expect((await ourContainers()).filter((c) => c.Names[0].includes(id)).map((c) => c.Id)).toEqual([owned.Id]);
    // Only the new terminal's shell runs in it.
    await until('running execs in the sandbox', () => runningExecs(owned.Id), (n) => n === 1);

    // The pool is back to its size (1), with nothing more: one owned and one pooled sandbox, two volumes each.
    const health = await until('pool', async () => (await again.json<{ pool: { ready: number; creating: number } }>('GET', '/api/health')).body.pool, (p) => p.ready === 1 && p.creating === 0);
    expect(health).toMatchObject({ size: 1, ready: 1 });
    const containers = await ourContainers();
    expect(containers.map((c) => c.State)).toEqual(['running', 'running']);
    const { Volumes } = await docker.listVolumes({ filters: { label: [`dockyard.namespace=${namespace()}`] } });
    expect(Volumes).toHaveLength(4);

    after.close();
    expect((await again.request('DELETE', `/api/sessions/${id}`)).status).toBe(204);
    await second.kill('SIGTERM');
  }, PROCESS_TEST_TIMEOUT_MS);
});
