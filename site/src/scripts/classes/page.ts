// The instructor's class page: sign-in, the list of classes and a new-class
// form, or (with ?class=<id>) one class's live roster from its event stream,
// with a read-only view of a learner's terminal and reset / keep-alive.
import { pageLocale, t } from '../../i18n/ui.ts';
import { api, ApiError } from './api.ts';
import { keepQueryOnLocaleSwitch } from './locale-switch.ts';
import { drawRoster, type Roster, type RosterRow } from './roster-grid.ts';
import { openWatchView, type WatchView } from './watch-view.ts';
import { CastError, parseCast } from './replay/cast.ts';
import { openReplayView, type ReplayView } from './replay/replay-view.ts';

interface ClassView { id: string; code: string; name: string; closedAt?: string }

const locale = pageLocale();
keepQueryOnLocaleSwitch();
const $ = <T extends HTMLElement = HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const status = $('[data-status]');
const say = (text: string) => { status.textContent = text; };
const sayError = (err: unknown) => say(t(locale, 'classes.error', { message: err instanceof ApiError || err instanceof Error ? err.message : String(err) }));
const classId = new URLSearchParams(location.search).get('class');
const SIGN_IN_REFUSALS = ['not_an_instructor', 'no_verified_email', 'provider_failed'];

function show(section: 'signin' | 'home' | 'class'): void {
  $('[data-signin]').hidden = section !== 'signin';
  $('[data-home]').hidden = section !== 'home';
  $('[data-class]').hidden = section !== 'class';
}

const joinLink = (code: string) => `${location.origin}/${locale}/join/?code=${code}`;

async function showSignIn(): Promise<void> {
  const methods = await api<{ token: boolean; oidc: boolean }>('GET', '/api/instructor/methods');
  $('[data-signin-oidc]').hidden = !methods.oidc;
  document.querySelectorAll<HTMLElement>('[data-signin-token]').forEach((part) => { part.hidden = !methods.token; });
  if (!methods.token && !methods.oidc) say(t(locale, 'classes.signin.none'));
  show('signin');
}

async function start(): Promise<void> {
  // A sign-in with the identity provider that was refused comes back with a code (never text to show as it is).
  const refused = new URLSearchParams(location.search).get('sign_in_error');
  if (refused) say(t(locale, SIGN_IN_REFUSALS.includes(refused) ? `classes.signin.refused.${refused}` : 'classes.signin.refused.provider_failed'));
  try {
    await api('GET', '/api/instructor/me');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return showSignIn();
    throw err;
  }
  if (classId) return openClass(classId);
  show('home');
  await listClasses();
}

async function listClasses(): Promise<void> {
  const { classes } = await api<{ classes: ClassView[] }>('GET', '/api/classes');
  const list = $('[data-class-list]');
  list.replaceChildren(...classes.map((klass) => {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `?class=${klass.id}`;
    link.textContent = klass.name;
    const detail = document.createElement('span');
    detail.textContent = ` — ${t(locale, 'classes.code', { code: klass.code })}${klass.closedAt ? ` (${t(locale, 'classes.list.closed')})` : ''}`;
    item.append(link, detail);
    return item;
  }));
  if (!classes.length) list.replaceChildren(Object.assign(document.createElement('li'), { textContent: t(locale, 'classes.list.empty') }));
}

let watching: WatchView | undefined;

function watch(id: string, row: RosterRow): void {
  watching?.close();
  const panel = $('[data-watch]');
  panel.hidden = false;
  $('[data-watch-heading]').textContent = t(locale, 'classes.watch.heading', { name: row.name });
  api<{ terminals: string[] }>('GET', `/api/classes/${id}/learners/${row.member}/terminals`).then(({ terminals }) => {
    const screen = $('[data-watch-screen]');
    if (!terminals.length) {
      screen.textContent = t(locale, 'classes.watch.none', { name: row.name });
      return;
    }
    const url = `${location.origin.replace(/^http/, 'ws')}/api/classes/${id}/learners/${row.member}/terminals/${terminals[0]}`;
    watching = openWatchView(screen, url, t(locale, 'classes.watch.label'), (reason) => { if (reason) say(reason); });
  }, sayError);
}

interface RecordingInfo { id: string; terminal: string; startedAt: string; updatedAt: string; bytes: number }

let replaying: ReplayView | undefined;
// Answers that come back after the instructor chose another learner or recording are dropped.
let listAsked = 0;
let replayAsked = 0;

function stopReplay(): void {
  replaying?.close();
  replaying = undefined;
}

async function replay(id: string, row: RosterRow, recording: RecordingInfo): Promise<void> {
  const asked = ++replayAsked;
  stopReplay();
  const response = await fetch(`/api/classes/${id}/learners/${row.member}/recordings/${recording.id}`, { credentials: 'same-origin' });
  if (!response.ok) throw new ApiError(response.status, ((await response.json().catch(() => ({}))) as { message?: string }).message ?? `HTTP ${response.status}`);
  const text = await response.text();
  if (asked !== replayAsked) return;
  try {
    replaying = openReplayView($('[data-replay-player]'), parseCast(text), t(locale, 'classes.replay.label', { name: row.name }));
  } catch (err) {
    if (err instanceof CastError) throw new Error(t(locale, 'classes.replay.unreadable', { message: err.message }), { cause: err });
    throw err;
  }
}

