// Graded tasks: Check tells the learner what is still missing, passes what
// they did in the terminal (and, after a command finishes, turns a task done
// green without the button), marks the lesson complete when every task
// passed, and the course home remembers it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './harness.ts';
import { byTestId, expectTaskStatus, EXERCISE, LESSON, openLesson, pressCheck, runInTerminal, SLOW, SOLUTION, task, TASKS } from './lesson-page.ts';

describe('tasks and Check', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowserSession('e2e-tasks');
    await openLesson(session.page);
  });
  afterAll(async () => {
    await session?.close();
  });

  it("lists the lesson exercise's tasks, none passed yet", async () => {
    const { page } = session;
    for (const id of TASKS) await expectTaskStatus(page, id, 'pending');
    await expect(task(page, 'kernel-file').textContent()).resolves.toMatch(/kernel\.txt/);
    await expect(byTestId(page, 'lesson-complete').isVisible()).resolves.toBe(false);
  });

  it('fails every task when Check is pressed with nothing done, and says why', async () => {
    const { page } = session;
    await pressCheck(page);
    for (const id of TASKS) await expectTaskStatus(page, id, 'failed');
    const message = byTestId(page, `task-message-${EXERCISE}-kernel-file`);
    await message.waitFor({ state: 'visible', timeout: SLOW });
    expect((await message.textContent())?.trim()).not.toBe('');
  });

  it('reveals hints one at a time', async () => {
    const { page } = session;
    const hint = byTestId(page, `hint-${EXERCISE}-kernel-file`);
    const before = (await task(page, 'kernel-file').textContent()) ?? '';
    await hint.click();
    await expect.poll(() => task(page, 'kernel-file').textContent(), { timeout: SLOW }).toMatch(/uname -a/);
    expect(before).not.toMatch(/uname -a/);
    await hint.click();
    await expect.poll(() => task(page, 'kernel-file').textContent(), { timeout: SLOW }).toMatch(/uname -r > \/root\/kernel\.txt/);
  });

  it('passes the task done in the terminal and still fails the others', async () => {
    const { page } = session;
    await runInTerminal(page, `${SOLUTION['kernel-file']} && echo kernel-$((10*10))`, /^kernel-100$/m);
    await pressCheck(page);
    await expectTaskStatus(page, 'kernel-file', 'passed');
    await expectTaskStatus(page, 'sleeper-running', 'failed');
    await expectTaskStatus(page, 'sleeper-pid', 'failed');
    await expect(byTestId(page, 'lesson-complete').isVisible()).resolves.toBe(false);
  });

  it('turns a task green by itself once the command that does it finished, leaving the others as they were', async () => {
    const { page } = session;
    await runInTerminal(page, `${SOLUTION['sleeper-running']} && echo sleeper-$((4*4))`, /^sleeper-16$/m);
    await expectTaskStatus(page, 'sleeper-running', 'passed');
    await expectTaskStatus(page, 'sleeper-pid', 'failed');
    // Unasked, a failing task is not an attempt: the progress store has nothing for it (Check never reached it).
    const progress = await page.evaluate(() => fetch('/api/progress').then((r) => r.json())) as { exercises: Record<string, { tasks: Record<string, { passed: boolean }> }> };
    expect(progress.exercises[EXERCISE].tasks['sleeper-running']?.passed).toBe(true);
    expect(progress.exercises[EXERCISE].tasks['sleeper-pid']).toBeUndefined();
  });

  it('marks the lesson complete once every task passed', async () => {
    const { page } = session;
    await runInTerminal(page, `${SOLUTION['sleeper-pid']} && echo done-$((3*3))`, /^done-9$/m);
    await pressCheck(page);
    for (const id of TASKS) await expectTaskStatus(page, id, 'passed');
    await byTestId(page, 'lesson-complete').waitFor({ state: 'visible', timeout: SLOW });
  });

  it('shows the passed tasks again after a reload', async () => {
    const { page } = session;
    await page.reload();
    for (const id of TASKS) await expectTaskStatus(page, id, 'passed');
    await byTestId(page, 'lesson-complete').waitFor({ state: 'visible', timeout: SLOW });
  });

  it("shows the finished lesson's progress on the course home", async () => {
    const { page } = session;
    await page.goto('/en/');
    const done = byTestId(page, `lesson-card-${LESSON}`);
    const untouched = byTestId(page, 'lesson-card-chroot');
    await expect.poll(() => done.getAttribute('data-progress'), { timeout: SLOW }).toBe('done');
    expect(await untouched.getAttribute('data-progress')).toBe('new');
  });
});
