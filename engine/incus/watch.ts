// Follows Incus's lifecycle events for this namespace's sandboxes: one that
// stops or is deleted, not by us, is reported `gone`. Reconnecting after
// incusd went away is EventWatch's.
import type { EngineStatus } from '../host/engine-status.ts';
import { EventWatch } from '../host/event-watch.ts';
import type { BackendWatchEvents } from '../backend.ts';
import type { IncusClient } from './client.ts';

interface LifecycleEvent {
  type?: string;
  /** `requestor`: who asked through the API; absent when the instance did it itself (its init exited). */
  metadata?: { action?: string; source?: string; requestor?: unknown };
}

// `stopped`: the instance and its files are still there. Started again only
// when nobody asked for the stop: every process inside was killed (`kill -9
// -1` takes PID 1's only child), not an operator's `incus stop`.
const GONE: Record<string, { detail: string; stopped: boolean }> = {
  'instance-stopped': { detail: 'its instance stopped', stopped: true },
  'instance-shutdown': { detail: 'its instance shut down', stopped: true },
  // A restart from inside (a signal to PID 1) comes back without the host's cgroup fence: it is not handed out again.
  'instance-restarted': { detail: 'its instance restarted', stopped: false },
  'instance-deleted': { detail: 'its instance was removed outside Dockyard', stopped: false },
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
    const gone = GONE[event.metadata?.action ?? ''];
    const name = event.metadata?.source?.split('/').pop() ?? '';
    const prefix = `dy-${this.namespace}-`;
    // Sandbox ids are 10 hex digits: a longer namespace sharing this prefix is not ours.
    if (!gone || !name.startsWith(prefix) || !/^[0-9a-f]{10}$/.test(name.slice(prefix.length))) return;
    const id = name.slice(prefix.length);
    if (gone.stopped && event.metadata?.requestor !== undefined) this.emit('gone', id, 'its instance was stopped outside Dockyard', false);
    else this.emit('gone', id, gone.detail, gone.stopped);
  }
}
