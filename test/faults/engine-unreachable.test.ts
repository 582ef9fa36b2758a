// `dockyard start` with no Incus at INCUS_SOCKET: it says what it tried,
// keeps retrying instead of exiting, answers health and new sessions with 503
// and the reason, and serves on its own once an engine appears there (here a
// forwarder to the real engine, opened late on the same socket path).
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Learner } from '../server/clients.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

const socketPath = path.join(tmpdir(), `dockyard-faults-${randomBytes(4).toString('hex')}.sock`);
let server: ServerProcess | undefined;
let forwarder: Server | undefined;

afterAll(async () => {
  await server?.kill('SIGTERM');
  await new Promise((resolve) => (forwarder ? forwarder.close(resolve) : resolve(undefined)));
  rmSync(socketPath, { force: true });
});

/** A real engine behind a new socket: every connection is piped to incusd's own. */
function forwardTo(target: string, at: string): Promise<Server> {
  const relay = createServer((client) => {
    const upstream = connect(target);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  return new Promise((resolve) => relay.listen(at, () => resolve(relay)));
}

// Servers in processes of their own start slowly on a busy 2-core host: a generous bound, not a measure.
const PROCESS_TEST_TIMEOUT_MS = 600_000;

describe('no engine answers at start', () => {
  it('retries with backoff, answers 503 meanwhile, and becomes healthy when the engine appears', async () => {
    const target = `unix://${socketPath}`;
    server = await startServerProcess('unreachable', { INCUS_SOCKET: socketPath });
    await server.waitForOutput(/Listening on http/);
    await server.waitForOutput(/retrying in \d+s/);
    expect(server.output).toContain(`No Incus answers at ${target}`);
    expect(server.exited).toBe(false);

    const learner = new Learner(server.url);
    const health = await learner.json<{ status: string; problems: string[]; engine: { reachable: boolean; state: string } }>('GET', '/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'degraded', engine: { reachable: false, state: 'starting' } });
    expect(health.body.problems.join('\n')).toContain(target);
    const refused = await learner.json<{ error: string; message: string }>('POST', '/api/sessions');
    expect(refused.status).toBe(503);
    expect(refused.body.error).toBe('engine_unavailable');
    expect(refused.body.message).toContain(target);

    forwarder = await forwardTo('/var/lib/incus/unix.socket', socketPath);
    await server.waitForOutput(/Dockyard is serving/, 120_000);
    expect((await learner.json('GET', '/api/health')).status).toBe(200);
    const { id, status } = await learner.session();
    expect(status).toBe('ready');
    const term = await learner.terminal(id, 'main');
    term.type('echo through-the-late-engine-$((5*5))\n');
    await term.waitFor(/through-the-late-engine-25\r\n/);
    term.close();
    expect((await learner.request('DELETE', `/api/sessions/${id}`)).status).toBe(204);
  }, PROCESS_TEST_TIMEOUT_MS);
});
