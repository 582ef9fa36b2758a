// The course home lists every lesson; the language switch leads to the same
// lesson in Korean with Korean tasks; the theme toggle switches to dark and
// the choice is kept.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../engine/config.ts';
import { openBrowserSession, type BrowserSession } from './harness.ts';
import { byTestId, EXERCISE, LESSON, openLesson, PROMPT, runInTerminal, SLOW, task, waitForTerminal } from './lesson-page.ts';

async function lessonTitles(locale: string): Promise<Map<string, string>> {
  const dir = path.join(projectRoot, 'content', locale);
  const titles = new Map<string, string>();
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.md'))) {
    const title = /^title:\s*"?(.*?)"?\s*$/m.exec(await readFile(path.join(dir, file), 'utf8'))?.[1];
    titles.set(file.replace(/^\d+-/, '').replace(/\.md$/, ''), title ?? '');
  }
  return titles;
}

describe('course home, language and theme', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowserSession('e2e-course');
  });
  afterAll(async () => {
    await session?.close();
  });

  it('sends / to the English course home, which lists every lesson with a link to it', async () => {
    const { page } = session;
    await page.goto('/');
    await expect.poll(() => new URL(page.url()).pathname, { timeout: SLOW }).toBe('/en/');
    const titles = await lessonTitles('en');
    expect(titles.size).toBeGreaterThanOrEqual(12);
    for (const [slug, title] of titles) {
      const card = byTestId(page, `lesson-card-${slug}`);
      await expect(card.textContent(), `card of ${slug}`).resolves.toContain(title);
      await expect(card.locator(`a[href$="/en/${slug}/"]`).count(), `link to ${slug}`).resolves.toBeGreaterThan(0);
    }
  });

  it('lists every lesson in Korean on the Korean course home', async () => {
    const { page } = session;
    await page.goto('/ko/');
    for (const [slug, title] of await lessonTitles('ko')) {
      await expect(byTestId(page, `lesson-card-${slug}`).textContent(), `card of ${slug}`).resolves.toContain(title);
    }
  });

  it('switches a lesson to Korean, with Korean tasks and the same shell', async () => {
    const { page } = session;
    await openLesson(page);
    await runInTerminal(page, 'echo before-switch-$((7*6))', /^before-switch-42$/m);
    await byTestId(page, 'lang-switch').click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: SLOW }).toBe(`/ko/${LESSON}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');
    const koTitle = (await lessonTitles('ko')).get(LESSON)!;
    await expect(page.locator('article h1').first().textContent()).resolves.toContain(koTitle);
    await expect(task(page, 'kernel-file', EXERCISE).textContent()).resolves.toMatch(/커널/);
    // The terminal reconnects to the learner's shell, screen and all.
    await waitForTerminal(page, /^before-switch-42$/m);
    await waitForTerminal(page, PROMPT);
  });

  it('switches to the dark theme and keeps it on the next page', async () => {
    const { page } = session;
    const html = page.locator('html');
    const before = await html.getAttribute('data-theme');
    // The page's colours come from the theme's custom properties.
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim());
    const backgroundBefore = await background();
    await byTestId(page, 'theme-toggle').click();
    const after = before === 'dark' ? 'light' : 'dark';
    await expect.poll(() => html.getAttribute('data-theme')).toBe(after);
    expect(await background()).not.toBe(backgroundBefore);
    await page.goto('/en/');
    await expect.poll(() => html.getAttribute('data-theme')).toBe(after);
  });
});
