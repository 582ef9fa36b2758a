// Where recordings live: one directory per class, one per learner (by member
// key) inside it, one asciicast file per terminal opened. A learner's files in
// a class share one size budget; files older than the retention time are
// swept away, and a class's directory goes with the class.
import { createWriteStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { readdir, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { castHeaderLine } from './asciicast.ts';
import { STOP_MARKER_ROOM, TerminalRecording, type Allowance } from './terminal-recording.ts';

export interface RecordingSettings {
  dir: string;
  /** Bytes one learner's recordings in one class may take, all terminals together. */
  budgetBytes: number;
  /** How long a recording is kept after it was last written to. */
  retentionMs: number;
}

export interface RecordingInfo {
  /** `<start in ms>-<terminal name>`: unique per learner, and sorts by time. */
  id: string;
  terminal: string;
  startedAt: string;
  /** When it was last written to (the end, for a finished one). */
  updatedAt: string;
  bytes: number;
}

const HEX16 = /^[0-9a-f]{16}$/;
const TERMINAL_NAME = /^[A-Za-z0-9_-]{1,32}$/;
export const RECORDING_ID = /^(\d{13})-([A-Za-z0-9_-]{1,32})$/;
const EXTENSION = '.cast';

export class RecordingStore {
  private readonly allowances = new Map<string, Allowance>();
  /** Files being written: the sweep leaves them alone, whatever their age. */
  private readonly open = new Set<string>();

  constructor(private readonly settings: RecordingSettings, private readonly onError: (err: Error) => void) {}

  /**
   * Starts recording a terminal; undefined when the learner's budget in this
   * class is used up. Synchronous, so that not a byte the terminal shows after
   * this call is missed: the file stream takes writes before it is open.
   */
  start(classId: string, member: string, terminal: string, size: { cols: number; rows: number }, now = Date.now()): TerminalRecording | undefined {
    if (!TERMINAL_NAME.test(terminal)) throw new Error(`not a terminal name: ${terminal}`);
    const allowance = this.allowance(classId, member);
    const header = castHeaderLine({ width: size.cols, height: size.rows, timestamp: Math.floor(now / 1000), title: terminal, env: { TERM: 'xterm-256color' } });
    if (allowance.remaining < Buffer.byteLength(header) + 2 * STOP_MARKER_ROOM) return undefined;
    allowance.remaining -= Buffer.byteLength(header);
    const dir = this.learnerDir(classId, member);
    // What learners' terminals showed is for the server's eyes only.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const filePath = path.join(dir, `${now}-${terminal}${EXTENSION}`);
    // 'wx': a file of the same name (the same terminal reopened within a millisecond) is never written over.
    const file = createWriteStream(filePath, { flags: 'wx', mode: 0o600 });
    this.open.add(filePath);
    file.on('error', (err) => this.onError(err));
    file.once('close', () => this.open.delete(filePath));
    const recording = new TerminalRecording(file, now, allowance);
    file.write(header);
    return recording;
  }

  async list(classId: string, member: string): Promise<RecordingInfo[]> {
    const dir = this.learnerDir(classId, member);
    const names = await readdir(dir).catch(() => [] as string[]);
    const found: RecordingInfo[] = [];
    for (const name of names.filter((n) => n.endsWith(EXTENSION)).sort()) {
      const id = name.slice(0, -EXTENSION.length);
      const parts = RECORDING_ID.exec(id);
      const info = parts && (await stat(path.join(dir, name)).catch(() => undefined));
      if (!parts || !info) continue;
      found.push({ id, terminal: parts[2], startedAt: new Date(Number(parts[1])).toISOString(), updatedAt: info.mtime.toISOString(), bytes: info.size });
    }
    return found;
  }

  /** The file of one recording, if it exists; every part of the path is checked, so none can leave the directory. */
  async file(classId: string, member: string, id: string): Promise<string | undefined> {
    if (!RECORDING_ID.test(id)) return undefined;
    const file = path.join(this.learnerDir(classId, member), `${id}${EXTENSION}`);
    return (await stat(file).catch(() => undefined))?.isFile() ? file : undefined;
  }

  async deleteClass(classId: string): Promise<void> {
    this.forgetAllowances(classId);
    await rm(this.classDir(classId), { recursive: true, force: true });
  }

  /** Removes recordings not written to within the retention time, and the directories they leave empty. */
  async sweep(now = Date.now()): Promise<number> {
    let removed = 0;
    for (const classId of await readdir(this.settings.dir).catch(() => [] as string[])) {
      if (!HEX16.test(classId)) continue;
      for (const member of await readdir(this.classDir(classId)).catch(() => [] as string[])) {
        if (!HEX16.test(member)) continue;
        const dir = this.learnerDir(classId, member);
        const names = await readdir(dir).catch(() => [] as string[]);
        for (const name of names) {
          if (this.open.has(path.join(dir, name))) continue;
          const info = await stat(path.join(dir, name)).catch(() => undefined);
          if (info && now - info.mtimeMs > this.settings.retentionMs) {
            await rm(path.join(dir, name), { force: true });
            // What was swept is the learner's to record again.
            const allowance = this.allowances.get(`${classId}/${member}`);
            if (allowance) allowance.remaining += info.size;
            removed++;
          }
        }
        await removeIfEmpty(dir);
      }
      await removeIfEmpty(this.classDir(classId));
    }
    return removed;
  }

  private allowance(classId: string, member: string): Allowance {
    const key = `${classId}/${member}`;
    let allowance = this.allowances.get(key);
    if (!allowance) {
      // Read once per learner and class, from the files a previous run left.
      const dir = this.learnerDir(classId, member);
      const names = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith(EXTENSION)) : [];
      const used = names.reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0);
      allowance = { remaining: this.settings.budgetBytes - used };
      this.allowances.set(key, allowance);
    }
    return allowance;
  }

  private forgetAllowances(classId: string): void {
    for (const key of this.allowances.keys()) if (key.startsWith(`${classId}/`)) this.allowances.delete(key);
  }

  private classDir(classId: string): string {
    if (!HEX16.test(classId)) throw new Error(`not a class id: ${classId}`);
    return path.join(this.settings.dir, classId);
  }

  private learnerDir(classId: string, member: string): string {
    if (!HEX16.test(member)) throw new Error(`not a member key: ${member}`);
    return path.join(this.classDir(classId), member);
  }
}

/** A directory the sweep emptied goes; one a new recording was just started in stays (rmdir refuses it). */
async function removeIfEmpty(dir: string): Promise<void> {
  await rmdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST' && err.code !== 'ENOENT') throw err;
  });
}
