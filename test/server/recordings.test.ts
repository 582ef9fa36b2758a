// Terminal recordings on disk, without a server: the files are asciicast v2
// that split characters survive, a learner's budget in a class is shared by
// their terminals and ends a recording with a marker, and old recordings and
// deleted classes' recordings go away.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { checkMarker } from '../../server/recordings/asciicast.ts';
import { RecordingStore } from '../../server/recordings/recording-store.ts';
import type { TerminalRecording } from '../../server/recordings/terminal-recording.ts';

const CLASS = '0123456789abcdef';
const MEMBER = 'fedcba9876543210';
const OTHER = 'aaaaaaaaaaaaaaaa';
let dir: string;
const errors: Error[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dockyard-recordings-'));
  errors.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const store = (budgetBytes = 1024 ** 2, retentionMs = 3_600_000) => new RecordingStore({ dir, budgetBytes, retentionMs }, (err) => errors.push(err));

async function finish(recording: TerminalRecording | undefined): Promise<void> {
  recording!.end();
  // The file stream flushes after end(); the file is complete once the stream has closed.
  await vi.waitFor(async () => expect((await store().list(CLASS, MEMBER)).length).toBeGreaterThan(0));
  await new Promise((resolve) => setImmediate(resolve));
}

function lines(file: string): unknown[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as unknown);
}

it('writes asciicast v2: a header, then output, resizes and markers at their times, with characters split across chunks whole', async () => {
  const recordings = store();
  const started = Date.now();
  const recording = recordings.start(CLASS, MEMBER, 'main', { cols: 100, rows: 30 }, started);
  const korean = Buffer.from('안녕');
  recording!.output(Buffer.from('$ echo hi\r\nhi\r\n'));
  recording!.output(korean.subarray(0, 4));
  recording!.output(korean.subarray(4));
  recording!.resize(120, 40);
  recording!.mark(checkMarker('first-look', [{ id: 'a', passed: true, message: '' }, { id: 'b', passed: false, message: 'no container named web\nmore' }]));
  recording!.end();
  await vi.waitFor(async () => {
    const [info] = await recordings.list(CLASS, MEMBER);
    expect(info.bytes).toBeGreaterThan(100);
  });
  const [info] = await recordings.list(CLASS, MEMBER);
  expect(info).toMatchObject({ id: `${started}-main`, terminal: 'main', startedAt: new Date(started).toISOString() });
  const file = (await recordings.file(CLASS, MEMBER, info.id))!;
  await vi.waitFor(() => expect(lines(file)).toHaveLength(6));
  const [header, ...events] = lines(file) as [Record<string, unknown>, ...[number, string, string][]];
  expect(header).toMatchObject({ version: 2, width: 100, height: 30, timestamp: Math.floor(started / 1000), title: 'main', env: { TERM: 'xterm-256color' } });
  // Learners' output is for the server's eyes only.
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  expect(statSync(path.join(dir, CLASS)).mode & 0o777).toBe(0o700);
  expect(events.map(([, type, data]) => [type, data])).toEqual([
    ['o', '$ echo hi\r\nhi\r\n'],
    ['o', '안'],
    ['o', '녕'],
    ['r', '120x40'],
    ['m', '✗ first-look: 1/2, b — no container named web'],
  ]);
  for (const [seconds] of events) expect(seconds).toBeGreaterThanOrEqual(0);
  expect(errors).toEqual([]);
});

