// A code block's Copy where the page has no async Clipboard API, as over
// plain HTTP on a name other than localhost: it still puts the code on the
// clipboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './harness.ts';
import { LESSON } from './lesson-page.ts';

describe('Copy without the Clipboard API', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowserSession('e2e-wb-copy');
    await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.server.url });
  });
  afterAll(async () => {
    await session?.close();
  });

  it("copies a code block's code", async () => {
    const { context, page } = session;
    // What an insecure context looks like to a script: no navigator.clipboard.
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true }));
    await page.goto(`/en/${LESSON}/`);
    expect(await page.evaluate(() => navigator.clipboard)).toBeUndefined();
    const block = page.locator('.code-block[data-kind="run"]').first();
    const code = await block.locator('code').textContent();
    expect(code).toMatch(/^hostname\nuname -r/);

    // Something else on the clipboard first, written by a page that has the API.
    const reader = await context.newPage();
    await reader.goto('/en/');
    await reader.evaluate(() => navigator.clipboard.writeText('before'));

    await page.bringToFront();
    const copy = block.locator('[data-testid="copy"]');
    await copy.click();
    await expect.poll(() => copy.textContent()).toBe('Copied');
    await reader.bringToFront();
    await expect.poll(() => reader.evaluate(() => navigator.clipboard.readText())).toBe(code);
  });
});
