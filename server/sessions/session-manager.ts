// A learner's session: one sandbox at a time, claimed from the warm pool,
// queued when the host is full, reset on request, ended on request or when
// the engine reaps its sandbox. Sessions live in memory and are rebuilt from
// the engine's sandboxes after a restart. A session whose sandbox vanished
// (removed behind the server's back, lost in an engine restart, given up to
// a waiting learner while its own was away) stays, marked lost with the
// reason, until its learner asks for a new sandbox.
//
// One session per learner: the learner is the signed cookie, so a second
// browser or tab with the same cookie gets the same session (and sandbox);
// a browser without it is another learner.
//
// Admission is event-driven: whenever a place may have freed (a session
// ended, a boot finished or failed, a sandbox vanished or was reaped, a
// learner went away) the queue is looked at again at once. Each boot is its
// learner's own: a request waits only for its own session's sandbox and
// fails only with its own error.
import { EventEmitter } from 'node:events';
import { planAdmission, type AdmissionSession } from './admission.ts';
import { newSessionId, ownerOf, parseOwner } from './identity.ts';

export type SessionStatus = 'ready' | 'starting' | 'queued' | 'lost';

export interface Session {
  id: string;
  learner: string;
  /** The client it counts against: an IPv4 address or an IPv6 /64 (server/limits/address.ts). */
  client: string;
  status: SessionStatus;
  sandboxId?: string;
  createdAt: Date;
  /** When its learner last asked about it (any request on the session). */
  seenAt: Date;
  /** Why the session is lost. */
  message?: string;
}

export interface SessionView {
  id: string;
  status: SessionStatus;
  createdAt: string;
  /** The later of the learner's last request on the session and the sandbox's last activity. */
  lastActiveAt: string;
  queuePosition?: number;
  expiresAt?: string;
  message?: string;
}

export interface CapacityLimits {
  maxSandboxes: number;
  maxSessionsPerClient: number;
  idleTimeoutS: number;
  awayAfterS: number;
}

/** The sandbox engine as sessions use it (the engine's SandboxEngine and WarmPool fit; tests use a fake). */
export interface SandboxInfo {
  id: string;
  owner?: string;
  createdAt: Date;
  expiresAt: Date;
  lastActiveAt: Date;
}

export interface SandboxPort {
  get(id: string): SandboxInfo | undefined;
  list(): SandboxInfo[];
  destroy(id: string): Promise<void>;
  /** Puts a sandbox back as it was made; false where the backend cannot (a new one is made instead). */
  restore(id: string): Promise<boolean>;
  on(event: 'destroyed', listener: (sandbox: SandboxInfo, reason: string, detail: string | undefined) => void): unknown;
}

export interface PoolPort {
  claim(owner: string): Promise<{ sandbox: SandboxInfo }>;
  /** A sandbox already waiting in the pool, given to `owner`; undefined when none waits. */
  takeWaiting(owner: string): Promise<SandboxInfo | undefined>;
}

export class CapacityError extends Error {}

/** The learner's own sandbox could not be started; `cause` is the engine's error. */
export class BootError extends Error {
  constructor(readonly cause: Error) {
    super(`No sandbox could be started for you: ${cause.message}`, { cause });
  }
}

interface SessionEvents {
  ended: [Session];
  /** A learner could not be given a sandbox (a waiting request gets the error too). */
  admissionFailed: [Error];
  sandboxReplaced: [Session];
  /** The session's sandbox is gone (vanished, failed to start, given up while away); it waits, lost, for its learner. */
  lost: [Session];
}

