// A code block's Run, as a learner who is not sitting at a clean prompt meets
// it: it brings the terminal's last line (and, on a small screen, the
// terminal itself) into view, and it does not type into a half-typed command
// or into a program that holds the terminal; it says why instead.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './harness.ts';
import { activeTerminal, byTestId, openLesson, PROMPT, terminalText, typeInTerminal, waitForTerminal } from './lesson-page.ts';

/** The lesson's first runnable block is `hostname` then `uname -r`: the sandbox answers `sandbox`. */
const runFirstBlock = (page: Page) => page.locator('.code-block[data-kind="run"]').first().locator('[data-testid="run"]').click();
const notice = (page: Page) => byTestId(page, 'terminal-notice');

/** Clears the screen from the prompt, so what a Run prints afterwards is new. */
async function clearScreen(page: Page): Promise<void> {
  await typeInTerminal(page, 'clear\n');
  await expect.poll(() => terminalText(page)).toMatch(/^root@sandbox:[^\n]*# ?$/);
}

describe('Run', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowserSession('e2e-wb-run');
    await openLesson(session.page);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('scrolls the terminal to its last line when the learner had scrolled up', async () => {
    const { page } = session;
    await clearScreen(page);
    await typeInTerminal(page, 'seq 1 300 | sed "s/^/line-/"\n');
    await waitForTerminal(page, /^line-300\n.*# ?$/m);
    const box = (await activeTerminal(page).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -4000);
    // Scrolled up: the prompt and the last lines are out of view.
    await expect.poll(() => terminalText(page)).not.toMatch(/line-300/);
    await runFirstBlock(page);
    await waitForTerminal(page, /^sandbox$/m);
  });

  it('does not type after a half-typed command, and says so', async () => {
    const { page } = session;
    await clearScreen(page);
    await typeInTerminal(page, 'echo half-typed');
    await waitForTerminal(page, /# echo half-typed$/);
    await runFirstBlock(page);
    await expect.poll(() => notice(page).textContent()).toMatch(/command line already has text/);
    // Nothing was added to the learner's line.
    expect(await terminalText(page)).toMatch(/^root@sandbox:[^\n]*# echo half-typed$/);
    // With the line cleared (Ctrl+U), Run types as before.
    await page.keyboard.press('Control+U');
    await waitForTerminal(page, /^root@sandbox:[^\n]*#$/);
    await runFirstBlock(page);
    await waitForTerminal(page, /^sandbox$/m);
  });

  it('does not type into a program that holds the terminal, and says so', async () => {
    const { page } = session;
    await clearScreen(page);
    // `cat` reads the terminal: whatever Run typed would go to it, not to the shell.
    await typeInTerminal(page, 'cat\n');
    await waitForTerminal(page, /# cat\n*$/);
    await runFirstBlock(page);
    await expect.poll(() => notice(page).textContent()).toMatch(/a program is running/);
    expect(await terminalText(page)).not.toMatch(/hostname/);
    await activeTerminal(page).click();
    await page.keyboard.press('Control+C');
    await waitForTerminal(page, /# cat\n(\^C\n)?root@sandbox:[^\n]*#$/);

    // A full-screen program (less) the same.
    await clearScreen(page);
    await typeInTerminal(page, 'less /etc/os-release\n');
    await waitForTerminal(page, /PRETTY_NAME/);
    await runFirstBlock(page);
    await expect.poll(() => notice(page).textContent()).toMatch(/a program is running/);
    await activeTerminal(page).click();
    await page.keyboard.press('q');
    await waitForTerminal(page, PROMPT);
    expect(await terminalText(page)).not.toMatch(/hostname/);
  });

  it('brings the terminal into view on a small screen', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 375, height: 700 });
    await clearScreen(page);
    // The lesson text comes first on a phone: the learner is reading it, the terminal is below.
    const run = page.locator('.code-block[data-kind="run"]').first().locator('[data-testid="run"]');
    await run.scrollIntoViewIfNeeded();
    const inView = () => activeTerminal(page).evaluate((el) => {
      const box = el.getBoundingClientRect();
      return box.top < innerHeight && box.bottom > 0;
    });
    expect(await inView()).toBe(false);
    await run.click();
    await expect.poll(inView).toBe(true);
    await waitForTerminal(page, /^sandbox$/m);
  });
});
