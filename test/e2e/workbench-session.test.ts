// The session as the lesson page shows it: a terminal open in another window
// is named in words, a visible page keeps the sandbox from idling out (and
// the countdown says so), a sandbox whose every process was killed comes
// back with the learner's files, and a sandbox that is gone is explained once.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './harness.ts';
import { stopAsOperator } from '../server/operator.ts';
import { byTestId, openLesson, runInTerminal, SLOW, terminalText, typeInTerminal } from './lesson-page.ts';

const tabState = (page: Page) => page.locator('.terminal-tab-state').first().textContent();

describe('session on the lesson page', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowserSession('e2e-wb-session');
  });
  afterAll(async () => {
    await session?.close();
  });

  for (const [locale, words] of [['en', 'open in another window'], ['ko', '다른 창에서 열림']] as const) {
    it(`names a terminal open in another window in words (${locale})`, async () => {
      const { context, page } = session;
      await openLesson(page, locale);
      const other = await context.newPage();
      await openLesson(other, locale);
      await expect.poll(() => tabState(page), { timeout: SLOW }).toBe(words);
      await other.close();
    });
  }

  it('tells the server the learner is there while the page is visible, and the countdown says it is extended', async () => {
    const { page } = session;
    await openLesson(page);
    const remaining = page.locator('[data-session-remaining]');
    await expect.poll(() => remaining.textContent()).toMatch(/^\d+:\d\d left \(extended while you use this page\)$/);
    const before = await page.evaluate(async () => {
      const [view] = (await (await fetch('/api/sessions')).json()).sessions;
      return view.expiresAt as string;
    });
    // The page coming back into view looks at the session at once; the 30 s refresh does the same.
    const activity = page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/sessions\/[0-9a-f]+\/activity$/.test(r.url()));
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    const response = await activity;
    expect(response.status()).toBe(200);
    const after = (await response.json()) as { expiresAt: string };
    expect(Date.parse(after.expiresAt)).toBeGreaterThan(Date.parse(before));
  });

  it('gets the same sandbox back after kill -9 -1, files and all, and says what happened', async () => {
    const { page } = session;
    await runInTerminal(page, 'echo kept > /root/kept.txt && echo saved-$((3+4))', /^saved-7$/m);
    // Every process in the sandbox killed, its init's only child included: the sandbox stops, and is started again.
    await typeInTerminal(page, 'kill -9 -1\n');
    const banner = page.locator('.terminal-tab-state').first();
    // A new shell asked for while the old sandbox was still stopping ends too: Enter is pressed again, as a learner would.
    await expect.poll(async () => {
      if (/exited/.test((await banner.textContent()) ?? '')) await typeInTerminal(page, '\n');
      return terminalText(page);
    }, { timeout: SLOW, interval: 1000 }).toMatch(/Every process in your sandbox was stopped/);
    await runInTerminal(page, 'cat /root/kept.txt', /^kept$/m);
    await byTestId(page, 'session-status').and(page.locator('[data-status="ready"]')).waitFor();
  });

  it('says once that the sandbox is gone, with the server\'s words folded away', async () => {
    const { page, server } = session;
    // Stopped by an operator through Incus: that is not undone, and the session is lost.
    const [view] = await page.evaluate(async () => (await (await fetch('/api/sessions')).json()).sessions as { id: string }[]);
    await stopAsOperator(server, view.id);
    await byTestId(page, 'session-status').and(page.locator('[data-status="lost"]')).waitFor({ timeout: SLOW });
    const problem = page.locator('[data-session-problem]');
    const shown = await problem.innerText();
    expect(shown).toMatch(/Start a new sandbox to go on\./);
    // Not the server's own sentence beside it (it says the same in other words).
    expect(shown).not.toMatch(/Files and processes in it are lost/);
    expect(shown).not.toMatch(/\(/);
    await problem.locator('summary').click();
    await expect.poll(() => problem.innerText()).toMatch(/Your sandbox is gone: /);
  });
});
