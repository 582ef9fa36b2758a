// A learner who uses only the keyboard (Tab, Enter, Space, and the
// Ctrl+Shift+L that leads out of the terminal) can reach the terminal and type in it, reach the
// tasks and reveal a hint, and press Check.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './harness.ts';
import { EXERCISE, expectTaskStatus, openLesson, task, TASKS, waitForTerminal } from './lesson-page.ts';

const MAX_TABS = 400;

/** What has the keyboard focus, as a short description for assertions and errors. */
function focused(page: Page): Promise<{ testid: string | null; inTerminal: boolean; label: string }> {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    return {
      testid: active?.getAttribute('data-testid') ?? null,
      inTerminal: Boolean(active?.closest('[data-testid="terminal"]')),
      label: active ? `${active.tagName.toLowerCase()} "${(active.getAttribute('aria-label') ?? active.textContent ?? '').trim().slice(0, 40)}"` : 'nothing',
    };
  });
}

/**
 * Presses Tab until `reached` says yes. The terminal keeps Tab for the
 * shell's completion and says so on screen: Ctrl+Shift+L leaves it, which is
 * what a keyboard user passing through does. Fails when focus never gets
 * there or cannot leave the terminal (a keyboard trap).
 */
async function tabUntil(page: Page, what: string, reached: (f: Awaited<ReturnType<typeof focused>>) => boolean): Promise<void> {
  const path: string[] = [];
  let inTerminalFor = 0;
  for (let i = 0; i < MAX_TABS; i++) {
    await page.keyboard.press(inTerminalFor > 0 ? 'Control+Shift+L' : 'Tab');
    const now = await focused(page);
    if (reached(now)) return;
    path.push(now.label);
    inTerminalFor = now.inTerminal ? inTerminalFor + 1 : 0;
    if (inTerminalFor > 2) throw new Error(`Ctrl+Shift+L does not leave the terminal on the way to ${what}; focus went: ${path.slice(-12).join(' → ')}`);
  }
  throw new Error(`${MAX_TABS} Tabs never reached ${what}; focus went: ${path.slice(-12).join(' → ')}`);
}

describe('keyboard only', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowserSession('e2e-keyboard');
    await openLesson(session.page);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('reaches the terminal with Tab and types into it', async () => {
    const { page } = session;
    await tabUntil(page, 'the terminal', (f) => f.inTerminal);
    await page.keyboard.type('echo keys-$((5*5))');
    await page.keyboard.press('Enter');
    await waitForTerminal(page, /^keys-25$/m);
  });

  it('reaches a task with Tab and reveals its hint with Space', async () => {
    const { page } = session;
    // From the top of a fresh page, so the way there passes the terminal.
    await openLesson(page);
    await tabUntil(page, "the first task's hint button", (f) => f.testid === `hint-${EXERCISE}-${TASKS[0]}`);
    await page.keyboard.press('Space');
    await expect.poll(() => task(page, TASKS[0]).textContent()).toMatch(/uname -a/);
  });

  it('reaches Check with Tab and operates it with Enter', async () => {
    const { page } = session;
    await tabUntil(page, 'the Check button', (f) => f.testid === `check-${EXERCISE}`);
    await page.keyboard.press('Enter');
    for (const id of TASKS) await expectTaskStatus(page, id, 'failed');
  });
});
