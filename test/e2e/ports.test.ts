// The ports pane, as a learner who starts a web server meets it: the tab
// counts the new port while the terminal is in front, the pane names what
// serves it, and its link opens the page in a new tab.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './harness.ts';
import { byTestId, openLesson, runInTerminal, SLOW } from './lesson-page.ts';

describe('ports', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowserSession('e2e-ports');
    await openLesson(session.page);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('says nothing listens yet, then counts, names and links a published container', async () => {
    const { page, context } = session;
    const tab = byTestId(page, 'ports-tab');
    await tab.click();
    await expect.poll(() => byTestId(page, 'ports').textContent(), { timeout: SLOW }).toContain('Nothing listens in your sandbox yet');
    await byTestId(page, 'terminal-pane-tab').click();
    await runInTerminal(page, 'docker run -d --name web -p 8080:80 nginx >/dev/null && echo started-$((2+3))', /^started-5$/m);
    await expect.poll(() => tab.textContent(), { timeout: 15_000 }).toBe('Ports1');

    await tab.click();
    const item = byTestId(page, 'ports').locator('li[data-port="8080"]');
    // Well within the 15 s the server keeps names: a port first seen before its container runs is asked about again.
    await expect.poll(() => item.textContent(), { timeout: 8_000 }).toContain('web (nginx), its port 80/tcp');
    await page.locator('[data-workbench]').screenshot({ path: 'test-results/ports-pane.png' }).catch(() => undefined);
    const [preview] = await Promise.all([context.waitForEvent('page'), item.getByRole('link', { name: 'Open what port 8080 serves, in a new tab' }).click()]);
    await preview.waitForLoadState();
    expect(await preview.textContent('h1')).toBe('Welcome to nginx!');
    await preview.close();
  });

  it('drops the port when the container is gone', async () => {
    const { page } = session;
    await byTestId(page, 'terminal-pane-tab').click();
    await runInTerminal(page, 'docker rm -f web >/dev/null && echo removed-$((3+3))', /^removed-6$/m);
    await expect.poll(() => byTestId(page, 'ports-tab').textContent(), { timeout: 15_000 }).toBe('Ports');
  });
});
