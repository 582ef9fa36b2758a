// The editor works on the same files as the terminal: a file written and
// saved in the editor is there for `cat`, a file made in the shell opens in
// the editor, a lesson's file block opens prefilled, ready to save, and a file
// the shell changes is reloaded, or, under unsaved edits, the learner chooses.
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

async function openFromTree(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Reload the file list' }).click();
  await byTestId(page, 'file-tree').getByRole('button', { name: new RegExp(name.replace('.', '\\.')) }).click();
  await expect.poll(() => byTestId(page, 'editor-path').textContent(), { timeout: SLOW }).toContain(name);
}

async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.locator('[data-editor] .monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
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

  it('shows what the shell wrote to an open file with no unsaved changes', async () => {
    const { page } = session;
    await showTerminal(page);
    await runInTerminal(page, 'echo first-$((1+1)) > /root/plain.txt && echo ok-$((3*3))', /^ok-9$/m);
    await showEditor(page);
    await openFromTree(page, 'plain.txt');
    await expect.poll(() => editorText(page), { timeout: SLOW }).toContain('first-2');
    await showTerminal(page);
    await runInTerminal(page, 'echo second-$((1+2)) > /root/plain.txt && echo ok-$((4*4))', /^ok-16$/m);
    await showEditor(page);
    await expect.poll(() => editorText(page), { timeout: SLOW }).toContain('second-3');
    expect(await byTestId(page, 'editor-path').getAttribute('data-dirty')).toBe('false');
    await expect.poll(() => page.locator('[data-editor-message]').textContent()).toContain('changed in the sandbox');
  });

  it('never saves over a change the shell made under unsaved edits: the learner chooses, and can undo the choice', async () => {
    const { page } = session;
    const conflict = byTestId(page, 'editor-conflict');
    await showTerminal(page);
    await runInTerminal(page, 'echo one > /root/shared.txt && echo ok-$((5*5))', /^ok-25$/m);
    await showEditor(page);
    await openFromTree(page, 'shared.txt');
    await typeAtEnd(page, 'from-the-editor');
    await showTerminal(page);
    await runInTerminal(page, 'echo two-$((1+1)) > /root/shared.txt && echo ok-$((6*6))', /^ok-36$/m);
    await showEditor(page);
    await conflict.waitFor({ state: 'visible', timeout: SLOW });
    expect(await conflict.textContent()).toContain('/root/shared.txt changed in the sandbox');
    await page.locator('[data-editor]').screenshot({ path: 'test-results/editor-conflict.png' }).catch(() => undefined);

    await conflict.getByRole('button', { name: 'Load the sandbox’s version' }).click();
    await expect.poll(() => editorText(page)).toContain('two-2');
    expect(await conflict.isVisible()).toBe(false);
    expect(await byTestId(page, 'editor-path').getAttribute('data-dirty')).toBe('false');
    await page.locator('[data-editor] .monaco-editor .view-lines').click();
    await page.keyboard.press('Control+Z');
    await expect.poll(() => editorText(page)).toContain('from-the-editor');

    // The shell writes again under the restored edits: this time the editor's text is kept on purpose.
    await showTerminal(page);
    await runInTerminal(page, 'echo three-$((1+2)) > /root/shared.txt && echo ok-$((7*7))', /^ok-49$/m);
    await showEditor(page);
    await conflict.waitFor({ state: 'visible', timeout: SLOW });
    await conflict.getByRole('button', { name: 'Keep mine and save' }).click();
    await expect.poll(() => byTestId(page, 'editor-path').getAttribute('data-dirty'), { timeout: SLOW }).toBe('false');
    await showTerminal(page);
    await runInTerminal(page, 'cat /root/shared.txt; echo end-$((8*8))', /from-the-editor\s*\r?\n?end-64/);
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
