// One terminal tab: an xterm on the page bound to one named shell in the
// learner's sandbox. It keeps the connection alive (reconnecting with backoff
// when it drops), tells the learner when it cannot, and queues commands sent
// before the shell is there.
import type { FitAddon } from '@xterm/addon-fit';
import type { Terminal } from '@xterm/xterm';
import { pageLocale, t } from '../../i18n/ui.ts';
import { emit, type SessionView, type Theme } from '../events.ts';
import { reconnectDelay } from './backoff.ts';
import { Banner, type BannerAction } from './banner.ts';
import { copySelection } from './clipboard.ts';
import { TerminalConnection, terminalUrl, type CloseReason } from './connection.ts';
import { createXterm } from './create-xterm.ts';
import { attachKeys, focusAfter } from './keyboard.ts';
import type { TabState } from './tab-strip.ts';
import { terminalTheme } from './themes.ts';

/** Resizes are sent once the size has settled (dragging a splitter fires many). */
const RESIZE_SETTLE_MS = 150;
/** Full reset (RIS): written into xterm's queue, so it lands after any output still being written. */
const RESET_SCREEN = '\x1bc';
// After Enter, output quiet this long with the prompt back means the command finished.
const COMMAND_SETTLE_MS = 500;

export interface TabHooks {
  stateChanged(tab: TerminalTab): void;
  openMenu(tab: TerminalTab, x: number, y: number): void;
  notify(message: string): void;
  closeRequested(tab: TerminalTab): void;
}

type Mode = 'waiting' | TabState;

/** Why Run did not type: text on the command line, or a program (not the shell's prompt) holds the terminal. */
export type RunRefusal = 'typed' | 'program';

export class TerminalTab {
  readonly panel: HTMLElement;
  readonly term: Terminal;
  private readonly fitAddon: FitAddon;
  private readonly banner = new Banner();
  private readonly resizeObserver: ResizeObserver;
  private connection?: TerminalConnection;
  private sessionId?: string;
  private mode: Mode = 'waiting';
  private attempt = 0;
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private resizeTimer?: ReturnType<typeof setTimeout>;
  private queued: string[] = [];
  private waitingFor: SessionView | null = null;
  private exitCode: number | null = null;
  private refusal = '';
  /** What the server said when the connection dropped, if anything. */
  private dropReason?: string;
  /** Enter was pressed and the prompt has not come back yet. */
  private commandRunning = false;
  private settleTimer?: ReturnType<typeof setTimeout>;

  constructor(readonly name: string, theme: Theme, describedBy: string, private readonly hooks: TabHooks) {
    this.panel = document.createElement('div');
    this.panel.className = 'terminal-panel';
    this.panel.id = `terminal-panel-${name}`;
    this.panel.setAttribute('role', 'tabpanel');
    this.panel.setAttribute('aria-labelledby', `terminal-tab-${name}`);
    const screen = document.createElement('div');
    screen.className = 'terminal-screen';
    this.panel.append(screen, this.banner.element);

    const { term, fitAddon } = createXterm(screen, theme, t(pageLocale(), 'terminal.tab', { n: name }), describedBy);
    this.term = term;
    this.fitAddon = fitAddon;

    this.term.onData((data) => {
      this.connection?.input(data);
      if (data.includes('\r')) this.watchForPrompt();
    });
    this.term.onBinary((data) => this.connection?.inputBinary(data));
    this.term.onResize(({ cols, rows }) => {
      clearTimeout(this.resizeTimer);
      this.resizeTimer = setTimeout(() => this.connection?.resize(cols, rows), RESIZE_SETTLE_MS);
    });
    attachKeys(this.term, {
      copy: () => void this.copy(),
      openMenu: () => {
        const box = (this.term.textarea ?? screen).getBoundingClientRect();
        this.hooks.openMenu(this, box.left, box.bottom);
      },
      enter: () => {
        if (this.mode !== 'exited' && this.mode !== 'displaced') return false;
        this.open();
        return true;
      },
      leave: () => focusAfter(this.panel),
    });
    // Selecting with the mouse copies, as terminals on Linux do.
    screen.addEventListener('mouseup', () => {
      if (this.term.hasSelection()) void copySelection(this.term);
    });
    this.panel.addEventListener('contextmenu', (event) => {
      if (this.banner.element.contains(event.target as Node)) return;
      event.preventDefault();
      this.hooks.openMenu(this, event.clientX, event.clientY);
    });
    this.resizeObserver = new ResizeObserver(() => this.fit());
    this.resizeObserver.observe(screen);
    this.showState();
  }

