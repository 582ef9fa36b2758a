// The lesson's terminal: a real shell in the learner's sandbox that answers
// what they type, runs a code block's command on Run, and comes back with its
// screen after a reload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './harness.ts';
import { byTestId, openLesson, PROMPT, runInTerminal, terminalText, typeInTerminal, waitForTerminal } from './lesson-page.ts';

describe('lesson terminal', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowserSession('e2e-terminal');
  });
  afterAll(async () => {
    await session?.close();
  });

  it('opens a lesson with a ready session and a shell prompt beside the text', async () => {
    const { page } = session;
    await openLesson(page);
    await expect(page.locator('article h1').first().textContent()).resolves.toMatch(/Containers and virtual machines/);
    expect(await terminalText(page)).toMatch(PROMPT);
  });

  it('shows the output of a command typed into the terminal', async () => {
    const { page } = session;
    // The arithmetic is done by the shell: 42 appears only as its output, never in what was typed.
    const screen = await runInTerminal(page, 'echo $((6*7)) from-$((1000+1))', /^42 from-1001$/m);
    expect(screen).toMatch(/echo \$\(\(6\*7\)\) from-\$\(\(1000\+1\)\)/);
  });

  it("runs a code block's command in the terminal when Run is pressed", async () => {
    const { page } = session;
    // The lesson's first runnable block is `hostname` then `uname -r`: the sandbox answers with its own name.
    const block = page.locator('.code-block[data-kind="run"]').first();
    await expect(block.locator('pre').textContent()).resolves.toMatch(/^hostname\nuname -r/);
    await block.locator('[data-testid="run"]').click();
    await waitForTerminal(page, /^sandbox$/m);
    // Run also hands the keyboard to the terminal, so the learner can type on.
    await page.keyboard.type('echo after-run-$((2+3))\n');
    await waitForTerminal(page, /^after-run-5$/m);
  });

  it('shows the previous screen again after a reload, in the same shell', async () => {
    const { page } = session;
    await runInTerminal(page, 'MARK=kept-$((40+2)); echo $MARK', /^kept-42$/m);
    await page.reload();
    await waitForTerminal(page, /^kept-42$/m);
    // Not a repainted picture only: the shell still has its variable.
    await typeInTerminal(page, 'echo again-$MARK\n');
    await waitForTerminal(page, /^again-kept-42$/m);
  });

  it('opens a second terminal as its own shell in the same sandbox', async () => {
    const { page } = session;
    await runInTerminal(page, 'echo first > /tmp/from-first; echo wrote-$((1+1))', /^wrote-2$/m);
    const tabsBefore = await byTestId(page, 'terminal-tab').count();
    await byTestId(page, 'new-terminal').click();
    await expect.poll(() => byTestId(page, 'terminal-tab').count()).toBe(tabsBefore + 1);
    await waitForTerminal(page, PROMPT);
    expect(await terminalText(page)).not.toMatch(/wrote-2/);
    await runInTerminal(page, 'cat /tmp/from-first', /^first$/m);
  });
});
