// Pre-warm's arithmetic, against the real class store (in memory) and a pool
// that records what it is asked to hold: which classes count, how arrived
// learners lower the reserve, and the host's cap.
import { describe, expect, it } from 'vitest';
import { ClassStore } from '../../server/classes/class-store.ts';
import { Prewarm } from '../../server/classes/prewarm.ts';
import { newLearnerId, newSessionId, ownerOf } from '../../server/sessions/identity.ts';
import { openDatabase } from '../../server/storage/database.ts';

const MINUTE = 60_000;
const now = new Date('2026-12-07T10:00:00Z');

function setup(maxSandboxes = 50, poolSize = 1) {
  const store = new ClassStore(openDatabase(':memory:'));
  const sandboxes: { owner?: string }[] = [];
  let reserve: () => number = () => 0;
  const inFlight = { claims: 0 };
  const pool = { reserveFrom: (extra: () => number) => { reserve = extra; }, refill: () => undefined, size: poolSize, claimsInFlight: () => inFlight.claims };
  const prewarm = new Prewarm(store, { list: () => sandboxes }, pool, { leadMs: 10 * MINUTE, holdMs: 30 * MINUTE, maxSandboxes }, () => now);
  prewarm.start();
  const at = (minutes: number) => new Date(now.getTime() + minutes * MINUTE).toISOString();
  return { store, sandboxes, prewarm, reserve: () => reserve(), at, inFlight };
}

describe('pre-warm', () => {
  it('holds a sandbox for each free place of classes in their window, and nothing for others', () => {
    const { store, reserve, at, prewarm } = setup();
    store.create('t', { name: 'soon', lessons: ['a'], startsAt: at(5), capacity: 3 });
    store.create('t', { name: 'running', lessons: ['a'], startsAt: at(-20), capacity: 2 });
    store.create('t', { name: 'later', lessons: ['a'], startsAt: at(20), capacity: 7 });
    store.create('t', { name: 'long over', lessons: ['a'], startsAt: at(-40), capacity: 7 });
    store.create('t', { name: 'no size', lessons: ['a'], startsAt: at(1) });
    store.create('t', { name: 'no start', lessons: ['a'], capacity: 9 });
    const closed = store.create('t', { name: 'closed', lessons: ['a'], startsAt: at(2), capacity: 4 });
    store.close(closed.id);
    expect(reserve()).toBe(5);
    prewarm.stop();
    expect(reserve()).toBe(0);
  });

  it('counts a member who owns a sandbox as arrived, the moment the sandbox is theirs', () => {
    const { store, sandboxes, reserve, at } = setup();
    const klass = store.create('t', { name: 'soon', lessons: ['a'], startsAt: at(5), capacity: 3 });
    const learner = newLearnerId();
    store.join(klass, learner, 'Ada');
    expect(reserve()).toBe(3);
    sandboxes.push({ owner: undefined }, { owner: ownerOf(learner, newSessionId()) });
    expect(reserve()).toBe(2);
    // Someone else's sandbox is not an arrival.
    sandboxes.push({ owner: ownerOf(newLearnerId(), newSessionId()) });
    expect(reserve()).toBe(2);
  });

  it('counts a sandbox on its way from the pool to a learner as taken, so no boot replaces it meanwhile', () => {
    const { store, reserve, at, inFlight } = setup();
    store.create('t', { name: 'soon', lessons: ['a'], startsAt: at(5), capacity: 3 });
    expect(reserve()).toBe(3);
    inFlight.claims = 1;
    expect(reserve()).toBe(2);
  });

  it('never holds more than the host may run beside the learners already there', () => {
    const { store, sandboxes, reserve, at } = setup(6, 2);
    store.create('t', { name: 'big', lessons: ['a'], startsAt: at(1), capacity: 30 });
    expect(reserve()).toBe(4);
    sandboxes.push({ owner: ownerOf(newLearnerId(), newSessionId()) }, { owner: ownerOf(newLearnerId(), newSessionId()) });
    expect(reserve()).toBe(2);
    sandboxes.push(...Array.from({ length: 5 }, () => ({ owner: ownerOf(newLearnerId(), newSessionId()) })));
    expect(reserve()).toBe(0);
  });
});
