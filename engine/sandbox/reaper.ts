// Removes sandboxes that outlived their time: past their maximum lifetime,
// idle for too long, or waiting in the pool so long they should be renewed.
import type { DestroyReason, Sandbox, SandboxEngine } from './sandbox-engine.ts';

export interface ReaperPolicy {
  idleTimeoutS: number;
  poolMaxAgeS: number;
}

export function reasonToReap(sandbox: Sandbox, policy: ReaperPolicy, now: Date): DestroyReason | undefined {
  const t = now.getTime();
  if (sandbox.expiresAt.getTime() <= t) return 'expired';
  if (sandbox.owner !== undefined && t - sandbox.lastActiveAt.getTime() > policy.idleTimeoutS * 1000) return 'idle';
  if (sandbox.owner === undefined && t - sandbox.createdAt.getTime() > policy.poolMaxAgeS * 1000) return 'stale';
  return undefined;
}

export class Reaper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(private readonly engine: SandboxEngine, private readonly policy: ReaperPolicy, private readonly onReaped: () => void = () => {}) {}

  /** One pass; returns how many sandboxes it removed. */
  reapNow(now = new Date()): Promise<number> {
    this.running ??= this.pass(now).finally(() => { this.running = undefined; });
    return this.running;
  }

  start(intervalS: number): void {
    this.timer = setInterval(() => { void this.reapNow().catch(() => undefined); }, intervalS * 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async pass(now: Date): Promise<number> {
    let removed = 0;
    for (const sandbox of this.engine.list()) {
      const reason = reasonToReap(sandbox, this.policy, now);
      if (!reason) continue;
      await this.engine.destroy(sandbox.id, reason);
      removed++;
    }
    if (removed > 0) this.onReaped();
    return removed;
  }
}
