// Takes the screenshots kept in docs/screenshots from a real server, sandbox
// and chromium: `node --import tsx test/e2e/screenshots.ts`. Needs the built
// site (DOCKYARD_SITE_DIR or site/dist) and a prepared engine (`npx dockyard prepare`).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { projectRoot } from '../../engine/config.ts';
import { startServerIn } from '../server/clients.ts';
import { launchChromium } from './chromium.ts';
import { byTestId, expectTaskStatus, openLesson, pressCheck, runInTerminal, SOLUTION, waitForTerminal } from './lesson-page.ts';
import { builtSiteDir } from './site-dir.ts';

const OUT = path.join(projectRoot, 'docs', 'screenshots');
const say = (line: string) => process.stderr.write(`${line}\n`);

async function shoot(page: Page, name: string): Promise<void> {
  // Fonts and the terminal's last frame settle before the picture is taken.
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
  await page.screenshot({ path: path.join(OUT, name) });
  say(`wrote docs/screenshots/${name}`);
}

const server = await startServerIn(`screenshots-${randomBytes(3).toString('hex')}`, {
  DOCKYARD_SITE_DIR: builtSiteDir(),
  DOCKYARD_LOG_LEVEL: 'warn',
});
const browser = await launchChromium();
try {
  const desktop = await browser.newContext({ baseURL: server.url, viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  const page = await desktop.newPage();
  await openLesson(page);
  await runInTerminal(page, 'uname -r > /root/kernel.txt; cat /root/kernel.txt', /^\d+\.\d+\S*$/m);
  await runInTerminal(page, 'docker run --rm busybox echo "Hello from a container"', /^Hello from a container$/m);
  await pressCheck(page);
  await expectTaskStatus(page, 'kernel-file', 'passed');
  await expectTaskStatus(page, 'sleeper-running', 'failed');
  await shoot(page, 'lesson-desktop.png');

  await byTestId(page, 'theme-toggle').click();
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  await shoot(page, 'lesson-dark.png');
  await byTestId(page, 'theme-toggle').click();
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');

  // The same learner on a phone: its cookie, so its session and terminal.
  const phone = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 844 }, colorScheme: 'light', storageState: await desktop.storageState() });
  const narrow = await phone.newPage();
  await narrow.goto('/en/containers-and-vms/');
  await shoot(narrow, 'lesson-narrow.png');
  // Below the lesson on a phone; xterm draws only once it is on screen.
  await narrow.evaluate(() => document.querySelector('[data-testid="session-status"]')?.scrollIntoView({ block: 'start' }));
  await waitForTerminal(narrow, /Hello from a container/);
  await shoot(narrow, 'lesson-narrow-workbench.png');

  // A terminal has one screen at a time: the phone took it over, so the desktop page opens it again.
  await phone.close();
  await openLesson(page);
  // The home page with progress: one lesson done, so its card says so.
  await runInTerminal(page, `${SOLUTION['sleeper-running']} && ${SOLUTION['sleeper-pid']} && echo procs-$((1+1))`, /^procs-2$/m);
  await pressCheck(page);
  await expectTaskStatus(page, 'sleeper-pid', 'passed');
  await page.goto('/en/');
  await page.waitForFunction(() => document.querySelector('[data-progress="done"]'));
  await shoot(page, 'home.png');
} finally {
  await browser.close();
  for (const sandbox of server.context.engine.sandboxes.list()) await server.context.engine.sandboxes.destroy(sandbox.id);
  await server.stop();
}
