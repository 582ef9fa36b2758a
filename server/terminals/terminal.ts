// One shell in a sandbox and the socket currently showing it. Output is
// mirrored into a headless xterm (in the mirror worker), so a reconnecting
// browser gets the screen back; the shell outlives a disconnect for a grace period; output stops
// being read while the browser is behind (flow control by acknowledgements).
import type { WebSocket } from 'ws';
import type { InteractiveShell } from '../../engine/index.ts';
import { parseClientMessage, type ServerMessage } from './protocol.ts';
import type { ScreenMirrors } from './screen-mirrors.ts';

// Bytes sent but not yet acknowledged before the shell's output is paused,
// and the level it must fall to before reading resumes.
const HIGH_WATER = 256 * 1024;
const LOW_WATER = 32 * 1024;
// The mirror must never slow the learner's output. When it falls this far
// behind (a flood of output), it stops parsing and is fed only the flood's
// last MIRROR_TAIL bytes, which are what the screen shows, once output has
// been quiet for a moment (or a reconnect needs the screen now).
const MIRROR_BEHIND_LIMIT = 1024 * 1024;
const MIRROR_TAIL = 256 * 1024;
const QUIET_MS = 100;
// A read-only view (an instructor watching) gets output without flow control;
// one that falls this far behind is closed rather than slowing the learner.
const WATCHER_MAX_BUFFER = 1024 * 1024;
const READ_ONLY = 'this view is read-only: keys typed here do not reach the learner\'s terminal';

// A socket still paused since its upgrade (replaced before it was shown the
// terminal) would never read the client's half of the close handshake.
function closeSocket(socket: WebSocket, code: number, reason: string): void {
  socket.resume();
  socket.close(code, reason);
}

/** Follows everything the terminal shows, whoever is looking (a recording): output as it is read, the learner's size changes, the end. */
export interface TerminalTap {
  output(data: Buffer): void;
  resize(cols: number, rows: number): void;
  end(): void;
}

export class Terminal {
  /** The socket showing the terminal: it gets output and its input reaches the shell. */
  private socket?: WebSocket;
  /** The newest socket to attach; it becomes `socket` once its screen is sent, unless a newer one comes first. */
  private claimant?: WebSocket;
  private unacked = 0;
  private graceTimer?: NodeJS.Timeout;
  private closed = false;
  // Keystrokes typed after a resize must reach the shell after it, so input
  // waits while a resize is on its way to the engine.
  private resizing?: Promise<void>;
  private wantedSize?: { cols: number; rows: number };
  private inputBlocked = false;
  private input: Buffer[] = [];
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private outputPaused = false;
  /** Read-only views (watch()) that have been shown the screen and now get output. */
  private readonly watchers = new Set<WebSocket>();
  /** Views whose first screen is being taken, and the output read meanwhile, which they get after it. */
  private readonly joining = new Map<WebSocket, Buffer[]>();
  private readonly taps = new Set<TerminalTap>();
  /** Output the mirror skipped (only its tail is kept), while it catches up. */
  private skipped?: { chunks: Buffer[]; bytes: number; timer: NodeJS.Timeout; lastAt: number };

  constructor(
    private readonly id: string,
    private readonly mirrors: ScreenMirrors,
    private readonly shell: InteractiveShell,
    private cols: number,
    private rows: number,
    private readonly graceMs: number,
    private readonly onClose: (terminal: Terminal) => void,
    /** Called on input, and on output while someone watches: both keep the sandbox from idling out. */
    private readonly onActivity: () => void,
  ) {
    mirrors.open(id, cols, rows);
    shell.stream.on('data', (chunk: Buffer) => this.onOutput(chunk));
    // A broken shell stream ends this terminal, never the server (an unhandled 'error' would end the process).
    shell.stream.on('error', () => this.close(1012, 'the connection to the shell failed; reconnect for a new one'));
    void shell.exited.then((code) => {
      // No exit code: the connection to the shell broke (the engine restarted), not the shell.
      // 1012 (service restart) tells the client a reconnect gets a new shell.
      if (code === null) return this.close(1012, 'lost the connection to the shell; reconnect for a new one');
      this.send({ type: 'exit', code });
      this.close(1000, 'shell exited');
    });
  }

