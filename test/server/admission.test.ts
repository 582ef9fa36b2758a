// Coordination of sessions and the queue, against an in-memory fake of the
// engine's sandbox API (only the coordination is under test here; the real
// engine is in sessions.test.ts and session-caps.test.ts): per-client shares,
// away learners, and event-driven admission in which each learner's request
// waits only for, and fails only with, its own sandbox's boot.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { planAdmission, type AdmissionSession } from '../../server/sessions/admission.ts';
import { CapacityError, SessionManager, type SandboxInfo } from '../../server/sessions/session-manager.ts';

const LEARNERS = Array.from({ length: 10 }, (_, i) => `${i}`.padStart(32, 'a'));

interface Boot {
  owner: string;
  resolve(): void;
  reject(err: Error): void;
}

/** Sandboxes in memory; each claim waits until the test resolves or rejects its boot. */
class FakeEngine extends EventEmitter {
  readonly sandboxes = new Map<string, SandboxInfo>();
  readonly boots: Boot[] = [];
  private next = 0;

  constructor(private readonly clock: { now: number }) {
    super();
  }

  get(id: string) { return this.sandboxes.get(id); }
  list() { return [...this.sandboxes.values()]; }
  async restore() {
    return false;
  }
  /** Sandboxes waiting in the pool, handed out by takeWaiting (none unless a test adds them). */
  readonly waiting: SandboxInfo[] = [];
  /** Removals the test lets finish, in order; none pending means destroy finishes at once. */
  holdRemovals = false;
  readonly pendingRemovals: (() => void)[] = [];
  async takeWaiting(owner: string) {
    const spare = this.waiting.shift();
    if (spare) this.sandboxes.set(spare.id, { ...spare, owner });
    return spare && this.sandboxes.get(spare.id);
  }

  async destroy(id: string) {
    if (this.holdRemovals) await new Promise<void>((resolve) => this.pendingRemovals.push(resolve));
    const sandbox = this.sandboxes.get(id);
    this.sandboxes.delete(id);
    if (sandbox) this.emit('destroyed', sandbox, 'requested', undefined);
  }
  /** Removed behind the server's back, or reaped. */
  gone(id: string, reason: 'vanished' | 'idle') {
    const sandbox = this.sandboxes.get(id)!;
    this.sandboxes.delete(id);
    this.emit('destroyed', sandbox, reason, 'test');
  }
  claim(owner: string): Promise<{ sandbox: SandboxInfo }> {
    return new Promise((resolve, reject) => {
      this.boots.push({
        owner,
        resolve: () => {
          const at = new Date(this.clock.now);
          const sandbox = { id: `s${++this.next}`, owner, createdAt: at, expiresAt: new Date(this.clock.now + 3600_000), lastActiveAt: at };
          this.sandboxes.set(sandbox.id, sandbox);
          resolve({ sandbox });
        },
        reject,
      });
    });
  }
  bootOf(sessionId: string): Boot {
    const boot = this.boots.findLast((b) => b.owner.endsWith(`-${sessionId}`));
    if (!boot) throw new Error(`no boot for ${sessionId}`);
    return boot;
  }
}

// One turn of the event loop, not a wait for time: the fake engine's promises settle within it,
// and the tests check the state at exactly that point (what has not happened yet, too).
const settle = () => new Promise((r) => setTimeout(r, 0));

function setup(limits: { maxSandboxes: number; maxSessionsPerClient: number; awayAfterS?: number }) {
  const clock = { now: Date.parse('2026-11-25T10:00:00Z') };
  const engine = new FakeEngine(clock);
  const sessions = new SessionManager(engine, engine, { idleTimeoutS: 1800, awayAfterS: 180, ...limits }, () => clock.now);
  /** Opens a session and, when it boots at once, lets its boot succeed. */
  const openReady = async (learner: string, client: string) => {
    const opening = sessions.open(learner, client);
    await settle();
    const session = sessions.forLearner(learner)[0];
    if (session.status === 'starting') engine.bootOf(session.id).resolve();
    return opening;
  };
  return { clock, engine, sessions, openReady };
}

