// What the browser tests do on a lesson page, by the contract's data-testid
// attributes: wait for the session, read and type into the terminal, press
// Check. The terminal's screen is read from xterm's rows in the DOM, which is
// what the learner sees.
import type { Locator, Page } from 'playwright-core';

/** The lesson and exercise the tests use: its tasks are quick to do from a shell. */
export const LESSON = 'containers-and-vms';
export const EXERCISE = 'first-look';
export const TASKS = ['kernel-file', 'sleeper-running', 'sleeper-pid'] as const;
/** The reference solution of first-look, one command per task. */
export const SOLUTION: Record<(typeof TASKS)[number], string> = {
  'kernel-file': 'uname -r > /root/kernel.txt',
  'sleeper-running': 'docker run -d --name sleeper busybox sleep 3600',
  'sleeper-pid': "docker inspect --format '{{.State.Pid}}' sleeper > /root/sleeper-pid.txt",
};

export const PROMPT = /root@sandbox:[^\n]*# ?$/m;

/** Long enough for a sandbox to start and a busybox to be pulled on a loaded 2-core host. */
export const SLOW = 90_000;

export const byTestId = (page: Page, id: string): Locator => page.locator(`[data-testid="${id}"]`);

/** The xterm host of the selected terminal tab. */
export const activeTerminal = (page: Page): Locator => byTestId(page, 'terminal').filter({ visible: true }).first();

export async function openLesson(page: Page, locale = 'en', slug = LESSON): Promise<void> {
  await page.goto(`/${locale}/${slug}/`);
  await waitForReadySession(page);
  // xterm draws only while on screen; on a narrow page the workbench is below the lesson.
  await activeTerminal(page).scrollIntoViewIfNeeded({ timeout: SLOW });
  await waitForTerminal(page, PROMPT);
}

export async function waitForReadySession(page: Page): Promise<void> {
  await byTestId(page, 'session-status').and(page.locator('[data-status="ready"]')).waitFor({ timeout: SLOW });
}

/** The visible lines of the active terminal, trailing blanks removed. */
export function terminalText(page: Page): Promise<string> {
  return page.evaluate(readActiveTerminal);
}

function readActiveTerminal(): string {
  const hosts = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="terminal"]'));
  const host = hosts.find((h) => h.offsetParent !== null) ?? hosts[0];
  const rows = host?.querySelector('.xterm-rows');
  if (!rows) return '';
  return Array.from(rows.children).map((row) => (row.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()).join('\n').trimEnd();
}

/** Waits until the active terminal's screen matches; the error shows what it showed instead. */
export async function waitForTerminal(page: Page, pattern: RegExp, timeout = SLOW): Promise<string> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await terminalText(page);
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`the terminal never showed ${pattern}; it shows:\n${text}`);
    await page.waitForTimeout(250);
  }
}

/** Types into the active terminal as the learner would: click it, then keys (a newline presses Enter). */
export async function typeInTerminal(page: Page, text: string): Promise<void> {
  await activeTerminal(page).click();
  await page.keyboard.type(text);
}

/** Runs a command and waits for a line the command prints (not the echo of what was typed). */
export async function runInTerminal(page: Page, command: string, expected: RegExp): Promise<string> {
  await typeInTerminal(page, `${command}\n`);
  return waitForTerminal(page, expected);
}

export const task = (page: Page, taskId: string, exerciseId = EXERCISE): Locator => byTestId(page, `task-${exerciseId}-${taskId}`);

/** Presses Check once it can be pressed; the caller waits for the statuses it expects. */
export async function pressCheck(page: Page, exerciseId = EXERCISE): Promise<void> {
  const button = byTestId(page, `check-${exerciseId}`);
  await until(`Check of ${exerciseId} enabled`, () => button.isEnabled(), true);
  await button.click();
}

/** Waits until the task shows the status; the error names the status it had. */
export async function expectTaskStatus(page: Page, taskId: string, status: 'pending' | 'passed' | 'failed', exerciseId = EXERCISE): Promise<void> {
  await until(`task ${exerciseId}/${taskId} ${status}`, () => task(page, taskId, exerciseId).getAttribute('data-status'), status);
}

/** Polls `read` until it returns `expected`; the error names what it returned last. (Usable outside vitest, by the screenshot script.) */
export async function until<T>(what: string, read: () => Promise<T>, expected: T, timeout = SLOW): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (value === expected) return;
    if (Date.now() > deadline) throw new Error(`waited ${timeout / 1000} s for ${what}; it is ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
