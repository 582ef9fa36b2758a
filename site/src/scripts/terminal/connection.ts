// One WebSocket to one named shell, speaking the terminal protocol (README,
// "Terminal protocol"): raw bytes both ways in binary frames, JSON control
// messages in text frames. It reports what happened; deciding what to do
// about it (reconnect, show a message) is the terminal tab's job.
import type { ServerMessage } from '../../../../server/terminals/protocol.ts';
import { AckBatcher } from './acks.ts';

/** The server refuses frames larger than this; big pastes are split. */
const MAX_FRAME_BYTES = 64 * 1024;

// Close codes the server uses (server/terminals/terminal.ts, terminal-hub.ts, routes/terminals.ts).
const OPENED_ELSEWHERE = 4000;
const SESSION_CLOSED = 4001;
const SESSION_NOT_READY = 4409;
/** WebSocket's "try again later": the container engine is away for now. */
const TRY_AGAIN_LATER = 1013;
/** The session's sandbox is gone: only a reset helps, so no reconnecting. */
const SANDBOX_GONE = 4410;
/** Worth trying again shortly even though the server said why it closed: a sandbox being replaced, started or an engine coming back. */
const TRANSIENT = new Set([SESSION_CLOSED, SESSION_NOT_READY, TRY_AGAIN_LATER]);

export type ReadyMessage = Extract<ServerMessage, { type: 'ready' }>;

/** Why the socket closed, when this side did not close it. */
export type CloseReason =
  | { kind: 'exited'; code: number | null }
  /** Another window attached to the same shell. */
  | { kind: 'displaced' }
  /** The server would not start this shell (e.g. too many terminals) and said why. */
  | { kind: 'refused'; message: string }
  /** Anything else: the network, a server restart, a reset sandbox. Worth reconnecting. */
  | { kind: 'dropped'; code: number; message?: string };

export interface ConnectionHandlers {
  onReady(ready: ReadyMessage): void;
  /** Output to write to the screen; call `written` once it is. */
  onOutput(data: Uint8Array, written: () => void): void;
  /** The server could not use something this side sent; the connection stays open. */
  onServerError(message: string): void;
  onClose(reason: CloseReason): void;
}

export function terminalUrl(sessionId: string, name: string, cols: number, rows: number): string {
  const url = new URL(`/api/sessions/${encodeURIComponent(sessionId)}/terminals/${encodeURIComponent(name)}`, location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = new URLSearchParams({ cols: String(cols), rows: String(rows) }).toString();
  return url.href;
}

function parseServerMessage(text: string): ServerMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
      return typeof message.cols === 'number' && typeof message.rows === 'number'
        ? { type: 'ready', restored: message.restored === true, cols: message.cols, rows: message.rows }
        : undefined;
    case 'exit':
      return { type: 'exit', code: typeof message.code === 'number' ? message.code : null };
    case 'error':
      return { type: 'error', message: String(message.message ?? 'unknown error') };
    default:
      return undefined;
  }
}

const encoder = new TextEncoder();

export class TerminalConnection {
  private readonly socket: WebSocket;
  private readonly acks: AckBatcher;
  private ready = false;
  /** After a `ready` with restored:true the next binary frame repaints the screen; it is not counted by flow control. */
  private repaintNext = false;
  private exitCode?: number | null;
  private lastError?: string;
  private closedHere = false;
  private size?: { cols: number; rows: number };

  constructor(url: string, private readonly handlers: ConnectionHandlers) {
    this.socket = new WebSocket(url);
    this.socket.binaryType = 'arraybuffer';
    this.acks = new AckBatcher((bytes) => this.sendControl({ type: 'ack', bytes }));
    this.socket.addEventListener('message', (event) => this.onMessage(event));
    this.socket.addEventListener('close', (event) => this.onSocketClose(event));
  }

  get isReady(): boolean {
    return this.ready && this.socket.readyState === WebSocket.OPEN;
  }

  /** What the learner typed or pasted, as UTF-8. */
  input(text: string): void {
    this.sendBytes(encoder.encode(text));
  }

  /** xterm's binary input (some mouse reports): one byte per character. */
  inputBinary(text: string): void {
    this.sendBytes(Uint8Array.from(text, (char) => char.charCodeAt(0) & 0xff));
  }

  resize(cols: number, rows: number): void {
    if (!this.isReady || (this.size?.cols === cols && this.size.rows === rows)) return;
    this.size = { cols, rows };
    this.sendControl({ type: 'resize', cols, rows });
  }

  /** Closes the socket and leaves the shell running for a reconnect (page change, new session). */
  disconnect(): void {
    this.closedHere = true;
    this.acks.stop();
    this.socket.close(1000);
  }

  /** Closes the socket and asks the server to end the shell now (the learner closed the tab). */
  endShell(): void {
    this.closedHere = true;
    this.acks.stop();
    const sendClose = () => {
      this.socket.send(JSON.stringify({ type: 'close' }));
      this.socket.close(1000);
    };
    if (this.socket.readyState === WebSocket.OPEN) sendClose();
    // The server holds frames until the shell is attached, so a close sent now still arrives after it.
    else if (this.socket.readyState === WebSocket.CONNECTING) this.socket.addEventListener('open', sendClose);
  }

  private sendBytes(bytes: Uint8Array): void {
    if (!this.isReady) return;
    for (let at = 0; at < bytes.length; at += MAX_FRAME_BYTES) this.socket.send(bytes.subarray(at, at + MAX_FRAME_BYTES));
  }

  private sendControl(message: { type: 'resize'; cols: number; rows: number } | { type: 'ack'; bytes: number }): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private onMessage(event: MessageEvent): void {
    if (this.closedHere) return;
    if (typeof event.data !== 'string') {
      const data = new Uint8Array(event.data as ArrayBuffer);
      if (this.repaintNext) {
        this.repaintNext = false;
        this.handlers.onOutput(data, () => undefined);
      } else {
        this.handlers.onOutput(data, () => this.acks.written(data.length));
      }
      return;
    }
    const message = parseServerMessage(event.data);
    if (!message) {
      this.handlers.onServerError(`unreadable control message ${JSON.stringify(event.data.slice(0, 80))}`);
    } else if (message.type === 'ready') {
      this.ready = true;
      this.repaintNext = message.restored;
      this.size = { cols: message.cols, rows: message.rows };
      this.handlers.onReady(message);
    } else if (message.type === 'exit') {
      this.exitCode = message.code;
    } else if (message.type === 'error') {
      this.lastError = message.message;
      if (this.ready) this.handlers.onServerError(message.message);
    }
  }

  private onSocketClose(event: CloseEvent): void {
    this.acks.stop();
    if (this.closedHere) return;
    this.handlers.onClose(this.closeReason(event.code, this.lastError ?? (event.reason || undefined)));
  }

  private closeReason(code: number, message?: string): CloseReason {
    if (this.exitCode !== undefined) return { kind: 'exited', code: this.exitCode };
    if (code === OPENED_ELSEWHERE) return { kind: 'displaced' };
    if (code === SANDBOX_GONE) return { kind: 'refused', message: message ?? 'the sandbox is gone' };
    if (TRANSIENT.has(code)) return { kind: 'dropped', code, message };
    if (!this.ready && this.lastError) return { kind: 'refused', message: this.lastError };
    return { kind: 'dropped', code, message };
  }
}
