// One terminal's recording: everything the terminal shows, as asciicast v2
// events appended to a file. Every line written is taken from the learner's
// allowance in the class; when that runs out the recording says so in a last
// marker and stops, and the terminal goes on unrecorded. A file that cannot
// be written stops the recording too.
import type { WriteStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { TerminalTap } from '../terminals/terminal.ts';
import { castEventLine, type CastEventType } from './asciicast.ts';

/** What a learner may still write to their recordings in one class, shared by all of their terminals. */
export interface Allowance {
  remaining: number;
}

// Kept back from the allowance so the marker that says the recording stopped always fits.
export const STOP_MARKER_ROOM = 256;
const STOPPED = 'recording stopped: this learner\'s recording space in the class is used up';

export class TerminalRecording implements TerminalTap {
  // A chunk may end inside a UTF-8 character; asciicast data is text, so the rest waits for the next chunk.
  private readonly decoder = new StringDecoder('utf8');
  private done = false;
  /** Resolves once the file is closed (written out, or failed). */
  readonly closed: Promise<void>;

  constructor(
    private readonly file: WriteStream,
    private readonly startedAt: number,
    private readonly allowance: Allowance,
    private readonly now: () => number = Date.now,
  ) {
    this.closed = new Promise((resolve) => file.once('close', resolve));
    file.once('error', () => this.finish());
  }

  output(data: Buffer): void {
    const text = this.decoder.write(data);
    if (text) this.append('o', text);
  }

  resize(cols: number, rows: number): void {
    this.append('r', `${cols}x${rows}`);
  }

  mark(label: string): void {
    this.append('m', label);
  }

  end(): void {
    if (this.done) return;
    const rest = this.decoder.end();
    if (rest) this.append('o', rest);
    this.finish();
  }

  /** Whether what the terminal shows still reaches the file. */
  get recording(): boolean {
    return !this.done;
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.file.end();
  }

  private append(type: CastEventType, data: string): void {
    if (this.done) return;
    const seconds = (this.now() - this.startedAt) / 1000;
    const line = castEventLine(seconds, type, data);
    const size = Buffer.byteLength(line);
    if (size > this.allowance.remaining - STOP_MARKER_ROOM) {
      const last = castEventLine(seconds, 'm', STOPPED);
      this.allowance.remaining -= Buffer.byteLength(last);
      this.file.write(last);
      this.finish();
      return;
    }
    this.allowance.remaining -= size;
    this.file.write(line);
  }
}
