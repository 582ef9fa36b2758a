// A learner closing a terminal tab ends its shell at once, without the grace
// period a dropped connection gets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/main.ts';
import { Learner, testServer } from './harness.ts';

let server: RunningServer;
let learner: Learner;
let sessionId: string;

beforeAll(async () => {
  // A grace period far longer than the test, and room for one terminal only:
  // anything that outlives the close shows up as a running process or a refusal.
  server = await testServer('terminal-close', { DOCKYARD_TERMINAL_GRACE: '1h', DOCKYARD_TERMINALS_PER_SESSION: '1' });
  learner = new Learner(server.url);
  sessionId = (await learner.session()).id;
});

afterAll(async () => {
  await learner?.request('DELETE', `/api/sessions/${sessionId}`);
  await server?.stop();
});

function countInSandbox(pattern: string): Promise<string> {
  const sandboxId = server.context.sessions.get(sessionId)!.sandboxId!;
  return server.context.engine.sandboxes
    .run(sandboxId, ['bash', '-c', `pgrep -fc "${pattern}" || true`], { as: 'platform' })
    .then((result) => result.stdout.trim());
}

async function waitForCount(pattern: string, expected: string): Promise<void> {
  await expect.poll(() => countInSandbox(pattern), { timeout: 15_000, interval: 200 }).toBe(expected);
}

describe('closing a terminal', () => {
  it('ends its shell and what runs in it, closes the socket and frees the name', async () => {
    const term = await learner.terminal(sessionId, 'tab');
    term.type('sleep 4242 & echo started-$((20+1))\n');
    await term.waitFor(/started-21\r\n/);
    await waitForCount('^sleep 4242', '1');

    term.control({ type: 'close' });
    expect(await term.closed()).toBe(1000);
    expect(term.controls.filter((c) => c.type === 'error')).toEqual([]);
    await waitForCount('^sleep 4242', '0');

    // The same name is a new shell with nothing to restore.
    const again = await learner.terminal(sessionId, 'tab');
    expect(again.controls[0]).toMatchObject({ type: 'ready', restored: false });
    again.type('echo fresh-$((6*7))\n');
    await again.waitFor(/fresh-42\r\n/);
    again.control({ type: 'close' });
    await again.closed();
  });

  it('no longer counts against the cap on terminals per session', async () => {
    const first = await learner.terminal(sessionId, 'first');
    first.control({ type: 'close' });
    await first.closed();

    const second = await learner.terminal(sessionId, 'second');
    expect(second.controls[0]).toMatchObject({ type: 'ready' });
    second.type('echo second-$((5+5))\n');
    await second.waitFor(/second-10\r\n/);
    second.control({ type: 'close' });
    await second.closed();
  });

  it('leaves the shell running when the socket only drops', async () => {
    const term = await learner.terminal(sessionId, 'dropped');
    term.type('echo kept-$((9*9))\n');
    await term.waitFor(/kept-81\r\n/);
    term.close();
    await term.closed();

    const back = await learner.terminal(sessionId, 'dropped');
    expect(back.controls[0]).toMatchObject({ type: 'ready', restored: true });
    await back.waitFor(/kept-81/);
    back.control({ type: 'close' });
    await back.closed();
  });
});
