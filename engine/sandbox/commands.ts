// The contract between the platform and the sandbox image, the same on every
// backend: how a command is run as the learner, as the platform or as a
// check; how shells are recorded so they can be ended; how results are shaped.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';

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

export interface TerminalOptions {
  cmd?: string[];
  cols: number;
  rows: number;
  env?: string[];
}

export interface InteractiveShell {
  /** Raw TTY bytes both ways. */
  stream: import('node:stream').Duplex;
  resize(cols: number, rows: number): Promise<void>;
  /** Resolves with the shell's exit code once it ends; null when the connection was cut (engine restarted, container gone). */
  exited: Promise<number | null>;
  close(): void;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_OUTPUT = 1024 * 1024;
// Room for the engine to report the exit after the in-sandbox `timeout` fires.
export const HOST_GRACE_MS = 2_000;

/** Mounted read-only from shared content: static bash, busybox, the docker CLI. */
export const TOOLS_DIR = '/opt/dockyard/tools';
/** Mounted read-only from shared content: the offline registry's storage (etc/dockyard/mirror.yml in the image). */
export const MIRROR_DIR = '/opt/dockyard/mirror';
export const CHECK_PATH = `PATH=${TOOLS_DIR}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;

/** The argv that runs `cmd` as `options.as`, killed inside the sandbox at its deadline. */
export function wrapCommand(cmd: string[], options: RunOptions): string[] {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (options.as === 'check') {
    // busybox timeout takes whole seconds only.
    return [`${TOOLS_DIR}/bin/busybox`, 'timeout', '-s', 'KILL', String(Math.ceil(timeoutMs / 1000)), ...cmd];
  }
  const deadline = ['timeout', '--kill-after=1', String(Math.max(timeoutMs, 1) / 1000), ...cmd];
  return options.as === 'platform' ? deadline : ['dockyard-learner', ...deadline];
}

/** The environment a command runs with: checks get the read-only tools first on PATH. */
export function commandEnv(options: RunOptions): string[] | undefined {
  return options.as === 'check' ? [CHECK_PATH, ...(options.env ?? [])] : options.env;
}

/** Shapes a finished run: coreutils `timeout` exits 124 (TERM worked) or 137 (needed KILL). */
export function runResult(exitCode: number | null, hostDeadlineHit: boolean, started: number, timeoutMs: number, stdout: CappedBuffer, stderr: CappedBuffer): RunResult {
  const durationMs = Date.now() - started;
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

export class CappedBuffer extends Writable {
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

// A TTY exec is the leader of its own session; its id is recorded under this
// name so the whole session can be ended later: an engine does not stop an
// exec when its client disconnects.
export const RECORD_SESSION = 'mkdir -p /run/dockyard/terminals && echo $$ > "/run/dockyard/terminals/$0" && exec "$@"';
export const END_SESSION = 'f="/run/dockyard/terminals/$0"; [ -f "$f" ] && pkill -KILL -s "$(cat "$f")"; rm -f "$f"';
// Ends every recorded shell session except those named in the arguments.
export const END_OTHER_SESSIONS = `cd /run/dockyard/terminals 2>/dev/null || exit 0
for f in *; do
  [ -f "$f" ] || continue
  case " $* " in *" $f "*) continue;; esac
  pkill -KILL -s "$(cat "$f")"; rm -f "$f"
done
exit 0`;

/** The shell a terminal runs, recorded under `terminalId`. */
export function shellCommand(terminalId: string, options: TerminalOptions): string[] {
  return ['dockyard-learner', 'sh', '-c', RECORD_SESSION, terminalId, ...(options.cmd ?? ['bash', '-l'])];
}

export const SHELL_ENV = ['TERM=xterm-256color', 'LANG=C.UTF-8'];

export const newTerminalId = () => randomBytes(8).toString('hex');

// Containers the learner started in the nested engine are not in the learner
// cgroup and write to the sandbox's disk. Killed through their cgroups, which
// takes effect at once, where `docker kill` waits on a nested engine that a
// flood of writes slows down; the nested engine then sees them exit.
export const KILL_NESTED_CONTAINERS = `if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  for d in /sys/fs/cgroup/docker/*/ /sys/fs/cgroup/init/docker/*/; do [ -f "$d/cgroup.kill" ] && echo 1 > "$d/cgroup.kill"; done
else
  for d in /sys/fs/cgroup/freezer/docker/*/; do
    [ -f "$d/cgroup.procs" ] || continue
    echo FROZEN > "$d/freezer.state"; xargs -r kill -KILL < "$d/cgroup.procs"; echo THAWED > "$d/freezer.state"
  done
fi
exit 0`;
