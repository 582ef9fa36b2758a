// Running commands in a sandbox: one-shot commands with a deadline and an
// output cap, and interactive TTY shells a terminal can drive.
import { randomBytes } from 'node:crypto';
import { Duplex, Transform, Writable } from 'node:stream';
import type Docker from 'dockerode';

export interface RunOptions {
  /**
   * `learner` (default) runs in the learner cgroup, as if typed by the learner;
   * `platform` runs beside it, in the reserve a runaway learner cannot use up;
   * `check` runs there too, with PATH and tools from the read-only tools volume.
   */
  as?: 'learner' | 'platform' | 'check';
  timeoutMs?: number;
  maxOutputBytes?: number;
  stdin?: Buffer | string;
  env?: string[];
  user?: string;
  workdir?: string;
}

export interface RunResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  truncated: boolean;
  durationMs: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_OUTPUT = 1024 * 1024;
// Room for the engine to report the exit after the in-sandbox `timeout` fires.
const HOST_GRACE_MS = 2_000;

/** Mounted read-only from a shared volume: static bash, busybox, the docker CLI. */
export const TOOLS_DIR = '/opt/dockyard/tools';
const CHECK_PATH = `PATH=${TOOLS_DIR}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;

function wrap(as: RunOptions['as'], seconds: string, cmd: string[]): string[] {
  if (as === 'check') return [`${TOOLS_DIR}/bin/busybox`, 'timeout', '-s', 'KILL', seconds, ...cmd];
  const deadline = ['timeout', '--kill-after=1', seconds, ...cmd];
  return as === 'platform' ? deadline : ['dockyard-learner', ...deadline];
}

class CappedBuffer extends Writable {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly cap: number) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    const room = this.cap - this.size;
    if (chunk.length > room) this.truncated = true;
    if (room > 0) {
      const kept = chunk.subarray(0, room);
      this.chunks.push(kept);
      this.size += kept.length;
    }
    done();
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

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
    Cmd: wrap(options.as, String(options.as === 'check' ? Math.ceil(timeoutMs / 1000) : Math.max(timeoutMs, 1) / 1000), cmd),
    AttachStdout: true,
    AttachStderr: true,
    AttachStdin: options.stdin !== undefined,
    Env: options.as === 'check' ? [CHECK_PATH, ...(options.env ?? [])] : options.env,
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
  const durationMs = Date.now() - started;
  // coreutils `timeout` exits 124 (TERM worked) or 137 (needed KILL).
  const killedByTimeout = (exitCode === 124 || exitCode === 137) && durationMs >= timeoutMs;
  return {
    exitCode: hostDeadlineHit || killedByTimeout ? null : exitCode,
    stdout: stdout.text(),
    stderr: stderr.text(),
    timedOut: hostDeadlineHit || killedByTimeout,
    truncated: stdout.truncated || stderr.truncated,
    durationMs,
  };
}

export interface TerminalOptions {
  cmd?: string[];
  cols: number;
  rows: number;
  env?: string[];
}

export interface InteractiveShell {
  /** Raw TTY bytes both ways. */
  stream: Duplex;
  resize(cols: number, rows: number): Promise<void>;
  /** Resolves with the shell's exit code once it ends; null when the connection was cut (engine restarted, container gone). */
  exited: Promise<number | null>;
  close(): void;
}

// A TTY exec is the leader of its own session; its id is recorded under this
// name so the whole session can be ended later: the engine does not stop an
// exec when its client disconnects.
const RECORD_SESSION = 'mkdir -p /run/dockyard/terminals && echo $$ > "/run/dockyard/terminals/$0" && exec "$@"';
const END_SESSION = 'f="/run/dockyard/terminals/$0"; [ -f "$f" ] && pkill -KILL -s "$(cat "$f")"; rm -f "$f"';
// Ends every recorded shell session except those named in the arguments.
const END_OTHER_SESSIONS = `cd /run/dockyard/terminals 2>/dev/null || exit 0
for f in *; do
  [ -f "$f" ] || continue
  case " $* " in *" $f "*) continue;; esac
  pkill -KILL -s "$(cat "$f")"; rm -f "$f"
done
exit 0`;

export const newTerminalId = () => randomBytes(8).toString('hex');

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
    Cmd: ['dockyard-learner', 'sh', '-c', RECORD_SESSION, terminalId, ...(options.cmd ?? ['bash', '-l'])],
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: true,
    Env: ['TERM=xterm-256color', 'LANG=C.UTF-8', ...(options.env ?? [])],
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