  get attached(): boolean {
    return this.socket !== undefined;
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.cols, rows: this.rows };
  }

  /** Starts giving `tap` what the terminal shows from now on; the returned function stops it (without ending the tap). */
  tap(tap: TerminalTap): () => void {
    if (this.closed) {
      tap.end();
      return () => undefined;
    }
    // Output read but not yet sent belongs to the time before the tap.
    this.flushOutput();
    this.taps.add(tap);
    return () => this.taps.delete(tap);
  }

  /**
   * Shows this terminal on `socket`, replacing any earlier one; a reattach
   * first gets the current screen. The socket claims the terminal before the
   * first await, so of concurrent attaches each closes the one before it and
   * only the newest stays open (M2).
   */
  async attach(socket: WebSocket, restored: boolean): Promise<void> {
    clearTimeout(this.graceTimer);
    const previous = this.claimant;
    this.claimant = socket;
    this.socket = undefined;
    if (previous) closeSocket(previous, 4000, 'opened elsewhere');
    socket.on('close', () => this.detach(socket));
    // A browser that left while its shell was starting: its 'close' has been and gone.
    if (socket.readyState !== socket.OPEN) return this.detach(socket);
    let snapshot: Buffer | undefined;
    if (restored) {
      // No output may overtake the repaint: stop reading, let the mirror take in
      // everything already read, then take its picture.
      this.shell.stream.pause();
      this.flushOutput();
      this.feedSkippedTail();
      snapshot = Buffer.from(await this.mirrors.snapshot(this.id));
    }
    // While the screen was taken a newer socket claimed the terminal, this one
    // went away or the shell ended: whoever did that has closed it already.
    if (this.claimant !== socket || this.closed) return;
    this.socket = socket;
    this.unacked = 0;
    this.outputPaused = false;
    this.send({ type: 'ready', restored, cols: this.cols, rows: this.rows });
    if (snapshot) socket.send(snapshot, { binary: true });
    socket.on('message', (data: Buffer, isBinary: boolean) => this.onClientFrame(socket, data, isBinary));
    // The route paused the socket on upgrade so no keystroke is lost before now.
    socket.resume();
    this.shell.stream.resume();
  }

  /**
   * Shows this terminal read-only on `socket` (an instructor's view): the
   * current screen, then output as it comes. Its keys reach nothing, and the
   * learner is told on their screen while someone watches.
   */
  async watch(socket: WebSocket): Promise<void> {
    // Everything read so far goes into the mirror before its picture is taken; what is read while
    // the picture is on its way waits for this view in `joining`, and follows the picture. The
    // shell's stream is left alone: pausing it here would fight the learner's flow control.
    this.flushOutput();
    this.feedSkippedTail();
    const waiting: Buffer[] = [];
    this.joining.set(socket, waiting);
    let snapshot: Buffer;
    try {
      snapshot = Buffer.from(await this.mirrors.snapshot(this.id));
    } finally {
      this.joining.delete(socket);
    }
    if (this.closed || socket.readyState !== socket.OPEN) return closeSocket(socket, 1000, 'the terminal closed');
    this.sendTo(socket, { type: 'ready', restored: true, cols: this.cols, rows: this.rows, readOnly: true });
    socket.send(snapshot, { binary: true });
    for (const chunk of waiting) socket.send(chunk, { binary: true });
    this.watchers.add(socket);
    this.tell('Your instructor is watching this terminal (they see it; they cannot type in it).');
    socket.on('message', (_data: Buffer, isBinary: boolean) => {
      if (isBinary) this.sendTo(socket, { type: 'error', message: READ_ONLY });
    });
    socket.on('close', () => {
      if (this.watchers.delete(socket) && !this.closed) this.tell('Your instructor stopped watching this terminal.');
    });
    socket.resume();
  }

  /** Shows a message from the platform on the learner's screen (and in the mirror, for a reconnect). */
  tell(text: string): void {
    this.onOutput(Buffer.from(`\r\n\x1b[1;33m[dockyard] ${text}\x1b[0m\r\n`));
  }

  close(code = 1000, reason = 'closed'): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.graceTimer);
    if (this.claimant) closeSocket(this.claimant, code, reason);
    for (const watcher of this.watchers) closeSocket(watcher, code, reason);
    this.watchers.clear();
    for (const tap of this.taps) tap.end();
    this.taps.clear();
    this.shell.close();
    clearInterval(this.skipped?.timer);
    this.mirrors.close(this.id);
    this.onClose(this);
  }

  private detach(socket: WebSocket): void {
    if (this.claimant !== socket) return;
    this.claimant = undefined;
    this.socket = undefined;
    // Nobody is watching: let the shell block on output rather than buffer it.
    this.shell.stream.pause();
    this.graceTimer = setTimeout(() => this.close(), this.graceMs);
    this.graceTimer.unref();
  }

  // The engine delivers output in chunks of a few KiB; gathering what arrives
  // in one turn of the event loop into one frame saves a frame, an
  // acknowledgement and a parser call per chunk under heavy output.
  private onOutput(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pending.length === 1) setImmediate(() => this.flushOutput());
    // One turn can bring megabytes (a `yes`): stop reading as soon as the
    // watermark is reached, not after sending them all, so Ctrl-C is not
    // queued behind output the browser still has to draw.
    if (this.socket && this.unacked + this.pendingBytes > HIGH_WATER) this.pauseOutput(this.socket);
  }

  private flushOutput(): void {
    if (!this.pending.length) return;
    const data = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.feedMirror(data);
    this.showWatchers(data);
    for (const tap of this.taps) tap.output(data);
    const socket = this.socket;
    if (!socket || this.closed) return;
    this.onActivity();
    socket.send(data, { binary: true });
    this.unacked += data.length;
    // Acknowledgements come from the client and cannot be trusted alone: the
    // socket's own send buffer bounds what the server holds for a slow reader.
    if (this.unacked > HIGH_WATER || socket.bufferedAmount > HIGH_WATER) this.pauseOutput(socket);
  }

  private showWatchers(data: Buffer): void {
    for (const waiting of this.joining.values()) waiting.push(data);
    for (const watcher of this.watchers) {
      if (watcher.bufferedAmount > WATCHER_MAX_BUFFER) {
        this.watchers.delete(watcher);
        closeSocket(watcher, 4008, 'the view fell behind the terminal; open it again');
      } else if (watcher.readyState === watcher.OPEN) {
        watcher.send(data, { binary: true });
      }
    }
  }

  private feedMirror(data: Buffer): void {
    if (this.skipped) {
      this.skipped.chunks.push(data);
      this.skipped.bytes += data.length;
      this.skipped.lastAt = Date.now();
      while (this.skipped.bytes - this.skipped.chunks[0].length >= MIRROR_TAIL) this.skipped.bytes -= this.skipped.chunks.shift()!.length;
      return;
    }
    if (this.mirrors.backlog(this.id) < MIRROR_BEHIND_LIMIT) {
      this.mirrors.write(this.id, data);
      return;
    }
    const timer = setInterval(() => {
      if (this.skipped && Date.now() - this.skipped.lastAt >= QUIET_MS) this.feedSkippedTail();
    }, QUIET_MS);
    this.skipped = { chunks: [data], bytes: data.length, timer, lastAt: Date.now() };
  }

  private feedSkippedTail(): void {
    if (!this.skipped) return;
    clearInterval(this.skipped.timer);
    const tail = Buffer.concat(this.skipped.chunks);
    this.skipped = undefined;
    this.mirrors.write(this.id, tail.subarray(Math.max(0, tail.length - MIRROR_TAIL)));
  }

  private pauseOutput(socket: WebSocket): void {
    if (this.outputPaused) return;
    this.outputPaused = true;
    this.shell.stream.pause();
    // Acknowledgements resume at once (see onClientFrame); this covers a send buffer that drains.
    const poll = setInterval(() => {
      if (this.socket !== socket || this.closed || !this.outputPaused) return clearInterval(poll);
      this.resumeOutputIfCaughtUp(socket);
    }, 20);
  }

  private resumeOutputIfCaughtUp(socket: WebSocket): void {
    if (!this.outputPaused || this.unacked >= LOW_WATER || socket.bufferedAmount >= LOW_WATER) return;
    this.outputPaused = false;
    this.shell.stream.resume();
  }

  private onClientFrame(socket: WebSocket, data: Buffer, isBinary: boolean): void {
    // A replaced socket is closing; frames it sent meanwhile are not the learner's current screen's.
    if (this.socket !== socket) return;
    if (isBinary) {
      this.onActivity();
      this.queueInput(socket, data);
      return;
    }
    const message = parseClientMessage(data.toString('utf8'));
    if (typeof message === 'string') {
      this.sendTo(socket, { type: 'error', message });
      return;
    }
    if (message.type === 'ack') {
      this.unacked = Math.max(0, this.unacked - message.bytes);
      this.resumeOutputIfCaughtUp(socket);
    } else if (message.type === 'close') {
      // The same ending as a grace period running out, only without the wait.
      this.close(1000, 'closed by the learner');
    } else {
      this.cols = message.cols;
      this.rows = message.rows;
      // Only the latest size matters: resizes that arrive while one is on its
      // way are folded into one, so a flood of them costs a few engine calls.
      this.wantedSize = { cols: message.cols, rows: message.rows };
      for (const watcher of this.watchers) this.sendTo(watcher, { type: 'size', cols: message.cols, rows: message.rows });
      for (const tap of this.taps) tap.resize(message.cols, message.rows);
      this.resizing ??= this.applyWantedSize().finally(() => { this.resizing = undefined; });
    }
  }

  private async applyWantedSize(): Promise<void> {
    while (this.wantedSize) {
      const { cols, rows } = this.wantedSize;
      this.wantedSize = undefined;
      this.mirrors.resize(this.id, cols, rows);
      await this.shell.resize(cols, rows).catch(() => undefined);
    }
  }

  // Frames that arrive together (a paste split up, a flood of one-byte frames)
  // reach the shell in one write, not one write per frame.
  private queueInput(socket: WebSocket, data: Buffer): void {
    this.input.push(data);
    if (this.input.length > 1) return;
    setImmediate(() => {
      const batch = this.input.length === 1 ? this.input[0] : Buffer.concat(this.input);
      this.input = [];
      if (this.resizing) void this.resizing.then(() => this.writeInput(socket, batch));
      else this.writeInput(socket, batch);
    });
  }

  /** A shell that reads slowly stops the socket from reading more, instead of the server buffering it. */
  private writeInput(socket: WebSocket, data: Buffer): void {
    // Input queued while the shell ended (its processes were stopped) has nowhere to go.
    if (!this.shell.stream.writable) return;
    // Frames already read when the socket was paused still arrive: one wait for drain is enough.
    if (this.shell.stream.write(data) || this.inputBlocked) return;
    this.inputBlocked = true;
    socket.pause();
    this.shell.stream.once('drain', () => {
      this.inputBlocked = false;
      socket.resume();
    });
  }

  private send(message: ServerMessage): void {
    if (this.socket) this.sendTo(this.socket, message);
  }

  private sendTo(socket: WebSocket, message: ServerMessage): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  }
}
