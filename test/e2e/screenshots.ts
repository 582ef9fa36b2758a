// Takes the screenshots kept in docs/screenshots from a real server, sandbox
// and chromium: `node --import tsx test/e2e/screenshots.ts`. Needs the built
// site (DOCKYARD_SITE_DIR or site/dist) and a prepared engine (`npx dockyard prepare`).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { projectRoot } from '../../engine/config.ts';
import { startServerIn } from '../server/clients.ts';
import { launchChromium } from './chromium.ts';
import { byTestId, expectTaskStatus, openLesson, pressCheck, runInTerminal, SOLUTION, until, waitForTerminal } from './lesson-page.ts';
import { builtSiteDir } from './site-dir.ts';

const OUT = path.join(projectRoot, 'docs', 'screenshots');
const say = (line: string) => process.stderr.write(`${line}\n`);

async function shoot(page: Page, name: string): Promise<void> {
  // Fonts and the terminal's last frame settle before the picture is taken.
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
  await page.screenshot({ path: path.join(OUT, name) });
  say(`wrote docs/screenshots/${name}`);
}

/** Flips the header's theme toggle until the page has the theme; the choice is kept in localStorage, so later pages of the context keep it. */
async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) await byTestId(page, 'theme-toggle').click();
  await page.waitForFunction((wanted) => document.documentElement.dataset.theme === wanted, theme);
}

/** What the Ports and Inside panes show: a published web server, and a container with a memory limit of its own. */
async function startContainers(page: Page): Promise<void> {
  await runInTerminal(page, 'docker run -d --name web -p 8080:80 nginx >/dev/null && docker run -d --name small -m 64m busybox sleep 600 >/dev/null && echo started-$((2+3))', /^started-5$/m);
}

/** The Ports pane once it names the web server on its port, and its tab counts it (the pane reads every 3 s). */
async function showPorts(page: Page): Promise<void> {
  await byTestId(page, 'ports-tab').click();
  // The port can show before its container's name: the server asks `docker ps` again only every 15 s, and the first time it may not run yet.
  const item = byTestId(page, 'ports').locator('li[data-port="8080"]');
  await until('the Ports pane names web on port 8080', async () => (await item.count()) === 1 && (await item.textContent())?.includes('web (nginx)'), true);
  await until('the Ports tab counts it', () => page.locator('[data-ports-count]').isVisible(), true);
}

/** The Inside pane once the limited container's card is drawn, scrolled to it: the sandbox's own card fills the pane above it. */
async function showInside(page: Page): Promise<void> {
  await byTestId(page, 'inside-tab').click();
  const card = byTestId(page, 'inside').locator('[data-container="small"]');
  await until('the Inside pane draws the small container', () => card.count(), 1);
  // Scrolled just before the shot: the cards are redrawn every 2 s.
  await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
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

  await setTheme(page, 'dark');
  await shoot(page, 'lesson-dark.png');
  await setTheme(page, 'light');

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

  // The Ports and Inside panes, after the learner started containers from the terminal.
  await openLesson(page);
  await startContainers(page);
  await showPorts(page);
  await shoot(page, 'ports-en-light.png');
  await showInside(page);
  await shoot(page, 'inside-en-light.png');

  // On a phone the four pane tabs share 390 px; the workbench is scrolled to the top of the screen, the Inside tab selected.
  const phoneAgain = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 844 }, colorScheme: 'light', storageState: await desktop.storageState() });
  const insidePhone = await phoneAgain.newPage();
  await insidePhone.goto('/en/containers-and-vms/');
  await showInside(insidePhone);
  // Scrolling to the card scrolled the page too: back to the session bar, so the tab strip is at the top.
  await insidePhone.evaluate(() => document.querySelector('[data-testid="session-status"]')?.scrollIntoView({ block: 'start' }));
  await shoot(insidePhone, 'inside-phone-en.png');
  await phoneAgain.close();

  // The same panes in Korean and dark, to see the Hangul and the dark colours; the phone took the terminal, so the lesson opens again.
  await openLesson(page, 'ko');
  await setTheme(page, 'dark');
  await showPorts(page);
  await shoot(page, 'ports-ko-dark.png');
  await showInside(page);
  await shoot(page, 'inside-ko-dark.png');
} finally {
  await browser.close();
  for (const sandbox of server.context.engine.sandboxes.list()) await server.context.engine.sandboxes.destroy(sandbox.id);
  await server.stop();
}
