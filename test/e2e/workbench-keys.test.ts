// The terminal's keys as a learner on Linux meets them: Ctrl+V pastes (it
// does not send ^V to the shell).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './harness.ts';
import { activeTerminal, byTestId, openLesson, waitForTerminal } from './lesson-page.ts';

describe('terminal keys', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowserSession('e2e-workbench-keys');
    const { context, page, server } = session;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    // Every frame the page sends on a terminal socket, with the time it was sent: what the shell receives, and when.
    await page.addInitScript(() => {
      const sent: { at: number; bytes: number[] }[] = [];
      (window as unknown as { sentFrames: typeof sent }).sentFrames = sent;
      const send = WebSocket.prototype.send;
      WebSocket.prototype.send = function (this: WebSocket, data: Parameters<WebSocket['send']>[0]) {
        if (data instanceof Uint8Array) sent.push({ at: performance.now(), bytes: Array.from(data) });
        return send.call(this, data);
      };
    });
    await openLesson(page);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('pastes with Ctrl+V instead of sending ^V to the shell, and the hint line says so', async () => {
    const { page } = session;
    await page.evaluate(() => navigator.clipboard.writeText('echo pasted-$((3+4))'));
    await activeTerminal(page).click();
    await page.keyboard.press('Control+V');
    await page.keyboard.press('Enter');
    await waitForTerminal(page, /^pasted-7$/m);
    // No ^V (0x16) went to the shell.
    const controlV = await page.evaluate(() => (window as unknown as { sentFrames: { bytes: number[] }[] }).sentFrames.some((f) => f.bytes.includes(0x16)));
    expect(controlV).toBe(false);
    await expect(byTestId(page, 'terminal-keys').textContent()).resolves.toMatch(/Ctrl\+V/);
  });
});
