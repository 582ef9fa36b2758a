// The web front door (issue 12): no page on the internet reaches a learner's
// shell. A foreign Host (DNS rebinding) is refused on every route and
// upgrade, one Origin policy guards everything that changes state, bodies are
// refused unread, every answer carries security headers, operator endpoints
// need a token (or this machine), and upgrades go only to WebSocket routes.
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RunningServer } from '../../server/main.ts';
import { builtSiteDir } from '../e2e/site-dir.ts';
import { Learner, testServer } from './harness.ts';

const TOKEN = 'operator-token-operator-token-0123456789';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json?: { error?: string; message?: string; [key: string]: unknown };
}

/** A request with exactly these headers (fetch would not let a test set Host). */
function send(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    const request = http.request(`${base}${path}`, { method, headers: { ...length, ...headers }, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text, json: text.startsWith('{') ? JSON.parse(text) : undefined });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** The HTTP status a WebSocket handshake was answered with instead of 101, or 101. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.once('open', () => { socket.close(); resolve({ status: 101, body: '' }); });
    socket.once('error', (err) => { if (!/Unexpected server response/.test(err.message)) reject(err); });
  });
}

let server: RunningServer;
let port: number;
let learner: Learner;
let sessionId: string;

beforeAll(async () => {
  server = await testServer('front-door', { DOCKYARD_SITE_DIR: builtSiteDir(), DOCKYARD_POOL_SIZE: '0' });
  port = Number(new URL(server.url).port);
  learner = new Learner(server.url);
  sessionId = (await learner.session()).id;
});

afterAll(async () => {
  await learner?.request('DELETE', `/api/sessions/${sessionId}`);
  await server?.stop();
});

describe('Host allowlist (H2, DNS rebinding)', () => {
  const rebound = () => ({ host: `evil.example:${port}`, origin: `http://evil.example:${port}` });

  it('refuses a foreign Host with 421 on every kind of route, saying which host and which setting allows it', async () => {
    for (const [method, path] of [
      ['GET', '/en/'],
      ['GET', '/api/health'],
      ['GET', '/api/progress'],
      ['POST', '/api/sessions'],
      ['GET', `/api/sessions/${sessionId}`],
      ['POST', `/api/sessions/${sessionId}/reset`],
      ['GET', `/api/sessions/${sessionId}/files?path=/root`],
      ['POST', `/preview/${sessionId}/8080/`],
      ['GET', '/metrics'],
      ['GET', '/drafts/'],
      ['GET', '/no/such/page'],
    ]) {
      const answer = await send(server.url, method, path, rebound());
      expect({ method, path, status: answer.status, error: answer.json?.error }).toEqual({ method, path, status: 421, error: 'host_refused' });
      expect(answer.json?.message).toContain(`"evil.example:${port}"`);
      expect(answer.json?.message).toMatch(/DOCKYARD_ALLOWED_HOSTS/);
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
  });

  it('gives a rebound page neither a session nor a terminal', async () => {
    expect((await send(server.url, 'POST', '/api/sessions', rebound())).status).toBe(421);
    const ws = await upgradeStatus(`ws://127.0.0.1:${port}/api/sessions/${sessionId}/terminals/main`, { ...rebound(), cookie: learner.cookie });
    expect(ws.status).toBe(421);
    expect(JSON.parse(ws.body)).toMatchObject({ error: 'host_refused' });
  });

  it("answers to this machine's names on the port it listens on, and to no other port", async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      expect({ host, status: (await send(server.url, 'GET', '/api/progress', { host })).status }).toEqual({ host, status: 200 });
    }
    for (const host of [`localhost:${port + 1}`, 'localhost', `127.0.0.1.nip.io:${port}`, `evil.example@127.0.0.1:${port}`]) {
      expect({ host, status: (await send(server.url, 'GET', '/api/progress', { host })).status }).toEqual({ host, status: 421 });
    }
  });
});

