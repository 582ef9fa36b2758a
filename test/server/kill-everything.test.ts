// A learner who stops every process in their sandbox (`kill -9 -1` takes the
// sandbox's only child of PID 1, and the sandbox stops) gets the same sandbox
// back, started again with their files, and is told what happened in their
// next terminal, on either backend; one that keeps doing it is let go after
// three times in an hour, with the reason, instead of costing the host a
// start each time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAsOperator } from './operator.ts';
import type { RunningServer } from '../../server/main.ts';
import { Learner, testServer, type TerminalClient } from './harness.ts';

describe.each(['incus', 'docker'])('on %s', (engine) => {
  let server: RunningServer;
  let learner: Learner;
  let sessionId: string;
  let revived: TerminalClient;

  beforeAll(async () => {
    server = await testServer(`killall-${engine}`, { DOCKYARD_POOL_SIZE: '1', DOCKYARD_ENGINE: engine });
    learner = new Learner(server.url);
    sessionId = (await learner.session()).id;
  });

  afterAll(async () => {
    await server?.stop();
  });

  /**
   * The first terminal of the sandbox started again, which says so first. One
   * opened while the old sandbox was still stopping, or while it was starting
   * again, is closed or refused: such attempts are tried again.
   */
  async function terminalAfterRevival(): Promise<TerminalClient> {
    let opened: TerminalClient | undefined;
    await expect.poll(async () => {
      const attempt = await learner.terminal(sessionId, 'main');
      if (attempt.closeCode !== undefined) return false;
      try {
        await attempt.waitFor(/Every process in your sandbox was stopped/, 20_000);
      } catch {
        attempt.close();
        return false;
      }
      opened = attempt;
      return true;
    }, { timeout: 90_000, interval: 500 }).toBe(true);
    return opened!;
  }

  async function killEverything(term: TerminalClient): Promise<void> {
    term.type('kill -9 -1\n');
    await term.closed(30_000);
  }

  it('starts the sandbox again with the learner\'s files and its engine, and says why in the next terminal', async () => {
    const first = await learner.terminal(sessionId, 'main');
    first.type('echo kept > /root/kept.txt && echo saved-$((2+2))\n');
    await first.waitFor(/saved-4\r\n/);
    await killEverything(first);

    revived = await terminalAfterRevival();
    const session = await learner.json<{ status: string }>('GET', `/api/sessions/${sessionId}`);
    expect(session.body.status).toBe('ready');
    revived.type('cat /root/kept.txt; docker info --format "engine-{{.ServerVersion}}"\n');
    await revived.waitFor(/kept\r\n[\s\S]*engine-\d+\.\d+/, 30_000);
  }, 180_000);

  // The limit is the engine's, the same for every backend: proven once.
  if (engine === 'incus') it('lets a sandbox go after it stopped itself three times within an hour, saying so', async () => {
    // The first test's was the first time.
    await killEverything(revived);
    await killEverything(await terminalAfterRevival());
    await killEverything(await terminalAfterRevival());
    await expect.poll(async () => (await learner.json<{ status: string }>('GET', `/api/sessions/${sessionId}`)).body.status, { timeout: 60_000 }).toBe('lost');
    const lost = await learner.json<{ message: string }>('GET', `/api/sessions/${sessionId}`);
    expect(lost.body.message).toMatch(/4 times within an hour/);
  }, 240_000);

  // An operator who stops a sandbox means it: that one is not started again.
  if (engine === 'incus') it('leaves a sandbox an operator stopped through the Incus API stopped, and says so', async () => {
    const other = new Learner(server.url);
    const { id } = await other.session();
    await stopAsOperator(server, id);
    await expect.poll(async () => (await other.json<{ status: string }>('GET', `/api/sessions/${id}`)).body.status, { timeout: 30_000 }).toBe('lost');
    expect((await other.json<{ message: string }>('GET', `/api/sessions/${id}`)).body.message).toMatch(/stopped outside Dockyard/);
  }, 120_000);
});
