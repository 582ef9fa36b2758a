// One server with two learners on it: an abuser whose sandbox misbehaves and
// a neighbour who keeps working. Each abuse test proves the neighbour and the
// server are unaffected, beside the containment of the abuse itself.
import { afterAll, beforeAll, expect } from 'vitest';
import type { RunningServer } from '../../server/main.ts';
import { Learner, testServer, type TerminalClient } from '../server/harness.ts';

// Any shipped exercise: what matters is that grading still runs, not its verdict.
const EXERCISE = 'first-look';

export interface Resident {
  learner: Learner;
  sessionId: string;
  sandboxId: string;
}

export interface Neighbourhood {
  server: RunningServer;
  abuser: Resident;
  neighbour: Resident;
  /** The neighbour's open terminal. */
  neighbourTerminal: TerminalClient;
}

/** Runs `script` in a sandbox beside the learner's processes, as the platform does for checks. */
export async function platformRun(place: Neighbourhood, resident: Resident, script: string): Promise<string> {
  const result = await place.server.context.engine.sandboxes.run(resident.sandboxId, ['bash', '-c', script], { as: 'platform', timeoutMs: 20_000 });
  expect(result.exitCode, result.stderr).toBe(0);
  return result.stdout;
}

/** Types a command whose output the shell computes, so the echoed keystrokes cannot match it; returns what it printed. */
export async function typeAndSee(term: TerminalClient, command: string, timeoutMs = 60_000): Promise<string> {
  const mark = `m${Math.random().toString(36).slice(2, 8)}`;
  const from = term.received;
  term.type(`${command}; echo ${mark}-$((40+2))\n`);
  return term.waitFor(new RegExp(`${mark}-42\\r\\n`), timeoutMs, from);
}

/** Grades an exercise in the resident's sandbox; returns the HTTP status and body. */
export async function grade(resident: Resident): Promise<{ status: number; body: { tasks?: unknown[] } }> {
  return resident.learner.json('POST', `/api/sessions/${resident.sessionId}/exercises/${EXERCISE}/check`);
}

/** The server answers, the neighbour's terminal echoes, and grading runs for the neighbour. */
export async function expectNeighbourUnaffected(place: Neighbourhood): Promise<void> {
  const health = await fetch(`${place.server.url}/api/health`);
  expect(health.status).toBe(200);
  expect(await typeAndSee(place.neighbourTerminal, 'echo neighbour-$((6*7))')).toContain('neighbour-42');
  const graded = await grade(place.neighbour);
  expect(graded.status).toBe(200);
  expect(graded.body.tasks?.length).toBeGreaterThan(0);
}

async function resident(server: RunningServer): Promise<Resident> {
  const learner = new Learner(server.url);
  const { id, status } = await learner.session();
  expect(status).toBe('ready');
  return { learner, sessionId: id, sandboxId: server.context.sessions.get(id)!.sandboxId! };
}

/** A server for this test file with an abuser and a neighbour; removed after the file's tests. */
export function neighbourhood(suffix: string, env: Record<string, string> = {}): Neighbourhood {
  const place = {} as Neighbourhood;
  beforeAll(async () => {
    place.server = await testServer(suffix, { DOCKYARD_POOL_SIZE: '0', DOCKYARD_TERMINALS_PER_SESSION: '16', ...env });
    place.abuser = await resident(place.server);
    place.neighbour = await resident(place.server);
    place.neighbourTerminal = await place.neighbour.learner.terminal(place.neighbour.sessionId, 'main');
  });
  afterAll(async () => {
    place.neighbourTerminal?.close();
    for (const someone of [place.abuser, place.neighbour]) {
      if (someone) await someone.learner.request('DELETE', `/api/sessions/${someone.sessionId}`);
    }
    await place.server?.stop();
  });
  return place;
}
