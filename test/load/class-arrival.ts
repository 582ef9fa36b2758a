// A class arriving at once: N simulated learners come within a few seconds,
// each joins the class with its code, starts a session, opens a terminal and
// waits for the shell prompt. Measured twice in one run, each time on a fresh
// server with the same caps: once with the class's pre-warm (a start time and
// a capacity, so the warm pool holds a sandbox for every place before anyone
// arrives: server/classes/prewarm.ts), and once without (a class with neither,
// so the pool holds its ordinary DOCKYARD_POOL_SIZE). Everything the run
// created is removed at the end.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BackendName } from '../../engine/index.ts';
import { startServerProcess, type ServerProcess } from '../bench/server-process.ts';
import { Learner, type TerminalClient } from '../server/clients.ts';
import { hostCpuTicks, loadAverage, otherContainers } from './host-probe.ts';
import { openNamespace } from './namespace.ts';
import { LoadRecorder } from './recorder.ts';

export const CLASS_NAMESPACE = 'load-class';
/** The server takes at most this many joins a minute from one address (server/routes/classes.ts), and every simulated learner comes from 127.0.0.1. */
export const MAX_CLASS_LEARNERS = 60;
// The same prompt the other simulated learners wait for (simulated-learner.ts).
const PROMPT = /root@sandbox:~# $/;
/** From arriving to the prompt: generous, so a slow start is measured, not cut off as a failure. */
const ARRIVAL_TIMEOUT_MS = 300_000;
const FILL_TIMEOUT_MS = 600_000;
const POLL_MS = 500;
const PROGRESS_EVERY_MS = 5000;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ClassArrivalOptions {
  learners: number;
  /** Learners arrive evenly over this many seconds. */
  rampS: number;
  log: (line: string) => void;
}

export interface PoolHealth {
  size: number;
  reserve: number;
  ready: number;
  creating: number;
  lastError?: string;
}

export interface ArrivalPhase {
  prewarm: boolean;
  /** Host load before this phase's server started. */
  loadAverageBefore: number;
  /** From making the class to the pool holding its target (its size plus the class's reserve), read from /api/health. */
  fill: { ms: number; reached: boolean; target: number };
  /** The pool when the first learner arrived. */
  poolAtArrival: PoolHealth;
  /** Per learner who reached a prompt: from its arrival (its first request) to the prompt, and the steps on the way. */
  promptMs: number[];
  joinMs: number[];
  /** Recorder's sessionReadyMs: POST /api/sessions → ready; terminalOpenMs: opening the terminal → prompt; errors by kind. */
  recorder: LoadRecorder;
  /** The whole host's CPU use from the first arrival to the last learner's prompt (or failure), % of all cores. */
  hostBusyPercent: number;
  arrivalSeconds: number;
}

export interface ClassArrivalResult {
  options: Omit<ClassArrivalOptions, 'log'>;
  backend: BackendName;
  startedAt: Date;
  serverCaps: Record<string, string>;
  before: { loadAverage: number; otherContainers: number };
  prewarmed: ArrivalPhase;
  baseline: ArrivalPhase;
}

async function health(server: ServerProcess): Promise<{ pool: PoolHealth; sandboxes: number }> {
  // The details answer a client on this machine when no operator token is set (operator-auth.ts); 503 while degraded still has them.
  const response = await fetch(`${server.url}/api/health`);
  const body = (await response.json()) as { pool?: PoolHealth; sandboxes?: number };
  if (!body.pool || body.sandboxes === undefined) throw new Error(`/api/health answered ${response.status} without the pool's details: ${JSON.stringify(body)}`);
  return { pool: body.pool, sandboxes: body.sandboxes };
}

const poolHealth = async (server: ServerProcess) => (await health(server)).pool;

/** Polls the pool until it holds `target` ready sandboxes; says how long that took and whether it got there. */
async function waitForPool(server: ServerProcess, target: number, log: ClassArrivalOptions['log']): Promise<ArrivalPhase['fill']> {
  const started = performance.now();
  let lastSaid = started;
  for (;;) {
    const pool = await poolHealth(server);
    const ms = performance.now() - started;
    if (pool.ready >= target) return { ms, reached: true, target };
    if (ms > FILL_TIMEOUT_MS) {
      log(`  the pool held ${pool.ready} of ${target} after ${Math.round(ms / 1000)} s${pool.lastError ? ` (last error: ${pool.lastError})` : ''}; the learners arrive anyway`);
      return { ms, reached: false, target };
    }
    if (performance.now() - lastSaid > PROGRESS_EVERY_MS) {
      log(`  pool: ${pool.ready}/${target} ready, ${pool.creating} starting${pool.lastError ? `, last error: ${pool.lastError}` : ''} (${Math.round(ms / 1000)} s)`);
      lastSaid = performance.now();
    }
    await pause(POLL_MS);
  }
}