  /** What tests and styles see in data-state; waiting for a sandbox counts as connecting. */
  get state(): TabState {
    return this.mode === 'waiting' ? 'connecting' : this.mode;
  }

  /** The session is ready: connect, unless already connected to this very session. */
  attach(session: SessionView): void {
    if (this.sessionId === session.id && this.mode !== 'waiting') return;
    this.sessionId = session.id;
    this.attempt = 0;
    this.open();
  }

  /** No ready session (starting, queued, reset, expired): let go of the shell and say what we wait for. */
  wait(session: SessionView | null): void {
    this.drop();
    this.sessionId = undefined;
    this.waitingFor = session;
    this.setMode('waiting');
  }

  /**
   * Types `command` and Enter into the shell, now or as soon as it is there.
   * Returns why it did not instead: the learner's command line has text on
   * it, or a program holds the terminal.
   */
  run(command: string): RunRefusal | undefined {
    // The learner may have scrolled up: what the command prints is at the bottom.
    this.term.scrollToBottom();
    if (this.mode === 'ready') {
      const refusal = this.notAtPrompt();
      if (refusal) return refusal;
    }
    this.queued.push(`${command}\r`);
    if (this.mode === 'ready') this.flushQueue();
    else if (this.mode === 'exited' || this.mode === 'displaced') this.open();
    return undefined;
  }

  /**
   * Whether the shell sits at an empty prompt, read from the screen the
   * learner sees: a full-screen program (vi, less, top) has switched to the
   * alternate screen; otherwise the line the cursor is on must end, at the
   * cursor, in a prompt's "# " or "$ " with nothing after it. Text after
   * the prompt is a half-typed command; no prompt at all (an empty line, a
   * REPL's ">>> ", bash's "> " continuation) is a program reading the
   * terminal, or one still running. The server could ask the kernel which
   * process group owns the terminal, but only with an exec in the sandbox on
   * every Run, and it still could not see a half-typed line, which only the
   * screen shows. A shell started inside (a chroot's sh, `docker run -it`)
   * counts as a prompt, which is what lessons that run commands there need.
   */
  private notAtPrompt(): RunRefusal | undefined {
    const buffer = this.term.buffer.active;
    if (buffer.type === 'alternate') return 'program';
    const cursorRow = buffer.baseY + buffer.cursorY;
    // A long command line wraps over several rows: read it from its first.
    let first = cursorRow;
    while (first > 0 && buffer.getLine(first)?.isWrapped) first--;
    let before = '';
    for (let row = first; row < cursorRow; row++) before += buffer.getLine(row)?.translateToString(false) ?? '';
    before += buffer.getLine(cursorRow)?.translateToString(false, 0, buffer.cursorX) ?? '';
    let after = buffer.getLine(cursorRow)?.translateToString(true, buffer.cursorX) ?? '';
    for (let row = cursorRow + 1; buffer.getLine(row)?.isWrapped; row++) after += buffer.getLine(row)?.translateToString(true) ?? '';
    if (after.trim() !== '') return 'typed';
    if (/[#$] $/.test(before)) return undefined;
    return /[#$] \S/.test(before) ? 'typed' : 'program';
  }

  focus(): void {
    this.term.focus();
  }

  show(visible: boolean): void {
    this.panel.hidden = !visible;
    if (visible) this.fit();
  }

  fit(): void {
    // A hidden panel has no size; it is fitted when shown.
    if (this.panel.hidden || this.panel.clientWidth === 0 || this.panel.clientHeight === 0) return;
    this.fitAddon.fit();
  }

  setTheme(theme: Theme): void {
    this.term.options.theme = terminalTheme(theme);
  }

  async copy(): Promise<void> {
    if (this.term.hasSelection() && !(await copySelection(this.term))) this.hooks.notify(t(pageLocale(), 'terminal.copy.blocked'));
  }

  /** The learner closed the tab: the shell ends now rather than after the grace period. */
  close(): void {
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.resizeTimer);
    this.connection?.endShell();
    this.connection = undefined;
    this.resizeObserver.disconnect();
    clearTimeout(this.settleTimer);
    this.term.dispose();
    this.panel.remove();
  }

  private open(): void {
    if (!this.sessionId) return;
    this.drop();
    this.fit();
    const connection = new TerminalConnection(terminalUrl(this.sessionId, this.name, this.term.cols, this.term.rows), {
      onReady: () => this.onReady(connection),
      onOutput: (data, written) => {
        this.term.write(data, written);
        if (this.commandRunning) this.watchForPrompt();
      },
      onServerError: (message) => this.showServerError(message),
      onClose: (reason) => this.onClose(reason),
    });
    this.connection = connection;
    if (this.mode !== 'reconnecting') this.setMode('connecting');
  }

  private drop(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.connection?.disconnect();
    this.connection = undefined;
  }

  private onReady(connection: TerminalConnection): void {
    this.attempt = 0;
    // Restored or new, what the server sends next is the whole screen.
    this.term.write(RESET_SCREEN);
    // A restored shell keeps the size it had; it takes this window's.
    connection.resize(this.term.cols, this.term.rows);
    this.setMode('ready');
    this.flushQueue();
  }

  private onClose(reason: CloseReason): void {
    this.connection = undefined;
    if (reason.kind === 'dropped') {
      this.dropReason = reason.message;
      this.setMode('reconnecting');
      this.reconnectTimer = setTimeout(() => this.open(), reconnectDelay(this.attempt++));
    } else if (reason.kind === 'exited') {
      this.exitCode = reason.code;
      this.setMode('exited');
    } else if (reason.kind === 'displaced') {
      this.setMode('displaced');
    } else {
      this.refusal = reason.message;
      this.setMode('error');
    }
  }

  private flushQueue(): void {
    const commands = this.queued;
    this.queued = [];
    for (const command of commands) this.connection?.input(command);
    if (commands.length) this.watchForPrompt();
  }

  /** Says 'dockyard:command-finished' once the output settles with the shell's prompt back (a program holding the terminal, like top, is still running). */
  private watchForPrompt(): void {
    this.commandRunning = true;
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      if (this.mode !== 'ready' || this.notAtPrompt() === 'program') return;
      this.commandRunning = false;
      emit('dockyard:command-finished');
    }, COMMAND_SETTLE_MS);
  }

