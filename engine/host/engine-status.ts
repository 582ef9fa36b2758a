// What the engine knows about itself right now: whether the container engine
// answers, and whether its disk has room. The server turns these facts into
// health answers; sandbox creation and the warm pool ask refusal() first.
import { EventEmitter } from 'node:events';
import { EngineError } from '../errors.ts';
import { formatBytes, type DiskReading } from './disk-space.ts';

export type EngineState = 'starting' | 'up' | 'down';

export interface EngineStatusView {
  state: EngineState;
  /** Why the engine is not up. */
  reason?: string;
  since: string;
  disk: DiskReading;
}

export class EngineStatus extends EventEmitter<{ changed: [] }> {
  private state: EngineState;
  private reason?: string;
  private since = new Date();
  private disk: DiskReading = { measured: false, reason: 'not measured yet', minFreeBytes: 0 };

  constructor(initial: EngineState, reason?: string) {
    super();
    this.state = initial;
    this.reason = reason;
  }

  get isUp(): boolean {
    return this.state === 'up';
  }

  view(): EngineStatusView {
    return { state: this.state, reason: this.reason, since: this.since.toISOString(), disk: this.disk };
  }

  up(): void {
    this.set('up', undefined);
  }

  down(reason: string): void {
    this.set('down', reason);
  }

  /** Before the engine first came up (set-up may take minutes: installing dockerd, building the image). */
  starting(reason: string): void {
    this.set('starting', reason);
  }

  setDisk(reading: DiskReading): void {
    const wasLow = this.diskLow();
    this.disk = reading;
    if (wasLow !== this.diskLow()) this.emit('changed');
  }

  /** Why the engine cannot be used now, or undefined when it can. */
  unavailable(): EngineError | undefined {
    return this.state === 'up' ? undefined : new EngineError('engine_unavailable', `the container engine is not available: ${this.reason}`);
  }

  /** Why no new sandbox may be made now, or undefined when one may. */
  refusal(): EngineError | undefined {
    const unavailable = this.unavailable();
    if (unavailable) return unavailable;
    const disk = this.disk;
    if (disk.measured && disk.low) {
      return new EngineError('disk_full', `only ${formatBytes(disk.freeBytes)} is free on ${disk.path} (the engine's data root); new sandboxes need at least ${formatBytes(disk.minFreeBytes)} free (DOCKYARD_MIN_FREE_DISK)`);
    }
    return undefined;
  }

  private diskLow(): boolean {
    return this.disk.measured && this.disk.low;
  }

  private set(state: EngineState, reason: string | undefined): void {
    if (state === this.state && reason === this.reason) return;
    if (state !== this.state) this.since = new Date();
    this.state = state;
    this.reason = reason;
    this.emit('changed');
  }
}
