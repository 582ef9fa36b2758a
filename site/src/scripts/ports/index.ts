// Entry of the ports island (Ports.astro): while the page is visible and the
// session ready, asks every few seconds what listens in the sandbox, lists
// each port with what serves it and a link to its preview, and shows the
// count on the pane's tab so a new server is noticed from the terminal too.
import { t, pageLocale } from '../../i18n/ui.ts';
import type { SessionView } from '../events.ts';
import { currentSession, onSessionState } from '../session.ts';
import { listPorts, previewUrl, type ListeningPort } from './ports-api.ts';

const POLL_MS = 3000;
const say = (key: string, values?: Record<string, string | number>) => t(pageLocale(), key, values);

const root = document.querySelector<HTMLElement>('[data-ports]');
const count = document.querySelector<HTMLElement>('[data-ports-count]');

function item(sessionId: string, { port, containers }: ListeningPort): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'ports-item';
  li.dataset.port = String(port);
  const title = document.createElement('strong');
  title.textContent = say('ports.port', { port });
  const what = document.createElement('span');
  what.className = 'ports-what';
  what.textContent = containers.length
    ? containers.map(({ name, image, target }) => say('ports.container', { name, image, target })).join(', ')
    : say('ports.program');
  const link = document.createElement('a');
  link.href = previewUrl(sessionId, port);
  link.target = '_blank';
  link.rel = 'noopener';
  link.textContent = say('ports.open');
  link.setAttribute('aria-label', say('ports.open.label', { port }));
  li.append(title, what, link);
  return li;
}

if (root && count) {
  const list = root.querySelector<HTMLUListElement>('[data-ports-list]')!;
  const note = root.querySelector<HTMLElement>('[data-ports-note]')!;
  let shown = '';
  let asking = false;

  const render = (sessionId: string | null, ports: ListeningPort[] | null, problem?: string) => {
    const key = JSON.stringify([sessionId, ports, problem]);
    if (key === shown) return;
    shown = key;
    note.textContent = problem ?? (!sessionId ? say('ports.waiting') : ports?.length ? say('ports.intro') : say('ports.empty'));
    list.replaceChildren(...(sessionId && ports ? ports.map((port) => item(sessionId, port)) : []));
    count.textContent = ports?.length ? String(ports.length) : '';
    count.hidden = !ports?.length;
  };

  const ask = async (session: SessionView | null = currentSession()) => {
    if (session?.status !== 'ready') return render(null, null);
    if (asking || document.hidden) return;
    asking = true;
    try {
      render(session.id, await listPorts(session.id));
    } catch (err) {
      render(session.id, null, say('ports.failed', { message: (err as Error).message }));
    } finally {
      asking = false;
    }
  };

  onSessionState(({ session }) => void ask(session));
  document.addEventListener('visibilitychange', () => void ask());
  setInterval(() => void ask(), POLL_MS);
}
