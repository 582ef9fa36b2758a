// Live terminals over WebSocket against a real server and a real sandbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/main.ts';
import { Learner, TerminalRefused, testServer } from './harness.ts';

let server: RunningServer;
let learner: Learner;
let sessionId: string;

beforeAll(async () => {
  server = await testServer('terminals', { DOCKYARD_TERMINALS_PER_SESSION: '16' });
  learner = new Learner(server.url);
  sessionId = (await learner.session()).id;
});

afterAll(async () => {
  await learner?.request('DELETE', `/api/sessions/${sessionId}`);
  await server?.stop();
});

describe('a terminal', () => {
  it('runs what the learner types', async () => {
    const term = await learner.terminal(sessionId, 'basic');
    term.type('echo $((6*7))\n');
    await term.waitFor(/\b42\r\n/);
    expect(term.controls[0]).toMatchObject({ type: 'ready', restored: false });
    term.close();
  });

  it('starts at the requested size and follows resizes', async () => {
    const term = await learner.terminal(sessionId, 'sized', { cols: 120, rows: 40 });
    term.type('stty size\n');
    await term.waitFor(/40 120/);
    term.control({ type: 'resize', cols: 90, rows: 33 });
    const mark = term.received;
    term.type('stty size\n');
    await term.waitFor(/33 90/, 15_000, mark);
    term.close();
  });

  it('keeps several named terminals independent', async () => {
    const one = await learner.terminal(sessionId, 'one');
    const two = await learner.terminal(sessionId, 'two');
    one.type('export WHO=first; echo "pid=$$"\n');
    two.type('echo "who=[${WHO:-unset}] pid=$$"\n');
    const firstPid = (await one.waitFor(/pid=\d+/)).match(/pid=(\d+)/)![1];
    const second = await two.waitFor(/who=\[unset\] pid=\d+/);
    expect(second.match(/pid=(\d+)/)![1]).not.toBe(firstPid);
    one.close();
    two.close();
  });

  it('restores the screen first when a learner reconnects', async () => {
    const before = await learner.terminal(sessionId, 'reload');
    before.type('echo marker-$((1000+337))\n');
    await before.waitFor(/marker-1337/);
    before.close();
    await before.closed();

    const after = await learner.terminal(sessionId, 'reload');
    await after.waitFor(/marker-1337/);
    expect(after.controls[0]).toMatchObject({ type: 'ready', restored: true });
    const mark = after.received;
    after.type('echo still-$((2+3))\n');
    await after.waitFor(/still-5/, 15_000, mark);
    after.close();
  });

  it('restores the screen after a flood of output too big for the mirror to follow', async () => {
    const before = await learner.terminal(sessionId, 'flood');
    before.type("head -c 8000000 /dev/zero | tr '\\0' a; echo; echo flood-over-$((40+2))\n");
    await before.waitFor(/flood-over-42\r\n/, 60_000);
    before.close();
    await before.closed();

    const after = await learner.terminal(sessionId, 'flood');
    await after.waitFor(/flood-over-42/);
    expect(after.controls[0]).toMatchObject({ type: 'ready', restored: true });
    after.close();
  });

  it('delivers a 1 MB paste whole', async () => {
    const term = await learner.terminal(sessionId, 'paste');
    // The marker shows that echo is off and cat is next, reading what follows.
    term.type('stty -echo; echo pasting-$((2+2)); cat > /root/paste.txt\n');
    await term.waitFor(/pasting-4\r\n/);
    const line = `${'x'.repeat(99)}\n`;
    const paste = line.repeat(10_000);
    for (let at = 0; at < paste.length; at += 32 * 1024) term.type(paste.slice(at, at + 32 * 1024));
    term.type('\x04');
    term.type('stty echo; wc -c < /root/paste.txt\n');
    await term.waitFor(/\b1000000\b/, 60_000);
    term.close();
  });

  it('returns to the prompt when Ctrl-C interrupts `yes`', async () => {
    const term = await learner.terminal(sessionId, 'yes');
    term.type('yes\n');
    await term.waitFor(/(y\r\n){100}/);
    term.type('\x03');
    term.type('echo done-$((40+2))\n');
    await term.waitFor(/done-42/, 15_000);
    term.close();
  });

  it('answers a malformed control frame with an error and stays open', async () => {
    const term = await learner.terminal(sessionId, 'bad-frames');
    term.socket.send('not json');
    term.control({ type: 'resize', cols: -5, rows: 100000 });
    term.control({ type: 'launch-missiles' });
    await expect.poll(() => term.controls.filter((c) => c.type === 'error').map((e) => e.message), { timeout: 5_000 }).toEqual([
      'control frames must be JSON',
      expect.stringContaining('invalid control message'),
      expect.stringContaining('invalid control message'),
    ]);
    term.type('echo alive-$((3*3))\n');
    await term.waitFor(/alive-9/);
    term.close();
  });

  it('closes only the socket that sent an oversize frame', async () => {
    const other = await learner.terminal(sessionId, 'bystander');
    const offender = await learner.terminal(sessionId, 'offender');
    offender.type('x'.repeat(200 * 1024));
    expect(await offender.closed()).toBe(1009);
    other.type('echo unaffected\n');
    await other.waitFor(/unaffected\r\n/);
    const again = await learner.terminal(sessionId, 'offender');
    again.type('echo back\n');
    await again.waitFor(/back\r\n/);
    other.close();
    again.close();
  });
});

