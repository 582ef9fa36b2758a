// Terminals under pressure on a real sandbox: many sockets racing for one
// terminal name (M2), and the screen-mirror worker dying under the server.
import type { Worker } from 'node:worker_threads';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../server/main.ts';
import { Learner, testServer } from './harness.ts';

let server: RunningServer;
let learner: Learner;
let sessionId: string;

beforeAll(async () => {
  server = await testServer('terminal-reattach');
  learner = new Learner(server.url);
  sessionId = (await learner.session()).id;
});

afterAll(async () => {
  await learner?.request('DELETE', `/api/sessions/${sessionId}`);
  await server?.stop();
});

const sandbox = () => server.context.sessions.get(sessionId)!.sandboxId!;

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  await vi.waitFor(async () => {
    if (!(await condition())) throw new Error(`timed out waiting for ${what}`);
  }, { timeout: timeoutMs, interval: 100 });
}

describe('concurrent attaches to one terminal name', () => {
  it('leave exactly one open socket, and only its keystrokes reach the shell', async () => {
    const url = `${server.url.replace('http', 'ws')}/api/sessions/${sessionId}/terminals/race`;
    const sockets = Array.from({ length: 200 }, (_, i) => {
      const socket = new WebSocket(url, { headers: { cookie: learner.cookie } });
      // Every socket types at once; the server holds the frames until (unless) the socket is shown the terminal.
      socket.on('open', () => socket.send(Buffer.from(`touch /tmp/typed-by-${i}\n`)));
      socket.on('error', () => undefined);
      return socket;
    });
    const settled = () => sockets.every((s) => s.readyState === WebSocket.OPEN || s.readyState === WebSocket.CLOSED);
    await until(() => settled() && sockets.filter((s) => s.readyState === WebSocket.OPEN).length <= 1, 'the replaced sockets to close');
    // A fixed second on purpose: no late attach may take the terminal over once the race is decided.
    await new Promise((r) => setTimeout(r, 1000));
    const open = sockets.map((s, i) => [s, i] as const).filter(([s]) => s.readyState === WebSocket.OPEN);
    expect(open.length).toBe(1);
    const [winner, index] = open[0];

    const typed = async () => (await server.context.engine.sandboxes.run(sandbox(), ['sh', '-c', 'ls /tmp | grep typed-by- || true'])).stdout.split('\n').filter(Boolean);
    await until(async () => (await typed()).length > 0, 'the open socket\'s keystrokes');
    // A fixed wait on purpose: no other socket's keystrokes may arrive after the winner's.
    await new Promise((r) => setTimeout(r, 500));
    expect(await typed()).toEqual([`typed-by-${index}`]);
    winner.close();
  });
});

interface HubInside { mirrors: { worker: Worker }; terminals: Map<string, { id: string }> }

describe('the screen-mirror worker', () => {
  it('is restarted when it dies; terminals keep working and a reload gets a usable screen', async () => {
    const one = await learner.terminal(sessionId, 'mirror-one');
    const two = await learner.terminal(sessionId, 'mirror-two');
    one.type('echo before-$((1+1))\n');
    await one.waitFor(/before-2/);
    const logged = vi.spyOn(server.app.log, 'error');
    const hub = server.context.terminals as unknown as HubInside;
    const { mirrors } = hub;

    // An exception inside the worker: a message its terminal emulator refuses.
    const poisoned = mirrors.worker;
    const exited = new Promise((resolve) => poisoned.once('exit', resolve));
    poisoned.postMessage({ type: 'resize', id: hub.terminals.get(`${sessionId}/mirror-one`)!.id, cols: Number.NaN, rows: 24 });
    await exited;
    // And a worker ended from outside, soon after (restarted after a short delay).
    await until(() => mirrors.worker !== poisoned, 'a new worker');
    const terminated = mirrors.worker;
    await terminated.terminate();
    await until(() => mirrors.worker !== terminated, 'another new worker');

    expect(logged.mock.calls.filter(([, message]) => String(message).includes('screen mirror worker died'))).toHaveLength(2);
    logged.mockRestore();
    expect((await learner.json('GET', `/api/sessions/${sessionId}`)).status).toBe(200);
    let mark = two.received;
    two.type('echo after-$((2+2))\n');
    await two.waitFor(/after-4/, 15_000, mark);
    mark = one.received;
    one.type('echo still-$((3+3))\n');
    await one.waitFor(/still-6/, 15_000, mark);

    one.close();
    await one.closed();
    const reloaded = await learner.terminal(sessionId, 'mirror-one');
    expect(reloaded.controls[0]).toMatchObject({ type: 'ready', restored: true });
    // The mirror was rebuilt from what came after the crash, under a line that says so.
    await reloaded.waitFor(/the earlier screen was lost[\s\S]*still-6/);
    mark = reloaded.received;
    reloaded.type('echo reloaded-$((4+4))\n');
    await reloaded.waitFor(/reloaded-8/, 15_000, mark);
    reloaded.close();
    two.close();
  });
});
