// Replays one recording in a read-only terminal: play and pause, speed, a
// timeline to scrub with the moments checks ran marked on it (green passed,
// red not), and the same moments as a list to jump to. Seeking redraws the
// screen from the start up to the chosen moment, so any point can be shown.
import { pageLocale, t } from '../../../i18n/ui.ts';
import type { Theme } from '../../events.ts';
import { createXterm } from '../../terminal/create-xterm.ts';
import { clockText, frameSize, type Cast } from './cast.ts';

export interface ReplayView {
  close(): void;
}

const SPEEDS = [1, 2, 4, 8];
// RIS: the terminal as new, screen, scrollback and modes.
const FULL_RESET = '\x1bc';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function openReplayView(host: HTMLElement, cast: Cast, label: string): ReplayView {
  const locale = pageLocale();
  const screen = element('div', 'replay-screen');
  const play = element('button', 'classes-secondary', t(locale, 'classes.replay.play'));
  play.type = 'button';
  play.dataset.replayPlay = '';
  const timeline = element('input', 'replay-timeline');
  Object.assign(timeline, { type: 'range', min: '0', max: String(cast.duration), step: '0.05', value: '0' });
  timeline.setAttribute('aria-label', t(locale, 'classes.replay.position'));
  timeline.dataset.replayTimeline = '';
  const clock = element('span', 'replay-clock');
  clock.dataset.replayClock = '';
  const speed = element('select', 'replay-speed');
  speed.setAttribute('aria-label', t(locale, 'classes.replay.speed'));
  speed.append(...SPEEDS.map((s) => Object.assign(element('option', undefined, `${s}×`), { value: String(s) })));
  // Ticks over the timeline where checks ran; the list below says what each found.
  const ticks = element('div', 'replay-ticks');
  ticks.setAttribute('aria-hidden', 'true');
  const track = element('div', 'replay-track');
  track.append(timeline, ticks);
  const marks = element('ol', 'replay-marks');
  marks.setAttribute('aria-label', t(locale, 'classes.replay.checks'));
  const controls = element('div', 'replay-controls');
  controls.append(play, track, clock, speed);
  host.replaceChildren(controls, screen, marks);

  const theme: Theme = document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
  const { term } = createXterm(screen, theme, label, '');
  term.options.disableStdin = true;
  term.options.cursorBlink = false;

  let position = 0;
  let next = 0;
  let playing = false;
  let lastTick = 0;
  let frame = 0;
  // xterm parses writes later, in order, while resize() and reset() would act
  // at once: every size change and every reset goes into the write queue, and
  // one seek is drawn at a time (a dragged timeline asks for many).
  let drawing = false;
  let wanted: number | undefined;

  const show = () => {
    timeline.value = String(position);
    clock.textContent = `${clockText(position)} / ${clockText(cast.duration)}`;
    play.textContent = t(locale, playing ? 'classes.replay.pause' : 'classes.replay.play');
  };

  const queueResize = (cols: number, rows: number) => term.write('', () => term.resize(cols, rows));

  /** Queues every frame up to `until`: output in one write per run of output, each resize after what came before it. */
  const advance = (until: number) => {
    let output = '';
    while (next < cast.frames.length && cast.frames[next].at <= until) {
      const current = cast.frames[next++];
      if (current.type === 'o') {
        output += current.data;
        continue;
      }
      const size = frameSize(current);
      if (output) term.write(output);
      output = '';
      if (size) queueResize(size.cols, size.rows);
    }
    if (output) term.write(output);
  };

  const drawWanted = () => {
    if (wanted === undefined) return;
    const until = wanted;
    wanted = undefined;
    drawing = true;
    term.write(FULL_RESET);
    queueResize(cast.width, cast.height);
    next = 0;
    advance(until);
    term.write('', () => {
      drawing = false;
      drawWanted();
    });
  };

  const seek = (to: number) => {
    position = Math.min(Math.max(0, to), cast.duration);
    wanted = position;
    if (!drawing) drawWanted();
    show();
  };

  const tick = (now: number) => {
    if (!playing) return;
    position = Math.min(cast.duration, position + ((now - lastTick) / 1000) * Number(speed.value));
    lastTick = now;
    advance(position);
    if (position >= cast.duration) playing = false;
    show();
    if (playing) frame = requestAnimationFrame(tick);
  };

  const toggle = () => {
    if (playing) {
      playing = false;
      cancelAnimationFrame(frame);
    } else {
      if (position >= cast.duration) seek(0);
      playing = true;
      lastTick = performance.now();
      frame = requestAnimationFrame(tick);
    }
    show();
  };

  play.addEventListener('click', toggle);
  timeline.addEventListener('input', () => seek(Number(timeline.value)));
  for (const marker of cast.markers) {
    const where = cast.duration > 0 ? (marker.at / cast.duration) * 100 : 0;
    const state = marker.passed === undefined ? 'other' : marker.passed ? 'passed' : 'failed';
    const tickMark = element('span', `replay-tick is-${state}`);
    tickMark.style.left = `${where}%`;
    ticks.append(tickMark);
    const item = element('li');
    const jump = element('button', `replay-mark is-${state}`, `${clockText(marker.at)} ${marker.label}`);
    jump.type = 'button';
    jump.addEventListener('click', () => seek(marker.at));
    item.append(jump);
    marks.append(item);
  }
  if (!cast.markers.length) marks.append(element('li', 'classes-help', t(locale, 'classes.replay.nochecks')));
  seek(0);

  return {
    close() {
      playing = false;
      cancelAnimationFrame(frame);
      term.dispose();
      host.replaceChildren();
    },
  };
}
