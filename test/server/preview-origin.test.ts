// DOCKYARD_PREVIEW_ORIGIN: previews served from an origin of their own (M6).
// One server answers both origins; the Host header says which one a request
// is for: 127.0.0.1:<port> is the site, preview.localhost the preview origin.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../server/main.ts';
import { Learner, testServer } from './harness.ts';
import { startUpstream } from './preview-upstream.ts';

const PREVIEW_ORIGIN = 'http://preview.localhost';
const PORT = 8080;

let server: RunningServer;
let learner: Learner;
let sessionId: string;
let site: string;

interface Answer { status: number; headers: http.IncomingHttpHeaders; body: string }

/** A request to this server as if sent to `host`, like a browser would after DNS. */
function ask(host: string, path: string, { method = 'GET', cookie = '', headers = {} }: { method?: string; cookie?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method, path, agent: false, headers: { host, ...(cookie ? { cookie } : {}), ...headers } }, (response) => {
      let body = '';
      const { socket } = response;
      response.setEncoding('utf8');
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => {
        // A refused upgrade leaves the connection open; nothing more is asked on it.
        socket.destroy();
        resolve({ status: response.statusCode!, headers: response.headers, body });
      });
    });
    request.on('error', reject);
    request.end();
  });
}

const previewHost = new URL(PREVIEW_ORIGIN).host;
const cookieOf = (answer: Answer) => answer.headers['set-cookie']?.[0]?.split(';')[0] ?? '';

/** What a browser does from a /preview/… link on the site: follows the redirects, keeping the preview origin's cookie. */
async function openPreview(path: string): Promise<{ answer: Answer; previewCookie: string }> {
  const fromSite = await ask(site, `/preview/${sessionId}/${path}`, { cookie: learner.cookie });
  if (fromSite.status !== 303) return { answer: fromSite, previewCookie: '' };
  const entry = new URL(fromSite.headers.location!);
  const entered = await ask(entry.host, `${entry.pathname}${entry.search}`);
  const previewCookie = cookieOf(entered);
  return { answer: await ask(previewHost, entered.headers.location!, { cookie: previewCookie }), previewCookie };
}

beforeAll(async () => {
  server = await testServer('preview-origin', { DOCKYARD_PREVIEW_ORIGIN: PREVIEW_ORIGIN });
  site = new URL(server.url).host;
  learner = new Learner(server.url);
  sessionId = (await learner.session()).id;
  await startUpstream(server, sessionId, PORT, async () => (await openPreview(`${PORT}/ready`)).answer);
});

afterAll(async () => {
  await learner?.request('DELETE', `/api/sessions/${sessionId}`);
  await server?.stop();
});

describe('the site with a preview origin', () => {
  it('sends the learner to the preview origin with a one-minute token instead of serving the page', async () => {
    const answer = await ask(site, `/preview/${sessionId}/${PORT}/x%20y?q=1`, { cookie: learner.cookie });
    expect(answer.status).toBe(303);
    const location = new URL(answer.headers.location!);
    expect(location.origin).toBe(PREVIEW_ORIGIN);
    expect(location.pathname).toBe('/preview/enter');
    expect(location.searchParams.get('to')).toBe('/x%20y?q=1');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
    expect(answer.headers['set-cookie']).toBeUndefined();
  });

  it('never serves a preview itself', async () => {
    const post = await ask(site, `/preview/${sessionId}/${PORT}/form`, { method: 'POST', cookie: learner.cookie, headers: { 'content-type': 'text/plain', 'content-length': '0' } });
    expect(post.status).toBe(403);
    expect(JSON.parse(post.body)).toMatchObject({ error: 'preview_elsewhere', message: expect.stringContaining(PREVIEW_ORIGIN) });
    expect((await ask(site, `/preview/${sessionId}/${PORT}/`, { cookie: learner.cookie })).status).toBe(303);
    expect((await ask(site, `/preview/enter?token=x&to=/`)).status).toBe(404);
  });

  it('gives no token for another learner\'s session', async () => {
    const stranger = new Learner(server.url);
    await stranger.session();
    expect((await ask(site, `/preview/${sessionId}/${PORT}/`, { cookie: stranger.cookie })).status).toBe(403);
  });
});

describe('the preview origin', () => {
  it('trades the token for a cookie of its own, for this session\'s port only, and serves the page', async () => {
    const fromSite = await ask(site, `/preview/${sessionId}/${PORT}/x%20y?q=1`, { cookie: learner.cookie });
    const entry = new URL(fromSite.headers.location!);
    const entered = await ask(previewHost, `${entry.pathname}${entry.search}`);
    expect(entered.status).toBe(303);
    expect(entered.headers.location).toBe(`/preview/${sessionId}/${PORT}/x%20y?q=1`);
    const setCookie = entered.headers['set-cookie']![0];
    expect(setCookie).toMatch(/^dockyard_preview=/);
    expect(setCookie).toContain(`Path=/preview/${sessionId}/${PORT};`);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');

    const page = await ask(previewHost, entered.headers.location!, { cookie: cookieOf(entered) });
    expect(page.status).toBe(200);
    expect(page.body).toBe('GET /x%20y?q=1');
    expect(page.headers['content-security-policy']).toMatch(/^sandbox /);

    // A token works once.
    const again = await ask(previewHost, `${entry.pathname}${entry.search}`);
    expect(again.status).toBe(403);
    expect(JSON.parse(again.body)).toMatchObject({ error: 'preview_token_invalid' });
  });

  it('lets nobody in without a valid token or cookie', async () => {
    const { previewCookie } = await openPreview(`${PORT}/`);
    const cases: [string, string, number, string][] = [
      // No cookie, or the site's learner cookie (which a browser would not even send here).
      [`/preview/${sessionId}/${PORT}/`, '', 401, 'preview_not_admitted'],
      [`/preview/${sessionId}/${PORT}/`, learner.cookie, 401, 'preview_not_admitted'],
      // The cookie is for one port of one session.
      [`/preview/${sessionId}/${PORT + 1}/`, previewCookie, 401, 'preview_not_admitted'],
      [`/preview/${sessionId}/${PORT}/`, previewCookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), 401, 'preview_not_admitted'],
      [`/preview/enter?token=${encodeURIComponent('enter:' + sessionId)}&to=/`, '', 403, 'preview_token_invalid'],
    ];
    for (const [path, cookie, status, error] of cases) {
      const answer = await ask(previewHost, path, { cookie });
      expect({ path, status: answer.status, error: JSON.parse(answer.body).error }).toEqual({ path, status, error });
    }
  });

  it('refuses a token older than a minute', async () => {
    const fromSite = await ask(site, `/preview/${sessionId}/${PORT}/`, { cookie: learner.cookie });
    const entry = new URL(fromSite.headers.location!);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      expect((await ask(previewHost, `${entry.pathname}${entry.search}`)).status).toBe(403);
    } finally {
      vi.useRealTimers();
    }
  });

  it('serves nothing but previews: not the API, not the site, not terminals', async () => {
    for (const path of ['/api/health', `/api/sessions/${sessionId}`, '/en/', '/', '/metrics', `/api/sessions/${sessionId}/terminals/one`]) {
      const answer = await ask(previewHost, path, { cookie: learner.cookie, headers: path.includes('terminals') ? { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } : {} });
      expect({ path, status: answer.status, error: JSON.parse(answer.body).error }).toEqual({ path, status: 404, error: 'not_found' });
    }
  });
});
