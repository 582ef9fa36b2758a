// Concurrency caps: at most N requests of one kind at once per key (a
// session). Each check, listing or preview request holds an exec in the
// sandbox and work on the host; without a cap one learner can start a
// hundred at once and slow every neighbour.

export class InFlight {
  private readonly counts = new Map<string, number>();

  constructor(readonly max: number) {}

  /** Takes a place for `key`; returns its release (call it once), or undefined when all places are taken. */
  acquire(key: string): (() => void) | undefined {
    const current = this.counts.get(key) ?? 0;
    if (current >= this.max) return undefined;
    this.counts.set(key, current + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    };
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}
