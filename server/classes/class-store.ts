// Classes and who joined them, in the server's database. A class belongs to
// the instructor who made it; learners join it with its code and a display
// name, and keep the progress they already had (progress is the learner's,
// not the class's).
import { randomBytes, randomInt } from 'node:crypto';
import type { ServerDatabase } from '../storage/database.ts';

export interface ClassRecord {
  id: string;
  code: string;
  name: string;
  /** The instructor who made it (instructor-auth.ts). */
  owner: string;
  /** Lesson slugs, in the order the class takes them. */
  lessons: string[];
  startsAt?: string;
  capacity?: number;
  createdAt: string;
  closedAt?: string;
}

export interface ClassMember {
  learner: string;
  name: string;
  joinedAt: string;
  /** The exercise the learner last opened or checked, and when. */
  lastExercise?: string;
  lastActivityAt?: string;
}

export class ClassFullError extends Error {}
export class ClassClosedError extends Error {}

// No 0/O, 1/I/L: a code read aloud or copied from a projector is typed right.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 6;

interface ClassRow {
  id: string;
  code: string;
  name: string;
  owner: string;
  lessons: string;
  starts_at: string | null;
  capacity: number | null;
  created_at: string;
  closed_at: string | null;
}

const toRecord = (row: ClassRow): ClassRecord => ({
  id: row.id,
  code: row.code,
  name: row.name,
  owner: row.owner,
  lessons: JSON.parse(row.lessons) as string[],
  ...(row.starts_at ? { startsAt: row.starts_at } : {}),
  ...(row.capacity !== null ? { capacity: row.capacity } : {}),
  createdAt: row.created_at,
  ...(row.closed_at ? { closedAt: row.closed_at } : {}),
});

export class ClassStore {
  constructor(private readonly db: ServerDatabase) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS classes (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        owner TEXT NOT NULL,
        lessons TEXT NOT NULL,
        starts_at TEXT,
        capacity INTEGER,
        created_at TEXT NOT NULL,
        closed_at TEXT
      );
      CREATE TABLE IF NOT EXISTS class_members (
        class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
        learner TEXT NOT NULL,
        name TEXT NOT NULL,
        joined_at TEXT NOT NULL,
        last_exercise TEXT,
        last_activity_at TEXT,
        PRIMARY KEY (class_id, learner)
      );
      CREATE INDEX IF NOT EXISTS class_members_by_learner ON class_members (learner);`);
  }

  create(owner: string, fields: { name: string; lessons: string[]; startsAt?: string; capacity?: number }, now = new Date()): ClassRecord {
    const id = randomBytes(8).toString('hex');
    const insert = this.db.prepare(`INSERT INTO classes (id, code, name, owner, lessons, starts_at, capacity, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    // A clash with a live code is one in ~10^9 per class: draw again.
    for (;;) {
      const code = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
      try {
        insert.run(id, code, fields.name, owner, JSON.stringify(fields.lessons), fields.startsAt ?? null, fields.capacity ?? null, now.toISOString());
        return this.get(id)!;
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
      }
    }
  }

  get(id: string): ClassRecord | undefined {
    const row = this.db.prepare('SELECT * FROM classes WHERE id = ?').get(id) as ClassRow | undefined;
    return row && toRecord(row);
  }

  byCode(code: string): ClassRecord | undefined {
    const row = this.db.prepare('SELECT * FROM classes WHERE code = ?').get(code.toUpperCase()) as ClassRow | undefined;
    return row && toRecord(row);
  }

  ownedBy(owner: string): ClassRecord[] {
    return (this.db.prepare('SELECT * FROM classes WHERE owner = ? ORDER BY created_at DESC').all(owner) as ClassRow[]).map(toRecord);
  }

  /** Open classes with a start time and a size whose start lies between `from` and `to`. */
  startingBetween(from: Date, to: Date): ClassRecord[] {
    const rows = this.db.prepare(`SELECT * FROM classes WHERE closed_at IS NULL AND capacity IS NOT NULL AND starts_at IS NOT NULL
      AND julianday(starts_at) BETWEEN julianday(?) AND julianday(?)`).all(from.toISOString(), to.toISOString()) as ClassRow[];
    return rows.map(toRecord);
  }

  close(id: string, now = new Date()): void {
    this.db.prepare('UPDATE classes SET closed_at = COALESCE(closed_at, ?) WHERE id = ?').run(now.toISOString(), id);
  }

  /** Removes the class and its roster; the learners keep their progress. */
  delete(id: string): void {
    this.db.prepare('DELETE FROM classes WHERE id = ?').run(id);
  }

  /**
   * Adds the learner to the class under `name`, or renames them if they had
   * joined already (a second join is never refused for capacity).
   */
  join(klass: ClassRecord, learner: string, name: string, now = new Date()): void {
    this.db.transaction(() => {
      const already = this.db.prepare('SELECT 1 FROM class_members WHERE class_id = ? AND learner = ?').get(klass.id, learner);
      if (already) {
        this.db.prepare('UPDATE class_members SET name = ? WHERE class_id = ? AND learner = ?').run(name, klass.id, learner);
        return;
      }
      if (klass.closedAt) throw new ClassClosedError(`the class "${klass.name}" is closed`);
      const { count } = this.db.prepare('SELECT COUNT(*) AS count FROM class_members WHERE class_id = ?').get(klass.id) as { count: number };
      if (klass.capacity !== undefined && count >= klass.capacity) throw new ClassFullError(`the class "${klass.name}" is full (${klass.capacity} learners)`);
      this.db.prepare('INSERT INTO class_members (class_id, learner, name, joined_at) VALUES (?, ?, ?, ?)').run(klass.id, learner, name, now.toISOString());
    })();
  }

  members(classId: string): ClassMember[] {
    const rows = this.db.prepare('SELECT * FROM class_members WHERE class_id = ? ORDER BY joined_at, name').all(classId) as {
      learner: string; name: string; joined_at: string; last_exercise: string | null; last_activity_at: string | null;
    }[];
    return rows.map((row) => ({
      learner: row.learner,
      name: row.name,
      joinedAt: row.joined_at,
      ...(row.last_exercise ? { lastExercise: row.last_exercise, lastActivityAt: row.last_activity_at! } : {}),
    }));
  }

  /** Open classes the learner is in: the ones whose rosters change when they work. */
  classesOf(learner: string): string[] {
    const rows = this.db.prepare('SELECT m.class_id AS id FROM class_members m JOIN classes c ON c.id = m.class_id WHERE m.learner = ? AND c.closed_at IS NULL').all(learner) as { id: string }[];
    return rows.map((row) => row.id);
  }

  noteActivity(learner: string, exercise: string, now = new Date()): void {
    this.db.prepare('UPDATE class_members SET last_exercise = ?, last_activity_at = ? WHERE learner = ?').run(exercise, now.toISOString(), learner);
  }
}
