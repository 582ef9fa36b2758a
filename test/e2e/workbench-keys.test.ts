// The terminal's keys as a learner on Linux meets them: Ctrl+V pastes (it
// does not send ^V to the shell), Escape reaches the program at once, a
// chord leaves the terminal without holding Escape back, and the focused
// terminal shows a focus ring.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './harness.ts';
import { activeTerminal, byTestId, openLesson, PROMPT, typeInTerminal, waitForTerminal } from './lesson-page.ts';

/** Whether the keyboard focus is inside the visible terminal. */
function focusInTerminal(page: Page): Promise<boolean> {
  return page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="terminal"]')));
}

describe('terminal keys', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowserSession('e2e-wb-keys');
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

  it('sends Escape to the program at once', async () => {
    const { page } = session;
    await typeInTerminal(page, 'read -rsn1 key; echo "key-code-$(printf %d "\'$key")"\n');
    // `read` waits for its one key: the command line is the last thing on screen.
    await waitForTerminal(page, /read -rsn1 key; echo [^\n]*$/);
    const before = await page.evaluate(() => (window as unknown as { sentFrames: unknown[] }).sentFrames.length);
    const pressedAt = await page.evaluate(() => performance.now());
    await page.keyboard.press('Escape');
    await waitForTerminal(page, /^key-code-27$/m);
    const escapeSentAt = await page.evaluate((from) => {
      const frames = (window as unknown as { sentFrames: { at: number; bytes: number[] }[] }).sentFrames.slice(from);
      return frames.find((f) => f.bytes.length === 1 && f.bytes[0] === 0x1b)?.at;
    }, before);
    expect(escapeSentAt).toBeDefined();
    // Held back, it went about 400 ms later; sent at once, within the same few milliseconds.
    expect(escapeSentAt! - pressedAt).toBeLessThan(200);
  });

  it('shows a focus ring around the focused terminal', async () => {
    const { page } = session;
    await activeTerminal(page).click();
    const ring = () => page.evaluate(() => {
      const panel = document.querySelector<HTMLElement>('[data-testid="terminal"]')!;
      const after = getComputedStyle(panel, '::after');
      return after.outlineStyle !== 'none' && parseFloat(after.outlineWidth) >= 2 ? 'ring' : 'none';
    });
    await expect.poll(ring).toBe('ring');
    await page.locator('article h1').first().click();
    await expect.poll(ring).toBe('none');
  });

  it('leaves the terminal with Ctrl+Shift+L, while Tab stays with the shell', async () => {
    const { page } = session;
    await waitForTerminal(page, PROMPT);
    await activeTerminal(page).click();
    await page.keyboard.press('Tab');
    expect(await focusInTerminal(page)).toBe(true);
    await page.keyboard.press('Control+Shift+L');
    await expect.poll(() => focusInTerminal(page)).toBe(false);
    // Focus moved on to the next control after the terminal, not back to the top of the page.
    const next = await page.evaluate(() => {
      const active = document.activeElement!;
      const terminal = document.querySelector('[data-testid="terminal"]')!;
      return Boolean(terminal.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_FOLLOWING) && active !== document.body;
    });
    expect(next).toBe(true);
    await expect(byTestId(page, 'terminal-keys').textContent()).resolves.toMatch(/Ctrl\+Shift\+L/);
  });
});
