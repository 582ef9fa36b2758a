// The server's side of the screen-mirror worker: feeds each terminal's
// output to it, knows how far behind it is (flow control counts that too),
// and asks it for a terminal's current screen.
//
// The worker is supervised. An exception in it (output that breaks the
// parser, a bug) ends the worker, never the server: a new worker starts with
// an empty screen for every open terminal, rebuilt from the output that comes
// next. What the old worker held is lost, so a reconnecting browser sees a
// line saying so and the output since. Live browsers keep their own screens.
import { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import type { MirrorReply, MirrorRequest } from './mirror-protocol.ts';

const LOST_SCREEN = Buffer.from('\x1b[1;33m[dockyard] the earlier screen was lost (the server restarted its screen mirror); output since then follows\x1b[0m\r\n');
// A worker that keeps dying (output that crashes the parser each time it is
// fed again) is restarted ever more slowly; one that lived this long starts over.
const RESTART_DELAYS_MS = [0, 100, 1000, 5000];
const STABLE_MS = 60_000;

export class ScreenMirrors {
  private worker!: Worker;
  /** Sizes of open mirrors: what a new worker needs to take over. */
  private readonly screens = new Map<string, { cols: number; rows: number }>();
  private readonly behind = new Map<string, number>();
  private readonly waiting = new Map<number, { id: string; resolve: (screen: string) => void }>();
  private serial = 0;
  private stopping = false;
  private crashes = 0;
  private startedAt = 0;

  constructor(private readonly log: Pick<FastifyBaseLogger, 'error'>) {
    this.start();
  }

  open(id: string, cols: number, rows: number): void {
    this.screens.set(id, { cols, rows });
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
    if (this.screens.has(id)) this.screens.set(id, { cols, rows });
    this.post({ type: 'resize', id, cols, rows });
  }

  /** The screen after everything written so far, as escape sequences that repaint it. */
  snapshot(id: string): Promise<string> {
    const serial = ++this.serial;
    return new Promise((resolve) => {
      this.waiting.set(serial, { id, resolve });
      this.post({ type: 'snapshot', id, serial });
    });
  }

  close(id: string): void {
    this.screens.delete(id);
    this.behind.delete(id);
    this.post({ type: 'close', id });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.worker.terminate();
  }

  private start(): void {
    const worker = new Worker(new URL('./mirror-worker.mjs', import.meta.url));
    worker.unref();
    let failure: Error | undefined;
    // Without this listener an exception in the worker would be rethrown here and end the server.
    worker.on('error', (err) => { failure = err; });
    worker.on('exit', (exitCode) => this.onExit(worker, exitCode, failure));
    worker.on('message', (reply: MirrorReply) => { if (worker === this.worker) this.onReply(reply); });
    this.worker = worker;
    this.startedAt = Date.now();
    // Empty screens for the open terminals, each starting with why it is empty.
    for (const [id, { cols, rows }] of this.screens) {
      this.behind.set(id, 0);
      this.post({ type: 'open', id, cols, rows });
      this.write(id, LOST_SCREEN);
    }
    // Reconnects that were waiting for a screen from the old worker ask this one.
    for (const [serial, { id }] of this.waiting) this.post({ type: 'snapshot', id, serial });
  }

  private onExit(worker: Worker, exitCode: number, err: Error | undefined): void {
    if (this.stopping || worker !== this.worker) return;
    this.crashes = Date.now() - this.startedAt > STABLE_MS ? 1 : this.crashes + 1;
    const restartInMs = RESTART_DELAYS_MS[Math.min(this.crashes, RESTART_DELAYS_MS.length) - 1];
    this.log.error({ err, exitCode, terminals: this.screens.size, restartInMs }, 'screen mirror worker died; starting a new one (open terminals keep running, their saved screens start empty)');
    // Meanwhile writes go to the dead worker and are lost; the growing backlog
    // puts busy terminals in catch-up mode, which feeds their tail later.
    if (restartInMs === 0) this.start();
    else setTimeout(() => { if (!this.stopping) this.start(); }, restartInMs).unref();
  }

  private onReply(reply: MirrorReply): void {
    if (reply.type === 'written') {
      // A mirror closed meanwhile is not brought back by the reply.
      if (this.behind.has(reply.id)) this.behind.set(reply.id, Math.max(0, (this.behind.get(reply.id) ?? 0) - reply.bytes));
    } else {
      this.waiting.get(reply.serial)?.resolve(reply.screen);
      this.waiting.delete(reply.serial);
    }
  }

  private post(message: MirrorRequest): void {
    this.worker.postMessage(message);
  }
}
