// One exercise in the tasks panel: its title and summary, each task with its
// status, the grader's message and hints revealed one at a time, and the
// Check button. It only shows things; panel.ts decides what happened.
import { t, pageLocale } from '../../i18n/ui.ts';
import type { ExerciseView, GradeResult } from './api.ts';
import { rememberHints, revealedHints } from './hints.ts';
import { withInlineCode } from './inline-code.ts';

export type TaskStatus = 'pending' | 'passed' | 'failed';
export type NoticeKind = 'info' | 'ok' | 'error';

const STATUS_ICONS: Record<TaskStatus, string> = { pending: '○', passed: '✓', failed: '✗' };
const say = (key: string, values?: Record<string, string | number>) => t(pageLocale(), key, values);

interface TaskParts {
  item: HTMLLIElement;
  icon: HTMLElement;
  statusText: HTMLElement;
  message: HTMLElement;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class ExerciseCard {
  readonly element: HTMLElement;
  private readonly tasks = new Map<string, TaskParts>();
  private readonly statuses = new Map<string, TaskStatus>();
  private readonly checkButton: HTMLButtonElement;
  private readonly notice: HTMLElement;
  private readonly summary: HTMLElement;
  private busy = false;

  constructor(private readonly exercise: ExerciseView, onCheck: () => void) {
    this.element = element('article', 'exercise');
    this.element.dataset.exercise = exercise.id;
    const heading = element('h3', 'exercise-title');
    heading.append(...withInlineCode(exercise.title));
    const summary = element('p', 'exercise-summary');
    summary.append(...withInlineCode(exercise.summary));
    this.summary = element('p', 'exercise-progress');
    const list = element('ol', 'exercise-tasks');
    for (const task of exercise.tasks) list.append(this.task(task));
    this.checkButton = element('button', 'exercise-check', say('tasks.check'));
    this.checkButton.type = 'button';
    this.checkButton.dataset.testid = `check-${exercise.id}`;
    this.checkButton.setAttribute('aria-label', say('tasks.check.label', { title: exercise.title }));
    this.checkButton.addEventListener('click', () => {
      if (!this.busy) onCheck();
    });
    this.notice = element('p', 'exercise-notice');
    this.notice.setAttribute('role', 'status');
    const footer = element('div', 'exercise-footer');
    footer.append(this.checkButton, this.summary);
    this.element.append(heading, summary, list, footer, this.notice);
    this.renderSummary();
  }

  passedIds(): string[] {
    return [...this.statuses].filter(([, status]) => status === 'passed').map(([id]) => id);
  }

  get total(): number {
    return this.exercise.tasks.length;
  }

  /** Tasks the progress store holds as passed; the others keep what this page showed. */
  applyProgress(passed: Set<string>): void {
    for (const id of passed) if (this.tasks.has(id)) this.setStatus(id, 'passed');
    this.renderSummary();
    if (this.passedIds().length === this.total) this.showNotice(say('tasks.complete'), 'ok');
  }

  /** A grading, with the tasks the progress store holds as passed after it (a pass is never taken back). */
  applyResults(result: GradeResult, passedEver: Set<string>): void {
    for (const task of result.tasks) {
      const parts = this.tasks.get(task.id);
      if (!parts) continue;
      const keptPass = !task.passed && passedEver.has(task.id);
      this.setStatus(task.id, task.passed || keptPass ? 'passed' : 'failed');
      parts.message.replaceChildren(...withInlineCode(keptPass ? say('tasks.passed.before', { message: task.message }) : task.message));
    }
    this.renderSummary();
    if (this.passedIds().length === this.total) this.showNotice(say('tasks.complete'), 'ok');
    else this.showNotice('', 'info');
  }

  /** A check the learner did not ask for: only tasks it passed change (to passed); says whether any did. */
  applyBackground(result: GradeResult): boolean {
    const newlyPassed = result.tasks.filter((task) => task.passed && this.statuses.get(task.id) !== 'passed' && this.tasks.has(task.id));
    for (const task of newlyPassed) {
      this.setStatus(task.id, 'passed');
      this.tasks.get(task.id)!.message.replaceChildren(...withInlineCode(task.message));
    }
    if (!newlyPassed.length) return false;
    this.renderSummary();
    if (this.passedIds().length === this.total) this.showNotice(say('tasks.complete'), 'ok');
    return true;
  }

  get isBusy(): boolean {
    return this.busy;
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.checkButton.textContent = say(busy ? 'tasks.checking' : 'tasks.check');
    this.checkButton.setAttribute('aria-disabled', String(busy));
    this.element.setAttribute('aria-busy', String(busy));
  }

  /** Says the exercise's setup is running in the sandbox (it can take a while); only for exercises with one. */
  setPreparing(preparing: boolean): void {
    if (!this.exercise.hasSetup) return;
    const text = say('tasks.setup.running');
    if (preparing && this.notice.textContent === '') this.showNotice(text, 'info');
    else if (!preparing && this.notice.textContent === text) this.showNotice('', 'info');
  }

  showNotice(text: string, kind: NoticeKind): void {
    this.notice.textContent = text;
    this.notice.dataset.kind = kind;
  }

  private setStatus(taskId: string, status: TaskStatus): void {
    const parts = this.tasks.get(taskId)!;
    this.statuses.set(taskId, status);
    parts.item.dataset.status = status;
    parts.icon.textContent = STATUS_ICONS[status];
    parts.statusText.textContent = `${say(`tasks.status.${status}`)}: `;
  }

  private renderSummary(): void {
    this.summary.textContent = say('tasks.summary', { passed: this.passedIds().length, total: this.total });
  }

  private task(task: ExerciseView['tasks'][number]): HTMLLIElement {
    const item = element('li', 'task');
    item.dataset.testid = `task-${this.exercise.id}-${task.id}`;
    const icon = element('span', 'task-icon');
    icon.setAttribute('aria-hidden', 'true');
    const body = element('div', 'task-body');
    const title = element('p', 'task-title');
    const statusText = element('span', 'tasks-visually-hidden');
    title.append(statusText, ...withInlineCode(task.title));
    const message = element('p', 'task-message');
    message.dataset.testid = `task-message-${this.exercise.id}-${task.id}`;
    message.setAttribute('aria-live', 'polite');
    body.append(title, message);
    if (task.hints.length > 0) body.append(...this.hints(task.id, task.hints));
    item.append(icon, body);
    this.tasks.set(task.id, { item, icon, statusText, message });
    this.setStatus(task.id, 'pending');
    return item;
  }

  private hints(taskId: string, hints: string[]): HTMLElement[] {
    const list = element('ol', 'task-hints');
    const button = element('button', 'task-hint-button');
    button.type = 'button';
    button.dataset.testid = `hint-${this.exercise.id}-${taskId}`;
    let shown = 0;
    const reveal = (count: number) => {
      while (shown < Math.min(count, hints.length)) {
        const hint = element('li', 'task-hint');
        hint.tabIndex = -1;
        hint.append(element('strong', undefined, `${say('tasks.hint.label', { n: shown + 1 })}: `), ...withInlineCode(hints[shown]));
        list.append(hint);
        shown++;
      }
      button.hidden = shown >= hints.length;
      button.textContent = say('tasks.hint.show', { n: shown + 1, total: hints.length });
    };
    reveal(revealedHints(this.exercise.id, taskId));
    button.addEventListener('click', () => {
      reveal(shown + 1);
      rememberHints(this.exercise.id, taskId, shown);
      // The last hint hides the button, which would drop the focus to the page's start.
      if (button.hidden) (list.lastElementChild as HTMLElement | null)?.focus();
    });
    return [list, button];
  }
}
