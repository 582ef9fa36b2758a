// Classes as the server runs them: composes the class store, learners'
// progress, their sessions and the course into rosters, and tells whoever
// watches a class (the live class page) when its roster may have changed.
import { EventEmitter } from 'node:events';
import type { Exercise } from '../exercises/loader.ts';
import type { GradeResult } from '../exercises/grader.ts';
import type { ProgressStore } from '../exercises/progress-store.ts';
import type { Locale } from '../exercises/spec.ts';
import type { SessionManager } from '../sessions/session-manager.ts';
import { ClassStore, type ClassRecord } from './class-store.ts';
import type { CourseLesson } from './course-outline.ts';
import { buildRoster, memberKey, type Roster } from './roster.ts';
import type { ClassEvent } from './webhook.ts';

/** A learner whose page or sandbox was active this recently is online (the lesson page asks every 30 s). */
export const ONLINE_WINDOW_MS = 75_000;

export class ClassNotFoundError extends Error {}
export class NotYourClassError extends Error {}
export class UnknownLessonsError extends Error {}
export class NotInClassError extends Error {}

export interface NewClass {
  name: string;
  lessons?: string[];
  startsAt?: string;
  capacity?: number;
}

interface ClassroomEvents {
  /** The class's roster may have changed (a join, a check, an opened exercise, a close). */
  changed: [classId: string];
  /** Something worth telling outside systems (webhook.ts). */
  event: [event: ClassEvent];
  /** A learner joined (or rejoined under another name). */
  joined: [classId: string, learner: string];
  /** A learner of the class ran an exercise's checks (recordings mark it). */
  checked: [classId: string, learner: string, exercise: string, result: GradeResult];
  closed: [classId: string];
  deleted: [classId: string];
}

export class Classroom extends EventEmitter<ClassroomEvents> {
  constructor(
    private readonly store: ClassStore,
    private readonly progress: ProgressStore,
    private readonly sessions: SessionManager,
    private readonly course: CourseLesson[],
    private readonly exercises: Map<string, Exercise>,
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
    // Every open class page listens: more than the default ten is normal.
    this.setMaxListeners(0);
  }

  create(owner: string, fields: NewClass): ClassRecord {
    const lessons = fields.lessons ?? this.course.map((l) => l.slug);
    const unknown = lessons.filter((slug) => !this.course.some((l) => l.slug === slug));
    if (unknown.length) throw new UnknownLessonsError(`no lesson ${unknown.join(', ')}; the course has ${this.course.map((l) => l.slug).join(', ')}`);
    const klass = this.store.create(owner, { ...fields, lessons: [...new Set(lessons)] }, this.now());
    this.emit('changed', klass.id);
    return klass;
  }

  ownedBy(owner: string): ClassRecord[] {
    return this.store.ownedBy(owner);
  }

  /** The open classes the learner is in. */
  openClassesOf(learner: string): string[] {
    return this.store.classesOf(learner);
  }

  exists(classId: string): boolean {
    return this.store.get(classId) !== undefined;
  }

  /** The class, if it is this instructor's: 404 for none, 403 for another's. */
  ofInstructor(owner: string, classId: string): ClassRecord {
    const klass = this.store.get(classId);
    if (!klass) throw new ClassNotFoundError(`no class ${classId}`);
    if (klass.owner !== owner) throw new NotYourClassError('this class belongs to another instructor');
    return klass;
  }

  join(code: string, learner: string, name: string): ClassRecord {
    const klass = this.store.byCode(code);
    if (!klass) throw new ClassNotFoundError(`no class has the code ${code.toUpperCase()}; check it with your instructor`);
    this.store.join(klass, learner, name, this.now());
    this.emit('changed', klass.id);
    this.emit('joined', klass.id, learner);
    this.emit('event', { type: 'class.joined', classId: klass.id, data: { member: memberKey(klass.id, learner), name } });
    return klass;
  }

  close(klass: ClassRecord): void {
    this.store.close(klass.id, this.now());
    this.emit('changed', klass.id);
    this.emit('closed', klass.id);
  }

  delete(klass: ClassRecord): void {
    this.store.delete(klass.id);
    this.emit('changed', klass.id);
    this.emit('deleted', klass.id);
  }

  /** The learner opened or checked an exercise: their open classes' rosters changed; returns those classes. */
  learnerWorked(learner: string, exercise: string): string[] {
    const classes = this.store.classesOf(learner);
    if (!classes.length) return classes;
    this.store.noteActivity(learner, exercise, this.now());
    for (const id of classes) this.emit('changed', id);
    return classes;
  }

  /** The learner checked an exercise: their classes' rosters changed, and outside systems hear of it. */
  learnerChecked(learner: string, exercise: string, result: GradeResult): void {
    for (const classId of this.learnerWorked(learner, exercise)) {
      this.emit('checked', classId, learner, exercise, result);
      const member = memberKey(classId, learner);
      const tasks = result.tasks.map((task) => ({ id: task.id, passed: task.passed }));
      this.emit('event', { type: 'task.checked', classId, data: { member, exercise, passed: result.passed, tasks } });
      if (result.passed) this.emit('event', { type: 'exercise.completed', classId, data: { member, exercise } });
    }
  }

  /** The learner behind a member key of this class, if they are in it. */
  learnerOf(klass: ClassRecord, member: string): string | undefined {
    return this.store.members(klass.id).find((m) => memberKey(klass.id, m.learner) === member)?.learner;
  }

  roster(klass: ClassRecord, locale: Locale): Roster {
    const members = this.store.members(klass.id);
    const now = this.now();
    return buildRoster({
      klass: this.store.get(klass.id) ?? klass,
      members,
      progress: this.progress.forLearners(members.map((m) => m.learner)),
      course: this.course,
      exercises: this.exercises,
      isOnline: (learner) => this.isOnline(learner, now),
      locale,
      now,
    });
  }

  private isOnline(learner: string, now: Date): boolean {
    return this.sessions.forLearner(learner).some((session) => {
      if (session.status !== 'ready' && session.status !== 'starting') return false;
      return now.getTime() - Date.parse(this.sessions.view(session).lastActiveAt) < ONLINE_WINDOW_MS;
    });
  }
}
