// Follows Docker's event stream for this namespace's sandboxes: a sandbox's
// container dying or being removed by anyone but us is reported as `gone`.
// Reconnecting after the engine went away is EventWatch's.
import type Docker from 'dockerode';
import { LABEL } from '../sandbox/naming.ts';
import { ping } from '../host/backoff.ts';
import type { EngineStatus } from '../host/engine-status.ts';
import { EventWatch } from '../host/event-watch.ts';

interface EngineEvent {
  id?: string;
  Action?: string;
  Actor?: { Attributes?: Record<string, string> };
}

interface WatchEvents {
  gone: [sandboxId: string, containerId: string, action: string];
  back: [];
}

export class EngineWatch extends EventWatch<WatchEvents> {
  private stream?: NodeJS.ReadableStream & { destroy?: () => void };

  constructor(private readonly docker: Docker, private readonly namespace: string, status: EngineStatus, target: string) {
    super(status, target);
  }

  protected unsubscribe(): void {
    this.stream?.destroy?.();
  }

  protected ask(): Promise<void> {
    return ping(this.docker);
  }

  protected async subscribe(): Promise<void> {
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
      this.streamEnded(why);
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
}
