// The exercises API (README, section API) as the tasks panel uses it.
import { apiJson } from '../editor/http.ts';

export interface ExerciseView {
  id: string;
  title: string;
  summary: string;
  hasSetup: boolean;
  tasks: { id: string; title: string; hints: string[] }[];
}

export interface GradeResult {
  passed: boolean;
  tasks: { id: string; passed: boolean; message: string }[];
}

export interface Progress {
  exercises: Record<string, { completed: boolean; tasks: Record<string, { passed: boolean; at: string }> }>;
}

const session = (sessionId: string, exerciseId: string) =>
  `/api/sessions/${encodeURIComponent(sessionId)}/exercises/${encodeURIComponent(exerciseId)}`;

export function fetchExercise(exerciseId: string, locale: string): Promise<ExerciseView> {
  return apiJson(`/api/exercises/${encodeURIComponent(exerciseId)}?locale=${encodeURIComponent(locale)}`);
}

export function fetchProgress(): Promise<Progress> {
  return apiJson('/api/progress');
}

/** Runs the exercise's setup in the sandbox; the server does it once per sandbox. */
export function openExercise(sessionId: string, exerciseId: string): Promise<{ setup: 'none' | 'ran' | 'already' }> {
  return apiJson(`${session(sessionId, exerciseId)}/open`, { method: 'POST' });
}

/** Grades the exercise; `background`: the page's own check after a command, whose failures are not attempts. */
export function checkExercise(sessionId: string, exerciseId: string, locale: string, background = false): Promise<GradeResult> {
  // Unasked, it gives way to the learner's own Check instead of queueing behind it.
  return apiJson(`${session(sessionId, exerciseId)}/check?locale=${encodeURIComponent(locale)}${background ? '&background=true' : ''}`, { method: 'POST' }, !background);
}

/** The ids of the tasks the progress store holds as passed (once passed, always passed). */
export function passedTasks(progress: Progress, exerciseId: string): Set<string> {
  const tasks = progress.exercises[exerciseId]?.tasks ?? {};
  return new Set(Object.entries(tasks).filter(([, task]) => task.passed).map(([id]) => id));
}