describe('one learner never waits for or fails with another learner\'s boot', () => {
  it('answers a second learner while the first one\'s sandbox is still booting', async () => {
    const { engine, sessions } = setup({ maxSandboxes: 5, maxSessionsPerClient: 5 });
    const slow = sessions.open(LEARNERS[0], '10.0.0.1');
    await settle();
    const fast = sessions.open(LEARNERS[1], '10.0.0.2');
    await settle();
    engine.bootOf(sessions.forLearner(LEARNERS[1])[0].id).resolve();
    expect((await fast).status).toBe('ready');
    expect(sessions.forLearner(LEARNERS[0])[0].status).toBe('starting');
    engine.bootOf(sessions.forLearner(LEARNERS[0])[0].id).resolve();
    expect((await slow).status).toBe('ready');
  });

  it('fails only the learner whose boot failed', async () => {
    const { engine, sessions } = setup({ maxSandboxes: 5, maxSessionsPerClient: 5 });
    const failing = sessions.open(LEARNERS[0], '10.0.0.1');
    const fine = sessions.open(LEARNERS[1], '10.0.0.2');
    await settle();
    engine.bootOf(sessions.forLearner(LEARNERS[0])[0].id).reject(new Error('boot failed'));
    engine.bootOf(sessions.forLearner(LEARNERS[1])[0].id).resolve();
    await expect(failing).rejects.toThrow('boot failed');
    expect((await fine).status).toBe('ready');
    // The failed learner's own request reported it; nothing is left behind.
    expect(sessions.forLearner(LEARNERS[0])).toEqual([]);
  });
});

describe('admission is event-driven', () => {
  it('admits the next queued learner when a boot fails, and tells the failed one why', async () => {
    const { engine, sessions, openReady } = setup({ maxSandboxes: 1, maxSessionsPerClient: 5 });
    const a = await openReady(LEARNERS[0], '10.0.0.1');
    const b = await sessions.open(LEARNERS[1], '10.0.0.2');
    const c = await sessions.open(LEARNERS[2], '10.0.0.3');
    expect([b.status, c.status]).toEqual(['queued', 'queued']);
    await sessions.end(a.id);
    expect(b.status).toBe('starting');
    engine.bootOf(b.id).reject(new Error('no sandbox for you'));
    await settle();
    await settle();
    // The failed boot freed its place, and the next learner's boot started at once.
    expect(c.status).toBe('starting');
    expect(sessions.view(b)).toMatchObject({ status: 'lost', message: expect.stringContaining('no sandbox for you') });
    engine.bootOf(c.id).resolve();
    await settle();
    expect(c.status).toBe('ready');
  });

  it('admits the next queued learner when a session ends, a sandbox vanishes or is reaped', async () => {
    const { engine, sessions, openReady } = setup({ maxSandboxes: 1, maxSessionsPerClient: 5 });
    const a = await openReady(LEARNERS[0], '10.0.0.1');
    const b = await sessions.open(LEARNERS[1], '10.0.0.2');
    const c = await sessions.open(LEARNERS[2], '10.0.0.3');
    const d = await sessions.open(LEARNERS[3], '10.0.0.4');

    engine.gone(a.sandboxId!, 'vanished');
    expect(a.status).toBe('lost');
    expect(b.status).toBe('starting');
    engine.bootOf(b.id).resolve();
    await settle();

    engine.gone(b.sandboxId!, 'idle');
    expect(sessions.get(b.id)).toBeUndefined();
    expect(c.status).toBe('starting');
    engine.bootOf(c.id).resolve();
    await settle();

    await sessions.end(c.id);
    expect(d.status).toBe('starting');
  });
});

describe('per-client shares', () => {
  it('passes over a client at its share, keeping its place, and refuses it with twice the host\'s places waiting', async () => {
    const { sessions, openReady } = setup({ maxSandboxes: 1, maxSessionsPerClient: 1 });
    const a = await openReady(LEARNERS[0], '2001:db8::/64');
    // Room on the host, but the client holds its share: it waits for its own place.
    const b = await sessions.open(LEARNERS[1], '2001:db8::/64');
    expect(sessions.view(b)).toMatchObject({ status: 'queued', queuePosition: 1 });
    expect(sessions.view(await sessions.open(LEARNERS[2], '2001:db8::/64'))).toMatchObject({ status: 'queued', queuePosition: 2 });
    await expect(sessions.open(LEARNERS[4], '2001:db8::/64')).rejects.toThrow(CapacityError);
    await sessions.end(a.id);
    expect(b.status).toBe('starting');
  });

  it('does not count sessions whose learner went away against their client', async () => {
    const { clock, openReady } = setup({ maxSandboxes: 3, maxSessionsPerClient: 1, awayAfterS: 180 });
    await openReady(LEARNERS[0], '203.0.113.9');
    clock.now += 181_000;
    const b = await openReady(LEARNERS[1], '203.0.113.9');
    expect(b.status).toBe('ready');
  });
});

