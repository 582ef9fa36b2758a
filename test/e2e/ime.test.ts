// Korean typed with an input method, as Chromium delivers it: composition
// updates (ㅎ, 하, 한) and then the committed syllable. The terminal must send
// each syllable to the shell once, and the editor must hold it once.
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './harness.ts';
import { activeTerminal, byTestId, openLesson, SLOW, typeInTerminal, waitForTerminal } from './lesson-page.ts';

/** Each syllable as an IME builds it: its jamo-by-jamo compositions, then the commit. */
const HANGUL: [string[], string][] = [[['ㅎ', '하', '한'], '한'], [['ㄱ', '그', '글'], '글']];

async function compose(cdp: CDPSession): Promise<void> {
  for (const [steps, syllable] of HANGUL) {
    for (const text of steps) await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
    await cdp.send('Input.insertText', { text: syllable });
  }
}

const editorText = (page: Page) => page.locator('[data-editor] .monaco-editor .view-lines').innerText().then((t) => t.replace(/\u00a0/g, ' '));

describe('Korean input method', () => {
  let session: BrowserSession;
  let cdp: CDPSession;
  beforeAll(async () => {
    session = await openBrowserSession('e2e-ime');
    await openLesson(session.page);
    cdp = await session.context.newCDPSession(session.page);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('reaches the shell once per syllable from the terminal', async () => {
    const { page } = session;
    await typeInTerminal(page, 'echo "[');
    await compose(cdp);
    await page.keyboard.type(']" | wc -m; echo "[');
    await compose(cdp);
    await page.keyboard.type(']"\n');
    // wc -m counts characters: [, 한, 글, ], newline.
    await waitForTerminal(page, /^5\n\[한글\]$/m);
  });

  it('holds each syllable once in the editor', async () => {
    const { page } = session;
    await byTestId(page, 'editor-tab').click();
    await page.getByRole('button', { name: 'New file' }).click();
    await page.getByLabel('Name of the new file').fill('hangul.txt');
    await page.keyboard.press('Enter');
    await expect.poll(() => byTestId(page, 'editor-path').textContent(), { timeout: SLOW }).toContain('hangul.txt');
    await page.locator('[data-editor] .monaco-editor .view-lines').click();
    await compose(cdp);
    await expect.poll(() => editorText(page)).toBe('한글');
    await byTestId(page, 'editor-save').click();
    await expect.poll(() => byTestId(page, 'editor-path').getAttribute('data-dirty'), { timeout: SLOW }).toBe('false');
    await byTestId(page, 'terminal-pane-tab').click();
    await activeTerminal(page).waitFor();
    await typeInTerminal(page, 'od -An -c ~/hangul.txt | tr -s " "; echo end-$((9*9))\n');
    await waitForTerminal(page, /355 225 234 352 270 200\n\s*end-81/);
  });
});
