// The server's side of the screen-mirror worker: feeds each terminal's
// output to it, knows how far behind it is (flow control counts that too),
// and asks it for a terminal's current screen.
import { Worker } from 'node:worker_threads';
import type { MirrorReply, MirrorRequest } from './mirror-protocol.ts';

export class ScreenMirrors {
  private readonly worker: Worker;
  private readonly behind = new Map<string, number>();
  private readonly waiting = new Map<number, (screen: string) => void>();
  private serial = 0;

  constructor() {
    this.worker = new Worker(new URL('./mirror-worker.mjs', import.meta.url));
    this.worker.unref();
    this.worker.on('message', (reply: MirrorReply) => {
      if (reply.type === 'written') this.behind.set(reply.id, Math.max(0, (this.behind.get(reply.id) ?? 0) - reply.bytes));
      else {
        this.waiting.get(reply.serial)?.(reply.screen);
        this.waiting.delete(reply.serial);
      }
    });
  }

  open(id: string, cols: number, rows: number): void {
    this.behind.set(id, 0);
    this.post({ type: 'open', id, cols, rows });
  }

  write(id: string, data: Buffer): void {
    // A copy the worker can own; the original may be a slice of a pooled buffer.
    const owned = new Uint8Array(data).buffer;
    this.behind.set(id, (this.behind.get(id) ?? 0) + owned.byteLength);
    this.worker.postMessage({ type: 'write', id, data: owned } satisfies MirrorRequest, [owned]);
  }

  /** Bytes handed to the worker that it has not parsed yet. */
  backlog(id: string): number {
    return this.behind.get(id) ?? 0;
  }

  resize(id: string, cols: number, rows: number): void {
    this.post({ type: 'resize', id, cols, rows });
  }

  /** The screen after everything written so far, as escape sequences that repaint it. */
  snapshot(id: string): Promise<string> {
    const serial = ++this.serial;
    return new Promise((resolve) => {
      this.waiting.set(serial, resolve);
      this.post({ type: 'snapshot', id, serial });
    });
  }

  close(id: string): void {
    this.behind.delete(id);
    this.post({ type: 'close', id });
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private post(message: MirrorRequest): void {
    this.worker.postMessage(message);
  }
}
