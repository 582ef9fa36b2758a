// The buttons render.ts puts on lesson code blocks: Run types the command
// into the terminal, Copy puts the code on the clipboard (and says so), Open
// in editor opens the block's file prefilled with its content.
import { t, pageLocale } from '../i18n/ui.ts';
import { emit } from './events.ts';
import { copyText } from './terminal/clipboard.ts';

const locale = pageLocale();
// Lessons write sandbox paths from the learner's home; the files API wants them absolute.
const SANDBOX_HOME = '/root';
const FEEDBACK_MS = 1600;

function codeOf(button: HTMLElement): string {
  return button.closest('.code-block')?.querySelector('code')?.textContent ?? '';
}

function absolute(path: string): string {
  if (path === '~') return SANDBOX_HOME;
  if (path.startsWith('~/')) return `${SANDBOX_HOME}/${path.slice(2)}`;
  return path.startsWith('/') ? path : `${SANDBOX_HOME}/${path}`;
}

// Screen readers hear the copy's outcome; the button's changed label alone is not announced.
const announcer = Object.assign(document.createElement('p'), { className: 'visually-hidden' });
announcer.setAttribute('aria-live', 'polite');
document.body.append(announcer);

/** Selects the block's code, so the learner can copy it with the keyboard. */
function selectCode(button: HTMLElement): void {
  const code = button.closest('.code-block')?.querySelector('code');
  if (code) getSelection()?.selectAllChildren(code);
}

async function copy(button: HTMLButtonElement): Promise<void> {
  const label = button.dataset.label ?? button.textContent ?? '';
  button.dataset.label = label;
  // The clipboard API, else the older execCommand path (plain HTTP has no clipboard API);
  // when the browser refuses both, the code is selected for the learner's own Ctrl+C.
  const ok = await copyText(codeOf(button));
  if (!ok) selectCode(button);
  button.textContent = t(locale, ok ? 'code.copied' : 'code.copy.select');
  announcer.textContent = button.textContent;
  button.dataset.feedback = ok ? 'ok' : 'fail';
  clearTimeout(Number(button.dataset.timer));
  button.dataset.timer = String(setTimeout(() => {
    button.textContent = label;
    delete button.dataset.feedback;
  }, FEEDBACK_MS));
}

document.addEventListener('click', (event) => {
  const button = (event.target as Element).closest<HTMLButtonElement>('.code-block [data-code-action]');
  if (!button) return;
  switch (button.dataset.codeAction) {
    case 'run':
      emit('dockyard:run', { command: codeOf(button).replace(/\n+$/, '') });
      break;
    case 'copy':
      void copy(button);
      break;
    case 'open':
      emit('dockyard:open-file', { path: absolute(button.dataset.path ?? ''), content: codeOf(button) });
      break;
  }
});