describe('learners who left', () => {
  it('give their sandbox up to a newcomer when the host is full', async () => {
    const { clock, engine, sessions, openReady } = setup({ maxSandboxes: 1, maxSessionsPerClient: 1, awayAfterS: 180 });
    const gone = await openReady(LEARNERS[0], '10.0.0.1');
    clock.now += 179_000;
    const early = await sessions.open(LEARNERS[1], '10.0.0.2');
    expect(early.status).toBe('queued');
    expect(gone.status).toBe('ready');
    clock.now += 2_000;
    // The timer that watches for away learners would do this; the next request does it at once.
    const newcomer = await sessions.open(LEARNERS[2], '10.0.0.3');
    await settle();
    expect(sessions.view(gone)).toMatchObject({ status: 'lost', message: expect.stringContaining('given to another learner') });
    expect(early.status).toBe('starting');
    expect(newcomer.status).toBe('queued');
    engine.bootOf(early.id).resolve();
    await settle();
    expect(early.status).toBe('ready');
    sessions.stop();
  });

  it('leave the queue when they stop asking about it', async () => {
    const { clock, sessions, openReady } = setup({ maxSandboxes: 1, maxSessionsPerClient: 5, awayAfterS: 180 });
    const holder = await openReady(LEARNERS[0], '10.0.0.1');
    const left = await sessions.open(LEARNERS[1], '10.0.0.2');
    clock.now += 100_000;
    sessions.seen(holder);
    clock.now += 100_000;
    sessions.seen(holder);
    const waiting = await sessions.open(LEARNERS[2], '10.0.0.3');
    expect(sessions.get(left.id)).toBeUndefined();
    expect(sessions.view(waiting)).toMatchObject({ status: 'queued', queuePosition: 1 });
    sessions.stop();
  });
});

describe('reset', () => {
  it('takes a sandbox waiting in the pool and keeps the old one\'s place taken until it is gone', async () => {
    const { clock, engine, sessions, openReady } = setup({ maxSandboxes: 2, maxSessionsPerClient: 1 });
    const session = await openReady(LEARNERS[0], '10.0.0.1');
    const old = session.sandboxId!;
    const at = new Date(clock.now);
    engine.waiting.push({ id: 'spare', createdAt: at, expiresAt: new Date(clock.now + 3600_000), lastActiveAt: at });
    engine.holdRemovals = true;
    await sessions.reset(session.id);
    expect(session).toMatchObject({ status: 'ready', sandboxId: 'spare' });
    expect(engine.get('spare')!.owner).toMatch(new RegExp(`-${session.id}$`));
    expect(engine.boots).toHaveLength(1); // only the first open booted
    // The host has two places: the learner's new sandbox takes one, the old one still being removed the other.
    const newcomer = sessions.open(LEARNERS[1], '10.0.0.2');
    await settle();
    expect(sessions.capacity()).toMatchObject({ releasing: 1, queued: 1 });
    engine.pendingRemovals.splice(0).forEach((finish) => finish());
    await settle();
    expect(engine.get(old)).toBeUndefined();
    engine.bootOf(sessions.forLearner(LEARNERS[1])[0].id).resolve();
    await expect(newcomer).resolves.toMatchObject({ status: 'ready' });
  });

  it('restores or replaces the sandbox in place when none waits in the pool', async () => {
    const { engine, sessions, openReady } = setup({ maxSandboxes: 2, maxSessionsPerClient: 2 });
    const session = await openReady(LEARNERS[0], '10.0.0.1');
    const old = session.sandboxId!;
    const resetting = sessions.reset(session.id);
    await settle();
    engine.bootOf(session.id).resolve();
    await resetting;
    expect(session.status).toBe('ready');
    expect(session.sandboxId).not.toBe(old);
    expect(engine.get(old)).toBeUndefined();
  });
});

describe('planAdmission', () => {
  const s = (id: string, client: string, quietForMs = 0, status: AdmissionSession['status'] = 'queued'): AdmissionSession =>
    ({ id, client, status, holding: status !== 'queued', quietForMs });

  it('reclaims no more away sandboxes than there are learners waiting, beyond those already freeing', () => {
    const holders = [s('h1', 'x', 500_000, 'ready'), s('h2', 'x', 400_000, 'ready'), s('h3', 'y', 0, 'ready')];
    const queue = [s('q1', 'z'), s('q2', 'w')];
    const input = { queue, holders, busy: 3, reclaiming: 0, maxSandboxes: 3, perClient: 3, awayAfterMs: 180_000 };
    expect(planAdmission(input).reclaim.map((r) => r.id)).toEqual(['h1', 'h2']);
    expect(planAdmission({ ...input, reclaiming: 1 }).reclaim.map((r) => r.id)).toEqual(['h1']);
    expect(planAdmission({ ...input, queue: [s('q1', 'z')] }).reclaim.map((r) => r.id)).toEqual(['h1']);
  });
});
