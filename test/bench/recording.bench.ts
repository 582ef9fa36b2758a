// The size of class recordings: one learner in a class types exercise
// solutions a key at a time at the load test's human pace, with the check
// after each, over a real server; the asciicast files written for that
// terminal are weighed against the terminal output the learner's client
// received over the same span, and extrapolated to an hour and to the
// default budget per learner and class.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Learner, type TerminalClient } from '../server/clients.ts';
import { solutionCommands } from '../load/namespace.ts';
import { keystrokeGap, nextOutput, thinkingTime } from '../load/simulated-learner.ts';
import { startServerProcess } from './server-process.ts';
import type { BenchSection } from './load.bench.ts';
import { round } from './stats.ts';

const PROMPT = /root@sandbox:~# $/;
// Short solutions, one command a line, that need no network: about two minutes at a human pace.
const EXERCISES = ['first-look', 'chroot-jail'];
const TOKEN = 'bench-recording-instructor-token-0123456789';
const DEFAULT_BUDGET_BYTES = 16 * 1024 ** 2;
const MiB = 1024 ** 2;

interface RecordingInfo { id: string; terminal: string; bytes: number }

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Types a command as the load test's simulated learner does: each key after the last one's echo and a pause, then Enter, the prompt and a moment's thought. */
async function typeCommand(term: TerminalClient, text: string): Promise<void> {
  for (const key of text) {
    const echoed = nextOutput(term, 10_000);
    term.type(key);
    await echoed;
    await pause(keystrokeGap());
  }
  const mark = term.received;
  term.type('\r');
  await term.waitFor(PROMPT, 120_000, mark);
  await pause(thinkingTime());
}

export async function benchRecording(log: (line: string) => void): Promise<BenchSection> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dockyard-bench-recordings-'));
  const server = await startServerProcess('bench-recording', {
    DOCKYARD_INSTRUCTOR_TOKEN: TOKEN, DOCKYARD_RECORDINGS_DIR: dir, DOCKYARD_DATABASE: ':memory:', DOCKYARD_POOL_SIZE: '0',
  });
  const instructor = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${server.url}${url}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  const learner = new Learner(server.url);
  let sessionId = '';
  let classId = '';
  try {
    const klass = await instructor<{ id: string; code: string }>('POST', '/api/classes', { name: 'Recording bench' });
    classId = klass.id;
    let session = await learner.session();
    sessionId = session.id;
    const deadline = Date.now() + 300_000;
    while (session.status !== 'ready') {
      if (Date.now() > deadline) throw new Error(`the session is still ${session.status}`);
      await pause(250);
      session = (await learner.json<typeof session>('GET', `/api/sessions/${sessionId}`)).body;
    }
    const joined = await learner.request('POST', '/api/classes/join', JSON.stringify({ code: klass.code, name: 'Bench' }), { 'content-type': 'application/json' });
    if (joined.status !== 200) throw new Error(`joining answered ${joined.status}: ${await joined.text()}`);

    // Opened after joining, the terminal is recorded from its start: the client counts its output from there too.
    const started = Date.now();
    const term = await learner.terminal(sessionId, 'main');
    let rawBytes = 0;
    term.socket.on('message', (data: Buffer, binary: boolean) => { if (binary) rawBytes += data.length; });
    await term.waitFor(PROMPT, 30_000);
    let keys = 0;
    let commands = 0;
    const checks: string[] = [];
    for (const exercise of EXERCISES) {
      log(`typing the ${exercise} solution …`);
      await learner.request('POST', `/api/sessions/${sessionId}/exercises/${exercise}/open`);
      for (const command of await solutionCommands(exercise)) {
        await typeCommand(term, command);
        keys += command.length + 1;
        commands++;
      }
      const graded = await learner.json<{ passed: boolean; tasks?: { passed: boolean }[] }>('POST', `/api/sessions/${sessionId}/exercises/${exercise}/check`);
      const tasks = graded.body?.tasks ?? [];
      checks.push(`${exercise} ${graded.status === 200 ? `${tasks.filter((t) => t.passed).length}/${tasks.length}` : `answered ${graded.status}`}`);
    }
    term.type('exit\r');
    await term.closed();
    const seconds = (Date.now() - started) / 1000;

    // The recording ends with its terminal; its file is complete once its size stops changing.
    const { learners } = await instructor<{ learners: { member: string }[] }>('GET', `/api/classes/${classId}/roster`);
    const listUrl = `/api/classes/${classId}/learners/${learners[0].member}/recordings`;
    let recordings: RecordingInfo[] = [];
    let bytes = -1;
    for (let tries = 0; tries < 50; tries++) {
      await pause(200);
      recordings = (await instructor<{ recordings: RecordingInfo[] }>('GET', listUrl)).recordings;
      const total = recordings.reduce((sum, r) => sum + r.bytes, 0);
      if (total > 0 && total === bytes) break;
      bytes = total;
    }
    const events: Record<string, number> = {};
    for (const recording of recordings) {
      const cast = await fetch(`${server.url}${listUrl}/${recording.id}`, { headers: { authorization: `Bearer ${TOKEN}` } }).then((r) => r.text());
      for (const line of cast.trim().split('\n').slice(1)) {
        const type = (JSON.parse(line) as [number, string, string])[1];
        events[type] = (events[type] ?? 0) + 1;
      }
    }

    const perHourMiB = (bytes / MiB) * (3600 / seconds);
    const rawPerHourMiB = (rawBytes / MiB) * (3600 / seconds);
    const work = `${Math.round(seconds)} s typing ${EXERCISES.length} exercise solutions (${EXERCISES.join(', ')}: ${keys} keys, ${commands} commands) at the load test's pace, each checked`;
    log(`${bytes} bytes recorded in ${recordings.length} file(s) over ${seconds.toFixed(1)} s; the client received ${rawBytes} bytes of output`);
    return {
      figures: [
        {
          name: `asciicast recording of one learner's ${work}`,
          unit: 'KiB',
          samples: [bytes / 1024],
          baseline: `terminal output the client received: ${round(rawBytes / 1024)} KiB (recording ×${(bytes / rawBytes).toFixed(1)})`,
        },
        { name: 'recording size per hour of that work', unit: 'MiB/h', samples: [perHourMiB], baseline: `terminal output received: ${round(rawPerHourMiB)} MiB/h` },
        { name: 'hours of that work in the default 16 MiB budget per learner and class (`DOCKYARD_RECORDING_BUDGET`)', unit: 'h', samples: [DEFAULT_BUDGET_BYTES / MiB / perHourMiB] },
      ],
      notes: [
        `The learner joined a class, opened a terminal, and for each exercise opened it, typed its reference solution a key at a time (each key after the previous one's echo and 100–250 ms, 1–4 s between commands, as the simulated learners of \`npm run load\` do) and ran its check (${checks.join(', ')} tasks passed), then typed \`exit\`. `
        + `${recordings.length} recording file(s), ${bytes} bytes: ${Object.entries(events).map(([type, n]) => `${n} \`${type}\` events`).join(', ')}. An hour is extrapolated from the ${Math.round(seconds)} s; time spent reading with the terminal idle adds almost nothing to a recording.`,
      ],
    };
  } finally {
    if (sessionId) await learner.request('DELETE', `/api/sessions/${sessionId}`);
    if (classId) await instructor('DELETE', `/api/classes/${classId}`).catch(() => undefined);
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
