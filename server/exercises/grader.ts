// Grades an exercise in a learner's sandbox: every task's check runs at once,
// from the copy the server holds (not a file the learner could edit), with
// the sandbox's read-only tools first on PATH. Exit 0 passes; what the check
// prints is the learner's feedback.
import type { SandboxEngine } from '../../engine/index.ts';
import type { Exercise } from './loader.ts';
import { localize, type Locale } from './spec.ts';

export interface TaskResult {
  id: string;
  passed: boolean;
  message: string;
  /** Set when the check was stopped at its time-out (so its failure says nothing about the work). */
  timedOut?: true;
}

export interface GradeResult {
  passed: boolean;
  tasks: TaskResult[];
}

const MAX_FEEDBACK_BYTES = 4096;

// Put before every check: `say EN KO` prints the message in the learner's language.
export const CHECK_PRELUDE = 'say() { if [ "$DOCKYARD_LOCALE" = ko ] && [ -n "$2" ]; then printf \'%s\\n\' "$2"; else printf \'%s\\n\' "$1"; fi; }\n';
const DEFAULT_TIMEOUT_S = 20;

const MESSAGES = {
  en: { passed: 'Done.', failed: 'Not done yet.', timedOut: 'The check took too long and was stopped.', truncated: '…' },
  ko: { passed: '완료했습니다.', failed: '아직 완료되지 않았습니다.', timedOut: '확인이 너무 오래 걸려 중단했습니다.', truncated: '…' },
} satisfies Record<Locale, Record<string, string>>;

export async function gradeExercise(engine: SandboxEngine, sandboxId: string, exercise: Exercise, locale: Locale = 'en'): Promise<GradeResult> {
  const text = MESSAGES[locale];
  const timeoutMs = (exercise.spec.timeoutSeconds ?? DEFAULT_TIMEOUT_S) * 1000;
  const tasks = await Promise.all(exercise.spec.tasks.map(async (task): Promise<TaskResult> => {
    const result = await engine.run(sandboxId, ['bash', '--noprofile', '--norc', '-c', CHECK_PRELUDE + exercise.checks.get(task.id)!], {
      as: 'check',
      timeoutMs,
      maxOutputBytes: MAX_FEEDBACK_BYTES,
      env: ['HOME=/root', `DOCKYARD_LOCALE=${locale}`],
      workdir: '/root',
    });
    if (result.timedOut) return { id: task.id, passed: false, message: text.timedOut, timedOut: true };
    const passed = result.exitCode === 0;
    const printed = result.stdout.trim() + (result.truncated ? text.truncated : '');
    const fallback = passed ? localize(task.success, locale) ?? text.passed : text.failed;
    return { id: task.id, passed, message: printed || fallback };
  }));
  return { passed: tasks.every((t) => t.passed), tasks };
}