  private setMode(mode: Mode): void {
    this.mode = mode;
    this.showState();
    this.hooks.stateChanged(this);
  }

  private showState(): void {
    const locale = pageLocale();
    const retry: BannerAction = { label: t(locale, 'terminal.reconnect'), run: () => { this.attempt = 0; this.open(); } };
    this.panel.dataset.state = this.state;
    switch (this.mode) {
      case 'ready':
        this.banner.hide();
        break;
      case 'waiting':
        this.banner.show(this.waitingFor?.status === 'queued'
          ? t(locale, 'terminal.queued', { n: this.waitingFor.queuePosition ?? '?' })
          : t(locale, 'terminal.waiting'), 'info');
        break;
      case 'connecting':
        this.banner.show(t(locale, 'terminal.connecting'), 'info');
        break;
      case 'reconnecting':
        this.banner.show(this.dropReason
          ? t(locale, 'terminal.reconnecting.because', { message: this.dropReason })
          : t(locale, 'terminal.reconnecting'), 'warn', [retry]);
        break;
      case 'exited':
        this.banner.show(this.exitCode === null ? t(locale, 'terminal.ended') : t(locale, 'terminal.exited', { code: this.exitCode }), 'info', [
          { label: t(locale, 'terminal.restart'), run: () => { this.open(); this.focus(); } },
        ]);
        break;
      case 'displaced':
        this.banner.show(t(locale, 'terminal.displaced'), 'info', [
          { label: t(locale, 'terminal.displaced.back'), run: () => { this.open(); this.focus(); } },
        ]);
        break;
      case 'error':
        this.banner.show(t(locale, 'terminal.refused', { message: this.refusal }), 'error', [
          { ...retry, label: t(locale, 'terminal.retry') },
          { label: t(locale, 'terminal.close-tab'), run: () => this.hooks.closeRequested(this) },
        ]);
        break;
    }
  }

  private showServerError(message: string): void {
    this.banner.show(t(pageLocale(), 'terminal.server-error', { message }), 'error', [
      { label: t(pageLocale(), 'terminal.dismiss'), run: () => this.showState() },
    ]);
  }
}
