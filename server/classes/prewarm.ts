// Pre-warm: a class with a start time and a size gets sandboxes started
// ahead of time, so a class arriving in one minute all get a prompt at once
// instead of queueing behind boots that take a core each. From
// DOCKYARD_PREWARM_LEAD before the start until DOCKYARD_PREWARM_HOLD after it,
// the warm pool keeps one ready sandbox beyond its usual size for each place
// in the class not yet taken by a learner who has a sandbox, within the
// host's DOCKYARD_MAX_SANDBOXES.
import { parseOwner } from '../sessions/identity.ts';
import type { ClassStore } from './class-store.ts';

/** How often the pool looks again when nothing happened (class windows open and close by themselves). */
const RECHECK_MS = 15_000;

export interface ReservablePool {
  reserveFrom(extra: () => number): void;
  refill(): void;
  /** The pool's own size, without any reserve. */
  readonly size: number;
  /** Sandboxes being handed from the pool to learners: neither ready nor owned yet. */
  claimsInFlight(): number;
}

export interface OwnedSandboxes {
  list(): { owner?: string }[];
}

export interface PrewarmSettings {
  leadMs: number;
  holdMs: number;
  maxSandboxes: number;
}

export class Prewarm {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: ClassStore,
    private readonly sandboxes: OwnedSandboxes,
    private readonly pool: ReservablePool,
    private readonly settings: PrewarmSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  start(): void {
    this.pool.reserveFrom(() => this.wanted());
    this.timer = setInterval(() => this.pool.refill(), RECHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.pool.reserveFrom(() => 0);
  }

  /** The sandboxes to keep ready beyond the pool's size now, for classes about to start or just started. */
  wanted(): number {
    const now = this.now().getTime();
    // In its window when now lies between start - lead and start + hold.
    const classes = this.store.startingBetween(new Date(now - this.settings.holdMs), new Date(now + this.settings.leadMs));
    if (!classes.length) return 0;
    // Learners who own a sandbox: counted from the sandboxes, which a claim from the pool updates at once.
    const served = new Set<string>();
    let owned = 0;
    for (const sandbox of this.sandboxes.list()) {
      if (sandbox.owner === undefined) continue;
      owned++;
      const learner = parseOwner(sandbox.owner)?.learner;
      if (learner) served.add(learner);
    }
    const places = classes.reduce((sum, klass) => {
      const arrived = this.store.members(klass.id).filter((m) => served.has(m.learner)).length;
      return sum + Math.max(0, (klass.capacity ?? 0) - arrived);
    }, 0);
    // A sandbox on its way to a learner is counted as theirs already: were it not, a refill meanwhile
    // would start a boot to replace it, which the reserve drops again once the claim lands.
    const inFlight = this.pool.claimsInFlight();
    const room = this.settings.maxSandboxes - owned - inFlight - this.pool.size;
    return Math.max(0, Math.min(places - inFlight, room));
  }
}
