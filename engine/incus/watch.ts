// Follows Incus's lifecycle events for this namespace's sandboxes: one that
// stops or is deleted, not by us, is reported `gone`. Reconnecting after
// incusd went away is EventWatch's.
import type { EngineStatus } from '../host/engine-status.ts';
import { EventWatch } from '../host/event-watch.ts';
import type { BackendWatchEvents } from '../backend.ts';
import type { IncusClient } from './client.ts';

interface LifecycleEvent {
  type?: string;
  metadata?: { action?: string; source?: string };
}

const GONE: Record<string, string> = {
  'instance-stopped': 'its instance stopped',
  'instance-shutdown': 'its instance shut down',
  // A restart from inside (a signal to PID 1) comes back without the host's cgroup fence: it is not handed out again.
  'instance-restarted': 'its instance restarted',
  'instance-deleted': 'its instance was removed outside Dockyard',
};

export class IncusWatch extends EventWatch<BackendWatchEvents> {
  private socket?: ReturnType<IncusClient['events']>;

  constructor(private readonly client: IncusClient, private readonly namespace: string, status: EngineStatus, target: string) {
    super(status, target);
  }

  protected unsubscribe(): void {
    this.socket?.terminate();
  }

  protected async ask(): Promise<void> {
    await this.client.request('GET', '/1.0');
  }

  protected subscribe(): Promise<void> {
    const socket = this.client.events(['lifecycle']);
    this.socket = socket;
    return new Promise((resolve, reject) => {
      socket.once('open', () => {
        socket.off('error', reject);
        socket.on('error', () => undefined);
        socket.once('close', () => {
          if (this.socket === socket) this.socket = undefined;
          this.streamEnded('its event stream closed');
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
}
