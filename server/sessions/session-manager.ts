// A learner's session: one sandbox at a time, claimed from the warm pool,
// queued when the host is full, reset on request, ended on request or when
// the engine reaps its sandbox. Sessions live in memory and are rebuilt from
// the engine's sandboxes after a restart.
import { EventEmitter } from 'node:events';
import type { Sandbox, SandboxEngine, WarmPool } from '../../engine/index.ts';
import { newSessionId, ownerOf, parseOwner } from './identity.ts';

export type SessionStatus = 'ready' | 'starting' | 'queued';

export interface Session {
  id: string;
  learner: string;
  client: string;
  status: SessionStatus;
  sandboxId?: string;
  createdAt: Date;
}

export interface SessionView {
  id: string;
  status: SessionStatus;
  queuePosition?: number;
  expiresAt?: string;
}

export interface CapacityLimits {
  maxSandboxes: number;
  maxSessionsPerClient: number;
  idleTimeoutS: number;
}

export class CapacityError extends Error {}

interface SessionEvents {
  ended: [Session];
  /** A queued learner could not be given a sandbox (the session is dropped; the learner may ask again). */
  admissionFailed: [Error];
  sandboxReplaced: [Session];
}

export class SessionManager extends EventEmitter<SessionEvents> {
  private readonly sessions = new Map<string, Session>();
  private readonly queue: string[] = [];
  private starting = 0;

  constructor(private readonly engine: SandboxEngine, private readonly pool: WarmPool, private readonly limits: CapacityLimits) {
    super();
    engine.on('destroyed', (sandbox, reason) => this.onSandboxGone(sandbox, reason));
  }

  /** Rebuilds sessions from sandboxes adopted after a restart. */
  restore(): number {
    let restored = 0;
    for (const sandbox of this.engine.list()) {
      const owner = parseOwner(sandbox.owner);
      if (!owner || this.sessions.has(owner.session)) continue;
      this.sessions.set(owner.session, { id: owner.session, learner: owner.learner, client: 'restored', status: 'ready', sandboxId: sandbox.id, createdAt: sandbox.createdAt });
      restored++;
    }
    return restored;
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  all(): Session[] {
    return [...this.sessions.values()];
  }

  queueLength(): number {
    return this.queue.length;
  }

  /** The learner's session, created (and given a sandbox, or queued) if there is none. */
  async open(learner: string, client: string): Promise<Session> {
    const existing = this.all().find((s) => s.learner === learner);
    if (existing) return existing;
    if (this.all().filter((s) => s.client === client).length >= this.limits.maxSessionsPerClient) {
      throw new CapacityError(`this client already has ${this.limits.maxSessionsPerClient} sessions; end one first`);
    }
    const session: Session = { id: newSessionId(), learner, client, status: 'queued', createdAt: new Date() };
    this.sessions.set(session.id, session);
    this.queue.push(session.id);
    await this.admitFromQueue();
    return session;
  }

  view(session: Session): SessionView {
    const sandbox = session.sandboxId ? this.engine.get(session.sandboxId) : undefined;
    const view: SessionView = { id: session.id, status: session.status };
    if (session.status === 'queued') view.queuePosition = this.queue.indexOf(session.id) + 1;
    if (sandbox) {
      const idleEnd = sandbox.lastActiveAt.getTime() + this.limits.idleTimeoutS * 1000;
      view.expiresAt = new Date(Math.min(sandbox.expiresAt.getTime(), idleEnd)).toISOString();
    }
    return view;
  }

  async end(id: string): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    this.removeFromQueue(id);
    try {
      if (session.sandboxId) await this.engine.destroy(session.sandboxId);
    } finally {
      this.emit('ended', session);
      // The next learner's sandbox boots on its own time, not this request's.
      this.admitInBackground();
    }
  }

  /** Replaces the session's sandbox with a fresh one. */
  async reset(id: string): Promise<Session> {
    const session = this.sessions.get(id);
    if (!session) throw new Error(`no session ${id}`);
    if (session.status !== 'ready' || !session.sandboxId) return session;
    const old = session.sandboxId;
    session.status = 'starting';
    session.sandboxId = undefined;
    // Counted as busy while the old sandbox goes, so no queued learner takes its place meanwhile.
    this.starting++;
    try {
      await this.engine.destroy(old);
    } finally {
      this.starting--;
    }
    await this.giveSandbox(session);
    this.emit('sandboxReplaced', session);
    return session;
  }

  private busySandboxes(): number {
    return this.all().filter((s) => s.sandboxId).length + this.starting;
  }

  private async admitFromQueue(): Promise<void> {
    const admitted: Promise<void>[] = [];
    while (this.queue.length && this.busySandboxes() < this.limits.maxSandboxes) {
      const session = this.sessions.get(this.queue.shift()!);
      if (session) admitted.push(this.giveSandbox(session));
    }
    await Promise.all(admitted);
  }

  private async giveSandbox(session: Session): Promise<void> {
    session.status = 'starting';
    this.starting++;
    try {
      const { sandbox } = await this.pool.claim(ownerOf(session.learner, session.id));
      if (this.sessions.get(session.id) !== session) {
        await this.engine.destroy(sandbox.id); // ended while starting
        return;
      }
      session.sandboxId = sandbox.id;
      session.status = 'ready';
    } catch (err) {
      this.sessions.delete(session.id);
      throw err;
    } finally {
      this.starting--;
    }
  }

  private removeFromQueue(id: string): void {
    const at = this.queue.indexOf(id);
    if (at !== -1) this.queue.splice(at, 1);
  }

  private onSandboxGone(sandbox: Sandbox, reason: string): void {
    if (reason === 'requested') return;
    const session = this.all().find((s) => s.sandboxId === sandbox.id);
    if (!session) return;
    // Reaped (idle, expired): the session ends with its sandbox.
    this.sessions.delete(session.id);
    this.emit('ended', session);
    this.admitInBackground();
  }

  private admitInBackground(): void {
    this.admitFromQueue().catch((err: Error) => this.emit('admissionFailed', err));
  }
}
