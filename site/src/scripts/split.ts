// The handle between the lesson and the workbench: drag it, or focus it and
// use the arrow keys, to give either side more room. The split is remembered
// across pages; the workbench's panes refit after each change.
import { emit } from './events.ts';

const STORAGE_KEY = 'dockyard-split';
const MIN = 25;
const MAX = 75;
const STEP = 2;

const layout = document.querySelector<HTMLElement>('[data-lesson-layout]');
const handle = document.querySelector<HTMLElement>('[data-split-handle]');

function apply(percent: number, remember: boolean): void {
  const clamped = Math.min(MAX, Math.max(MIN, Math.round(percent)));
  layout!.style.setProperty('--lesson-share', `${clamped}%`);
  handle!.setAttribute('aria-valuenow', String(clamped));
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, String(clamped));
    } catch {
      // storage refused: the split lasts for this page only
    }
  }
  emit('dockyard:layout');
}

if (layout && handle) {
  let saved: number | undefined;
  try {
    saved = Number(localStorage.getItem(STORAGE_KEY)) || undefined;
  } catch {
    saved = undefined;
  }
  if (saved) apply(saved, false);

  handle.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    handle.setPointerCapture(event.pointerId);
    layout.classList.add('resizing');
    const box = layout.getBoundingClientRect();
    const move = (e: PointerEvent) => apply(((e.clientX - box.left) / box.width) * 100, false);
    const stop = (e: PointerEvent) => {
      handle.releasePointerCapture(e.pointerId);
      handle.removeEventListener('pointermove', move);
      layout.classList.remove('resizing');
      apply(Number(handle.getAttribute('aria-valuenow')), true);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', stop, { once: true });
  });

  handle.addEventListener('keydown', (event) => {
    const now = Number(handle.getAttribute('aria-valuenow'));
    const next =
      event.key === 'ArrowLeft' ? now - STEP
      : event.key === 'ArrowRight' ? now + STEP
      : event.key === 'Home' ? MIN
      : event.key === 'End' ? MAX
      : undefined;
    if (next === undefined) return;
    event.preventDefault();
    apply(next, true);
  });
}
