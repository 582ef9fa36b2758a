// Floods over one learner's terminal WebSocket — endless output to a client
// that does not keep up, and thousands of tiny input and control frames — are
// held back by flow control and do not stall anyone else's terminal.
import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { expectNeighbourUnaffected, neighbourhood, typeAndSee } from './neighbourhood.ts';

const place = neighbourhood('abuse-floods');

/** A terminal client that reads output but acknowledges only when told to (or lies about it). */
async function rawTerminal(name: string): Promise<{ socket: WebSocket; received: () => number }> {
  const url = `${place.server.url.replace('http', 'ws')}/api/sessions/${place.abuser.sessionId}/terminals/${name}`;
  const socket = new WebSocket(url, { headers: { cookie: place.abuser.learner.cookie } });
  let received = 0;
  socket.on('message', (data: Buffer, binary: boolean) => { if (binary) received += data.length; });
  await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
  return { socket, received: () => received };
}

const heldBytes = () => {
  const usage = process.memoryUsage();
  return usage.arrayBuffers + usage.external;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('terminal floods', () => {
  it('stops sending output to a client that does not acknowledge it', async () => {
    const silent = await rawTerminal('silent');
    silent.socket.send(Buffer.from('yes\n'));
    // Output flows until the unacknowledged window is used up: wait until two readings half a second apart agree.
    let last = -1;
    const first = await vi.waitFor(() => {
      const now = silent.received();
      const still = now > 0 && now === last;
      last = now;
      if (!still) throw new Error(`output still flowing: ${now} bytes so far`);
      return now;
    }, { timeout: 30_000, interval: 500 });
    // A fixed wait on purpose: nothing more may arrive within it.
    await sleep(2000);
    // `yes` writes hundreds of MB in that time; only the unacknowledged window got through.
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(1024 * 1024);
    expect(silent.received()).toBe(first);
    await expectNeighbourUnaffected(place);

    silent.socket.send(JSON.stringify({ type: 'ack', bytes: first }));
    silent.socket.send(Buffer.from('\x03'));
    silent.socket.close();
  });

  it('does not buffer without bound for a client that acknowledges what it never reads', async () => {
    const liar = await rawTerminal('liar');
    liar.socket.send(Buffer.from('yes\n'));
    await expect.poll(liar.received, { timeout: 15_000 }).toBeGreaterThan(0);
    // Stop reading the socket, but keep claiming that everything was shown.
    liar.socket.pause();
    const before = heldBytes();
    let peak = before;
    for (let i = 0; i < 25; i++) {
      liar.socket.send(JSON.stringify({ type: 'ack', bytes: 1 << 30 }));
      // Samples over a fixed time on purpose: the claim is that memory stays bounded throughout.
      await sleep(200);
      peak = Math.max(peak, heldBytes());
    }
    // The server's send buffer pauses the shell; without it `yes` would pile up hundreds of MB here.
    expect(peak - before).toBeLessThan(64 * 1024 ** 2);
    await expectNeighbourUnaffected(place);
    liar.socket.terminate();
  });

  it('takes twenty thousand one-byte input frames whole and in order, without stalling the neighbour', async () => {
    const term = await place.abuser.learner.terminal(place.abuser.sessionId, 'bytes');
    // The marker shows that echo is off and cat is next, reading what follows.
    term.type('stty -echo; echo frames-$((2+2)); cat > /root/frames.txt\n');
    await term.waitFor(/frames-4\r\n/);
    const text = `${'x'.repeat(98)}y\n`.repeat(200);
    for (const byte of text) term.type(byte);
    // While those frames are being handled, the neighbour's keystrokes still get through.
    await expectNeighbourUnaffected(place);
    term.type('\x04');
    const seen = await typeAndSee(term, 'stty echo; wc -c < /root/frames.txt; grep -c "^x\\{98\\}y$" /root/frames.txt');
    expect(seen).toMatch(/\b20000\r\n200\r\n/);
    term.close();
  });

  it('keeps serving when the learner\'s processes are stopped while input frames keep arriving', async () => {
    const flood = await rawTerminal('ending');
    const ended = new Promise((resolve) => flood.socket.once('close', resolve));
    let sending = true;
    const pump = () => {
      while (sending && flood.socket.readyState === WebSocket.OPEN && flood.socket.bufferedAmount < 64 * 1024) flood.socket.send(Buffer.from('x'));
      if (sending) setImmediate(pump);
    };
    pump();
    // The shell ends under the flood: frames already queued for it must go nowhere, not end the server.
    await place.server.context.engine.sandboxes.stopLearnerProcesses(place.abuser.sandboxId);
    await ended;
    sending = false;
    await expectNeighbourUnaffected(place);
  });

  it('answers floods of control frames and keeps the last resize', async () => {
    const term = await place.abuser.learner.terminal(place.abuser.sessionId, 'controls');
    for (let i = 0; i < 20_000; i++) term.control({ type: 'ack', bytes: 0 });
    for (let i = 0; i < 2_000; i++) term.control({ type: 'resize', cols: 40 + (i % 100), rows: 10 + (i % 50) });
    for (let i = 0; i < 2_000; i++) term.control({ type: 'no-such-message' });
    term.control({ type: 'resize', cols: 123, rows: 45 });
    await expectNeighbourUnaffected(place);
    expect(await typeAndSee(term, 'stty size')).toContain('45 123');
    expect(term.controls.filter((c) => c.type === 'error')).toHaveLength(2_000);
    term.close();
  });
});
