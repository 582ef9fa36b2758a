// One simulated learner, a real client of the server: its own cookie over
// HTTP, a terminal over WebSocket, typing at a human pace. It follows an
// exercise's reference solution, asks for a grade, then keeps working at the
// prompt (echo, ls, docker ps, now and then a `docker run`) until told to stop.
import { Learner, type TerminalClient } from '../server/clients.ts';
import type { LoadRecorder } from './recorder.ts';

const PROMPT = /root@sandbox:~# $/;
const READY_TIMEOUT_MS = 300_000;
const ECHO_TIMEOUT_MS = 10_000;
const COMMAND_TIMEOUT_MS = 120_000;
const BROWSING = ['echo hello', 'ls -la', 'docker ps', 'echo $((6*7))', 'ls /', 'docker run --rm busybox true'];

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A person types a character every 100–250 ms and reads for 1–4 s between commands. */
export const keystrokeGap = () => 100 + Math.random() * 150;
export const thinkingTime = () => 1000 + Math.random() * 3000;

export interface LearnerPlan {
  exerciseId: string;
  /** The exercise's reference solution, one shell command a line. */
  solution: string[];
}

/** Resolves at the next binary (terminal output) frame. */
export function nextOutput(term: TerminalClient, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      term.socket.off('message', onMessage);
      term.socket.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onMessage = (_data: unknown, binary: boolean) => { if (binary) done(); };
    const onClose = () => done(new Error('socket closed'));
    const timer = setTimeout(() => done(new Error(`no echo within ${timeoutMs} ms`)), timeoutMs);
    term.socket.on('message', onMessage);
    term.socket.on('close', onClose);
  });
}

export class SimulatedLearner {
  private readonly client: Learner;
  private sessionId?: string;
  private term?: TerminalClient;

  constructor(base: string, private readonly plan: LearnerPlan, private readonly recorder: LoadRecorder) {
    this.client = new Learner(base);
  }

  /** Starts a session and works until `until` (epoch ms); failures are recorded, not thrown. */
  async work(until: number): Promise<void> {
    try {
      if (!(await this.startSession())) return;
      if (!(await this.openTerminal())) return;
      const { solution, exerciseId } = this.plan;
      await this.client.request('POST', `/api/sessions/${this.sessionId}/exercises/${exerciseId}/open`);
      for (const command of solution) {
        if (Date.now() >= until) return;
        await this.command(command);
      }
      await this.check();
      for (let i = 0; Date.now() < until; i++) await this.command(BROWSING[i % BROWSING.length]);
    } catch (err) {
      this.recorder.error(kindOf(err as Error), (err as Error).message);
    }
  }

  /** Closes the terminal and ends the session, removing its sandbox. */
  async end(): Promise<void> {
    this.term?.close();
    if (!this.sessionId) return;
    const response = await this.client.request('DELETE', `/api/sessions/${this.sessionId}`);
    if (response.status !== 204) this.recorder.error('session_end', `DELETE answered ${response.status}`);
  }

  private async startSession(): Promise<boolean> {
    const started = performance.now();
    const created = await this.client.json<{ id: string; status: string; error?: string; message?: string }>('POST', '/api/sessions');
    if (created.status !== 200) {
      this.recorder.error(`session_create_${created.status}`, `${created.body?.error}: ${created.body?.message}`);
      return false;
    }
    this.sessionId = created.body.id;
    let status = created.body.status;
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (status !== 'ready') {
      if (Date.now() > deadline) {
        this.recorder.error('session_not_ready', `still ${status} after ${READY_TIMEOUT_MS} ms`);
        return false;
      }
      await pause(250);
      const polled = await this.client.json<{ status: string }>('GET', `/api/sessions/${this.sessionId}`);
      if (polled.status !== 200) {
        this.recorder.error(`session_poll_${polled.status}`, JSON.stringify(polled.body));
        return false;
      }
      status = polled.body.status;
    }
    this.recorder.sessionReadyMs.push(performance.now() - started);
    return true;
  }

  private async openTerminal(): Promise<boolean> {
    const started = performance.now();
    this.term = await this.client.terminal(this.sessionId!, 'load');
    if (this.term.closeCode !== undefined) {
      this.recorder.error('terminal_refused', `closed with ${this.term.closeCode}: ${JSON.stringify(this.term.controls)}`);
      return false;
    }
    await this.term.waitFor(PROMPT, 30_000);
    this.recorder.terminalOpenMs.push(performance.now() - started);
    return true;
  }

  /** Types `text` a key at a time, timing each key's echo, then Enter, and waits for the prompt. */
  private async command(text: string): Promise<void> {
    const term = this.term!;
    for (const key of text) {
      const echoed = nextOutput(term, ECHO_TIMEOUT_MS);
      const sent = performance.now();
      term.type(key);
      await echoed;
      this.recorder.echoMs.push(performance.now() - sent);
      await pause(keystrokeGap());
    }
    const mark = term.received;
    const started = performance.now();
    term.type('\r');
    await term.waitFor(PROMPT, COMMAND_TIMEOUT_MS, mark);
    this.recorder.commandMs.push(performance.now() - started);
    await pause(thinkingTime());
  }

  private async check(): Promise<void> {
    const started = performance.now();
    const graded = await this.client.json<{ passed: boolean; tasks?: { id: string; passed: boolean; message: string }[] }>(
      'POST', `/api/sessions/${this.sessionId}/exercises/${this.plan.exerciseId}/check`,
    );
    this.recorder.checkMs.push(performance.now() - started);
    if (graded.status !== 200) this.recorder.error(`check_${graded.status}`, JSON.stringify(graded.body));
    else if (!graded.body.passed) {
      const failing = graded.body.tasks?.filter((t) => !t.passed).map((t) => `${t.id}: ${t.message}`).join('; ');
      this.recorder.error('check_not_passed', `the reference solution was graded as failing: ${failing}`);
    }
  }
}

function kindOf(err: Error): string {
  if (/no echo within/.test(err.message)) return 'echo_timeout';
  if (/timed out waiting for/.test(err.message)) return 'command_timeout';
  if (/socket closed/.test(err.message)) return 'terminal_closed';
  if (/upgrade refused/.test(err.message)) return 'terminal_refused';
  if (/never said ready/.test(err.message)) return 'terminal_not_ready';
  return 'client_error';
}
