// The tasks panel's layout with hints shown and Check's messages in it: on a
// desktop the page itself never scrolls (no band below the workbench) and a
// revealed hint is not hidden under the sticky Check bar; on a phone the
// tasks are part of the page, not a small box scrolling inside it.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './harness.ts';
import { byTestId, EXERCISE, expectTaskStatus, openLesson, pressCheck, TASKS } from './lesson-page.ts';

/** Reveals every hint of every task that has some, the way a learner does: one click each. */
async function revealAllHints(page: Page): Promise<void> {
  for (const id of TASKS) {
    const button = byTestId(page, `hint-${EXERCISE}-${id}`);
    while ((await button.count()) > 0 && (await button.isVisible())) await button.click();
  }
}

describe('tasks panel layout', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowserSession('e2e-wb-tasks', { viewport: { width: 1440, height: 900 } });
    await openLesson(session.page);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('at 1440×900, gives the tasks room, shows a revealed hint clear of the Check bar, and never makes the page scroll', async () => {
    const { page } = session;
    // Check's messages first, so the list is longer than its box.
    await pressCheck(page);
    for (const id of TASKS) await expectTaskStatus(page, id, 'failed');
    const last = TASKS[TASKS.length - 1];
    const button = byTestId(page, `hint-${EXERCISE}-${last}`);
    while (await button.isVisible()) await button.click();
    // The last hint has the focus, and so was scrolled into view.
    const place = await page.evaluate(() => {
      const hint = document.activeElement as HTMLElement;
      const box = hint.closest('.workbench-tasks')!.getBoundingClientRect();
      const footer = hint.closest('.exercise')!.querySelector('.exercise-footer')!.getBoundingClientRect();
      const rect = hint.getBoundingClientRect();
      return { isHint: hint.classList.contains('task-hint'), top: rect.top - box.top, belowFooterTop: rect.bottom - footer.top, height: box.height };
    });
    expect(place.isHint).toBe(true);
    expect(place.top).toBeGreaterThanOrEqual(0);
    expect(place.belowFooterTop).toBeLessThanOrEqual(1);
    // The walk found about 280 px, with hints cut off.
    expect(place.height).toBeGreaterThanOrEqual(340);

    await revealAllHints(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollHeight - document.documentElement.clientHeight);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('puts the tasks in the page on a phone, not in a small inner scroll box', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 375, height: 812 });
    await page.reload();
    // The hints stay revealed; Check's messages come back with another Check.
    await pressCheck(page);
    for (const id of TASKS) await expectTaskStatus(page, id, 'failed');
    const inner = await page.evaluate(() => {
      const box = document.querySelector<HTMLElement>('.workbench-tasks')!;
      return box.scrollHeight - box.clientHeight;
    });
    expect(inner).toBeLessThanOrEqual(1);
    // And a hint still is not covered by the Check bar when it is scrolled to.
    const last = page.locator('.task-hint').last();
    await last.scrollIntoViewIfNeeded();
    const covered = await last.evaluate((hint) => {
      const rect = hint.getBoundingClientRect();
      const footer = hint.closest('.exercise')!.querySelector('.exercise-footer')!.getBoundingClientRect();
      return rect.bottom > footer.top + 1 && rect.top < footer.bottom;
    });
    expect(covered).toBe(false);
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(sideways).toBeLessThanOrEqual(0);
  });
});
