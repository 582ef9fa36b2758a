// Directory listings of a sandbox, the same on every backend.
import { EngineError } from '../errors.ts';
import type { RunOptions, RunResult } from './commands.ts';
import { sandboxPath, type DirectoryEntry } from './paths.ts';

export type RunInSandbox = (cmd: string[], options: RunOptions) => Promise<RunResult>;

const TYPES: Record<string, DirectoryEntry['type']> = { f: 'file', d: 'directory', l: 'symlink' };

/** Lists a directory with `find` run in the sandbox: every backend runs commands, not every one lists files. */
export async function listSandboxDirectory(run: RunInSandbox, input: string): Promise<DirectoryEntry[]> {
  const dir = sandboxPath(input);
  const result = await run([
    'sh', '-c', 'if [ ! -e "$1" ]; then exit 3; elif [ ! -d "$1" ]; then exit 4; fi; exec find "$1" -mindepth 1 -maxdepth 1 -printf "$2"',
    'list', dir, '%y\\t%s\\t%T@\\t%f\\0',
  ], { as: 'platform', timeoutMs: 10_000 });
  if (result.exitCode === 3) throw new EngineError('path_not_found', `no such directory: ${dir}`);
  if (result.exitCode === 4) throw new EngineError('not_a_directory', `${dir} is not a directory`);
  if (result.exitCode !== 0) throw new Error(`listing ${dir} failed: ${result.stderr.trim()}`);
  return result.stdout.split('\0').filter(Boolean).map((line) => {
    const [type, size, mtime, ...name] = line.split('\t');
    return { name: name.join('\t'), type: TYPES[type] ?? 'other', size: Number(size), modifiedAt: new Date(Number(mtime) * 1000).toISOString() };
  }).sort((a, b) => a.name.localeCompare(b.name));
}
