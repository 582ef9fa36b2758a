// Learners' progress in an embedded SQLite file: which tasks of which
// exercises each learner has passed, kept across restarts.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { GradeResult } from './grader.ts';

export interface ExerciseProgress {
  completed: boolean;
  tasks: Record<string, { passed: boolean; at: string }>;
}

export class ProgressStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
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
  }

  /** Records a grading; a task once passed stays passed, and so does a completed exercise. */
  record(learner: string, exercise: string, result: GradeResult, now = new Date()): void {
    const at = now.toISOString();
    const upsert = this.db.prepare(`
      INSERT INTO task_results (learner, exercise, task, passed, at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (learner, exercise, task) DO UPDATE SET passed = excluded.passed, at = excluded.at
      WHERE task_results.passed = 0`);
    const complete = this.db.prepare('INSERT OR IGNORE INTO completions (learner, exercise, at) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      for (const task of result.tasks) upsert.run(learner, exercise, task.id, task.passed ? 1 : 0, at);
      if (result.passed) complete.run(learner, exercise, at);
    })();
  }

  forLearner(learner: string): Record<string, ExerciseProgress> {
    const progress: Record<string, ExerciseProgress> = {};
    const rows = this.db.prepare('SELECT exercise, task, passed, at FROM task_results WHERE learner = ?').all(learner) as { exercise: string; task: string; passed: number; at: string }[];
    for (const row of rows) {
      progress[row.exercise] ??= { completed: false, tasks: {} };
      progress[row.exercise].tasks[row.task] = { passed: row.passed === 1, at: row.at };
    }
    for (const { exercise } of this.db.prepare('SELECT exercise FROM completions WHERE learner = ?').all(learner) as { exercise: string }[]) {
      progress[exercise] ??= { completed: true, tasks: {} };
      progress[exercise].completed = true;
    }
    return progress;
  }

  close(): void {
    this.db.close();
  }
}
