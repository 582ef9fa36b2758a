// The server's one SQLite file (DOCKYARD_DATABASE, by default dockyard.sqlite
// in the state dir): learners' progress and classes live side by side, so a
// class's roster reads progress in one query and a backup is one file.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type ServerDatabase = Database.Database;

export function openDatabase(file: string): ServerDatabase {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  return db;
}

/** Adds a column a table made by an earlier version lacks (SQLite has no ADD COLUMN IF NOT EXISTS). */
export function addColumnIfMissing(db: ServerDatabase, table: string, column: string, definition: string): void {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
  if (!columns.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
}
