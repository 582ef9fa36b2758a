// Draws a roster into the class page's table: one row per learner, one
// column per task. Every learner-supplied string goes in as text, never HTML.
import { t, type Locale } from '../../i18n/ui.ts';

export interface RosterCell { state: 'passed' | 'attempted' | 'untouched'; attempts?: number; message?: string; stuck?: true }
export interface RosterRow { member: string; name: string; online: boolean; lesson?: string; passed: number; stuck: boolean; tasks: Record<string, RosterCell> }
export interface Roster {
  class: { id: string; name: string; code: string; closed: boolean };
  columns: { key: string; lesson: string; exercise: string; task: string; title: string }[];
  learners: RosterRow[];
}

export interface RowActions {
  watch(row: RosterRow): void;
  recordings(row: RosterRow): void;
  reset(row: RosterRow): void;
  extend(row: RosterRow): void;
}

const SYMBOL = { passed: '✓', attempted: '✗', untouched: '·' } as const;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function cellText(locale: Locale, cell: RosterCell): string {
  if (cell.state === 'attempted') return t(locale, 'classes.state.attempted', { n: cell.attempts ?? 1, message: cell.message ?? '' });
  return t(locale, cell.state === 'passed' ? 'classes.state.passed' : 'classes.state.untouched');
}

function actionButton(label: string, onClick: () => void): HTMLButtonElement {
  const button = element('button', label, 'classes-secondary');
  button.type = 'button';
  button.addEventListener('click', onClick);
  return button;
}

export function drawRoster(table: HTMLTableElement, roster: Roster, locale: Locale, actions: RowActions): void {
  const caption = table.caption;
  table.replaceChildren(...(caption ? [caption] : []));
  // Two header rows: each lesson over its tasks, then the tasks.
  const thead = table.createTHead();
  const lessons = thead.insertRow();
  const tasks = thead.insertRow();
  const spanning = (label: string, className?: string) => {
    const th = element('th', label, className);
    th.rowSpan = 2;
    th.scope = 'col';
    return th;
  };
  lessons.append(spanning(t(locale, 'classes.grid.learner'), 'classes-learner'), spanning(t(locale, 'classes.grid.lesson')));
  for (const column of roster.columns) {
    const last = lessons.lastElementChild as HTMLTableCellElement;
    if (last.dataset.lesson === column.lesson) last.colSpan += 1;
    else {
      const th = element('th', column.lesson);
      th.dataset.lesson = column.lesson;
      th.scope = 'colgroup';
      lessons.append(th);
    }
    const th = element('th', column.task);
    th.title = `${column.exercise}: ${column.title}`;
    th.scope = 'col';
    tasks.append(th);
  }
  const body = table.createTBody();
  for (const learner of roster.learners) {
    const row = body.insertRow();
    row.dataset.member = learner.member;
    if (learner.stuck) row.classList.add('is-stuck');
    const name = element('th', undefined, 'classes-learner');
    name.scope = 'row';
    name.append(
      element('span', learner.online ? '●' : '○', learner.online ? 'is-online' : 'is-away'),
      element('span', ` ${learner.name}`),
      element('span', learner.online ? t(locale, 'classes.online') : t(locale, 'classes.offline'), 'visually-hidden'),
    );
    if (learner.stuck) name.append(element('span', ` ${t(locale, 'classes.state.stuck')}`, 'classes-stuck-mark'));
    // Under the name, in the column that stays in view, not past dozens of task columns.
    const actionsBox = element('div', undefined, 'classes-row-actions');
    actionsBox.append(
      actionButton(t(locale, 'classes.watch'), () => actions.watch(learner)),
      actionButton(t(locale, 'classes.recordings'), () => actions.recordings(learner)),
      actionButton(t(locale, 'classes.extend'), () => actions.extend(learner)),
      actionButton(t(locale, 'classes.reset'), () => actions.reset(learner)),
    );
    name.append(actionsBox);
    row.append(name, element('td', learner.lesson ?? '—'));
    for (const column of roster.columns) {
      const cell = learner.tasks[column.key];
      const td = element('td', SYMBOL[cell.state], `state-${cell.state}${cell.stuck ? ' is-stuck' : ''}`);
      td.dataset.task = column.key;
      td.title = cellText(locale, cell);
      td.setAttribute('aria-label', `${column.task}: ${cellText(locale, cell)}`);
      row.append(td);
    }
  }
}
