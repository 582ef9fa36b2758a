// Follows Incus's lifecycle events for this namespace's sandboxes: one that
// stops or is deleted, not by us, is reported `gone`. When the event socket
// breaks (incusd stopped), the engine is marked down, asked again with
// backoff, and `back` is reported once it answers and events flow again.
import { EventEmitter } from 'node:events';
import { backoffMs, sleep } from '../host/backoff.ts';
import type { EngineStatus } from '../host/engine-status.ts';
import type { BackendWatchEvents } from '../backend.ts';
import type { IncusClient } from './client.ts';

interface LifecycleEvent {
  type?: string;
  metadata?: { action?: string; source?: string };
}

const GONE: Record<string, string> = {
  'instance-stopped': 'its instance stopped',
  'instance-shutdown': 'its instance shut down',
  'instance-deleted': 'its instance was removed outside Dockyard',
};

export class IncusWatch extends EventEmitter<BackendWatchEvents> {
  private socket?: ReturnType<IncusClient['events']>;
  private stopped = false;

  constructor(private readonly client: IncusClient, private readonly namespace: string, private readonly status: EngineStatus, private readonly target: string) {
    super();
  }

  async start(): Promise<void> {
    await this.subscribe();
  }

  stop(): void {
    this.stopped = true;
    this.socket?.terminate();
  }

  private subscribe(): Promise<void> {
    const socket = this.client.events(['lifecycle']);
    this.socket = socket;
    return new Promise((resolve, reject) => {
      socket.once('open', () => {
        socket.off('error', reject);
        socket.on('error', () => undefined);
        socket.once('close', () => {
          if (this.socket === socket) this.socket = undefined;
          if (!this.stopped) void this.reconnect('its event stream closed');
        });
        resolve();
      });
      socket.once('error', reject);
      socket.on('message', (data: Buffer) => this.onEvent(data.toString('utf8')));
    });
  }

  private onEvent(text: string): void {
    let event: LifecycleEvent;
    try {
      event = JSON.parse(text) as LifecycleEvent;
    } catch {
      return;
    }
    const detail = GONE[event.metadata?.action ?? ''];
    const name = event.metadata?.source?.split('/').pop() ?? '';
    const prefix = `dy-${this.namespace}-`;
    // Sandbox ids are 10 hex digits: a longer namespace sharing this prefix is not ours.
    if (!detail || !name.startsWith(prefix) || !/^[0-9a-f]{10}$/.test(name.slice(prefix.length))) return;
    this.emit('gone', name.slice(prefix.length), detail);
  }

  private async reconnect(why: string): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        await this.client.request('GET', '/1.0');
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
