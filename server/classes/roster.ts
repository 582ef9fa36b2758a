// A class's roster as the instructor sees it: one row per learner, one
// column per task of the class's lessons, each cell passed / attempted (with
// the last check's message) / untouched, and "stuck" where a learner keeps
// failing a task or has been on it long. Pure: the inputs are read by
// classroom.ts, so this is tested without a server.
import { createHash } from 'node:crypto';
import type { Exercise } from '../exercises/loader.ts';
import type { ExerciseProgress } from '../exercises/progress-store.ts';
import { localize, type Locale } from '../exercises/spec.ts';
import type { ClassMember, ClassRecord } from './class-store.ts';
import type { CourseLesson } from './course-outline.ts';

/** Failing checks on one task after which a learner counts as stuck on it. */
export const STUCK_AFTER_FAILED_CHECKS = 3;
/** Time since the first check of a task not yet passed after which a learner counts as stuck on it. */
export const STUCK_AFTER_MS = 10 * 60 * 1000;

export type TaskState = 'passed' | 'attempted' | 'untouched';

export interface RosterColumn {
  /** `exercise/task`, the key of each learner's cells. */
  key: string;
  lesson: string;
  exercise: string;
  task: string;
  title: string;
}

export interface RosterCell {
  state: TaskState;
  attempts?: number;
  /** What the last check that counted said (the learner's own sandbox, shown as text only). */
  message?: string;
  at?: string;
  stuck?: true;
}

export interface RosterRow {
  /** Stands for the learner in this class's URLs; not the learner's cookie id. */
  member: string;
  name: string;
  joinedAt: string;
  online: boolean;
  lesson?: string;
  passed: number;
  stuck: boolean;
  tasks: Record<string, RosterCell>;
}

export interface Roster {
  class: { id: string; name: string; code: string; lessons: string[]; closed: boolean };
  columns: RosterColumn[];
  learners: RosterRow[];
}

export interface RosterInputs {
  klass: ClassRecord;
  members: ClassMember[];
  progress: Map<string, Record<string, ExerciseProgress>>;
  course: CourseLesson[];
  exercises: Map<string, Exercise>;
  isOnline: (learner: string) => boolean;
  locale: Locale;
  now: Date;
}

/** The member key: stable per class and learner, and says nothing about the learner's cookie. */
export function memberKey(classId: string, learner: string): string {
  return createHash('sha256').update(`${classId}\0${learner}`).digest('hex').slice(0, 16);
}

export function rosterColumns(klass: ClassRecord, course: CourseLesson[], exercises: Map<string, Exercise>, locale: Locale): RosterColumn[] {
  const columns: RosterColumn[] = [];
  const seen = new Set<string>();
  for (const slug of klass.lessons) {
    const lesson = course.find((l) => l.slug === slug);
    for (const exerciseId of lesson?.exercises ?? []) {
      const exercise = exercises.get(exerciseId);
      // Two lessons may end in the same exercise: its tasks are one set of columns, under the first.
      if (!exercise || seen.has(exerciseId)) continue;
      seen.add(exerciseId);
      for (const task of exercise.spec.tasks) {
        columns.push({ key: `${exerciseId}/${task.id}`, lesson: slug, exercise: exerciseId, task: task.id, title: localize(task.title, locale)! });
      }
    }
  }
  return columns;
}

function cell(progress: Record<string, ExerciseProgress> | undefined, column: RosterColumn, now: Date): RosterCell {
  const task = progress?.[column.exercise]?.tasks[column.task];
  if (!task) return { state: 'untouched' };
  if (task.passed) return { state: 'passed', attempts: task.attempts, at: task.at };
  const stuck = task.attempts >= STUCK_AFTER_FAILED_CHECKS || now.getTime() - Date.parse(task.firstAt) >= STUCK_AFTER_MS;
  return { state: 'attempted', attempts: task.attempts, message: task.message, at: task.at, ...(stuck ? { stuck: true as const } : {}) };
}

export function buildRoster({ klass, members, progress, course, exercises, isOnline, locale, now }: RosterInputs): Roster {
  const columns = rosterColumns(klass, course, exercises, locale);
  const lessonOf = (exercise: string | undefined) => exercise && klass.lessons.find((slug) => course.find((l) => l.slug === slug)?.exercises.includes(exercise));
  const learners = members.map((member): RosterRow => {
    const mine = progress.get(member.learner);
    const tasks = Object.fromEntries(columns.map((column) => [column.key, cell(mine, column, now)]));
    const lesson = lessonOf(member.lastExercise);
    return {
      member: memberKey(klass.id, member.learner),
      name: member.name,
      joinedAt: member.joinedAt,
      online: isOnline(member.learner),
      ...(lesson ? { lesson } : {}),
      passed: Object.values(tasks).filter((c) => c.state === 'passed').length,
      stuck: Object.values(tasks).some((c) => c.stuck),
      tasks,
    };
  });
  return {
    class: { id: klass.id, name: klass.name, code: klass.code, lessons: klass.lessons, closed: klass.closedAt !== undefined },
    columns,
    learners,
  };
}
