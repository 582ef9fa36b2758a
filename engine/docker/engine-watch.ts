// Follows the engine's event stream for this namespace's sandboxes. A
// sandbox's container dying or being removed by anyone but us is reported as
// `gone`. The stream breaks when the engine stops: then the watch marks the
// engine down, pings it with backoff, and once it answers again subscribes
// anew and reports `back`, so the owner can look for what it missed.
import { EventEmitter } from 'node:events';
import type Docker from 'dockerode';
import { LABEL } from '../sandbox/naming.ts';
import { backoffMs, ping, sleep } from '../host/backoff.ts';
import type { EngineStatus } from '../host/engine-status.ts';

interface EngineEvent {
  id?: string;
  Action?: string;
  Actor?: { Attributes?: Record<string, string> };
}

interface WatchEvents {
  gone: [sandboxId: string, containerId: string, action: string];
  back: [];
}

export class EngineWatch extends EventEmitter<WatchEvents> {
  private stream?: NodeJS.ReadableStream & { destroy?: () => void };
  private stopped = false;

  constructor(private readonly docker: Docker, private readonly namespace: string, private readonly status: EngineStatus, private readonly target: string) {
    super();
  }

  /** Resolves once the engine's events are being followed. */
  async start(): Promise<void> {
    await this.subscribe();
  }

  stop(): void {
    this.stopped = true;
    this.stream?.destroy?.();
  }

  private async subscribe(): Promise<void> {
    const stream = (await this.docker.getEvents({
      filters: { type: ['container'], event: ['die', 'destroy'], label: [`${LABEL.namespace}=${this.namespace}`] },
    })) as NodeJS.ReadableStream & { destroy?: () => void };
    this.stream = stream;
    let partial = '';
    stream.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) this.onEventLine(line);
    });
    let ended = false;
    const onEnd = (why: string) => {
      if (ended) return;
      ended = true;
      if (this.stream === stream) this.stream = undefined;
      if (!this.stopped) void this.reconnect(why);
    };
    stream.on('end', () => onEnd('its event stream ended'));
    stream.on('close', () => onEnd('its event stream closed'));
    stream.on('error', (err: Error) => onEnd(`its event stream failed: ${err.message}`));
  }

  private onEventLine(line: string): void {
    if (!line.trim()) return;
    let event: EngineEvent;
    try {
      event = JSON.parse(line) as EngineEvent;
    } catch {
      return; // not an event; the next line may be
    }
    const id = event.Actor?.Attributes?.[LABEL.sandbox];
    if (id && event.id && event.Action) this.emit('gone', id, event.id, event.Action);
  }

  private async reconnect(why: string): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        await ping(this.docker);
        await this.subscribe();
        this.emit('back');
        return;
      } catch (err) {
        this.status.down(`lost the container engine at ${this.target} (${why}); it does not answer: ${(err as Error).message}. Retrying with backoff.`);
        await sleep(backoffMs(attempt));
      }
    }
  }
}
