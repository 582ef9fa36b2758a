// Learners' progress: which tasks of which exercises each learner has
// passed, how often they tried, and what the last failing check said, kept
// across restarts in the server's database.
import type { ServerDatabase } from '../storage/database.ts';
import { addColumnIfMissing } from '../storage/database.ts';
import type { GradeResult } from './grader.ts';

export interface TaskProgress {
  passed: boolean;
  /** The last check that counted: the passing one, or the latest failing one. */
  at: string;
  /** Checks run on this task until it passed (the passing one included). */
  attempts: number;
  /** What the last check that counted said. */
  message: string;
  /** When the learner first checked this task. */
  firstAt: string;
}

export interface ExerciseProgress {
  completed: boolean;
  tasks: Record<string, TaskProgress>;
}

interface TaskRow {
  learner: string;
  exercise: string;
  task: string;
  passed: number;
  at: string;
  attempts: number;
  message: string;
  first_at: string | null;
}

export class ProgressStore {
  constructor(private readonly db: ServerDatabase) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS task_results (
        learner TEXT NOT NULL,
        exercise TEXT NOT NULL,
        task TEXT NOT NULL,
        passed INTEGER NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (learner, exercise, task)
      );
      CREATE TABLE IF NOT EXISTS completions (
        learner TEXT NOT NULL,
        exercise TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (learner, exercise)
      );`);
    // Databases written before classes had only pass/fail.
    addColumnIfMissing(db, 'task_results', 'attempts', 'INTEGER NOT NULL DEFAULT 1');
    addColumnIfMissing(db, 'task_results', 'message', "TEXT NOT NULL DEFAULT ''");
    addColumnIfMissing(db, 'task_results', 'first_at', 'TEXT');
    db.exec('UPDATE task_results SET first_at = at WHERE first_at IS NULL');
  }

  /** Records a grading; a task once passed stays passed (and keeps its message), and so does a completed exercise. `result.tasks` is in the exercise's order. */
  record(learner: string, exercise: string, result: GradeResult, now = new Date()): void {
    const at = now.toISOString();
    const upsert = this.db.prepare(`
      INSERT INTO task_results (learner, exercise, task, passed, at, attempts, message, first_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)
      ON CONFLICT (learner, exercise, task) DO UPDATE SET
        passed = excluded.passed, at = excluded.at, message = excluded.message, attempts = task_results.attempts + 1
      WHERE task_results.passed = 0`);
    const complete = this.db.prepare('INSERT OR IGNORE INTO completions (learner, exercise, at) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      // A check runs every task, but the learner is working on one: of the tasks not passed, only the
      // first (in the exercise's order) counts as tried, so the others stay untouched on a roster.
      // A check stopped at its time-out says nothing about the work: it is not an attempt.
      const tried = result.tasks.find((t) => !t.passed);
      for (const task of result.tasks) {
        if (task.timedOut || (!task.passed && task !== tried)) continue;
        upsert.run(learner, exercise, task.id, task.passed ? 1 : 0, at, task.message, at);
      }
      if (result.passed) complete.run(learner, exercise, at);
    })();
  }

  forLearner(learner: string): Record<string, ExerciseProgress> {
    return this.forLearners([learner]).get(learner) ?? {};
  }

  /** Progress of many learners at once (a class's roster), by learner. */
  forLearners(learners: string[]): Map<string, Record<string, ExerciseProgress>> {
    const byLearner = new Map<string, Record<string, ExerciseProgress>>();
    if (learners.length === 0) return byLearner;
    const ids = JSON.stringify(learners);
    const rows = this.db.prepare('SELECT * FROM task_results WHERE learner IN (SELECT value FROM json_each(?))').all(ids) as TaskRow[];
    const of = (learner: string, exercise: string) => {
      const progress = byLearner.get(learner) ?? {};
      byLearner.set(learner, progress);
      progress[exercise] ??= { completed: false, tasks: {} };
      return progress[exercise];
    };
    for (const row of rows) {
      of(row.learner, row.exercise).tasks[row.task] = { passed: row.passed === 1, at: row.at, attempts: row.attempts, message: row.message, firstAt: row.first_at ?? row.at };
    }
    const completions = this.db.prepare('SELECT learner, exercise FROM completions WHERE learner IN (SELECT value FROM json_each(?))').all(ids) as { learner: string; exercise: string }[];
    for (const { learner, exercise } of completions) of(learner, exercise).completed = true;
    return byLearner;
  }
}
