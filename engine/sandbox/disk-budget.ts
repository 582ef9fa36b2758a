// Holds each learner's sandbox to a disk budget where the storage driver
// cannot (overlay2 on ext4 has no per-container quota): the sandbox's
// writable layer and volumes are measured from the host, sooner the less
// room is left, and a sandbox over budget has its learner's processes
// stopped, or is removed when far over (see SandboxEngine.overDiskBudget).
import type { Say } from '../host/commands.ts';
import { allocatedBytes } from '../docker/disk-usage.ts';
import type { Sandbox, SandboxEngine } from './sandbox-engine.ts';

export interface DiskBudgetPolicy {
  budgetBytes: number;
  /** The longest a sandbox goes unmeasured, however much room it has left. */
  maxIntervalS: number;
}

// Measured here: dd writes 1.5–2 GB/s into a sandbox. Checking when a writer
// at that speed could have used up the room left keeps the overshoot near
// what it writes between two measurements close to the budget, without
// measuring sandboxes far from it often.
const FASTEST_WRITE_BYTES_PER_S = 2e9;
const MIN_INTERVAL_MS = 250;
const TICK_MS = 100;
// After a stop, the learner may still work (delete files, above all); only
// growth past this is stopped again.
const REGROWTH_BYTES = 16 * 1024 ** 2;

export class DiskBudget {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private readonly dueAt = new Map<string, number>();
  /** Host paths per sandbox; null where they are not visible from this host. */
  private readonly storage = new Map<string, string[] | null>();
  /** Usage at which a sandbox's learner was last stopped. */
  private readonly stoppedAt = new Map<string, number>();
  private warnedInvisible = false;

  constructor(private readonly engine: SandboxEngine, private readonly policy: DiskBudgetPolicy, private readonly say: Say = () => {}) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.checkDue().finally(() => { this.running = undefined; });
    }, TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Measures one sandbox now and acts on it; returns the bytes it uses (undefined if it cannot be measured here). */
  async checkNow(id: string): Promise<number | undefined> {
    const sandbox = this.engine.get(id);
    if (!sandbox) return undefined;
    const paths = await this.pathsOf(sandbox);
    if (!paths) return undefined;
    let used: number;
    try {
      used = await allocatedBytes(paths);
    } catch (err) {
      if (!this.engine.get(id)) return undefined; // removed while being measured
      throw err;
    }
    sandbox.disk = { usedBytes: used, budgetBytes: this.policy.budgetBytes, measuredAt: new Date() };
    const room = this.policy.budgetBytes - used;
    const wait = Math.min(this.policy.maxIntervalS * 1000, Math.max(MIN_INTERVAL_MS, (room / FASTEST_WRITE_BYTES_PER_S) * 1000));
    this.dueAt.set(id, Date.now() + wait);
    if (room >= 0) {
      this.stoppedAt.delete(id);
      return used;
    }
    const lastStop = this.stoppedAt.get(id);
    if (lastStop !== undefined && used < lastStop + REGROWTH_BYTES) return used;
    this.stoppedAt.set(id, used);
    await this.engine.overDiskBudget(id, used, this.policy.budgetBytes);
    return used;
  }

  private async checkDue(): Promise<void> {
    const now = Date.now();
    const live = new Set<string>();
    for (const sandbox of this.engine.list()) {
      live.add(sandbox.id);
      // Pooled sandboxes have nobody writing to them yet.
      if (sandbox.owner === undefined || !sandbox.ready) continue;
      if ((this.dueAt.get(sandbox.id) ?? 0) > now) continue;
      await this.checkNow(sandbox.id).catch((err: Error) => {
        if (this.engine.get(sandbox.id)) this.say(`disk budget: could not measure sandbox ${sandbox.id}: ${err.message}`, 'warn');
      });
    }
    for (const map of [this.dueAt, this.storage, this.stoppedAt]) {
      for (const id of map.keys()) if (!live.has(id)) map.delete(id);
    }
  }

  private async pathsOf(sandbox: Sandbox): Promise<string[] | undefined> {
    if (!this.storage.has(sandbox.id)) {
      const paths = await this.engine.backend.storagePaths(sandbox.ref);
      this.storage.set(sandbox.id, paths ?? null);
      if (!paths && !this.warnedInvisible) {
        this.warnedInvisible = true;
        if (this.engine.backend.name === 'docker') this.say('disk budget not enforced: the engine\'s storage is not on this host (a remote engine?), so sandboxes cannot be measured', 'warn');
      }
    }
    return this.storage.get(sandbox.id) ?? undefined;
  }
}
