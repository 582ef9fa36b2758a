// The Inside pane, the internals inspector, as a learner meets it: the
// sandbox's own namespaces and limits, then a container they start appears
// with what it shares with the sandbox and its memory limit, while the pane
// is open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './harness.ts';
import { byTestId, openLesson, SLOW } from './lesson-page.ts';

describe('inside', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowserSession('e2e-inside');
    await openLesson(session.page);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('shows the sandbox, then a new container with its namespaces and memory limit', async () => {
    const { page, server } = session;
    const tasksHeight = async () => (await page.locator('.workbench-tasks').boundingBox())!.height;
    const besideTheTerminal = await tasksHeight();
    await byTestId(page, 'inside-tab').click();
    const pane = byTestId(page, 'inside');
    const sandbox = pane.locator('[data-sandbox]');
    await expect.poll(() => sandbox.textContent(), { timeout: SLOW }).toContain('shared with the host');
    expect(await sandbox.locator('[data-kind="net"]').textContent()).toContain('its own');
    expect(await pane.textContent()).toContain('No container is running');

    // Started from outside the page, so the pane stays in view: it shows up at the next reading (every 2 s).
    const sessionId = await page.evaluate(() => fetch('/api/sessions', { method: 'POST' }).then((r) => r.json()).then((s: { id: string }) => s.id));
    const sandboxId = server.context.sessions.get(sessionId)!.sandboxId!;
    expect((await server.context.engine.sandboxes.run(sandboxId, ['sh', '-c', 'docker run -d --name small -m 64m busybox sleep 600'])).exitCode).toBe(0);
    const card = pane.locator('[data-container="small"]');
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    expect(await card.locator('[data-kind="net"]').textContent()).toContain('its own');
    expect(await card.locator('[data-kind="user"]').textContent()).toContain('shared with the sandbox');
    await expect.poll(() => card.textContent()).toMatch(/Memory: [\d.]+ \w+ of 64\.0 MiB/);
    await expect.poll(() => card.textContent()).toMatch(/\d+ read-only layers below/);
    // However long the reading, the tasks below keep the room they had beside the terminal.
    expect(Math.abs((await tasksHeight()) - besideTheTerminal)).toBeLessThan(2);
    await page.locator('[data-workbench]').screenshot({ path: 'test-results/inside-pane.png' }).catch(() => undefined);
  });
});
