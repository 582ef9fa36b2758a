// On a phone-sized screen (375 px wide) the lesson page still gives the
// learner a working terminal and the tasks, without sideways scrolling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './harness.ts';
import { activeTerminal, byTestId, expectTaskStatus, openLesson, runInTerminal, task } from './lesson-page.ts';

const WIDTH = 375;

describe('narrow layout', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowserSession('e2e-narrow', { viewport: { width: WIDTH, height: 812 } });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('shows a working terminal within the width of the screen', async () => {
    const { page } = session;
    await openLesson(page);
    const box = await activeTerminal(page).boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(WIDTH + 1);
    expect(box!.width).toBeGreaterThan(WIDTH * 0.8);
    expect(box!.height).toBeGreaterThan(100);
    await runInTerminal(page, 'echo narrow-$((20+1))', /^narrow-21$/m);
  });

  it('shows the tasks and their Check button', async () => {
    const { page } = session;
    const first = task(page, 'kernel-file');
    await first.scrollIntoViewIfNeeded();
    await expect(first.isVisible()).resolves.toBe(true);
    const box = (await first.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(WIDTH + 1);
    await expectTaskStatus(page, 'kernel-file', 'pending');
    await byTestId(page, 'check-first-look').scrollIntoViewIfNeeded();
    await expect(byTestId(page, 'check-first-look').isVisible()).resolves.toBe(true);
  });

  it('never scrolls sideways', async () => {
    const { page } = session;
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
