// The tasks panel: loads the lesson's exercises and the learner's progress,
// opens each exercise in every new sandbox (its setup runs there), grades on
// Check and, by itself, after the learner's commands finish (so a task turns
// green without the button: one exercise after another, a round at most every
// few seconds, never beside the learner's own Check, so it leaves them most of
// their checks a minute), and announces each exercise's state as
// 'dockyard:task-status'.
import { emit, on, type SessionView } from '../events.ts';
import { currentSession } from '../session.ts';
import { t, pageLocale } from '../../i18n/ui.ts';
import { ApiError } from '../editor/http.ts';
import { checkExercise, fetchExercise, fetchProgress, openExercise, passedTasks, type Progress } from './api.ts';
import { ExerciseCard } from './exercise-card.ts';

// Between two rounds of checks the page runs by itself; a command finishing sooner waits its turn.
const BACKGROUND_GAP_MS = 8000;

const say = (key: string, values?: Record<string, string | number>) => t(pageLocale(), key, values);

function explain(err: unknown, fallbackKey: string): string {
  if (!(err instanceof ApiError)) return say(fallbackKey, { message: (err as Error).message });
  if (err.status === 0) return say('tasks.error.network');
  if (err.code === 'sandbox_not_ready') return say('tasks.error.not-ready');
  if (err.status === 403) return say('tasks.error.forbidden', { message: err.message });
  if (err.status === 404 && err.code === 'session_not_found') return say('tasks.error.gone', { message: err.message });
  if (err.status === 410) return say('tasks.error.gone', { message: err.message });
  if (err.status === 503) return say('tasks.error.engine', { message: err.message });
  return say(fallbackKey, { message: err.message });
}

export class TasksPanel {
  private readonly cards = new Map<string, ExerciseCard>();
  /** The session id while it is ready; a reset passes through "starting", so each ready period is a new sandbox. */
  private readySession: string | null = null;
  private opened = new Map<string, Promise<void>>();
  private lastBackground = 0;
  private pendingBackground?: ReturnType<typeof setTimeout>;

  constructor(private readonly section: HTMLElement, private readonly exerciseIds: string[], private readonly locale: string) {
    on('dockyard:command-finished', () => this.checkAfterCommand());
  }

  async start(): Promise<void> {
    const list = this.section.querySelector<HTMLElement>('[data-tasks-list]')!;
    const loaded = await Promise.all(this.exerciseIds.map(async (id) => {
      try {
        const card = new ExerciseCard(await fetchExercise(id, this.locale), () => void this.check(id));
        this.cards.set(id, card);
        return card.element;
      } catch (err) {
        const failure = document.createElement('p');
        failure.className = 'exercise-load-failed';
        failure.setAttribute('role', 'alert');
        failure.textContent = say('tasks.load.failed', { id, message: err instanceof ApiError && err.status === 0 ? say('tasks.error.network') : (err as Error).message });
        return failure;
      }
    }));
    list.replaceChildren(...loaded);
    this.sessionChanged(currentSession());
    await this.loadProgress();
  }

  sessionChanged(session: SessionView | null): void {
    const readyId = session?.status === 'ready' ? session.id : null;
    if (readyId === this.readySession) return;
    this.readySession = readyId;
    this.opened = new Map();
    if (!readyId) return;
    for (const id of this.exerciseIds) void this.open(readyId, id).catch(() => undefined);
    // The session's creation set the learner cookie, which progress is kept under.
    void this.loadProgress();
  }

  private open(sessionId: string, exerciseId: string): Promise<void> {
    let opening = this.opened.get(exerciseId);
    if (!opening) {
      const card = this.cards.get(exerciseId);
      opening = openExercise(sessionId, exerciseId).then(() => undefined);
      card?.setPreparing(true);
      opening.then(() => card?.setPreparing(false), (err) => {
        // Forget the failure so the next Check tries again.
        if (this.opened.get(exerciseId) === opening) this.opened.delete(exerciseId);
        card?.showNotice(explain(err, 'tasks.error.setup'), 'error');
      });
      this.opened.set(exerciseId, opening);
    }
    return opening;
  }

  private async loadProgress(): Promise<void> {
    let progress: Progress;
    try {
      progress = await fetchProgress();
    } catch {
      // Without progress every task shows as not done; Check still works and reloads it.
      return;
    }
    for (const [id, card] of this.cards) {
      card.applyProgress(passedTasks(progress, id));
      this.announce(id, card);
    }
  }

  private async check(exerciseId: string): Promise<void> {
    const card = this.cards.get(exerciseId)!;
    const sessionId = this.readySession;
    if (!sessionId) {
      card.showNotice(say('tasks.error.not-ready'), 'error');
      return;
    }
    card.setBusy(true);
    try {
      await this.open(sessionId, exerciseId);
      const result = await checkExercise(sessionId, exerciseId, this.locale);
      const progress = await fetchProgress().catch(() => undefined);
      const passedEver = progress ? passedTasks(progress, exerciseId) : new Set(card.passedIds());
      card.applyResults(result, passedEver);
      this.announce(exerciseId, card);
    } catch (err) {
      card.showNotice(explain(err, 'tasks.error.check'), 'error');
    } finally {
      card.setBusy(false);
    }
  }

  /** After a command: a round of checks now, or when the gap since the last round is over. */
  private checkAfterCommand(): void {
    if (!this.readySession || document.hidden || this.pendingBackground) return;
    this.pendingBackground = setTimeout(() => {
      this.pendingBackground = undefined;
      void this.checkRound();
    }, Math.max(0, this.lastBackground + BACKGROUND_GAP_MS - Date.now()));
  }

  private async checkRound(): Promise<void> {
    this.lastBackground = Date.now();
    for (const [exerciseId, card] of this.cards) {
      const sessionId = this.readySession;
      const anyBusy = [...this.cards.values()].some((c) => c.isBusy);
      if (!sessionId || anyBusy) return;
      if (card.passedIds().length === card.total) continue;
      try {
        await this.open(sessionId, exerciseId);
        const result = await checkExercise(sessionId, exerciseId, this.locale, true);
        if (sessionId === this.readySession && !card.isBusy && card.applyBackground(result)) this.announce(exerciseId, card);
      } catch {
        // Unasked, it stays quiet when it cannot run (or gives way to a Check); Check says why.
        return;
      }
    }
  }

  private announce(exerciseId: string, card: ExerciseCard): void {
    emit('dockyard:task-status', { exerciseId, passed: card.passedIds(), total: card.total });
  }
}