describe('one Origin policy (L2)', () => {
  const foreign = ['http://evil.example', 'null', `http://127.0.0.1:${port + 1}`, `ftp://127.0.0.1:${port}`];

  it('refuses foreign origins on every route that changes state, before the route runs', async () => {
    for (const origin of foreign) {
      for (const [method, path] of [
        ['POST', '/api/sessions'],
        ['DELETE', `/api/sessions/${sessionId}`],
        ['POST', `/api/sessions/${sessionId}/reset`],
        ['POST', `/preview/${sessionId}/8080/`],
        ['PUT', `/api/sessions/${sessionId}/files/content?path=/root/x`],
        ['POST', `/api/sessions/${sessionId}/exercises/first-look/check`],
        ['DELETE', '/en/'],
      ]) {
        // A learner's sandboxed preview page posts with Origin: null to its own app (next test).
        if (origin === 'null' && path.startsWith('/preview/')) continue;
        const answer = await send(server.url, method, path, { origin, cookie: learner.cookie, 'content-type': 'application/octet-stream' }, 'x');
        expect({ origin, method, path, status: answer.status, error: answer.json?.error }).toEqual({ origin, method, path, status: 403, error: 'origin_refused' });
        expect(answer.headers['set-cookie']).toBeUndefined();
      }
      const ws = await upgradeStatus(`ws://127.0.0.1:${port}/api/sessions/${sessionId}/terminals/main`, { origin, cookie: learner.cookie });
      expect({ origin, ws: ws.status }).toEqual({ origin, ws: 403 });
    }
    expect((await learner.json('GET', `/api/sessions/${sessionId}`)).status).toBe(200);
  });

  it("lets a learner's sandboxed preview page post to its own app (Origin: null), and nothing else with it", async () => {
    const preview = await send(server.url, 'POST', `/preview/${sessionId}/8080/`, { origin: 'null', cookie: learner.cookie, 'content-type': 'application/octet-stream' }, 'x');
    expect(preview.json?.error).not.toBe('origin_refused');
    const api = await send(server.url, 'POST', `/api/sessions/${sessionId}/reset`, { origin: 'null', cookie: learner.cookie });
    expect({ status: api.status, error: api.json?.error }).toEqual({ status: 403, error: 'origin_refused' });
  });

  it('accepts its own origins, and requests without Origin from programs', async () => {
    for (const origin of [server.url, `http://localhost:${port}`]) {
      const answer = await send(server.url, 'POST', '/api/sessions', { origin, cookie: learner.cookie });
      expect({ origin, status: answer.status }).toEqual({ origin, status: 200 });
    }
    expect((await send(server.url, 'POST', '/api/sessions', { cookie: learner.cookie })).status).toBe(200);
  });
});

describe('bodies are read only after the checks (M3)', () => {
  /** Sends a PUT's headers and 16 of its 5 MiB, then waits for an answer; resolves with the status line and how long it took. */
  function stalledUpload(path: string, headers: Record<string, string>): Promise<{ statusLine: string; ms: number }> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const socket = net.connect(port, '127.0.0.1', () => {
        const lines = [`PUT ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Content-Type: application/octet-stream', `Content-Length: ${5 * 1024 * 1024}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
        socket.write(`${lines.join('\r\n')}\r\n\r\n${'x'.repeat(16)}`);
      });
      const timer = setTimeout(() => { socket.destroy(); resolve({ statusLine: 'no answer', ms: performance.now() - started }); }, 3000);
      socket.once('data', (data) => {
        clearTimeout(timer);
        socket.destroy();
        resolve({ statusLine: data.toString().split('\r\n')[0], ms: performance.now() - started });
      });
      socket.once('error', reject);
    });
  }

  it('refuses an upload without the learner cookie, with a foreign Origin or to an unknown session while its body has barely begun', async () => {
    const file = (id: string) => `/api/sessions/${id}/files/content?path=/root/big.bin`;
    const cases: [string, string, Record<string, string>, number][] = [
      ['no cookie', file(sessionId), {}, 403],
      ['foreign origin', file(sessionId), { cookie: learner.cookie, origin: 'http://evil.example' }, 403],
      ['unknown session', file('0123456789abcdef'), { cookie: learner.cookie }, 404],
      ['malformed session id', file('not-a-session'), {}, 400],
    ];
    for (const [name, path, headers, status] of cases) {
      const { statusLine, ms } = await stalledUpload(path, headers);
      expect({ name, statusLine }).toEqual({ name, statusLine: expect.stringContaining(` ${status} `) });
      expect(ms).toBeLessThan(2000);
    }
  });
});

