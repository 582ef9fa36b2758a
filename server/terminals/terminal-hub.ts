// All open terminals, by session and name. Opening a name that already has a
// shell reattaches to it; ending a session closes its terminals. Each new
// shell is announced ('opened'), for whoever follows terminals (recordings).
import { EventEmitter } from 'node:events';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { SandboxEngine } from '../../engine/index.ts';
import { ScreenMirrors } from './screen-mirrors.ts';
import { Terminal } from './terminal.ts';

export class TerminalLimitError extends Error {}
export class NoSuchTerminalError extends Error {}

interface TerminalHubEvents {
  opened: [sessionId: string, name: string, terminal: Terminal];
}

export class TerminalHub extends EventEmitter<TerminalHubEvents> {
  private readonly terminals = new Map<string, Terminal>();
  // Shells being started, so concurrent connects count against the cap and share one shell per name.
  private readonly opening = new Map<string, Promise<Terminal>>();
  private readonly mirrors: ScreenMirrors;
  /** What a session's next terminal must say first (restartSession). */
  private readonly notices = new Map<string, string>();
  private shellsOpened = 0;

  constructor(private readonly engine: SandboxEngine, private readonly graceMs: number, private readonly perSession: number, log: Pick<FastifyBaseLogger, 'error'>) {
    super();
    this.mirrors = new ScreenMirrors(log);
  }

  count(): number {
    return this.terminals.size;
  }

  attachedCount(): number {
    return [...this.terminals.values()].filter((t) => t.attached).length;
  }

  async connect(sessionId: string, sandboxId: string, name: string, size: { cols: number; rows: number }, socket: WebSocket): Promise<void> {
    const key = `${sessionId}/${name}`;
    const existing = this.terminals.get(key) ?? (await this.opening.get(key));
    if (existing) return existing.attach(socket, true);
    if (this.forSession(sessionId).length + this.openingFor(sessionId) >= this.perSession) {
      throw new TerminalLimitError(`a session may have at most ${this.perSession} terminals`);
    }
    const opening = this.open(key, sandboxId, size);
    this.opening.set(key, opening);
    try {
      const terminal = await opening;
      this.terminals.set(key, terminal);
      this.emit('opened', sessionId, name, terminal);
      const notice = this.notices.get(sessionId);
      this.notices.delete(sessionId);
      if (notice) terminal.tell(notice);
      await terminal.attach(socket, false);
    } finally {
      this.opening.delete(key);
    }
  }

  /** The names of the session's open terminals. */
  names(sessionId: string): string[] {
    return this.ofSession(sessionId).map(([name]) => name);
  }

  /** The session's open terminals, by name. */
  ofSession(sessionId: string): [name: string, terminal: Terminal][] {
    return this.forSession(sessionId).map(([key, terminal]) => [key.slice(sessionId.length + 1), terminal]);
  }

  /** Shows a session's terminal read-only on `socket` (Terminal.watch). */
  async watch(sessionId: string, name: string, socket: WebSocket): Promise<void> {
    const terminal = this.terminals.get(`${sessionId}/${name}`);
    if (!terminal) throw new NoSuchTerminalError(`the learner has no terminal ${name} open`);
    await terminal.watch(socket);
  }

  private async open(key: string, sandboxId: string, size: { cols: number; rows: number }): Promise<Terminal> {
    const shell = await this.engine.openShell(sandboxId, size);
    const onClose = (closed: Terminal) => {
      if (this.terminals.get(key) === closed) this.terminals.delete(key);
    };
    // Each shell gets its own mirror id: a name reopened later must not inherit the old one's screen.
    return new Terminal(`${key}#${++this.shellsOpened}`, this.mirrors, shell, size.cols, size.rows, this.graceMs, onClose, () => this.engine.touch(sandboxId));
  }

  private openingFor(sessionId: string): number {
    return [...this.opening.keys()].filter((key) => key.startsWith(`${sessionId}/`)).length;
  }

  /** Shows a platform message in every terminal of the session. */
  tellSession(sessionId: string, text: string): void {
    for (const [, terminal] of this.forSession(sessionId)) terminal.tell(text);
  }

  /**
   * The session's sandbox was started again: its terminals' shells are gone,
   * so they are closed to reconnect (1012, service restart), and the next one
   * opened says `notice` first.
   */
  restartSession(sessionId: string, notice: string): void {
    this.closeSession(sessionId, 'the sandbox was started again', 1012);
    this.notices.set(sessionId, notice);
  }

  closeSession(sessionId: string, reason: string, code = 4001): void {
    this.notices.delete(sessionId);
    for (const [key, terminal] of this.forSession(sessionId)) {
      this.terminals.delete(key);
      terminal.close(code, reason);
    }
  }

  async closeAll(reason: string): Promise<void> {
    for (const terminal of this.terminals.values()) terminal.close(1001, reason);
    this.terminals.clear();
    await this.mirrors.stop();
  }

  private forSession(sessionId: string): [string, Terminal][] {
    return [...this.terminals.entries()].filter(([key]) => key.startsWith(`${sessionId}/`));
  }
}
