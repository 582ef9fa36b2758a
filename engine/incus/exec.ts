// Running commands in an Incus sandbox through the exec API: each stream of
// the command is a websocket of the exec operation. One-shot commands get
// stdin, stdout and stderr; a terminal gets one pty websocket and a control
// websocket for resizes; a port tunnel is an exec of busybox nc.
import { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import {
  CappedBuffer, DEFAULT_MAX_OUTPUT, DEFAULT_TIMEOUT_MS, END_OTHER_SESSIONS, END_SESSION, HOST_GRACE_MS, SHELL_ENV,
  commandEnv, runResult, shellCommand, wrapCommand,
  type InteractiveShell, type RunOptions, type RunResult, type TerminalOptions,
} from '../sandbox/commands.ts';
import type { IncusClient, IncusOperation } from './client.ts';

// Seen in a test run on a busy host: resizes sent back to back landed out of order.
const RESIZE_SETTLE_MS = 50;

interface ExecRequest {
  command: string[];
  env?: string[];
  interactive: boolean;
  cwd?: string;
  user?: number;
  cols?: number;
  rows?: number;
}

interface StartedExec {
  operation: string;
  sockets: Record<string, WebSocket>;
}

function environment(env: string[] = []): Record<string, string> {
  const vars: Record<string, string> = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root' };
  for (const entry of env) {
    const eq = entry.indexOf('=');
    if (eq > 0) vars[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return vars;
}

/** Numeric uid for Incus's exec (it takes no names); names the image defines are looked up by the command itself. */
function numericUser(user?: string): number | undefined {
  if (user === undefined || user === '' || user === 'root') return undefined;
  if (/^\d+$/.test(user)) return Number(user);
  throw new Error(`the Incus backend runs commands as a numeric uid, not ${JSON.stringify(user)}`);
}

// Incus now and then refuses one of an exec's websockets with a 500 on a busy
// host; the command has not started then (it waits for all of them), so the
// exec is cancelled and asked for again.
const EXEC_ATTEMPTS = 3;

async function startExec(client: IncusClient, instance: string, request: ExecRequest): Promise<StartedExec> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startExecOnce(client, instance, request);
    } catch (err) {
      const refused = err instanceof WebSocketRefused && err.status >= 500;
      if (!refused || attempt >= EXEC_ATTEMPTS) throw err;
      await client.request('DELETE', `/1.0/operations/${err.operation}`).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

class WebSocketRefused extends Error {
  constructor(readonly status: number, readonly operation: string) {
    super(`Incus refused an exec stream with HTTP ${status}`);
  }
}

async function startExecOnce(client: IncusClient, instance: string, request: ExecRequest): Promise<StartedExec> {
  const operation = await client.request<IncusOperation>('POST', `/1.0/instances/${instance}/exec`, {
    command: request.command,
    environment: environment(request.env),
    interactive: request.interactive,
    'wait-for-websocket': true,
    'record-output': false,
    cwd: request.cwd,
    user: request.user,
    width: request.cols,
    height: request.rows,
  });
  const fds = (operation.metadata?.fds ?? {}) as Record<string, string>;
  const names = Object.keys(fds);
  // Incus starts the command once every websocket is connected; a failure leaves none open.
  const opened = await Promise.allSettled(names.map((name) => client.websocket(operation.id, fds[name])));
  const sockets: Record<string, WebSocket> = {};
  opened.forEach((result, i) => { if (result.status === 'fulfilled') sockets[names[i]] = result.value; });
  const failed = opened.find((result) => result.status === 'rejected');
  if (failed) {
    for (const socket of Object.values(sockets)) socket.terminate();
    const reason = (failed as PromiseRejectedResult).reason as Error;
    const status = /Unexpected server response: (\d+)/.exec(reason?.message ?? '')?.[1];
    throw status ? new WebSocketRefused(Number(status), operation.id) : reason;
  }
  return { operation: operation.id, sockets };
}

/** The command's exit code, once Incus has recorded it; null when the operation failed (instance stopped). */
async function exitCodeOf(client: IncusClient, operation: string, timeoutS: number): Promise<number | null> {
  try {
    const done = await client.wait(operation, timeoutS);
    const code = (done.metadata as { return?: number } | null)?.return;
    return typeof code === 'number' ? code : null;
  } catch {
    return null;
  }
}

function closed(socket: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.readyState === socket.CLOSED) return resolve();
    socket.once('close', () => resolve());
    socket.once('error', () => resolve());
  });
}

/**
 * Runs `cmd` (an argv array) to completion, wrapped like on every backend:
 * killed inside the sandbox at its deadline, and the host stops waiting
 * shortly after whatever happens inside.
 */
export async function runInInstance(client: IncusClient, instance: string, cmd: string[], options: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cap = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const started = Date.now();
  const exec = await startExec(client, instance, {
    command: wrapCommand(cmd, options),
    env: commandEnv(options),
    interactive: false,
    cwd: options.workdir,
    user: numericUser(options.user),
  });
  const stdout = new CappedBuffer(cap);
  const stderr = new CappedBuffer(cap);
  const { 0: stdin, 1: out, 2: err, control } = exec.sockets;
  out.on('message', (data: Buffer) => stdout.write(data));
  err.on('message', (data: Buffer) => stderr.write(data));
  for (const socket of [stdin, out, err, control]) socket.resume();
  // Closing the stdin websocket is how Incus learns of end of input.
  if (options.stdin !== undefined) stdin.send(Buffer.from(options.stdin), () => stdin.close());
  else stdin.close();

  let hostDeadlineHit = false;
  const deadline = setTimeout(() => {
    hostDeadlineHit = true;
    for (const socket of Object.values(exec.sockets)) socket.terminate();
  }, timeoutMs + HOST_GRACE_MS);
  await Promise.all([closed(out), closed(err)]);
  clearTimeout(deadline);
  const exitCode = hostDeadlineHit ? null : await exitCodeOf(client, exec.operation, 5);
  control.close();
  return runResult(exitCode, hostDeadlineHit, started, timeoutMs, stdout, stderr);
}

