// Debian's chromium, driven by playwright-core. Playwright's own browser
// downloads are never used: they need hosts this project cannot assume.
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Tests talk to loopback only: a page that names another host (a provider's web font) finds nothing.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

/**
 * A headless chromium with a fresh profile: playwright's launch() gives every
 * browser a new temporary user-data-dir (and refuses one passed in args), so
 * nothing carries over between launches.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}
