// Runs a lesson's blocks in order in a sandbox, as a learner following it
// would, and reports the first block that does not behave as the lesson says.
// Each block runs in its own bash with `set -eo pipefail`; the working
// directory carries over from block to block, shell variables do not.
import path from 'node:path';
import type { SandboxEngine } from '../../engine/index.ts';
import type { Block, Lesson } from './lesson.ts';

export interface BlockFailure {
  line: number;
  code: string;
  message: string;
}

const BLOCK_TIMEOUT_MS = 180_000;
const CWD_FILE = '/tmp/.dockyard-lesson-cwd';

function inSandbox(file: string): string {
  return file.startsWith('~/') ? path.posix.join('/root', file.slice(2)) : file;
}

function script(block: Block): string {
  const strict = block.kind === 'run' ? 'set -eo pipefail\n' : '';
  return `cd "$(cat ${CWD_FILE} 2>/dev/null || echo /root)" 2>/dev/null || cd /root\n${strict}${block.code}\nstatus=$?\npwd > ${CWD_FILE}\nexit $status\n`;
}

export async function runLesson(engine: SandboxEngine, sandboxId: string, lesson: Lesson, say: (line: string) => void = () => undefined): Promise<BlockFailure | undefined> {
  for (const block of lesson.blocks) {
    if (block.kind === 'interactive') continue;
    if (block.kind === 'file') {
      const target = inSandbox(block.path);
      await engine.run(sandboxId, ['mkdir', '-p', path.posix.dirname(target)]);
      await engine.writeFile(sandboxId, target, Buffer.from(block.code));
      continue;
    }
    const result = await engine.run(sandboxId, ['bash', '-c', script(block)], { timeoutMs: BLOCK_TIMEOUT_MS, env: ['HOME=/root', 'TERM=dumb'] });
    const ok = block.kind === 'run' ? result.exitCode === 0 : result.exitCode !== 0 && !result.timedOut;
    say(`${ok ? '✓' : '✗'} ${lesson.locale}/${lesson.slug}:${block.line}`);
    if (!ok) {
      const what = result.timedOut ? 'timed out' : block.kind === 'run' ? `exited with ${result.exitCode}` : 'succeeded, but the lesson says it fails';
      return { line: block.line, code: block.code, message: `${what}\n${(result.stderr || result.stdout).trim().slice(-1500)}` };
    }
  }
  return undefined;
}