it('shares one budget between a learner\'s terminals, ends a recording with a marker when it runs out, and starts none after', async () => {
  const recordings = store(4096);
  const first = recordings.start(CLASS, MEMBER, 'main', { cols: 80, rows: 24 }, 1_700_000_000_000);
  const second = recordings.start(CLASS, MEMBER, 'second', { cols: 80, rows: 24 }, 1_700_000_000_001);
  const other = recordings.start(CLASS, OTHER, 'main', { cols: 80, rows: 24 }, 1_700_000_000_002);
  for (let i = 0; i < 40; i++) first!.output(Buffer.from(`line ${i} ${'x'.repeat(100)}\r\n`));
  expect(first!.recording).toBe(false);
  second!.output(Buffer.from('y'.repeat(200)));
  expect(second!.recording).toBe(false);
  // Another learner's budget is their own.
  other!.output(Buffer.from('z'.repeat(1000)));
  expect(other!.recording).toBe(true);
  expect(recordings.start(CLASS, MEMBER, 'third', { cols: 80, rows: 24 })).toBeUndefined();
  for (const r of [first, second, other]) r!.end();
  await vi.waitFor(async () => {
    const mine = await recordings.list(CLASS, MEMBER);
    expect(mine.reduce((sum, r) => sum + r.bytes, 0)).toBeGreaterThan(3000);
  });
  const mine = await recordings.list(CLASS, MEMBER);
  expect(mine.reduce((sum, r) => sum + r.bytes, 0)).toBeLessThanOrEqual(4096);
  const last = lines((await recordings.file(CLASS, MEMBER, mine[0].id))!).at(-1) as [number, string, string];
  expect(last[1]).toBe('m');
  expect(last[2]).toMatch(/recording stopped/);
  // A new run of the server counts what the files already take.
  expect(store(4096).start(CLASS, MEMBER, 'main', { cols: 80, rows: 24 })).toBeUndefined();
  expect(store(64 * 1024).start(CLASS, MEMBER, 'main', { cols: 80, rows: 24 })).toBeDefined();
});

it('finds no recording outside the learner\'s own directory, whatever the id', async () => {
  const recordings = store();
  await finish(recordings.start(CLASS, MEMBER, 'main', { cols: 80, rows: 24 }, 1_700_000_000_000));
  expect(await recordings.file(CLASS, MEMBER, '1700000000000-main')).toBeDefined();
  for (const id of ['../1700000000000-main', '1700000000000-main.cast', '1700000000000-../../x', '1-main']) {
    expect(await recordings.file(CLASS, MEMBER, id)).toBeUndefined();
  }
  expect(await recordings.file(CLASS, OTHER, '1700000000000-main')).toBeUndefined();
  expect(() => recordings.start('../etc', MEMBER, 'main', { cols: 80, rows: 24 })).toThrow(/not a class id/);
  expect(() => recordings.start(CLASS, MEMBER, '../main', { cols: 80, rows: 24 })).toThrow(/not a terminal name/);
});

it('stops a recording whose file cannot be written, and says so to the server\'s log', async () => {
  const recordings = store();
  await finish(recordings.start(CLASS, MEMBER, 'main', { cols: 80, rows: 24 }, 1_700_000_000_000));
  // The same terminal name in the same millisecond: the file exists, and is never written over.
  const clash = recordings.start(CLASS, MEMBER, 'main', { cols: 80, rows: 24 }, 1_700_000_000_000)!;
  await vi.waitFor(() => expect(clash.recording).toBe(false));
  clash.output(Buffer.from('lost'));
  await clash.closed;
  expect(errors.map((e) => (e as NodeJS.ErrnoException).code)).toEqual(['EEXIST']);
  expect(readFileSync((await recordings.file(CLASS, MEMBER, '1700000000000-main'))!, 'utf8')).not.toContain('lost');
});

it('sweeps recordings past their retention time and the directories they leave, and removes a deleted class\'s', async () => {
  const recordings = store(1024 ** 2, 60_000);
  const old = path.join(dir, CLASS, MEMBER, '1600000000000-main.cast');
  mkdirSync(path.dirname(old), { recursive: true });
  writeFileSync(old, '{"version":2,"width":80,"height":24,"timestamp":1600000000}\n');
  const longAgo = new Date(Date.now() - 120_000);
  utimesSync(old, longAgo, longAgo);
  await finish(recordings.start(CLASS, OTHER, 'main', { cols: 80, rows: 24 }));
  // A recording still being written is kept, however long its terminal has been quiet.
  const quiet = recordings.start(CLASS, OTHER, 'quiet', { cols: 80, rows: 24 }, 1_600_000_000_000)!;
  await vi.waitFor(() => expect(readFileSync(path.join(dir, CLASS, OTHER, '1600000000000-quiet.cast'), 'utf8')).toMatch(/"version":2/));
  utimesSync(path.join(dir, CLASS, OTHER, '1600000000000-quiet.cast'), longAgo, longAgo);
  expect(await recordings.sweep()).toBe(1);
  expect(await recordings.list(CLASS, MEMBER)).toEqual([]);
  expect((await recordings.list(CLASS, OTHER)).map((r) => r.terminal).sort()).toEqual(['main', 'quiet']);
  quiet.end();
  await quiet.closed;
  await recordings.deleteClass(CLASS);
  expect(await recordings.list(CLASS, OTHER)).toEqual([]);
});
