// The site passes its own Content-Security-Policy (L1): a learner's whole
// walk — course home, a lesson, typing in the terminal, the editor with
// Monaco's worker and styles, saving a file, the draft preview — reports no
// policy violation, neither as a securitypolicyviolation event nor as a CSP
// error on the console.
import path from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './harness.ts';
import { byTestId, openLesson, runInTerminal, SLOW } from './lesson-page.ts';

interface Violation {
  page: string;
  directive: string;
  blocked: string;
  sample?: string;
}

describe('Content-Security-Policy in the browser', () => {
  let session: BrowserSession;
  const violations: Violation[] = [];
  const cspConsoleErrors: string[] = [];

  beforeAll(async () => {
    session = await openBrowserSession('e2e-csp');
    const { context } = session;
    await context.exposeBinding('dockyardCspViolation', (_source, violation: Violation) => { violations.push(violation); });
    // Init scripts come from the browser, not the page, so the policy under test does not apply to them.
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const report = (window as unknown as { dockyardCspViolation(v: unknown): void }).dockyardCspViolation;
        report({ page: location.pathname, directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample });
      });
    });
    context.on('console', (message) => {
      if (/Content Security Policy|Refused to (load|execute|apply|create|connect|frame)/i.test(message.text())) cspConsoleErrors.push(`${message.page()?.url()}: ${message.text()}`);
    });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('reports no violation on the course home, a lesson, the terminal, the editor and the drafts', async () => {
    const { page } = session;
    const response = await page.goto('/en/');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self' 'sha256-");
    await page.waitForFunction(() => document.documentElement.dataset.theme);
    await page.goto('/ko/');

    await openLesson(page);
    await runInTerminal(page, 'echo csp-$((6*7))', /^csp-42$/m);

    await byTestId(page, 'editor-tab').click();
    await byTestId(page, 'file-tree').waitFor({ state: 'visible', timeout: SLOW });
    await page.getByRole('button', { name: 'New file' }).click();
    await page.getByLabel('Name of the new file').fill('csp.txt');
    await page.keyboard.press('Enter');
    await expect.poll(() => byTestId(page, 'editor-path').textContent(), { timeout: SLOW }).toContain('csp.txt');
    await page.locator('[data-editor] .monaco-editor .view-lines').click();
    await page.keyboard.type('saved under a strict policy');
    const editorPath = byTestId(page, 'editor-path');
    await expect.poll(() => editorPath.getAttribute('data-dirty')).toBe('true');
    await byTestId(page, 'editor-save').click();
    await expect.poll(() => editorPath.getAttribute('data-dirty'), { timeout: SLOW }).toBe('false');
    // Monaco's styles applied: they are <style> elements written at run time.
    await expect.poll(() => page.locator('[data-editor] .monaco-editor').evaluate((el) => getComputedStyle(el).position)).toBe('relative');
    // Monaco starts its worker only for features the site does not load
    // (links, suggestions), so start it as Monaco would, from the file its chunk names.
    const workerUrl = await page.evaluate(async () => {
      const chunk = performance.getEntriesByType('resource').map((entry) => entry.name).find((name) => /\/_astro\/monaco\.[^/]+\.js$/.test(name));
      return /\/_astro\/editor\.worker-[\w-]+\.js/.exec(await (await fetch(chunk!)).text())?.[0];
    });
    expect(workerUrl).toBeTruthy();
    await page.evaluate((url) => { Object.assign(window, { editorWorker: new Worker(url!, { name: 'editorWorkerService' }) }); }, workerUrl);
    await expect.poll(() => page.workers().map((worker) => new URL(worker.url()).pathname)).toContain(workerUrl);
    await page.screenshot({ path: path.join(tmpdir(), 'dockyard-csp-editor.png') });

    await byTestId(page, 'terminal-pane-tab').click();
    await runInTerminal(page, 'cat /root/csp.txt; echo', /^saved under a strict policy$/m);

    // The instructor's preview, from this machine (no operator token set).
    const drafts = await page.goto('/drafts/en/containers-and-vms');
    expect(drafts?.status()).toBe(200);
    await page.waitForFunction(() => document.documentElement.dataset.theme);
    await page.goto('/no/such/page/');

    expect(violations).toEqual([]);
    expect(cspConsoleErrors).toEqual([]);
  });

  it('does catch a violation, so the empty list above means something', async () => {
    const { page } = session;
    await page.goto('/en/');
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.head.append(script);
    });
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(violations[0]).toMatchObject({ page: '/en/', directive: 'script-src-elem' });
    expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
  });
});
