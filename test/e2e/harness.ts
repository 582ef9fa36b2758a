// A real Dockyard server serving the built site, and a chromium page in a
// browser context of its own (so its own learner cookie), for one test file.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningServer } from '../../server/main.ts';
import { testServer } from '../server/harness.ts';
import { launchChromium } from './chromium.ts';
import { builtSiteDir } from './site-dir.ts';

export interface BrowserSession {
  server: RunningServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export interface BrowserSessionOptions {
  viewport?: { width: number; height: number };
  /** Extra server settings (e.g. a shorter terminal grace). */
  env?: Record<string, string>;
}

export async function openBrowserSession(namespaceSuffix: string, options: BrowserSessionOptions = {}): Promise<BrowserSession> {
  const server = await testServer(namespaceSuffix, { DOCKYARD_SITE_DIR: builtSiteDir(), ...options.env });
  const browser = await launchChromium();
  // The page's origin is the server's own, which the Origin check accepts for terminal WebSockets.
  const context = await browser.newContext({ baseURL: server.url, viewport: options.viewport ?? { width: 1440, height: 900 } });
  const page = await context.newPage();
  return {
    server,
    browser,
    context,
    page,
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}
