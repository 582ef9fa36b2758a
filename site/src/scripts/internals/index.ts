// Entry of the Inside island (Inside.astro): while its pane is in view and
// the session ready, reads the sandbox's internals every 2 s and shows them.
import { t, pageLocale } from '../../i18n/ui.ts';
import { on } from '../events.ts';
import { currentSession, onSessionState } from '../session.ts';
import { readInternals } from './internals-api.ts';
import { renderInternals } from './render.ts';

const POLL_MS = 2000;
const say = (key: string, values?: Record<string, string | number>) => t(pageLocale(), key, values);

const root = document.querySelector<HTMLElement>('[data-inside]');
if (root) {
  const note = root.querySelector<HTMLElement>('[data-inside-note]')!;
  const cards = root.querySelector<HTMLElement>('[data-inside-cards]')!;
  let reading = false;

  const read = async () => {
    const session = currentSession();
    if (session?.status !== 'ready') {
      note.textContent = say('inside.waiting');
      cards.replaceChildren();
      return;
    }
    if (reading || document.hidden || root.getClientRects().length === 0) return;
    reading = true;
    try {
      const internals = await readInternals(session.id);
      note.textContent = say('inside.intro');
      cards.replaceChildren(...renderInternals(internals));
    } catch (err) {
      note.textContent = say('inside.failed', { message: (err as Error).message });
    } finally {
      reading = false;
    }
  };

  onSessionState(() => void read());
  on('dockyard:inside-shown', () => void read());
  setInterval(() => void read(), POLL_MS);
}
