// Keeps a few started, unowned sandboxes ready so a learner's first prompt
// does not wait for a container and a nested engine to boot.
import type { Sandbox, SandboxEngine } from './sandbox-engine.ts';

const RETRY_AFTER_FAILURE_MS = 30_000;

export class WarmPool {
  private creating = 0;
  private readonly claimed = new Set<string>();
  private stopped = false;
  private lastError?: Error;

  constructor(private readonly engine: SandboxEngine, private readonly size: number, private readonly say: (line: string) => void = () => {}) {}

  /** Sandboxes waiting in the pool now. */
  ready(): Sandbox[] {
    return this.engine.list().filter((s) => s.owner === undefined && s.ready && !this.claimed.has(s.id));
  }

  /** A ready sandbox for `owner`: from the pool when one waits, otherwise created now. */
  async claim(owner: string): Promise<{ sandbox: Sandbox; fromPool: boolean }> {
    const pooled = this.ready()[0];
    if (!pooled) {
      this.refill();
      return { sandbox: await this.engine.create(owner), fromPool: false };
    }
    this.claimed.add(pooled.id);
    try {
      return { sandbox: await this.engine.assign(pooled.id, owner), fromPool: true };
    } finally {
      this.claimed.delete(pooled.id);
      this.refill();
    }
  }

  /** Starts creating sandboxes until the pool is full again; returns at once. */
  refill(): void {
    if (this.stopped) return;
    // One at a time: a boot takes a core for most of a second, and the host has few.
    if (this.creating > 0 || this.ready().length >= this.size) return;
    this.creating++;
    this.engine.create()
      .then(() => { this.lastError = undefined; })
      .catch((err: Error) => {
        this.lastError = err;
        this.say(`warm pool: could not create a sandbox: ${err.message}`);
      })
      .finally(() => {
        this.creating--;
        if (!this.lastError) this.refill();
        // A failed boot (engine restarting, disk full) is tried again later rather than never.
        else setTimeout(() => this.refill(), RETRY_AFTER_FAILURE_MS).unref();
      });
  }

  /** Resolves once the pool holds `size` ready sandboxes (or a creation failed). */
  async filled(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    this.refill();
    while (this.ready().length < this.size) {
      if (this.lastError) throw this.lastError;
      if (Date.now() > deadline) throw new Error(`warm pool not filled within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  health(): { size: number; ready: number; creating: number; lastError?: string } {
    return { size: this.size, ready: this.ready().length, creating: this.creating, lastError: this.lastError?.message };
  }

  stop(): void {
    this.stopped = true;
  }
}