describe('who may connect', () => {
  it('refuses another learner with 403', async () => {
    const stranger = new Learner(server.url);
    await stranger.session();
    await expect(stranger.terminal(sessionId, 'basic')).rejects.toEqual(new TerminalRefused(403));
    expect((await stranger.json('GET', `/api/sessions/${sessionId}`)).status).toBe(403);
    const own = await stranger.json<{ id: string }>('POST', '/api/sessions');
    await stranger.request('DELETE', `/api/sessions/${own.body.id}`);
  });

  it('refuses a foreign Origin with 403 and accepts its own', async () => {
    await expect(learner.terminal(sessionId, 'basic', { origin: 'http://evil.example' })).rejects.toEqual(new TerminalRefused(403));
    const same = await learner.terminal(sessionId, 'basic', { origin: server.url });
    same.close();
  });

  it('refuses a malformed session id or terminal name with 400', async () => {
    await expect(learner.terminal('not-a-session', 'basic')).rejects.toEqual(new TerminalRefused(400));
    await expect(learner.terminal(sessionId, 'bad name!')).rejects.toEqual(new TerminalRefused(400));
  });

  it('ends the shell and what runs in it once the grace period after a disconnect is over', async () => {
    const brief = await testServer('terminal-grace', { DOCKYARD_TERMINAL_GRACE: '1s' });
    try {
      const someone = new Learner(brief.url);
      const { id } = await someone.session();
      const term = await someone.terminal(id, 'main');
      term.type('sleep 4321\n');
      const sandboxId = brief.context.sessions.get(id)!.sandboxId!;
      const sleeping = async () => (await brief.context.engine.sandboxes.run(sandboxId, ['bash', '-c', 'pgrep -fc "^sleep 4321" || true'], { as: 'platform' })).stdout.trim();
      await expect.poll(sleeping, { timeout: 15_000, interval: 200 }).toBe('1');
      term.close();
      // The grace period is 1 s.
      await expect.poll(sleeping, { timeout: 15_000, interval: 200 }).toBe('0');
      await someone.request('DELETE', `/api/sessions/${id}`);
    } finally {
      await brief.stop();
    }
  });

  it('caps the terminals of one session', async () => {
    const crowded = await testServer('terminal-cap', { DOCKYARD_TERMINALS_PER_SESSION: '2' });
    try {
      const someone = new Learner(crowded.url);
      const { id } = await someone.session();
      const first = await someone.terminal(id, 'a');
      const second = await someone.terminal(id, 'b');
      const third = await someone.terminal(id, 'c');
      expect(await third.closed()).toBe(1011);
      expect(third.controls).toEqual([{ type: 'error', message: 'a session may have at most 2 terminals' }]);
      first.close();
      second.close();
      await someone.request('DELETE', `/api/sessions/${id}`);
    } finally {
      await crowded.stop();
    }
  });
});
