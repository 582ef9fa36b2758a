// Keeps a few started, unowned sandboxes ready so a learner's first prompt
// does not wait for a container and a nested engine to boot.
import type { Say } from '../host/commands.ts';
import { EngineError } from '../errors.ts';
import type { Sandbox, SandboxEngine } from './sandbox-engine.ts';

const RETRY_AFTER_FAILURE_MS = 30_000;

export class WarmPool {
  private creating = 0;
  /** Sandboxes taken from the pool and being handed to a learner: no longer ready, not yet owned. */
  private claiming = 0;
  private readonly claimed = new Set<string>();
  private stopped = false;
  private lastError?: Error;
  /** Sandboxes to keep ready beyond `size` now (a class about to start: server/classes/prewarm.ts). */
  private reserve: () => number = () => 0;

  constructor(private readonly engine: SandboxEngine, readonly size: number, private readonly say: Say = () => {}) {
    // Filling waits while the engine refuses new sandboxes, and resumes when it stops refusing.
    engine.status.on('changed', () => this.refill());
  }

  claimsInFlight(): number {
    return this.claiming;
  }

  /** How many ready sandboxes the pool keeps now. */
  get target(): number {
    return this.size + Math.max(0, this.reserve());
  }

  /**
   * Asks `extra` on every refill how many sandboxes to keep ready beyond the
   * configured size. Asked at that moment, after a claim gave a sandbox its
   * owner, it can count that learner as served, so a claim does not start a
   * boot that the reserve no longer wants.
   */
  reserveFrom(extra: () => number): void {
    this.reserve = extra;
    this.refill();
  }

  /** Sandboxes waiting in the pool now. */
  ready(): Sandbox[] {
    return this.engine.list().filter((s) => s.owner === undefined && s.ready && !this.claimed.has(s.id));
  }

  /** A ready sandbox for `owner`: from the pool when one waits, otherwise created now. */
  async claim(owner: string): Promise<{ sandbox: Sandbox; fromPool: boolean }> {
    const pooled = await this.takeWaiting(owner);
    if (pooled) return { sandbox: pooled, fromPool: true };
    this.refill();
    return { sandbox: await this.engine.create(owner), fromPool: false };
  }

  /** A sandbox waiting in the pool, given to `owner`; undefined when none waits (nothing is created). */
  async takeWaiting(owner: string): Promise<Sandbox | undefined> {
    // No new learner while the engine is away or its disk nearly full, not even into a waiting sandbox: it would fill the disk further.
    const refused = await this.engine.refusal();
    if (refused) throw refused;
    const pooled = this.ready()[0];
    if (!pooled) return undefined;
    this.claimed.add(pooled.id);
    this.claiming++;
    try {
      return await this.engine.assign(pooled.id, owner);
    } finally {
      this.claimed.delete(pooled.id);
      this.claiming--;
      this.refill();
    }
  }

  /** Starts creating sandboxes until the pool is full again; returns at once. */
  refill(): void {
    if (this.stopped) return;
    // More than the pool's target: a run killed while it refilled left one more, adopted now, or a reserve ended.
    for (const extra of this.ready().slice(this.target)) {
      this.claimed.add(extra.id);
      this.engine.destroy(extra.id, 'stale')
        .catch((err: Error) => this.say(`warm pool: could not remove surplus sandbox ${extra.id}: ${err.message}`, 'warn'))
        .finally(() => this.claimed.delete(extra.id));
    }
    // One at a time: a boot takes a core for most of a second, and the host has few.
    if (this.creating > 0 || this.ready().length >= this.target || this.engine.status.refusal()) return;
    this.creating++;
    let refused = false;
    this.engine.create()
      .then(() => { this.lastError = undefined; })
      .catch((err: Error) => {
        // A refusal (engine away, disk full) is the engine's state, reported there; its change resumes filling.
        refused = err instanceof EngineError && (err.code === 'disk_full' || err.code === 'engine_unavailable');
        if (refused) return;
        this.lastError = err;
        this.say(`warm pool: could not create a sandbox: ${err.message}`, 'warn');
      })
      .finally(() => {
        this.creating--;
        if (refused) return;
        if (!this.lastError) this.refill();
        // A failed boot (engine restarting, disk full) is tried again later rather than never.
        else setTimeout(() => this.refill(), RETRY_AFTER_FAILURE_MS).unref();
      });
  }

  /** Resolves once the pool holds its target of ready sandboxes (or a creation failed). */
  async filled(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    this.refill();
    while (this.ready().length < this.target) {
      if (this.lastError) throw this.lastError;
      if (Date.now() > deadline) throw new Error(`warm pool not filled within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  health(): { size: number; reserve: number; ready: number; creating: number; lastError?: string } {
    return { size: this.size, reserve: this.target - this.size, ready: this.ready().length, creating: this.creating, lastError: this.lastError?.message };
  }

  stop(): void {
    this.stopped = true;
  }
}