/** Resolves once the ended sessions' sandboxes are gone and the pool is full and creating nothing (so nothing starts a boot now). */
async function poolQuiet(server: ServerProcess): Promise<void> {
  const deadline = performance.now() + FILL_TIMEOUT_MS;
  for (;;) {
    const { pool, sandboxes } = await health(server);
    if (pool.creating === 0 && pool.ready >= pool.size + pool.reserve && sandboxes === pool.ready) return;
    if (performance.now() > deadline) throw new Error(`still ${sandboxes} sandbox(es), ${pool.creating} starting, ${pool.ready} ready in the pool`);
    await pause(POLL_MS);
  }
}

interface Arrived {
  client: Learner;
  sessionId?: string;
  term?: TerminalClient;
}

/** One learner's arrival: join, session, terminal, prompt. Failures are recorded under the step that failed. */
async function arrive(code: string, index: number, phase: ArrivalPhase, into: Arrived): Promise<void> {
  const { recorder } = phase;
  const client = into.client;
  const arrived = performance.now();
  const deadline = Date.now() + ARRIVAL_TIMEOUT_MS;
  const fail = (kind: string, message: string) => recorder.error(kind, message);
  try {
    const joined = await client.request('POST', '/api/classes/join', JSON.stringify({ code, name: `Learner ${index + 1}` }), { 'content-type': 'application/json' });
    if (joined.status !== 200) return fail(`join_${joined.status}`, await joined.text());
    phase.joinMs.push(performance.now() - arrived);

    const asked = performance.now();
    const created = await client.json<{ id: string; status: string; error?: string; message?: string }>('POST', '/api/sessions');
    if (created.status !== 200) return fail(`session_create_${created.status}`, `${created.body?.error}: ${created.body?.message}`);
    into.sessionId = created.body.id;
    let { status } = created.body;
    while (status !== 'ready') {
      if (status === 'lost') return fail('session_lost', JSON.stringify(created.body));
      if (Date.now() > deadline) return fail('session_not_ready', `still ${status} ${ARRIVAL_TIMEOUT_MS} ms after arriving`);
      await pause(250);
      const polled = await client.json<{ status: string; message?: string }>('GET', `/api/sessions/${into.sessionId}`);
      if (polled.status !== 200) return fail(`session_poll_${polled.status}`, JSON.stringify(polled.body));
      status = polled.body.status;
      if (status === 'lost') return fail('session_lost', polled.body.message ?? 'lost');
    }
    recorder.sessionReadyMs.push(performance.now() - asked);

    const opening = performance.now();
    try {
      into.term = await client.terminal(into.sessionId, 'class');
    } catch (err) {
      return fail('terminal_open', (err as Error).message);
    }
    if (into.term.closeCode !== undefined) return fail('terminal_refused', `closed with ${into.term.closeCode}: ${JSON.stringify(into.term.controls)}`);
    try {
      await into.term.waitFor(PROMPT, Math.max(1000, deadline - Date.now()));
    } catch (err) {
      return fail('no_prompt', (err as Error).message);
    }
    recorder.terminalOpenMs.push(performance.now() - opening);
    phase.promptMs.push(performance.now() - arrived);
  } catch (err) {
    fail('client_error', (err as Error).message);
  }
}

