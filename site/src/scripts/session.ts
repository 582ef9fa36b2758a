// The learner's one session: created (or resumed — the server keeps one per
// learner cookie) when a lesson page opens, polled while it starts or waits in
// the queue, re-read now and then so the remaining time follows the server's
// idle clock (while the page is visible, that re-reading tells the server the
// learner is there), and replaced on reset. Every change is announced as
// 'dockyard:session'; problems (capacity, engine down, expiry) go to the
// session bar through `onSessionState`.
import { emit, type SessionView } from './events.ts';

export type SessionProblem =
  | { kind: 'expired' }
  /** The sandbox vanished; the server keeps the session for a new one. */
  | { kind: 'lost'; message?: string }
  | { kind: 'capacity'; message: string }
  | { kind: 'engine-down' }
  /** `message`: the server's explanation, when it answered at all. */
  | { kind: 'failed'; message?: string };

export interface SessionState {
  session: SessionView | null;
  problem?: SessionProblem;
  busy: boolean;
}

const POLL_STARTING_MS = 700;
const POLL_QUEUED_MS = 2000;
const REFRESH_READY_MS = 30_000;
const RETRY_MAX_MS = 15_000;

let state: SessionState = { session: null, busy: true };
const listeners = new Set<(state: SessionState) => void>();
let timer: ReturnType<typeof setTimeout> | undefined;
let retryMs = 1000;

export function currentSession(): SessionView | null {
  return state.session;
}

/** Calls `handler` now and on every change of the session or its problem. */
export function onSessionState(handler: (state: SessionState) => void): () => void {
  listeners.add(handler);
  handler(state);
  return () => listeners.delete(handler);
}

function update(next: SessionState): void {
  const previous = state.session;
  state = next;
  const changed = JSON.stringify(previous) !== JSON.stringify(next.session);
  for (const listener of listeners) listener(state);
  if (changed) emit('dockyard:session', next.session);
}

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

declare global {
  interface Window {
    /** The lesson page's first POST /api/sessions, sent from its <head> while the scripts load. */
    dockyardSessionRequest?: Promise<Response>;
  }
}

/** The head's early request the first time, a new one after that. */
function createSession(): Promise<Response> {
  const early = window.dockyardSessionRequest;
  window.dockyardSessionRequest = undefined;
  return early ?? send('POST', '/api/sessions');
}

function send(method: string, url: string): Promise<Response> {
  return fetch(url, { method, credentials: 'same-origin', headers: { accept: 'application/json' } });
}

async function request(method: string, url: string, sent = send(method, url)): Promise<SessionView> {
  const response = await sent;
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new HttpError(response.status, body.error ?? 'http_error', body.message ?? `${method} ${url} answered ${response.status}`);
  return body as SessionView;
}

function schedule(ms: number, action: () => Promise<void>): void {
  clearTimeout(timer);
  timer = setTimeout(() => void action(), ms);
}

function accept(session: SessionView): void {
  retryMs = 1000;
  if (session.status === 'lost') {
    // Only the learner's request brings a new (empty) sandbox: no polling.
    clearTimeout(timer);
    update({ session, problem: { kind: 'lost', message: session.message }, busy: false });
    return;
  }
  update({ session, busy: false });
  if (session.status === 'starting') schedule(POLL_STARTING_MS, refresh);
  else if (session.status === 'queued') schedule(POLL_QUEUED_MS, refresh);
  else {
    // Look again soon after the sandbox is due to go, so an ended one is reported at once.
    const untilExpiry = session.expiresAt ? Date.parse(session.expiresAt) - Date.now() + 1000 : Infinity;
    schedule(Math.max(1000, Math.min(REFRESH_READY_MS, untilExpiry)), refresh);
  }
}

async function fail(err: unknown, retry: () => Promise<void>): Promise<void> {
  if (err instanceof HttpError && (err.status === 404 || err.status === 403)) {
    // The session is gone (idle time-out, maximum lifetime, a server that
    // forgot it) or the cookie no longer matches it: the learner decides
    // when to start over, since a new sandbox starts empty.
    clearTimeout(timer);
    update({ session: null, problem: { kind: 'expired' }, busy: false });
    return;
  }
  if (err instanceof HttpError && err.status === 429) {
    update({ session: state.session, problem: { kind: 'capacity', message: err.message }, busy: false });
  } else {
    // No answer or a 5xx: ask the health route whether the engine is the cause.
    const engineDown = await fetch('/api/health').then((r) => r.status === 503, () => false);
    const message = err instanceof HttpError ? err.message : undefined;
    update({ session: state.session, problem: engineDown ? { kind: 'engine-down' } : { kind: 'failed', message }, busy: false });
  }
  schedule(retryMs, retry);
  retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
}

/** Creates the learner's session, or resumes the one they already have. */
export async function start(): Promise<void> {
  update({ session: state.session, busy: true });
  try {
    accept(await request('POST', '/api/sessions', createSession()));
  } catch (err) {
    await fail(err, start);
  }
}

async function refresh(): Promise<void> {
  const session = state.session;
  if (!session) return start();
  // A visible page is a learner reading the lesson, which is activity as
  // typing is: saying so postpones the sandbox's idle time-out. A hidden one
  // only asks, so a forgotten tab lets the sandbox go.
  const present = session.status === 'ready' && document.visibilityState === 'visible';
  try {
    accept(await (present ? request('POST', `/api/sessions/${session.id}/activity`) : request('GET', `/api/sessions/${session.id}`)));
  } catch (err) {
    await fail(err, refresh);
  }
}

/** Replaces the sandbox with a fresh one (the caller asks the learner first). */
export async function reset(): Promise<void> {
  const session = state.session;
  if (!session) return start();
  clearTimeout(timer);
  // The server marks the session starting while it swaps sandboxes; saying
  // so at once lets terminals and the editor drop the old sandbox's state.
  update({ session: { id: session.id, status: 'starting' }, busy: true });
  try {
    accept(await request('POST', `/api/sessions/${session.id}/reset`));
  } catch (err) {
    await fail(err, refresh);
  }
}

// A tab that was hidden may hold a stale view (timers are throttled there).
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && state.session) void refresh();
});

void start();
