// Paths a learner or a tool names inside a sandbox, checked the same way on
// every backend before any engine sees them.
import path from 'node:path';
import { EngineError } from '../errors.ts';

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface DirectoryEntry {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  modifiedAt: string;
}

// The longest file name Linux filesystems take; the engine answers a longer one with a bare 500.
const NAME_MAX_BYTES = 255;

/** An absolute, normalized path, or an EngineError saying why not. */
export function sandboxPath(input: string): string {
  if (!input.startsWith('/')) throw new EngineError('path_invalid', `path must be absolute: ${JSON.stringify(input)}`);
  if (input.includes('\0')) throw new EngineError('path_invalid', 'path must not contain NUL bytes');
  const normalized = path.posix.normalize(input);
  const long = normalized.split('/').find((name) => Buffer.byteLength(name) > NAME_MAX_BYTES);
  if (long) throw new EngineError('path_invalid', `a name in the path is longer than ${NAME_MAX_BYTES} bytes: ${JSON.stringify(`${long.slice(0, 32)}…`)}`);
  return normalized;
}


/** A path a file can be written at: not the root, not a directory's name ending in /. */
export function writablePath(input: string): string {
  const filePath = sandboxPath(input);
  if (filePath === '/') throw new EngineError('not_a_file', '/ is a directory');
  if (filePath.endsWith('/')) throw new EngineError('path_invalid', `${filePath} ends with /: name the file to write`);
  return filePath;
}

// Kernel interfaces, not files: an engine that reads inside the sandbox would
// show its own processes' memory maps and environment there. The learner's
// shell can read them; the files API has no business with them.
const KERNEL_INTERFACES = ['/proc', '/sys'];

/** Refuses paths into the kernel's virtual filesystems, the same on every backend. */
export function fileApiPath(input: string): string {
  const filePath = sandboxPath(input);
  if (KERNEL_INTERFACES.some((dir) => filePath === dir || filePath.startsWith(`${dir}/`))) {
    throw new EngineError('path_not_found', `${filePath} is a kernel interface, not a file the editor can open`);
  }
  return filePath;
}

/** The words for a path the kernel found too long or too deep, without repeating all of it. */
export function tooLong(filePath: string): EngineError {
  return new EngineError('path_invalid', `${filePath.slice(0, 64)}… is too long or too deep a path`);
}
