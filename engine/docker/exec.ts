// Running commands in a Docker sandbox: one-shot commands with a deadline
// and an output cap, and interactive TTY shells a terminal can drive.
import { Duplex, Transform } from 'node:stream';
import type Docker from 'dockerode';
import {
  CappedBuffer, DEFAULT_MAX_OUTPUT, DEFAULT_TIMEOUT_MS, END_OTHER_SESSIONS, END_SESSION, HOST_GRACE_MS, SHELL_ENV,
  commandEnv, newTerminalId, runResult, shellCommand, wrapCommand,
  type InteractiveShell, type RunOptions, type RunResult, type TerminalOptions,
} from '../sandbox/commands.ts';

async function exitCodeOf(exec: Docker.Exec): Promise<number | null> {
  // The stream can end a moment before the engine records the exit.
  for (let attempt = 0; attempt < 50; attempt++) {
    const info = await exec.inspect();
    if (!info.Running) return info.ExitCode ?? null;
    await new Promise((r) => setTimeout(r, 10));
  }
  return null;
}

/**
 * Runs `cmd` (an argv array) to completion. The command is wrapped in the
 * sandbox's `timeout` so it is killed there too, and the host stops waiting
 * shortly after the deadline whatever happens inside.
 */
export async function runInContainer(docker: Docker, container: Docker.Container, cmd: string[], options: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cap = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const started = Date.now();
  const exec = await container.exec({
    // busybox timeout takes whole seconds only.
    Cmd: wrapCommand(cmd, options),
    AttachStdout: true,
    AttachStderr: true,
    AttachStdin: options.stdin !== undefined,
    Env: commandEnv(options),
    User: options.user,
    WorkingDir: options.workdir,
  });
  const stream = await exec.start({ hijack: true, stdin: options.stdin !== undefined });
  const stdout = new CappedBuffer(cap);
  const stderr = new CappedBuffer(cap);
  docker.modem.demuxStream(stream, stdout, stderr);
  if (options.stdin !== undefined) stream.end(options.stdin);

  let hostDeadlineHit = false;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      hostDeadlineHit = true;
      stream.destroy();
      resolve();
    }, timeoutMs + HOST_GRACE_MS);
    const finish = () => {
      clearTimeout(timer);
      resolve();
    };
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', finish);
  });

  const exitCode = hostDeadlineHit ? null : await exitCodeOf(exec);
  return runResult(exitCode, hostDeadlineHit, started, timeoutMs, stdout, stderr);
}

/**
 * Shells whose connection broke (a server killed, an engine restarted) keep
 * running unseen: the engine cannot reattach to an exec. This ends all but
 * the shells in `keep`, which are still connected.
 */
export async function endDisconnectedShells(docker: Docker, container: Docker.Container, keep: string[]): Promise<void> {
  const result = await runInContainer(docker, container, ['sh', '-c', END_OTHER_SESSIONS, 'end-shells', ...keep], { as: 'platform', timeoutMs: 10_000 });
  if (result.exitCode !== 0) throw new Error(`could not end disconnected shells: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
}

const CONTAINER_DEATH_CHECKS = 10;

/** A shell whose container stopped, or whose engine cannot be asked, did not exit: its connection was cut. */
async function shellExitCode(container: Docker.Container, exec: Docker.Exec): Promise<number | null> {
  const code = await exitCodeOf(exec).catch(() => null);
  const running = () => container.inspect().then((info) => info.State.Running, () => false);
  // Killed (128 + SIGKILL): maybe with its whole container, which the engine records a moment after the shell.
  const checks = code === 137 ? CONTAINER_DEATH_CHECKS : 1;
  for (let check = 0; check < checks; check++) {
    if (!(await running())) return null;
    if (check + 1 < checks) await new Promise((r) => setTimeout(r, 100));
  }
  return code;
}

export async function openShellInContainer(docker: Docker, container: Docker.Container, options: TerminalOptions, terminalId = newTerminalId()): Promise<InteractiveShell> {
  const exec = await container.exec({
    Cmd: shellCommand(terminalId, options),
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: true,
    Env: [...SHELL_ENV, ...(options.env ?? [])],
    WorkingDir: '/root',
  });
  const stream = await exec.start({ hijack: true, stdin: true, Tty: true });
  // Writing after the engine closed the connection emits 'error'; unhandled, it would end the process.
  stream.on('error', () => stream.destroy());
  const resize = async (cols: number, rows: number) => {
    await exec.resize({ w: cols, h: rows });
  };
  await resize(options.cols, options.rows);
  const exited = new Promise<number | null>((resolve) => {
    stream.once('close', () => resolve(shellExitCode(container, exec)));
  });
  const close = () => {
    stream.destroy();
    void runInContainer(docker, container, ['sh', '-c', END_SESSION, terminalId], { as: 'platform', timeoutMs: 5000 }).catch(() => undefined);
  };
  return { stream, resize, exited, close };
}

/**
 * A byte stream to a TCP port inside the sandbox, carried by an exec of
 * busybox nc: the sandbox needs no network route for the server to reach a
 * web server a learner started there.
 */
export async function openPortTunnel(docker: Docker, container: Docker.Container, port: number): Promise<Duplex> {
  const exec = await container.exec({
    // nc's pid goes first to stderr, so it can be ended with the tunnel.
    Cmd: ['sh', '-c', 'echo $$ >&2; exec busybox nc 127.0.0.1 "$0"', String(port)],
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
  });
  const hijacked = await exec.start({ hijack: true, stdin: true });
  hijacked.on('error', () => hijacked.destroy());
  // The engine frames stdout and stderr (an 8-byte header: stream, 3 zero
  // bytes, big-endian length). Unframed here rather than by dockerode's
  // demuxStream, which ignores backpressure: through pipe(), a reader that
  // stops reading stops the engine connection too, instead of an endless
  // upstream filling the server's memory. Of stderr only nc's pid is kept.
  let unframed: Buffer = Buffer.alloc(0);
  let pid: string | undefined;
  const fromSandbox = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      unframed = unframed.length ? Buffer.concat([unframed, chunk]) : chunk;
      while (unframed.length >= 8 && unframed.length >= 8 + unframed.readUInt32BE(4)) {
        const end = 8 + unframed.readUInt32BE(4);
        if (unframed[0] === 1) this.push(unframed.subarray(8, end));
        else pid ??= /^\d+/.exec(unframed.subarray(8, end).toString())?.[0];
        unframed = unframed.subarray(end);
      }
      done();
    },
  });
  hijacked.pipe(fromSandbox);
  // The engine ends the stream when nc has exited: nothing left to end then.
  hijacked.once('end', () => { pid = undefined; });
  hijacked.on('close', () => fromSandbox.end());
  const tunnel = Duplex.from({ readable: fromSandbox, writable: hijacked });
  tunnel.on('error', () => tunnel.destroy());
  tunnel.on('close', () => {
    hijacked.destroy();
    // The engine does not end an exec whose client went away: nc (and the
    // learner's handler writing to it) would run on, each abandoned preview
    // holding processes from the platform's reserve.
    if (pid) void runInContainer(docker, container, ['kill', pid], { as: 'platform', timeoutMs: 5000 }).catch(() => undefined);
  });
  return tunnel;
}
