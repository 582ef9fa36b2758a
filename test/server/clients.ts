// HTTP and WebSocket clients that act as learners against a real server, and
// a way to start one on a free loopback port. Used by tests and benchmarks.
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { loadEngineConfig } from '../../engine/index.ts';
import { loadServerConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/main.ts';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123';

export async function startServerIn(namespace: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const vars = {
    ...process.env,
    DOCKYARD_NAMESPACE: namespace,
    DOCKYARD_POOL_SIZE: '1',
    DOCKYARD_SANDBOX_MEMORY: '512m',
    PORT: '0',
    DOCKYARD_SECRET: TEST_SECRET,
    DOCKYARD_LOG_LEVEL: 'warn',
    DOCKYARD_DATABASE: ':memory:',
    // Class recordings of a test server stay out of the checkout's state directory.
    DOCKYARD_RECORDINGS_DIR: path.join(tmpdir(), `dockyard-recordings-${namespace}`),
    ...env,
  };
  return startServer(loadEngineConfig(vars), loadServerConfig(vars));
}

/** A learner: keeps its cookie across requests like a browser would. */
export class Learner {
  cookie = '';

  constructor(private readonly base: string) {}

  async request(method: string, path: string, body?: Buffer | string, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      body: Buffer.isBuffer(body) ? new Uint8Array(body) : body,
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
    });
    const set = response.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
    return response;
  }

  async json<T = Record<string, unknown>>(method: string, path: string): Promise<{ status: number; body: T }> {
    const response = await this.request(method, path);
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async session(): Promise<{ id: string; status: string; queuePosition?: number; expiresAt?: string }> {
    const { status, body } = await this.json<{ id: string; status: string }>('POST', '/api/sessions');
    if (status !== 200) throw new Error(`POST /api/sessions answered ${status}: ${JSON.stringify(body)}`);
    return body;
  }

  terminal(sessionId: string, name: string, options: { cols?: number; rows?: number; origin?: string } = {}): Promise<TerminalClient> {
    return TerminalClient.open(`${this.base.replace('http', 'ws')}/api/sessions/${sessionId}/terminals/${name}?cols=${options.cols ?? 80}&rows=${options.rows ?? 24}`, this.cookie, options.origin);
  }
}

export class TerminalRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with ${status}`);
  }
}

/** Speaks the terminal protocol like the site does, acknowledging what it has read. */
const TAIL_CHARS = 512 * 1024;

export class TerminalClient {
  /** Characters received so far; pass it to waitFor to look only at what comes after. */
  received = 0;
  // Only the recent output is kept: appending to and slicing one ever-growing
  // string costs time proportional to all output, on every frame.
  private tail = '';
  private tailStart = 0;
  readonly controls: Record<string, unknown>[] = [];
  closeCode?: number;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, binary: boolean) => {
      if (binary) {
        const text = data.toString('utf8');
        this.tail += text;
        this.received += text.length;
        if (this.tail.length > 2 * TAIL_CHARS) {
          this.tail = this.tail.slice(-TAIL_CHARS);
          this.tailStart = this.received - this.tail.length;
        }
        socket.send(JSON.stringify({ type: 'ack', bytes: data.length }));
      } else {
        this.controls.push(JSON.parse(data.toString()));
      }
      this.wake();
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }

  /** Resolves at the next frame or the close, or once `untilMs` (a Date.now() time) has come. */
  private nextEvent(untilMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, untilMs - Date.now()));
      this.waiters.push(() => { clearTimeout(timer); resolve(); });
    });
  }

  /** Resolves once the server said `ready` (or closed the socket, for tests of refusals after the upgrade). */
  static async open(url: string, cookie: string, origin?: string): Promise<TerminalClient> {
    const socket = new WebSocket(url, { headers: { cookie, ...(origin ? { origin } : {}) } });
    const client = new TerminalClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('unexpected-response', (_request, response) => reject(new TerminalRefused(response.statusCode ?? 0)));
      socket.once('error', reject);
      socket.once('open', () => resolve());
    });
    const deadline = Date.now() + 30_000;
    while (!client.controls.some((c) => c.type === 'ready') && client.closeCode === undefined) {
      if (Date.now() > deadline) throw new Error('the server never said ready');
      await client.nextEvent(deadline + 1);
    }
    return client;
  }

  type(text: string): void {
    this.socket.send(Buffer.from(text));
  }

  control(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Waits until the output received from `from` on (within the kept tail) matches the pattern. */
  async waitFor(pattern: RegExp, timeoutMs = 15_000, from = 0): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seen = this.tail.slice(Math.max(0, from - this.tailStart));
      if (pattern.test(seen)) return seen;
      if (this.closeCode !== undefined) throw new Error(`socket closed (${this.closeCode}) before ${pattern}; saw ${JSON.stringify(seen.slice(-500))}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; saw ${JSON.stringify(seen.slice(-500))}`);
      await this.nextEvent(deadline + 1);
    }
  }

  async closed(timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.closeCode === undefined && Date.now() < deadline) await this.nextEvent(deadline);
    if (this.closeCode === undefined) throw new Error('socket did not close');
    return this.closeCode;
  }

  close(): void {
    this.socket.close();
  }
}
