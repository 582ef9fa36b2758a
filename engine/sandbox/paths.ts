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