/** A terminal's shell: one pty websocket both ways, resizes over the control websocket. */
export async function openShellInInstance(client: IncusClient, instance: string, options: TerminalOptions, terminalId: string): Promise<InteractiveShell> {
  const exec = await startExec(client, instance, {
    command: shellCommand(terminalId, options),
    env: [...SHELL_ENV, ...(options.env ?? [])],
    interactive: true,
    cwd: '/root',
    cols: options.cols,
    rows: options.rows,
  });
  const { 0: pty, control } = exec.sockets;
  const stream = websocketStream(pty);
  control.resume();
  // Incus applies each control message on its own, so two resizes sent close
  // together can land in either order, and typing can overtake one: each
  // resize is given a moment to land before the next, and before the caller
  // (which holds input back until it resolves) goes on. A burst (a window
  // dragged) is folded into the latest size.
  let wanted: [number, number] | undefined;
  let landing: Promise<void> | undefined;
  const sendLatest = async () => {
    while (wanted && control.readyState === control.OPEN) {
      const [cols, rows] = wanted;
      wanted = undefined;
      await new Promise<void>((sent) => control.send(JSON.stringify({ command: 'window-resize', args: { width: String(cols), height: String(rows) } }), () => sent()));
      await new Promise((settled) => setTimeout(settled, RESIZE_SETTLE_MS));
    }
  };
  const resize = (cols: number, rows: number) => {
    wanted = [cols, rows];
    landing ??= sendLatest().finally(() => { landing = undefined; });
    return landing;
  };
  // Incus closes the control websocket when the shell ends, then waits for us
  // to close the pty websocket before it records the exit code.
  const exited = new Promise<void>((resolve) => control.once('close', () => resolve()))
    .then(() => {
      stream.end();
      pty.close();
      return exitCodeOf(client, exec.operation, 10);
    })
    .finally(() => stream.destroy());
  const close = () => {
    stream.destroy();
    void runInInstance(client, instance, ['sh', '-c', END_SESSION, terminalId], { as: 'platform', timeoutMs: 5000 }).catch(() => undefined);
  };
  return { stream, resize, exited, close };
}

/** Ends every recorded shell of the sandbox but those named in `keep`. */
export async function endDisconnectedShellsInInstance(client: IncusClient, instance: string, keep: string[]): Promise<void> {
  const result = await runInInstance(client, instance, ['sh', '-c', END_OTHER_SESSIONS, 'end-shells', ...keep], { as: 'platform', timeoutMs: 10_000 });
  if (result.exitCode !== 0) throw new Error(`could not end disconnected shells: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
}

/**
 * A byte stream to a TCP port on the sandbox's loopback, carried by an exec
 * of busybox nc: the sandbox needs no network for the server to reach it.
 */
export async function openTunnelInInstance(client: IncusClient, instance: string, port: number): Promise<Duplex> {
  const exec = await startExec(client, instance, { command: ['busybox', 'nc', '127.0.0.1', String(port)], interactive: false });
  const { 0: toSandbox, 1: fromSandbox, 2: errors, control } = exec.sockets;
  errors.on('message', () => undefined);
  for (const socket of [toSandbox, errors, control]) socket.resume();
  const tunnel = websocketStream(fromSandbox, toSandbox);
  // Whoever used the tunnel may be gone when it fails or is ended with an error: never an unhandled 'error'.
  tunnel.on('error', () => undefined);
  tunnel.on('close', () => {
    // An exec outlives its client: nc and the learner's handler behind it would linger, so nc is killed first.
    if (control.readyState === control.OPEN) control.send(JSON.stringify({ command: 'signal', signal: 9 }), () => control.terminate());
    for (const socket of [toSandbox, fromSandbox, errors]) socket.terminate();
  });
  return tunnel;
}

/**
 * A Duplex over websockets that honours backpressure: reading stops (the
 * socket is paused, so TCP-like flow control reaches Incus) while the
 * consumer is behind, and writes wait for the socket to take them.
 */
function websocketStream(readFrom: WebSocket, writeTo: WebSocket = readFrom): Duplex {
  const stream = new Duplex({
    read() {
      readFrom.resume();
    },
    write(chunk: Buffer, _encoding, done) {
      if (writeTo.readyState !== writeTo.OPEN) return done(new Error('the sandbox closed the stream'));
      writeTo.send(chunk, { binary: true }, (err) => done(err ?? null));
    },
    final(done) {
      // End of input: close our sending side (Incus then closes the program's stdin).
      if (writeTo !== readFrom) writeTo.close();
      done();
    },
    destroy(err, done) {
      readFrom.terminate();
      if (writeTo !== readFrom) writeTo.terminate();
      done(err);
    },
  });
  readFrom.on('message', (data: Buffer) => {
    // An empty message marks the end of the program's output.
    if (data.length && !stream.push(data)) readFrom.pause();
  });
  readFrom.on('close', () => stream.push(null));
  readFrom.on('error', (err) => stream.destroy(err));
  readFrom.resume();
  return stream;
}
