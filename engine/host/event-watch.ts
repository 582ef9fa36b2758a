// What every backend's event watch shares: follow the engine's event stream;
// when it breaks (the engine stopped), mark the engine down, ask it with
// backoff, and once it answers subscribe anew and report `back`, so the owner
// can look for what it missed. Subclasses say how to subscribe and to ask.
import { EventEmitter } from 'node:events';
import { backoffMs, sleep } from './backoff.ts';
import type { EngineStatus } from './engine-status.ts';

export abstract class EventWatch<Events extends Record<keyof Events, unknown[]> & { back: [] }> extends EventEmitter<Events> {
  protected stopped = false;

  constructor(private readonly status: EngineStatus, private readonly target: string) {
    super();
  }

  /** Resolves once the engine's events are being followed. */
  async start(): Promise<void> {
    await this.subscribe();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
  }

  /** Follows the event stream; calls `streamEnded` once when it ends for any reason. */
  protected abstract subscribe(): Promise<void>;
  protected abstract unsubscribe(): void;
  /** Resolves when the engine answers; rejects saying why not. */
  protected abstract ask(): Promise<void>;

  protected streamEnded(why: string): void {
    if (!this.stopped) void this.reconnect(why);
  }

  private async reconnect(why: string): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        await this.ask();
        await this.subscribe();
        (this as EventEmitter<{ back: [] }>).emit('back');
        return;
      } catch (err) {
        this.status.down(`lost the container engine at ${this.target} (${why}); it does not answer: ${(err as Error).message}. Retrying with backoff.`);
        await sleep(backoffMs(attempt));
      }
    }
  }
}
