// A learner's session: one sandbox at a time, claimed from the warm pool,
// queued when the host is full, reset on request, ended on request or when
// the engine reaps its sandbox. Sessions live in memory and are rebuilt from
// the engine's sandboxes after a restart. A session whose sandbox vanished
// (removed behind the server's back, lost in an engine restart) stays, marked
// lost with the reason, until its learner asks for a new sandbox.
import { EventEmitter } from 'node:events';
import type { Sandbox, SandboxEngine, WarmPool } from '../../engine/index.ts';
import { newSessionId, ownerOf, parseOwner } from './identity.ts';

export type SessionStatus = 'ready' | 'starting' | 'queued' | 'lost';

export interface Session {
  id: string;
  learner: string;
  client: string;
  status: SessionStatus;
  sandboxId?: string;
  createdAt: Date;
  /** Why the session is lost. */
  message?: string;
}

export interface SessionView {
  id: string;
  status: SessionStatus;
  queuePosition?: number;
  expiresAt?: string;
  message?: string;
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
  /** The session's sandbox vanished; the session waits, lost, for its learner to ask for a new one. */
  lost: [Session];
}

export class SessionManager extends EventEmitter<SessionEvents> {
  private readonly sessions = new Map<string, Session>();
  private readonly queue: string[] = [];
  private starting = 0;
  /** False until the sessions of a previous run are rebuilt: until then an unknown session may yet appear. */
  restored = false;

  constructor(private readonly engine: SandboxEngine, private readonly pool: WarmPool, private readonly limits: CapacityLimits) {
    super();
    engine.on('destroyed', (sandbox, reason, detail) => this.onSandboxGone(sandbox, reason, detail));
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
    this.restored = true;
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
    if (existing?.status === 'lost') await this.readmit(existing);
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
    if (session.message) view.message = session.message;
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
    if (session.status === 'lost') {
      await this.readmit(session);
      return session;
    }
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

  /** A lost session joins the queue for a new sandbox, keeping its id (and so the learner's links). */
  private async readmit(session: Session): Promise<void> {
    const lostBecause = session.message;
    session.status = 'queued';
    session.message = undefined;
    this.queue.push(session.id);
    try {
      await this.admitFromQueue();
    } catch (err) {
      // Still lost, not dropped: the learner keeps the session and may ask again.
      if (!this.sessions.has(session.id)) {
        session.status = 'lost';
        session.message = `${lostBecause} A new sandbox could not be made yet: ${(err as Error).message}`;
        this.sessions.set(session.id, session);
      }
      throw err;
    }
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

  private onSandboxGone(sandbox: Sandbox, reason: string, detail: string | undefined): void {
    if (reason === 'requested') return;
    const session = this.all().find((s) => s.sandboxId === sandbox.id);
    if (!session) return;
    if (reason === 'vanished') {
      session.status = 'lost';
      session.sandboxId = undefined;
      session.message = `Your sandbox is gone: ${detail ?? 'its container disappeared'}. Files and processes in it are lost; reset the session for a new sandbox.`;
      this.emit('lost', session);
      // Its place is free for a queued learner.
      this.admitInBackground();
      return;
    }
    // Reaped (idle, expired): the session ends with its sandbox.
    this.sessions.delete(session.id);
    this.emit('ended', session);
    this.admitInBackground();
  }

  private admitInBackground(): void {
    this.admitFromQueue().catch((err: Error) => this.emit('admissionFailed', err));
  }
}