function showRecordings(id: string, row: RosterRow): void {
  const asked = ++listAsked;
  replayAsked++;
  stopReplay();
  $('[data-replay]').hidden = false;
  $('[data-replay-heading]').textContent = t(locale, 'classes.replay.heading', { name: row.name });
  const list = $('[data-recording-list]');
  list.replaceChildren();
  api<{ recordings: RecordingInfo[] }>('GET', `/api/classes/${id}/learners/${row.member}/recordings`).then(({ recordings }) => {
    if (asked !== listAsked) return;
    if (!recordings.length) {
      list.replaceChildren(Object.assign(document.createElement('li'), { textContent: t(locale, 'classes.replay.none', { name: row.name }) }));
      return;
    }
    // Newest first: the one an instructor looks for during a class.
    list.replaceChildren(...recordings.reverse().map((recording) => {
      const item = document.createElement('li');
      const open = document.createElement('button');
      open.type = 'button';
      open.className = 'classes-secondary';
      open.textContent = t(locale, 'classes.replay.item', {
        terminal: recording.terminal,
        at: new Date(recording.startedAt).toLocaleString(locale),
        size: `${Math.max(1, Math.round(recording.bytes / 1024))} KiB`,
      });
      open.addEventListener('click', () => { replay(id, row, recording).catch(sayError); });
      item.append(open);
      return item;
    }));
  }, sayError);
}

function openClass(id: string): void {
  show('class');
  const table = $<HTMLTableElement>('[data-grid]');
  const actions = {
    watch: (row: RosterRow) => watch(id, row),
    recordings: (row: RosterRow) => showRecordings(id, row),
    extend: (row: RosterRow) => api('POST', `/api/classes/${id}/learners/${row.member}/extend`).then(() => say(t(locale, 'classes.done')), sayError),
    reset: (row: RosterRow) => {
      if (!confirm(t(locale, 'classes.reset.confirm', { name: row.name }))) return;
      api('POST', `/api/classes/${id}/learners/${row.member}/reset`).then(() => say(t(locale, 'classes.done')), sayError);
    },
  };
  const events = new EventSource(`/api/classes/${id}/events?locale=${locale}`);
  events.addEventListener('roster', (event) => {
    const roster = JSON.parse((event as MessageEvent<string>).data) as Roster;
    $('[data-class-name]').textContent = roster.class.name;
    $('[data-class-code]').textContent = t(locale, 'classes.code', { code: roster.class.code });
    $('[data-join-link]').textContent = joinLink(roster.class.code);
    $<HTMLAnchorElement>('[data-csv]').href = `/api/classes/${id}/roster.csv?locale=${locale}`;
    $<HTMLButtonElement>('[data-close-class]').disabled = roster.class.closed;
    $('[data-grid-empty]').hidden = roster.learners.length > 0;
    drawRoster(table, roster, locale, actions);
  });
  // EventSource reconnects by itself; a refusal (not signed in, not yours) closes it for good.
  events.addEventListener('error', () => {
    if (events.readyState === EventSource.CLOSED) api('GET', `/api/classes/${id}`).catch(sayError);
  });
  $('[data-close-class]').addEventListener('click', () => {
    if (confirm(t(locale, 'classes.close.confirm'))) api('POST', `/api/classes/${id}/close`).catch(sayError);
  });
  $('[data-replay-close]').addEventListener('click', () => {
    listAsked++;
    replayAsked++;
    stopReplay();
    $('[data-replay]').hidden = true;
  });
  $('[data-watch-close]').addEventListener('click', () => {
    watching?.close();
    watching = undefined;
    $('[data-watch]').hidden = true;
  });
}

$<HTMLFormElement>('[data-signin]').addEventListener('submit', (event) => {
  event.preventDefault();
  const token = String(new FormData(event.target as HTMLFormElement).get('token'));
  api('POST', '/api/instructor/sign-in', { token }).then(() => {
    say('');
    return start();
  }).catch(sayError);
});

$<HTMLFormElement>('[data-new-class]').addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(event.target as HTMLFormElement);
  const capacity = Number(data.get('capacity'));
  // The browser's local time, sent as an instant: the server pre-warms by it.
  const starts = String(data.get('startsAt') ?? '');
  const startsAt = starts ? new Date(starts).toISOString() : undefined;
  // None ticked: the whole course.
  const lessons = data.getAll('lessons').map(String);
  api<ClassView>('POST', '/api/classes', { name: String(data.get('name')).trim(), ...(capacity ? { capacity } : {}), ...(startsAt ? { startsAt } : {}), ...(lessons.length ? { lessons } : {}) })
    .then((klass) => { location.search = `?class=${klass.id}`; }, sayError);
});

$('[data-signout]').addEventListener('click', () => {
  api('POST', '/api/instructor/sign-out').then(() => showSignIn(), sayError);
});

start().catch(sayError);
