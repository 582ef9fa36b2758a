// The session bar: shows session.ts's state, counts the remaining time down
// from expiresAt, asks before a reset, and offers a new sandbox when the old
// one ended.
import { t, pageLocale } from '../i18n/ui.ts';
import { onSessionState, reset, start, type SessionState } from './session.ts';

const locale = pageLocale();
const bar = document.querySelector<HTMLElement>('[data-session-bar]');

function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return hours ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

if (bar) {
  const status = bar.querySelector<HTMLElement>('[data-testid="session-status"]')!;
  const text = bar.querySelector<HTMLElement>('[data-session-text]')!;
  const remaining = bar.querySelector<HTMLElement>('[data-session-remaining]')!;
  const resetButton = bar.querySelector<HTMLButtonElement>('[data-session-reset]')!;
  const problem = bar.querySelector<HTMLElement>('[data-session-problem]')!;
  const problemText = bar.querySelector<HTMLElement>('[data-session-problem-text]')!;
  const newButton = bar.querySelector<HTMLButtonElement>('[data-session-new]')!;
  const details = bar.querySelector<HTMLDetailsElement>('[data-session-problem-details]')!;
  const detail = bar.querySelector<HTMLElement>('[data-session-problem-detail]')!;
  const dialog = bar.querySelector<HTMLDialogElement>('[data-reset-dialog]')!;
  let expiresAt: number | undefined;

  const tick = () => {
    if (expiresAt === undefined) return;
    const left = expiresAt - Date.now();
    remaining.textContent = t(locale, 'session.remaining', { time: formatRemaining(left) });
    // The last five minutes are worth a glance.
    remaining.classList.toggle('ending', left < 5 * 60_000);
  };
  setInterval(tick, 1000);

  const render = ({ session, problem: trouble, busy }: SessionState) => {
    let key: string;
    let shown: string;
    if (trouble) {
      shown = trouble.kind;
      key = `session.status.${trouble.kind}`;
    } else if (session) {
      shown = session.status;
      key = `session.status.${session.status}`;
    } else {
      shown = 'loading';
      key = 'session.status.loading';
    }
    status.dataset.status = shown;
    text.textContent = t(locale, key, { n: session?.queuePosition ?? '' });
    resetButton.disabled = busy || session?.status !== 'ready';

    expiresAt = session?.status === 'ready' && session.expiresAt && !trouble ? Date.parse(session.expiresAt) : undefined;
    remaining.hidden = expiresAt === undefined;
    tick();

    problem.hidden = !trouble;
    // The server's own words on a lost sandbox say again what the line above
    // says, in English, with the reason in the middle: kept, but folded away.
    const serverWords = trouble?.kind === 'lost' ? trouble.message : undefined;
    details.hidden = !serverWords;
    detail.textContent = serverWords ?? '';
    newButton.hidden = trouble?.kind !== 'expired' && trouble?.kind !== 'lost';
    if (trouble) {
      problemText.textContent =
        trouble.kind === 'expired' ? t(locale, 'session.expired.message')
        : trouble.kind === 'lost' ? t(locale, 'session.lost.message')
        : trouble.kind === 'engine-down' ? t(locale, 'session.engine-down.message')
        : trouble.kind === 'capacity' ? `${t(locale, 'session.capacity.message')} (${trouble.message})`
        : `${trouble.message ?? t(locale, 'session.failed.message')} ${t(locale, 'session.retrying')}`;
    }
  };
  onSessionState(render);

  resetButton.addEventListener('click', () => {
    dialog.returnValue = '';
    dialog.showModal();
  });
  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'reset') void reset();
  });
  newButton.addEventListener('click', () => void start());
}