function duration(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

export class SessionManager extends EventEmitter<SessionEvents> {
  private readonly sessions = new Map<string, Session>();
  private readonly queue: string[] = [];
  /** Sandboxes being started, and old sandboxes being removed by a reset (the place stays its session's). */
  private starting = 0;
  /** Sandboxes being removed after their session ended or gave way: their place is not free yet. */
  private releasing = 0;
  /** Of those, sandboxes given up by away sessions for waiting learners. */
  private reclaiming = 0;
  /** Each session's boot in flight; resolves to its error, if it failed, so no one else's failure is thrown. */
  private readonly boots = new Map<string, Promise<Error | undefined>>();
  /** New sessions whose learner's request waits on the boot: a failure ends them, and the request says why. */
  private readonly dropOnFailure = new Set<string>();
  private awayTimer?: NodeJS.Timeout;
  /** False until the sessions of a previous run are rebuilt: until then an unknown session may yet appear. */
  restored = false;

  constructor(
    private readonly engine: SandboxPort,
    private readonly pool: PoolPort,
    private readonly limits: CapacityLimits,
    private readonly now: () => number = Date.now,
  ) {
    super();
    engine.on('destroyed', (sandbox, reason, detail) => this.onSandboxGone(sandbox, reason, detail));
  }

  /** Rebuilds sessions from sandboxes adopted after a restart. */
  restore(): number {
    let restored = 0;
    for (const sandbox of this.engine.list()) {
      const owner = parseOwner(sandbox.owner);
      if (!owner || this.sessions.has(owner.session)) continue;
      // The client is learned again from the learner's next request.
      this.sessions.set(owner.session, {
        id: owner.session, learner: owner.learner, client: 'restored', status: 'ready', sandboxId: sandbox.id,
        createdAt: sandbox.createdAt, seenAt: new Date(this.now()),
      });
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

  /** The session the sandbox is given to, if any. */
  ofSandbox(sandboxId: string): Session | undefined {
    return this.all().find((s) => s.sandboxId === sandboxId);
  }

  /** The learner's sessions (at most one: see the top of this file). */
  forLearner(learner: string): Session[] {
    return this.all().filter((s) => s.learner === learner);
  }

  queueLength(): number {
    return this.queue.length;
  }

  /** Whether open() would start a sandbox for this learner (none yet, or a lost one): what the creation rate limit counts. */
  wouldCreate(learner: string): boolean {
    const existing = this.forLearner(learner)[0];
    return !existing || existing.status === 'lost';
  }

  /** The learner is here: their session is not away. A restored session learns its client. */
  seen(session: Session, client?: string): void {
    session.seenAt = new Date(this.now());
    if (client && session.client === 'restored') session.client = client;
  }

  /** The learner's session, created (and given a sandbox, or queued) if there is none. */
  async open(learner: string, client: string): Promise<Session> {
    const existing = this.forLearner(learner)[0];
    if (existing) {
      this.seen(existing, client);
      if (existing.status === 'lost') await this.readmit(existing);
      return existing;
    }
    this.checkClientRoom(client);
    const at = new Date(this.now());
    const session: Session = { id: newSessionId(), learner, client, status: 'queued', createdAt: at, seenAt: at };
    this.sessions.set(session.id, session);
    this.queue.push(session.id);
    this.pump();
    if (this.boots.has(session.id)) this.dropOnFailure.add(session.id);
    try {
      await this.outcome(session);
    } finally {
      this.dropOnFailure.delete(session.id);
    }
    return session;
  }

  view(session: Session): SessionView {
    const sandbox = session.sandboxId ? this.engine.get(session.sandboxId) : undefined;
    const lastActive = Math.max(session.seenAt.getTime(), sandbox?.lastActiveAt.getTime() ?? 0);
    const view: SessionView = {
      id: session.id, status: session.status, createdAt: session.createdAt.toISOString(), lastActiveAt: new Date(lastActive).toISOString(),
    };
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
    const sandboxId = session.sandboxId;
    session.sandboxId = undefined;
    if (sandboxId) this.releasing++;
    try {
      if (sandboxId) await this.engine.destroy(sandboxId);
    } finally {
      if (sandboxId) this.releasing--;
      this.emit('ended', session);
      this.pump();
    }
  }

  /** Gives the session a fresh sandbox: one waiting in the pool, else the same one restored where the backend can, else a new one. */
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
    try {
      // Fastest: a sandbox already waiting in the pool; the old one goes in the background.
      const spare = await this.pool.takeWaiting(ownerOf(session.learner, session.id));
      if (spare) {
        session.sandboxId = spare.id;
        session.status = 'ready';
        this.release(old);
        this.emit('sandboxReplaced', session);
        return session;
      }
      // Else the same sandbox put back as it was made, where the backend can.
      if (await this.engine.restore(old)) {
        session.status = 'ready';
        this.emit('sandboxReplaced', session);
        return session;
      }
    } catch (err) {
      session.status = 'ready';
      throw err;
    }
    session.sandboxId = undefined;
    // Counted as busy while the old sandbox goes, so no queued learner takes its place meanwhile.
    this.starting++;
    try {
      await this.engine.destroy(old);
    } catch (err) {
      this.markLost(session, `Your sandbox could not be replaced: ${(err as Error).message}. Reset again to retry.`);
      throw err;
    } finally {
      this.starting--;
    }
    if (this.sessions.get(id) !== session) return session; // ended meanwhile
    this.boot(session);
    await this.outcome(session);
    this.emit('sandboxReplaced', session);
    return session;
  }

  /** The counts behind admission, for health and tests. */
  capacity(): { busy: number; queued: number; starting: number; releasing: number } {
    return { busy: this.busy(), queued: this.queue.length, starting: this.starting, releasing: this.releasing };
  }

  /**
   * Refuses a new session when its client already has its share in use and
   * twice the host's places (maxSandboxes) waiting: enough for a class of
   * twice the host's size behind one address to queue, not enough for one
   * client to grow the queue without end. (Its waiting learners are passed
   * over while it is at its share, so they delay no one else.)
   */
  private checkClientRoom(client: string): void {
    const { maxSessionsPerClient: share, maxSandboxes } = this.limits;
    const awayMs = this.limits.awayAfterS * 1000;
    const present = this.all().filter((s) => s.client === client && s.status !== 'lost' && this.quietFor(s) < awayMs).length;
    const waiting = 2 * maxSandboxes;
    if (present >= share + waiting) {
      throw new CapacityError(
        `${present} sessions from your address are in use or waiting, the most one address may have ` +
        `(${share} in use and ${waiting} waiting). A place frees when one of them ends or is left unused for ${duration(this.limits.awayAfterS)}.`,
      );
    }
  }

  /** A lost session joins the queue for a new sandbox, keeping its id (and so the learner's links). */
  private async readmit(session: Session): Promise<void> {
    session.status = 'queued';
    session.message = undefined;
    this.queue.push(session.id);
    this.pump();
    await this.outcome(session);
  }

  /** Waits for the session's own boot, if one is under way, and throws its own error. */
  private async outcome(session: Session): Promise<void> {
    const error = await this.boots.get(session.id);
    if (error) throw new BootError(error);
  }

  private busy(): number {
    return this.all().filter((s) => s.sandboxId).length + this.starting + this.releasing;
  }

  /** Milliseconds since the learner, or their sandbox, last showed life. */
  private quietFor(session: Session): number {
    const sandbox = session.sandboxId ? this.engine.get(session.sandboxId) : undefined;
    const last = Math.max(session.seenAt.getTime(), sandbox?.lastActiveAt.getTime() ?? 0);
    return this.now() - last;
  }

  private snapshot(session: Session): AdmissionSession {
    return {
      id: session.id,
      client: session.client,
      status: session.status,
      holding: session.sandboxId !== undefined || session.status === 'starting',
      quietForMs: this.quietFor(session),
    };
  }

  /** Looks at the queue: admits whom it can, drops who left, reclaims away sandboxes for who waits. */
  private pump(): void {
    const awayAfterMs = this.limits.awayAfterS * 1000;
    const queued = this.queue.map((id) => this.sessions.get(id)).filter((s): s is Session => s !== undefined);
    const holders = this.all().filter((s) => s.sandboxId !== undefined || s.status === 'starting');
    const plan = planAdmission({
      queue: queued.map((s) => this.snapshot(s)),
      holders: holders.map((s) => this.snapshot(s)),
      busy: this.busy(),
      reclaiming: this.reclaiming,
      maxSandboxes: this.limits.maxSandboxes,
      perClient: this.limits.maxSessionsPerClient,
      awayAfterMs,
    });
    for (const { id } of plan.drop) {
      const session = this.sessions.get(id)!;
      this.removeFromQueue(id);
      this.sessions.delete(id);
      this.emit('ended', session);
    }
    for (const { id } of plan.admit) {
      this.removeFromQueue(id);
      this.boot(this.sessions.get(id)!);
    }
    for (const { id } of plan.reclaim) this.reclaim(this.sessions.get(id)!);
    this.forgetAbandonedLost();
    this.armAwayTimer();
  }

  private boot(session: Session): void {
    session.status = 'starting';
    this.starting++;
    const done = this.pool.claim(ownerOf(session.learner, session.id)).then(
      async ({ sandbox }): Promise<Error | undefined> => {
        if (this.sessions.get(session.id) !== session || session.status !== 'starting') {
          // Ended while starting: the sandbox is nobody's.
          await this.engine.destroy(sandbox.id).catch((err: Error) => this.emit('admissionFailed', err));
          return undefined;
        }
        session.sandboxId = sandbox.id;
        session.status = 'ready';
        return undefined;
      },
      (err: Error) => {
        this.bootFailed(session, err);
        return err;
      },
    ).finally(() => {
      this.starting--;
      this.boots.delete(session.id);
      // Its place is taken or free now: either way, the next learner's turn is decided at once.
      this.pump();
    });
    this.boots.set(session.id, done);
  }

  private bootFailed(session: Session, err: Error): void {
    this.emit('admissionFailed', err);
    if (this.sessions.get(session.id) !== session) return;
    if (this.dropOnFailure.has(session.id)) {
      // The learner's own request reports the failure; nothing is left behind.
      this.sessions.delete(session.id);
      return;
    }
    // Queued or resetting: the learner is told on their next look, and may ask again.
    this.markLost(session, `No sandbox could be started for you: ${err.message}. Ask for a new one (reset) to try again.`);
  }

  private markLost(session: Session, message: string): void {
    session.status = 'lost';
    session.sandboxId = undefined;
    session.message = message;
    this.emit('lost', session);
  }

  /** Removes a sandbox no session holds any more; its place stays taken until it is gone. */
  private release(sandboxId: string, reclaimed = false): void {
    this.releasing++;
    if (reclaimed) this.reclaiming++;
    this.engine.destroy(sandboxId)
      .catch((err: Error) => this.emit('admissionFailed', err))
      .finally(() => {
        this.releasing--;
        if (reclaimed) this.reclaiming--;
        this.pump();
      });
  }

  /** An away session's sandbox goes to a waiting learner; the session stays, lost, in case its learner returns. */
  private reclaim(session: Session): void {
    const sandboxId = session.sandboxId!;
    this.markLost(session, `Your sandbox was given to another learner: the host was full and this session had not been used for ${duration(this.limits.awayAfterS)}. Files and processes in it are gone; reset the session for a new sandbox.`);
    this.release(sandboxId, true);
  }

  /** Lost sessions nobody came back for within the idle time-out are forgotten. */
  private forgetAbandonedLost(): void {
    for (const session of this.all()) {
      if (session.status === 'lost' && this.quietFor(session) > this.limits.idleTimeoutS * 1000) this.sessions.delete(session.id);
    }
  }

  /** Time alone makes a learner away: look again when the next present session could become so, while anyone waits. */
  private armAwayTimer(): void {
    clearTimeout(this.awayTimer);
    this.awayTimer = undefined;
    if (!this.queue.length) return;
    const awayAfterMs = this.limits.awayAfterS * 1000;
    const remaining = this.all()
      .filter((s) => s.status === 'ready' || s.status === 'queued')
      .map((s) => awayAfterMs - this.quietFor(s))
      .filter((ms) => ms > 0);
    const wait = Math.min(awayAfterMs, ...remaining) + 50;
    this.awayTimer = setTimeout(() => this.pump(), wait);
    this.awayTimer.unref();
  }

  private removeFromQueue(id: string): void {
    const at = this.queue.indexOf(id);
    if (at !== -1) this.queue.splice(at, 1);
  }

  private onSandboxGone(sandbox: SandboxInfo, reason: string, detail: string | undefined): void {
    if (reason === 'requested') return;
    const session = this.ofSandbox(sandbox.id);
    if (!session) return;
    if (reason === 'vanished') {
      this.markLost(session, `Your sandbox is gone: ${detail ?? 'its container disappeared'}. Files and processes in it are lost; reset the session for a new sandbox.`);
    } else {
      // Reaped (idle, expired): the session ends with its sandbox.
      this.sessions.delete(session.id);
      this.emit('ended', session);
    }
    // Its place is free for a queued learner.
    this.pump();
  }

  /** Stops the timer that looks for away learners (server shutdown). */
  stop(): void {
    clearTimeout(this.awayTimer);
  }
}
