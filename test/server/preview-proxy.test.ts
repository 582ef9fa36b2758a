// The web preview's proxy against a learner's server in a real sandbox:
// strict ports, the learner's path as sent, headers that must not reach the
// browser (M6, L8), and bounded memory for a browser that stops reading an
// endless response (H3).
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/main.ts';
import { Learner, testServer } from './harness.ts';
import { startUpstream } from './preview-upstream.ts';

const PORT = 8080;
const MiB = 1024 * 1024;

let server: RunningServer;
let learner: Learner;
let sessionId: string;

const preview = (path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) =>
  learner.request(init.method ?? 'GET', `/preview/${sessionId}/${path}`, init.body, init.headers);

beforeAll(async () => {
  server = await testServer('preview-proxy');
  learner = new Learner(server.url);
  sessionId = (await learner.session()).id;
  await startUpstream(server, sessionId, PORT, () => preview(`${PORT}/ready`));
});

afterAll(async () => {
  await learner?.request('DELETE', `/api/sessions/${sessionId}`);
  await server?.stop();
});

describe('preview ports and paths', () => {
  it('refuses ports that are not plain decimal 1–65535 with 400 and a reason', async () => {
    for (const port of ['8e1', '0x50', '80.0', '08001', '0', '65536', '+80', '-1', '%38080', '80a']) {
      const response = await preview(`${port}/`);
      const body = (await response.json()) as { error: string; message: string };
      expect({ port, status: response.status, error: body.error }).toEqual({ port, status: 400, error: 'port_invalid' });
      expect(body.message).toMatch(/port must be a whole number from 1 to 65535/);
    }
  });

  it('sends the learner\'s path upstream as written, always starting with /', async () => {
    const cases: [string, string][] = [
      [`${PORT}/x%20y?q=1`, 'GET /x%20y?q=1'],
      [`${PORT}`, 'GET /'],
      [`${PORT}/`, 'GET /'],
      [`${PORT}?q=1`, 'GET /?q=1'],
      [`${PORT}/a%2Fb/%C3%A9?x=%41&y`, 'GET /a%2Fb/%C3%A9?x=%41&y'],
    ];
    for (const [path, requestLine] of cases) {
      const response = await preview(path);
      expect({ path, status: response.status, upstream: await response.text() }).toEqual({ path, status: 200, upstream: requestLine });
    }
  });

  it('forwards a request body', async () => {
    const response = await preview(`${PORT}/form`, { method: 'POST', body: 'name=dockyard', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(await response.text()).toBe('POST /form name=dockyard');
  });
});

describe('preview response headers', () => {
  it('never passes on headers that act on the whole origin, and keeps the CSP sandbox', async () => {
    const before = learner.cookie;
    const response = await preview(`${PORT}/headers`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('hello');
    for (const name of ['set-cookie', 'clear-site-data', 'refresh', 'service-worker-allowed', 'access-control-allow-origin',
      'access-control-allow-credentials', 'access-control-expose-headers', 'link', 'strict-transport-security', 'alt-svc', 'x-hop']) {
      expect({ name, value: response.headers.get(name) }).toEqual({ name, value: null });
    }
    // Hop-by-hop: the server's own connection to the browser may say keep-alive, never the upstream's.
    expect(response.headers.get('keep-alive')).not.toBe('timeout=5');
    expect(response.headers.get('content-security-policy')).toBe('sandbox allow-scripts allow-forms allow-popups allow-modals');
    expect(response.headers.get('x-kept')).toBe('kept');
    // The learner's cookie (which Learner would have replaced from any Set-Cookie) still works.
    expect(learner.cookie).toBe(before);
    expect((await learner.json('GET', `/api/sessions/${sessionId}`)).status).toBe(200);
  });
});

/** A browser that asks for `path` and reads only the response head, then nothing more. */
async function stalledReader(path: string): Promise<{ socket: net.Socket; head: string }> {
  const { port } = new URL(server.url);
  const socket = net.connect(Number(port), '127.0.0.1');
  socket.write(`GET /preview/${sessionId}/${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${learner.cookie}\r\n\r\n`);
  const head = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      if (!seen.includes('\r\n\r\n')) return;
      socket.pause();
      socket.off('data', onData);
      resolve(seen);
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
  return { socket, head };
}

async function readFor(socket: net.Socket, ms: number): Promise<number> {
  let bytes = 0;
  const count = (chunk: Buffer) => { bytes += chunk.length; };
  socket.on('data', count);
  socket.resume();
  // A fixed window on purpose: what is measured is how much arrives within it.
  await new Promise((r) => setTimeout(r, ms));
  socket.off('data', count);
  return bytes;
}

describe('an endless response to a browser that stops reading', () => {
  it('keeps the server\'s memory bounded while the upstream would go on producing', async () => {
    // Warm up the proxy's code paths so their one-time allocations are not counted.
    expect((await preview(`${PORT}/warm-up`)).status).toBe(200);

    const { socket, head } = await stalledReader(`${PORT}/flood`);
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    const before = process.memoryUsage().rss;
    const started = Date.now();
    let peak = before;
    // Sampled for 8 s; given up early (and failed) past 256 MiB so that a
    // regression cannot take the test machine's memory.
    for (let sample = 0; sample < 32 && peak - before < 256 * MiB; sample++) {
      // Samples over a fixed time on purpose: the claim is that memory stays bounded throughout.
      await new Promise((r) => setTimeout(r, 250));
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const grew = peak - before;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    // Reading again gets the flood going again: the upstream was held back, not cut off.
    const afterwards = await readFor(socket, 1000);
    socket.destroy();
    console.log(`preview flood: RSS ${(before / MiB).toFixed(1)} MiB before, peak +${(grew / MiB).toFixed(1)} MiB over ${seconds} s of not reading; ${(afterwards / MiB).toFixed(1)} MiB read in the 1 s after resuming`);
    expect(grew).toBeLessThan(64 * MiB);
    expect(afterwards).toBeGreaterThan(MiB);
  });

  it('ends the tunnel, and what the learner\'s server ran for it, once the browser goes away', async () => {
    const sandboxId = server.context.sessions.get(sessionId)!.sandboxId!;
    const leftOver = async () => (await server.context.engine.sandboxes.run(sandboxId, ['sh', '-c', 'ps -eo args | grep -E "^(busybox nc 127|yes )" || true'])).stdout.trim();
    for (let i = 0; i < 3; i++) (await stalledReader(`${PORT}/flood`)).socket.destroy();
    await expect.poll(leftOver, { timeout: 10_000, interval: 250 }).toBe('');
  });
});
