// The class page in a real browser: an instructor signs in with the token,
// makes a class, a learner joins from the join link under a name full of
// markup, works in their lesson's terminal and passes a task, and the
// instructor's grid shows it live, with the name as text, and a read-only
// view of the learner's terminal.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './harness.ts';
import { expectTaskStatus, openLesson, pressCheck, runInTerminal, SLOW, SOLUTION } from './lesson-page.ts';

const TOKEN = 'instructor-token-instructor-token-browser-01';
const LEARNER_NAME = '<img src=x onerror=document.title=1>Lin';

describe('class page', () => {
  let session: BrowserSession;
  let learnerContext: BrowserContext;
  let learner: Page;
  beforeAll(async () => {
    session = await openBrowserSession('e2e-classes', { env: { DOCKYARD_INSTRUCTOR_TOKEN: TOKEN, DOCKYARD_POOL_SIZE: '2' } });
    learnerContext = await session.browser.newContext({ baseURL: session.server.url, viewport: { width: 1440, height: 900 } });
    learner = await learnerContext.newPage();
  });
  afterAll(async () => {
    await learnerContext?.close();
    await session?.close();
  });

  it('signs the instructor in, makes a class, and shows its code and join link', async () => {
    const { page } = session;
    await page.goto('/en/classes/');
    await page.locator('[data-signin]').waitFor({ state: 'visible' });
    await page.fill('[data-signin] input[name=token]', 'not the token');
    await page.click('[data-signin] button[type=submit]');
    await expect.poll(() => page.textContent('[data-status]')).toMatch(/not this server's instructor token/);
    await page.fill('[data-signin] input[name=token]', TOKEN);
    await page.click('[data-signin] button[type=submit]');
    await page.locator('[data-new-class]').waitFor({ state: 'visible' });
    await page.fill('[data-new-class] input[name=name]', 'Browser class');
    // One lesson: the grid shows its tasks only.
    await page.check('[data-new-class] input[name=lessons][value=containers-and-vms]');
    // A start time in the browser's own time zone (far enough ahead that nothing is pre-warmed now).
    await page.fill('[data-new-class] input[name=startsAt]', '2027-03-02T09:30');
    await page.click('[data-new-class] button[type=submit]');
    await page.waitForURL(/\?class=[0-9a-f]{16}$/);
    const made = await page.evaluate(async () => {
      const id = new URLSearchParams(location.search).get('class');
      return { klass: await (await fetch(`/api/classes/${id}`)).json() as { startsAt?: string; lessons: string[] }, expected: new Date('2027-03-02T09:30').toISOString() };
    });
    expect(made.klass.startsAt).toBe(made.expected);
    expect(made.klass.lessons).toEqual(['containers-and-vms']);
    await expect.poll(() => page.textContent('[data-class-code]')).toMatch(/^Code [A-Z2-9]{6}$/);
    expect(await page.textContent('[data-join-link]')).toMatch(/\/en\/join\/\?code=[A-Z2-9]{6}$/);
    expect(await page.isVisible('[data-grid-empty]')).toBe(true);
  });

  it('shows a learner who joins by the link, their name as text, and their passed task live', async () => {
    const { page } = session;
    const link = (await page.textContent('[data-join-link]'))!;
    await learner.goto(link);
    await learner.fill('[data-join] input[name=name]', LEARNER_NAME);
    await learner.click('[data-join] button[type=submit]');
    await expect.poll(() => learner.textContent('[data-status]')).toBe('You joined Browser class.');

    const row = page.locator('[data-grid] tbody tr').first();
    await row.waitFor({ timeout: SLOW });
    expect((await row.locator('th').textContent())).toContain(LEARNER_NAME);
    expect(await page.locator('[data-grid] thead tr:nth-child(2) th').allTextContents()).toEqual(['kernel-file', 'sleeper-running', 'sleeper-pid']);
    // Markup in a name stays text: no element was made from it, and nothing ran.
    expect(await page.locator('[data-grid] img').count()).toBe(0);
    expect(await page.title()).not.toBe('1');

    await openLesson(learner);
    await runInTerminal(learner, `${SOLUTION['kernel-file']} && echo kernel-$((10*10))`, /^kernel-100$/m);
    await pressCheck(learner);
    await expectTaskStatus(learner, 'kernel-file', 'passed');
    const cell = row.locator('td[data-task="first-look/kernel-file"]');
    await expect.poll(() => cell.getAttribute('class'), { timeout: 5000 }).toMatch(/state-passed/);
    expect(await row.locator('td[data-task="first-look/sleeper-running"]').getAttribute('class')).toMatch(/state-attempted/);
    expect(await row.locator('td').first().textContent()).toBe('containers-and-vms');
  });

  it("opens a read-only view of the learner's terminal, and the learner is told", async () => {
    const { page } = session;
    await page.locator('[data-grid] tbody tr').first().getByRole('button', { name: 'Watch' }).click();
    await page.locator('[data-watch]').waitFor({ state: 'visible' });
    await runInTerminal(learner, 'echo watched-$((40+2))', /^watched-42$/m);
    await expect.poll(() => page.locator('[data-watch-screen] .xterm-rows').textContent(), { timeout: SLOW }).toContain('watched-42');
    await expect.poll(() => learner.locator('[data-testid="terminal"] .xterm-rows').first().textContent(), { timeout: SLOW }).toContain('Your instructor is watching this terminal');
    await page.screenshot({ path: 'test-results/class-page.png', fullPage: true }).catch(() => undefined);
  });

  it("replays the learner's recorded terminal, with the check they ran marked on the timeline", async () => {
    const { page } = session;
    await page.click('[data-watch-close]');
    await page.locator('[data-grid] tbody tr').first().getByRole('button', { name: 'Recordings' }).click();
    await page.locator('[data-replay]').waitFor({ state: 'visible' });
    const item = page.locator('[data-recording-list] button').first();
    await item.waitFor({ timeout: SLOW });
    expect(await item.textContent()).toMatch(/^Terminal \S+ — .+ \(\d+ KiB\)$/);
    await item.click();
    const player = page.locator('[data-replay-player]');
    await player.locator('.xterm-rows').waitFor();
    // The check the learner ran is a marker; jumping to it shows the screen as it was then.
    const check = player.locator('.replay-mark.is-failed').first();
    await check.waitFor();
    expect(await check.textContent()).toMatch(/✗ first-look: 1\/3, sleeper-running/);
    expect(await player.locator('.replay-tick.is-failed').count()).toBeGreaterThan(0);
    // From the end back to the check: the screen is drawn again from the start, not on top of the end.
    await player.locator('[data-replay-timeline]').fill(await player.locator('[data-replay-timeline]').getAttribute('max') ?? '0');
    await expect.poll(() => player.locator('.xterm-rows').textContent()).toContain('watched-42');
    await check.click();
    await expect.poll(() => player.locator('.xterm-rows').textContent()).toContain('kernel-100');
    expect(await player.locator('.xterm-rows').textContent()).not.toContain('watched-42');
    // Played on from there at 8×, the clock moves and later output appears.
    const clockAtCheck = await page.textContent('[data-replay-clock]');
    await player.locator('select').selectOption('8');
    await page.click('[data-replay-play]');
    await expect.poll(() => page.textContent('[data-replay-clock]'), { timeout: SLOW }).not.toBe(clockAtCheck);
    await expect.poll(() => player.locator('.xterm-rows').textContent(), { timeout: SLOW }).toContain('watched-42');
    await page.locator('[data-replay]').screenshot({ path: 'test-results/class-replay.png' }).catch(() => undefined);
  });
});
