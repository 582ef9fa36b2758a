// The editor works on the same files as the terminal: a file written and
// saved in the editor is there for `cat`, a file made in the shell opens in
// the editor, and a lesson's file block opens prefilled, ready to save.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './harness.ts';
import { activeTerminal, byTestId, openLesson, runInTerminal, SLOW } from './lesson-page.ts';

const editorText = (page: Page) => page.locator('[data-editor] .monaco-editor .view-lines').innerText().then((t) => t.replace(/\u00a0/g, ' '));

async function showEditor(page: Page): Promise<void> {
  await byTestId(page, 'editor-tab').click();
  await byTestId(page, 'file-tree').waitFor({ state: 'visible', timeout: SLOW });
}

async function showTerminal(page: Page): Promise<void> {
  await byTestId(page, 'terminal-pane-tab').click();
  await activeTerminal(page).waitFor({ timeout: SLOW });
}

async function save(page: Page): Promise<void> {
  const path = byTestId(page, 'editor-path');
  await expect.poll(() => path.getAttribute('data-dirty')).toBe('true');
  await byTestId(page, 'editor-save').click();
  await expect.poll(() => path.getAttribute('data-dirty'), { timeout: SLOW }).toBe('false');
}

describe('editor', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowserSession('e2e-editor');
    await openLesson(session.page);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('creates a file, saves what was typed, and the terminal reads it', async () => {
    const { page } = session;
    await showEditor(page);
    await page.getByRole('button', { name: 'New file' }).click();
    await page.getByLabel('Name of the new file').fill('notes.txt');
    await page.keyboard.press('Enter');
    await expect.poll(() => byTestId(page, 'editor-path').textContent(), { timeout: SLOW }).toContain('notes.txt');
    await page.locator('[data-editor] .monaco-editor .view-lines').click();
    await page.keyboard.type('written in the editor');
    await save(page);
    await showTerminal(page);
    await runInTerminal(page, 'cat /root/notes.txt; echo', /^written in the editor$/m);
  });

  it('opens a file the shell wrote, from the file tree', async () => {
    const { page } = session;
    await runInTerminal(page, 'echo made-in-the-$((0+1))st-shell > /root/from-shell.txt && echo ok-$((2*2))', /^ok-4$/m);
    await showEditor(page);
    await page.getByRole('button', { name: 'Reload the file list' }).click();
    await byTestId(page, 'file-tree').getByRole('button', { name: /from-shell\.txt/ }).click();
    await expect.poll(() => byTestId(page, 'editor-path').textContent(), { timeout: SLOW }).toContain('from-shell.txt');
    await expect.poll(() => editorText(page), { timeout: SLOW }).toContain('made-in-the-1st-shell');
  });

  it("opens a lesson's file block prefilled and unsaved, and saving creates the file", async () => {
    const { page } = session;
    await openLesson(page, 'en', 'dockerfile');
    await runInTerminal(page, 'mkdir -p ~/hello && echo made-$((3+4))', /^made-7$/m);
    const block = page.locator('.code-block[data-kind="file"]', { hasText: '~/hello/hello.sh' }).first();
    await block.locator('[data-testid="open-in-editor"]').click();
    const path = byTestId(page, 'editor-path');
    await expect.poll(() => path.textContent(), { timeout: SLOW }).toContain('hello/hello.sh');
    await expect.poll(() => editorText(page), { timeout: SLOW }).toContain('GREETING is: $GREETING');
    await save(page);
    await showTerminal(page);
    await runInTerminal(page, 'sed -n 3p ~/hello/hello.sh', /^echo "GREETING is: \$GREETING"$/m);
  });
});
