// Class events to an outside system (a gradebook, a chat bot): each join,
// check and completed exercise is POSTed as JSON to DOCKYARD_CLASS_WEBHOOK_URL,
// signed with DOCKYARD_CLASS_WEBHOOK_SECRET, and retried with growing waits
// while the receiver fails. Deliveries wait in memory: a restart drops the
// ones not yet delivered (logged), which the CSV export can make up for.
//
// Signature: `x-dockyard-signature: sha256=<hex>`, the HMAC-SHA256 with the
// secret of `<x-dockyard-timestamp>.<body>`; a receiver recomputes it and
// refuses old timestamps, so a captured delivery cannot be replayed later.
import { createHmac, randomUUID } from 'node:crypto';

export type ClassEventType = 'class.joined' | 'task.checked' | 'exercise.completed';

export interface ClassEvent {
  type: ClassEventType;
  classId: string;
  data: Record<string, unknown>;
}

export interface WebhookSettings {
  url: string;
  secret: string;
  /** The first retry waits this long; each one after waits twice as long as the one before. */
  firstRetryMs?: number;
  attempts?: number;
  /** Deliveries waiting at most; beyond it the oldest is dropped (and logged). */
  queueLimit?: number;
}

const REQUEST_TIMEOUT_MS = 10_000;

/** The server's logger, as far as deliveries use it. */
export interface WebhookLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export function signDelivery(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export class ClassWebhook {
  private waiting = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly firstRetryMs: number;
  private readonly attempts: number;
  private readonly queueLimit: number;

  constructor(private readonly settings: WebhookSettings, private readonly log: WebhookLog) {
    this.firstRetryMs = settings.firstRetryMs ?? 2000;
    this.attempts = settings.attempts ?? 8;
    this.queueLimit = settings.queueLimit ?? 10_000;
  }

  send(event: ClassEvent): void {
    if (this.waiting >= this.queueLimit) {
      this.log.error({ type: event.type, classId: event.classId }, `class webhook: ${this.waiting} deliveries waiting, the most kept; this event is dropped`);
      return;
    }
    const body = JSON.stringify({ id: randomUUID(), type: event.type, at: new Date().toISOString(), classId: event.classId, data: event.data });
    this.waiting++;
    void this.deliver(body, 1);
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    if (this.waiting) this.log.warn({ waiting: this.waiting }, 'class webhook: stopping with deliveries not yet made');
  }

  private async deliver(body: string, attempt: number): Promise<void> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    let failure: string;
    try {
      const response = await fetch(this.settings.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'dockyard-class-webhook',
          'x-dockyard-timestamp': timestamp,
          'x-dockyard-signature': signDelivery(this.settings.secret, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await response.body?.cancel();
      if (response.ok) {
        this.waiting--;
        return;
      }
      failure = `HTTP ${response.status}`;
    } catch (err) {
      failure = (err as Error).message;
    }
    if (attempt >= this.attempts) {
      this.waiting--;
      this.log.error({ failure, attempts: attempt }, 'class webhook: giving up on a delivery');
      return;
    }
    const waitMs = this.firstRetryMs * 2 ** (attempt - 1);
    this.log.warn({ failure, attempt, retryInMs: waitMs }, 'class webhook: delivery failed; trying again');
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.deliver(body, attempt + 1);
    }, waitMs);
    timer.unref();
    this.timers.add(timer);
  }
}