describe('security headers (L1)', () => {
  it('sends a CSP, frame-ancestors, nosniff and Referrer-Policy on pages, assets, API answers, refusals and 404s; no HSTS on plain http', async () => {
    const home = await send(server.url, 'GET', '/en/');
    const asset = home.body.match(/src="(\/_astro\/[^"]+\.js)"/)![1];
    for (const [path, headers] of [
      ['/en/', {}],
      ['/en/containers-and-vms/', {}],
      [asset, {}],
      ['/api/health', {}],
      ['/api/exercises', {}],
      ['/no/such/page', { accept: 'text/html' }],
      ['/api/no-such-route', {}],
      ['/drafts/', {}],
      ['/api/progress', { host: 'evil.example' }],
    ] as [string, Record<string, string>][]) {
      const answer = await send(server.url, 'GET', path, headers);
      const csp = String(answer.headers['content-security-policy']);
      expect({ path, csp }).toEqual({ path, csp: expect.stringContaining("frame-ancestors 'self'") });
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['referrer-policy']).toBe('same-origin');
      expect(answer.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it("allows each inline script of the site's pages by its hash", async () => {
    const { createHash } = await import('node:crypto');
    for (const path of ['/en/', '/ko/', '/en/containers-and-vms/', '/no/such/page']) {
      const page = await send(server.url, 'GET', path, { accept: 'text/html' });
      const csp = String(page.headers['content-security-policy']);
      const inline = [...page.body.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
      expect(inline.length).toBeGreaterThan(0);
      for (const script of inline) expect(csp).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    }
  });
});

describe('operator endpoints (L3), on a default install', () => {
  it('answers this machine, but not a request that came through a proxy', async () => {
    expect((await send(server.url, 'GET', '/metrics')).status).toBe(200);
    expect((await send(server.url, 'GET', '/drafts/')).status).toBe(200);
    expect((await send(server.url, 'GET', '/api/health')).json).toHaveProperty('pool');
    for (const path of ['/metrics', '/drafts/', '/drafts/en/containers-and-vms']) {
      const answer = await send(server.url, 'GET', path, { 'x-forwarded-for': '203.0.113.9' });
      expect({ path, status: answer.status, error: answer.json?.error }).toEqual({ path, status: 403, error: 'operator_only' });
      expect(answer.json?.message).toMatch(/DOCKYARD_OPERATOR_TOKEN/);
    }
    const health = await send(server.url, 'GET', '/api/health', { 'x-forwarded-for': '203.0.113.9' });
    expect([200, 503]).toContain(health.status);
    expect(Object.keys(health.json!)).toEqual(['status']);
  });
});

describe('WebSocket upgrades (L8)', () => {
  it('are refused with an HTTP error on routes that are not WebSockets, before any upgrade', async () => {
    for (const path of ['/api/health', '/en/', `/api/sessions/${sessionId}`, `/api/sessions/${sessionId}/files?path=/root`, '/metrics']) {
      const answer = await upgradeStatus(`ws://127.0.0.1:${port}${path}`, { cookie: learner.cookie, origin: server.url });
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
      expect(JSON.parse(answer.body)).toMatchObject({ error: 'not_a_websocket' });
    }
  });
});

describe('a public install behind a proxy', () => {
  let proxied: RunningServer;
  const PUBLIC = 'https://dockyard.example.org';

  beforeAll(async () => {
    proxied = await testServer('front-door-public', {
      DOCKYARD_SITE_DIR: builtSiteDir(),
      DOCKYARD_POOL_SIZE: '0',
      DOCKYARD_PUBLIC_URL: PUBLIC,
      DOCKYARD_ALLOWED_HOSTS: 'dockyard.lan',
      DOCKYARD_ALLOWED_ORIGINS: 'https://mirror.example.org',
    });
  });
  afterAll(async () => {
    await proxied?.stop();
  });

  it('answers to its public name and the allowed hosts, and to no other name', async () => {
    for (const host of ['dockyard.example.org', 'dockyard.example.org:443', 'dockyard.lan:8443', 'mirror.example.org', `127.0.0.1:${new URL(proxied.url).port}`]) {
      expect({ host, status: (await send(proxied.url, 'GET', '/api/progress', { host })).status }).toEqual({ host, status: 200 });
    }
    expect((await send(proxied.url, 'GET', '/api/progress', { host: 'example.org' })).status).toBe(421);
  });

  it('takes the configured origins and never one only because it equals Host', async () => {
    // Past the Origin policy, the session guard answers: there is no such session.
    for (const origin of [PUBLIC, 'https://mirror.example.org']) {
      const answer = await send(proxied.url, 'DELETE', '/api/sessions/0123456789abcdef', { origin, host: 'dockyard.example.org' });
      expect({ origin, error: answer.json?.error }).toEqual({ origin, error: 'session_not_found' });
    }
    // The old check let any Origin through whose host equalled Host.
    const sameAsHost = await send(proxied.url, 'DELETE', '/api/sessions/0123456789abcdef', { origin: 'http://dockyard.lan:8443', host: 'dockyard.lan:8443' });
    expect(sameAsHost.json?.error).toBe('origin_refused');
  });

  it('sends HSTS once the public URL is https', async () => {
    const answer = await send(proxied.url, 'GET', '/en/', { host: 'dockyard.example.org' });
    expect(answer.headers['strict-transport-security']).toBe('max-age=15552000');
    expect(String(answer.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
  });

  it('keeps operator endpoints from everyone while no token is set, even from this machine', async () => {
    const metrics = await send(proxied.url, 'GET', '/metrics');
    expect(metrics.status).toBe(403);
    expect(metrics.json?.message).toContain('DOCKYARD_PUBLIC_URL');
    expect(Object.keys((await send(proxied.url, 'GET', '/api/health')).json!)).toEqual(['status']);
  });
});

describe('operator endpoints with DOCKYARD_OPERATOR_TOKEN', () => {
  let guarded: RunningServer;

  beforeAll(async () => {
    guarded = await testServer('front-door-token', { DOCKYARD_SITE_DIR: builtSiteDir(), DOCKYARD_POOL_SIZE: '0', DOCKYARD_OPERATOR_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await guarded?.stop();
  });

  it('need the token as a bearer token, from anywhere, and give the liveness status to anyone', async () => {
    for (const path of ['/metrics', '/drafts/', '/drafts/en/containers-and-vms']) {
      for (const authorization of [undefined, 'Bearer wrong', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
        const answer = await send(guarded.url, 'GET', path, authorization ? { authorization } : {});
        expect({ path, authorization, status: answer.status }).toEqual({ path, authorization, status: 401 });
        expect(answer.headers['www-authenticate']).toMatch(/^Bearer/);
      }
      expect({ path, status: (await send(guarded.url, 'GET', path, { authorization: `Bearer ${TOKEN}` })).status }).toEqual({ path, status: 200 });
    }
    const open = await send(guarded.url, 'GET', '/api/health');
    expect([200, 503]).toContain(open.status);
    expect(Object.keys(open.json!)).toEqual(['status']);
    const detailed = await send(guarded.url, 'GET', '/api/health', { authorization: `Bearer ${TOKEN}` });
    expect(detailed.status).toBe(open.status);
    expect(detailed.json).toMatchObject({ status: open.json!.status, image: expect.any(Object), pool: expect.any(Object) });
  });
});
