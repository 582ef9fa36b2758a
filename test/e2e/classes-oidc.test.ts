// Instructor sign-in with OpenID Connect in a real browser against a real
// provider on loopback: two instructors each see only their own classes, and
// an account that is not an instructor is turned back with the reason.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, startOidcProvider, type LoopbackProvider } from '../server/oidc-provider.ts';
import { openBrowserSession, type BrowserSession } from './harness.ts';

describe('instructor sign-in with an identity provider', () => {
  let provider: LoopbackProvider;
  let session: BrowserSession;
  beforeAll(async () => {
    provider = await startOidcProvider();
    session = await openBrowserSession('e2e-oidc', {
      env: {
        DOCKYARD_OIDC_ISSUER: provider.issuer,
        DOCKYARD_OIDC_CLIENT_ID: OIDC_CLIENT_ID,
        DOCKYARD_OIDC_CLIENT_SECRET: OIDC_CLIENT_SECRET,
        DOCKYARD_OIDC_INSTRUCTORS: '@school.test, guest@elsewhere.test',
        DOCKYARD_POOL_SIZE: '0',
      },
    });
    provider.register(session.server.url);
  });
  afterAll(async () => {
    await session?.close();
    await provider?.close();
  });

  /** Through the provider's own pages, as a person would. */
  async function signIn(page: Page, login: string): Promise<void> {
    await page.goto('/en/classes/');
    const link = page.locator('[data-signin-oidc] a');
    await link.waitFor({ state: 'visible' });
    expect(await page.isVisible('[data-signin] input[name=token]')).toBe(false);
    await link.click();
    await page.waitForURL(`${provider.issuer}/**`);
    await page.fill('input[name=login]', login);
    await page.fill('input[name=password]', 'anything');
    await page.click('button[type=submit]');
    // The provider asks once for consent to share the address.
    await page.locator('button[type=submit]').filter({ hasText: 'Continue' }).click();
    await page.waitForURL(`${session.server.url}/en/classes/**`);
  }

  it('signs instructors in with their own accounts, each to their own classes', async () => {
    const { page, browser, server } = session;
    await signIn(page, 'teacher1');
    await page.locator('[data-new-class]').waitFor({ state: 'visible' });
    await page.fill('[data-new-class] input[name=name]', 'Teacher one');
    await page.click('[data-new-class] button[type=submit]');
    await page.waitForURL(/\?class=[0-9a-f]{16}$/);
    const classId = new URL(page.url()).searchParams.get('class')!;
    expect((await page.request.get(`/api/classes/${classId}/roster`)).status()).toBe(200);

    const other = await browser.newContext({ baseURL: server.url });
    try {
      const page2 = await other.newPage();
      await signIn(page2, 'teacher2');
      await page2.locator('[data-class-list]').waitFor({ state: 'visible' });
      await expect.poll(() => page2.textContent('[data-class-list]')).toBe('No classes yet.');
      expect((await page2.request.get(`/api/classes/${classId}/roster`)).status()).toBe(403);
    } finally {
      await other.close();
    }
  });

  it('turns back an account that is not one of the instructors, saying why', async () => {
    const context = await session.browser.newContext({ baseURL: session.server.url });
    try {
      const page = await context.newPage();
      await signIn(page, 'mallory@evil.test');
      await expect.poll(() => page.textContent('[data-status]')).toMatch(/That account is not one of this server’s instructors/);
      expect(new URL(page.url()).searchParams.get('sign_in_error')).toBe('not_an_instructor');
      expect(await page.isVisible('[data-signin]')).toBe(true);
      expect((await page.request.get('/api/classes')).status()).toBe(401);
    } finally {
      await context.close();
    }
  });

  it('refuses a callback that this browser did not start, and a return path other than the class page', async () => {
    for (const path of ['//evil.example/', '/.//evil.example', '/en/classes/../../x']) {
      const start = await fetch(`${session.server.url}/api/instructor/oidc/start?return=${encodeURIComponent(path)}`, { redirect: 'manual' });
      expect(start.status).toBe(400);
    }
    const response = await fetch(`${session.server.url}/api/instructor/oidc/callback?code=stolen&state=x`);
    expect(response.status).toBe(400);
    expect((await response.json() as { error: string }).error).toBe('sign_in_expired');
  });
});
