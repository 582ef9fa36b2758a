// One shell in a sandbox and the socket currently showing it. Output is
// mirrored into a headless xterm, so a reconnecting browser gets the screen
// back; the shell outlives a disconnect for a grace period; output stops
// being read while the browser is behind (flow control by acknowledgements).
import headless from '@xterm/headless';
import serialize from '@xterm/addon-serialize';
import type { WebSocket } from 'ws';
import type { InteractiveShell } from '../../engine/index.ts';
import { parseClientMessage, type ServerMessage } from './protocol.ts';

// Bytes sent but not yet acknowledged before the shell's output is paused,
// and the level it must fall to before reading resumes.
const HIGH_WATER = 256 * 1024;
const LOW_WATER = 32 * 1024;
const SCROLLBACK = 1000;

export class Terminal {
  private readonly mirror: InstanceType<typeof headless.Terminal>;
  private readonly serializer = new serialize.SerializeAddon();
  private socket?: WebSocket;
  private unacked = 0;
  private graceTimer?: NodeJS.Timeout;
  private closed = false;
  // Keystrokes typed after a resize must reach the shell after it, so input
  // waits while a resize is on its way to the engine.
  private resizing?: Promise<void>;
  private pending: Buffer[] = [];
  private outputPaused = false;

  constructor(
    private readonly shell: InteractiveShell,
    private cols: number,
    private rows: number,
    private readonly graceMs: number,
    private readonly onClose: (terminal: Terminal) => void,
    /** Called on input, and on output while someone watches: both keep the sandbox from idling out. */
    private readonly onActivity: () => void,
  ) {
    this.mirror = new headless.Terminal({ cols, rows, scrollback: SCROLLBACK, allowProposedApi: true });
    this.mirror.loadAddon(this.serializer as never);
    shell.stream.on('data', (chunk: Buffer) => this.onOutput(chunk));
    void shell.exited.then((code) => {
      this.send({ type: 'exit', code });
      this.close(1000, 'shell exited');
    });
  }

  get attached(): boolean {
    return this.socket !== undefined;
  }

  /** Shows this terminal on `socket`, replacing any earlier one; a reattach first gets the current screen. */
  async attach(socket: WebSocket, restored: boolean): Promise<void> {
    clearTimeout(this.graceTimer);
    const previous = this.socket;
    this.socket = undefined;
    previous?.close(4000, 'opened elsewhere');
    let snapshot: Buffer | undefined;
    if (restored) {
      // No output may overtake the repaint: stop reading, let the mirror take in
      // everything already read, then take its picture.
      this.shell.stream.pause();
      this.flushOutput();
      await new Promise<void>((resolve) => this.mirror.write('', resolve));
      snapshot = Buffer.from(this.serializer.serialize());
    }
    this.socket = socket;
    this.unacked = 0;
    this.outputPaused = false;
    this.send({ type: 'ready', restored, cols: this.cols, rows: this.rows });
    if (snapshot) socket.send(snapshot, { binary: true });
    socket.on('message', (data: Buffer, isBinary: boolean) => this.onClientFrame(socket, data, isBinary));
    socket.on('close', () => this.detach(socket));
    // The route paused the socket on upgrade so no keystroke is lost before now.
    socket.resume();
    this.shell.stream.resume();
  }

  close(code = 1000, reason = 'closed'): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.graceTimer);
    this.socket?.close(code, reason);
    this.shell.close();
    this.mirror.dispose();
    this.onClose(this);
  }

  private detach(socket: WebSocket): void {
    if (this.socket !== socket) return;
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
    if (this.pending.length === 1) setImmediate(() => this.flushOutput());
  }

  private flushOutput(): void {
    if (!this.pending.length) return;
    const data = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    this.pending = [];
    this.mirror.write(data);
    const socket = this.socket;
    if (!socket || this.closed) return;
    this.onActivity();
    socket.send(data, { binary: true });
    this.unacked += data.length;
    // Acknowledgements come from the client and cannot be trusted alone: the
    // socket's own send buffer bounds what the server holds for a slow reader.
    if (this.unacked > HIGH_WATER || socket.bufferedAmount > HIGH_WATER) this.pauseOutput(socket);
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
    if (isBinary) {
      this.onActivity();
      if (this.resizing) void this.resizing.then(() => this.writeInput(socket, data));
      else this.writeInput(socket, data);
      return;
    }
    const message = parseClientMessage(data.toString('utf8'));
    if (typeof message === 'string') {
      this.sendTo(socket, { type: 'error', message });
      return;
    }
    if (message.type === 'ack') {
      this.unacked = Math.max(0, this.unacked - message.bytes);
      if (this.socket === socket) this.resumeOutputIfCaughtUp(socket);
    } else {
      this.cols = message.cols;
      this.rows = message.rows;
      this.mirror.resize(message.cols, message.rows);
      const done = (this.resizing ?? Promise.resolve())
        .then(() => this.shell.resize(message.cols, message.rows))
        .catch(() => undefined)
        .finally(() => { if (this.resizing === done) this.resizing = undefined; });
      this.resizing = done;
    }
  }

  /** A shell that reads slowly stops the socket from reading more, instead of the server buffering it. */
  private writeInput(socket: WebSocket, data: Buffer): void {
    if (this.shell.stream.write(data)) return;
    socket.pause();
    this.shell.stream.once('drain', () => socket.resume());
  }

  private send(message: ServerMessage): void {
    if (this.socket) this.sendTo(this.socket, message);
  }

  private sendTo(socket: WebSocket, message: ServerMessage): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  }
}
