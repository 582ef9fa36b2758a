// Terminals under pressure on a real sandbox: many sockets racing for one
// terminal name (M2).
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
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
    await new Promise((r) => setTimeout(r, 1000));
    const open = sockets.map((s, i) => [s, i] as const).filter(([s]) => s.readyState === WebSocket.OPEN);
    expect(open.length).toBe(1);
    const [winner, index] = open[0];

    const typed = async () => (await server.context.engine.sandboxes.run(sandbox(), ['sh', '-c', 'ls /tmp | grep typed-by- || true'])).stdout.split('\n').filter(Boolean);
    await until(async () => (await typed()).length > 0, 'the open socket\'s keystrokes');
    await new Promise((r) => setTimeout(r, 500));
    expect(await typed()).toEqual([`typed-by-${index}`]);
    winner.close();
  });
});