async function runPhase(prewarm: boolean, options: ClassArrivalOptions, serverEnv: Record<string, string>, token: string): Promise<ArrivalPhase> {
  const { learners, rampS, log } = options;
  const label = prewarm ? 'with pre-warm' : 'without pre-warm';
  log(`${label}: starting a server and waiting for its ordinary pool`);
  const space = await openNamespace(CLASS_NAMESPACE);
  const leftovers = await space.sweep();
  if (leftovers) log(`removed ${leftovers} sandbox(es) left by an earlier run`);
  const phase: ArrivalPhase = {
    prewarm,
    loadAverageBefore: loadAverage(),
    fill: { ms: Number.NaN, reached: false, target: 0 },
    poolAtArrival: { size: 0, reserve: 0, ready: 0, creating: 0 },
    promptMs: [],
    joinMs: [],
    recorder: new LoadRecorder(),
    hostBusyPercent: Number.NaN,
    arrivalSeconds: Number.NaN,
  };
  // Classes record their learners' terminals: into a directory of this run's own, removed at the end.
  const recordings = await mkdtemp(path.join(os.tmpdir(), 'dockyard-load-class-'));
  const server = await startServerProcess(CLASS_NAMESPACE, { ...serverEnv, DOCKYARD_RECORDINGS_DIR: recordings });
  const crowd: Arrived[] = Array.from({ length: learners }, () => ({ client: new Learner(server.url) }));
  let classId: string | undefined;
  try {
    // A server in its steady state first: its ordinary pool full, as before any class.
    const ordinary = await poolHealth(server);
    await waitForPool(server, ordinary.size, log);
    const made = await fetch(`${server.url}/api/classes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      // With a start time within DOCKYARD_PREWARM_LEAD and a capacity, the class is pre-warmed; without, it is not.
      body: JSON.stringify({ name: prewarm ? 'Load class (pre-warmed)' : 'Load class (no pre-warm)', ...(prewarm ? { startsAt: new Date().toISOString(), capacity: learners } : {}) }),
    });
    const klass = (await made.json()) as { id?: string; code?: string };
    if (made.status !== 201 || !klass.code) throw new Error(`POST /api/classes answered ${made.status}: ${JSON.stringify(klass)}`);
    classId = klass.id;
    // Read right after the class was made: the reserve is worked out on every look, so it is the class's already.
    const wanted = await poolHealth(server);
    const target = wanted.size + wanted.reserve;
    log(`${label}: class made; waiting for the pool to hold ${target} ready sandbox(es) (size ${wanted.size} + reserve ${wanted.reserve})`);
    phase.fill = await waitForPool(server, target, log);
    log(`  pool full after ${(phase.fill.ms / 1000).toFixed(1)} s; ${learners} learner(s) arrive over ${rampS} s`);
    phase.poolAtArrival = await poolHealth(server);

    const cpuBefore = await hostCpuTicks();
    const t0 = performance.now();
    const progress = setInterval(() => {
      log(`  ${phase.promptMs.length}/${learners} at a prompt, ${phase.recorder.errorCount()} failed (${Math.round((performance.now() - t0) / 1000)} s)`);
    }, PROGRESS_EVERY_MS);
    try {
      await Promise.all(crowd.map(async (arrived, i) => {
        await pause(Math.max(0, t0 + (rampS * 1000 * i) / learners - performance.now()));
        await arrive(klass.code!, i, phase, arrived);
      }));
    } finally {
      clearInterval(progress);
    }
    const cpuAfter = await hostCpuTicks();
    phase.arrivalSeconds = (performance.now() - t0) / 1000;
    phase.hostBusyPercent = (100 * (cpuAfter.busy - cpuBefore.busy)) / (cpuAfter.total - cpuBefore.total);
    log(`  ${phase.promptMs.length}/${learners} reached a prompt, ${phase.recorder.errorCount()} failed`);
  } finally {
    // Closed first: a pre-warmed class whose learners give their sandboxes up would have the pool start new ones for them.
    if (classId) await fetch(`${server.url}/api/classes/${classId}/close`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
    await Promise.all(crowd.map(async ({ client, sessionId, term }) => {
      term?.close();
      if (!sessionId) return;
      const ended = await client.request('DELETE', `/api/sessions/${sessionId}`).catch((err: Error) => err);
      if (ended instanceof Error || ended.status !== 204) phase.recorder.error('session_end', ended instanceof Error ? ended.message : `DELETE answered ${ended.status}`);
    }));
    await rm(recordings, { recursive: true, force: true });
    // A server stopped while its pool boots a sandbox leaves it half made, and Incus refuses to remove an instance it is still creating.
    await poolQuiet(server).catch((err: Error) => log(`  the pool did not settle before the server stopped: ${err.message}`));
    await server.stop();
    // The pool's sandboxes outlive the server by design.
    await space.sweep();
  }
  return phase;
}

export async function runClassArrival(options: ClassArrivalOptions): Promise<ClassArrivalResult> {
  const { learners, rampS, log } = options;
  if (learners > MAX_CLASS_LEARNERS) throw new Error(`at most ${MAX_CLASS_LEARNERS} learners: the server takes ${MAX_CLASS_LEARNERS} joins a minute from one address`);
  const space = await openNamespace(CLASS_NAMESPACE);
  const token = randomBytes(24).toString('hex');
  // The same caps for both phases. DOCKYARD_MAX_SANDBOXES is the class's size, so the host's cap
  // (15 by default) is not what is measured, and pre-warm may fill a place for every learner.
  const serverCaps = {
    DOCKYARD_MAX_SANDBOXES: String(learners),
    DOCKYARD_MAX_SESSIONS_PER_CLIENT: String(learners),
    DOCKYARD_SESSION_RATE_LIMIT: String(Math.max(20, 2 * learners)),
  };
  const serverEnv = { ...serverCaps, DOCKYARD_DATABASE: ':memory:', DOCKYARD_INSTRUCTOR_TOKEN: token };
  const startedAt = new Date();
  const before = { loadAverage: loadAverage(), otherContainers: await otherContainers(space.backend, CLASS_NAMESPACE) };
  log(`class arrival: ${learners} learner(s) on ${space.backend.name} arriving over ${rampS} s, with and then without pre-warm (host load average ${before.loadAverage}, ${before.otherContainers} other container(s) running)`);
  const prewarmed = await runPhase(true, options, serverEnv, token);
  const baseline = await runPhase(false, options, serverEnv, token);
  return { options: { learners, rampS }, backend: space.backend.name, startedAt, serverCaps, before, prewarmed, baseline };
}
