// Incus's REST API, over its local unix socket or over HTTPS (endpoint.ts):
// JSON requests, background operations, and the websockets an exec's streams
// are carried on. Node's own HTTP client makes the requests; `ws` opens the
// operation websockets.
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import WebSocket from 'ws';
import { describeEndpoint, unixEndpoint, type IncusEndpoint } from './endpoint.ts';

/** An answer of Incus that is an error: its HTTP status and Incus's own words. */
export class IncusError extends Error {
  constructor(readonly status: number, message: string, readonly path: string) {
    super(message);
    this.name = 'IncusError';
  }
}

export interface IncusOperation {
  id: string;
  status: string;
  status_code: number;
  err: string;
  metadata: Record<string, unknown> | null;
  resources?: Record<string, string[]> | null;
}

interface IncusEnvelope<T> {
  type: 'sync' | 'async' | 'error';
  status_code: number;
  error?: string;
  error_code?: number;
  metadata: T;
  operation?: string;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Readable;
}

const REQUEST_TIMEOUT_MS = 60_000;

export class IncusClient {
  private readonly agent: http.Agent;

  constructor(readonly endpoint: IncusEndpoint = unixEndpoint()) {
    // Keep-alive: an exec is three requests, and a new connection each time costs a few ms (a TLS one, more).
    this.agent = endpoint.kind === 'unix'
      ? new http.Agent({ keepAlive: true, maxSockets: 64 })
      : new https.Agent({ keepAlive: true, maxSockets: 64, ...endpoint.tls });
  }

  /** The daemon's address as an operator would write it: `unix:///…` or `https://host:port`. */
  get address(): string {
    return describeEndpoint(this.endpoint);
  }

  /** A request whose answer is streamed, for the files API. */
  raw(method: string, path: string, body?: Buffer | Readable, headers: http.OutgoingHttpHeaders = {}): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const onResponse = (response: http.IncomingMessage) => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: response });
      const request = this.endpoint.kind === 'unix'
        ? http.request({ socketPath: this.endpoint.socketPath, agent: this.agent, method, path, headers: { host: 'incus', ...headers } }, onResponse)
        : https.request(new URL(path, this.endpoint.origin), { agent: this.agent, method, headers }, onResponse);
      request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error(`Incus did not answer ${method} ${path} within ${REQUEST_TIMEOUT_MS / 1000}s`)));
      request.on('error', reject);
      if (body === undefined) request.end();
      else if (Buffer.isBuffer(body)) request.end(body);
      else body.pipe(request);
    });
  }

  /** A JSON request; resolves with the envelope's metadata (async: the operation), rejects with IncusError. */
  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const response = await this.raw(method, path, payload, payload ? { 'content-type': 'application/json' } : {});
    const envelope = await readEnvelope<T>(response, method, path);
    return envelope.metadata;
  }

  /** Starts a background operation and waits for it; rejects with its error. */
  async operate(method: string, path: string, body?: unknown, timeoutS = 120): Promise<IncusOperation> {
    const operation = await this.request<IncusOperation>(method, path, body);
    return this.wait(operation.id, timeoutS);
  }

  async wait(operationId: string, timeoutS = 120): Promise<IncusOperation> {
    const done = await this.request<IncusOperation>('GET', `/1.0/operations/${operationId}/wait?timeout=${timeoutS}`);
    if (done.status_code >= 400) throw new IncusError(done.status_code, done.err || done.status, `/1.0/operations/${operationId}`);
    return done;
  }

  /** One of an operation's websockets (an exec's stdin/stdout/stderr or control), paused until the caller resumes it. */
  websocket(operationId: string, secret: string): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const socket = this.openWebSocket(`/1.0/operations/${operationId}/websocket?secret=${encodeURIComponent(secret)}`);
      socket.once('open', () => {
        socket.off('error', reject);
        // Incus starts the command once every stream is connected: paused,
        // nothing it sends is emitted before the caller listens (resume()).
        socket.pause();
        resolve(socket);
      });
      socket.once('error', reject);
    });
  }

  /** The event stream (`lifecycle` events of instances), as a websocket. */
  events(types: string[]): WebSocket {
    return this.openWebSocket(`/1.0/events?type=${types.join(',')}`);
  }

  private openWebSocket(path: string): WebSocket {
    if (this.endpoint.kind === 'unix') return new WebSocket(`ws+unix://${this.endpoint.socketPath}:${path}`, { perMessageDeflate: false });
    return new WebSocket(new URL(path, this.endpoint.origin.replace(/^https/, 'wss')), { perMessageDeflate: false, ...this.endpoint.tls });
  }

  close(): void {
    this.agent.destroy();
  }
}

async function readEnvelope<T>(response: RawResponse, method: string, path: string): Promise<IncusEnvelope<T>> {
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  let envelope: IncusEnvelope<T>;
  try {
    envelope = JSON.parse(text) as IncusEnvelope<T>;
  } catch {
    throw new IncusError(response.status, `Incus answered ${method} ${path} with ${response.status} and no JSON: ${text.slice(0, 200)}`, path);
  }
  if (envelope.type === 'error' || response.status >= 400) {
    throw new IncusError(envelope.error_code ?? response.status, envelope.error ?? `HTTP ${response.status}`, path);
  }
  return envelope;
}
