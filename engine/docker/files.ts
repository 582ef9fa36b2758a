// Reading, writing and listing a Docker sandbox's files through the engine's archive
// API, so it works whatever the learner did to the tools inside.
import path from 'node:path';
import { pipeline } from 'node:stream';
import type Docker from 'dockerode';
import * as tar from 'tar-stream';
import { EngineError, engineStatus } from '../errors.ts';
import { DEFAULT_MAX_FILE_BYTES, sandboxPath } from '../sandbox/paths.ts';

// Go's os.ModeDir, as the engine reports a path's mode.
const MODE_DIR = 2 ** 31;

/** The engine's mode of `filePath` (Go's os.FileMode), or undefined when it does not exist (symlinks are not followed). */
async function existingMode(container: Docker.Container, filePath: string): Promise<number | undefined> {
  // Missing, or under something that is not a directory: the write that follows says which.
  const response = (await container.infoArchive({ path: filePath }).catch(() => undefined)) as { headers?: Record<string, string | undefined> } | undefined;
  const stat = response?.headers?.['x-docker-container-path-stat'];
  if (!stat) return undefined;
  return (JSON.parse(Buffer.from(stat, 'base64').toString('utf8')) as { mode: number }).mode;
}

const isDirectoryMode = (mode: number) => Math.floor(mode / MODE_DIR) % 2 === 1;

/**
 * The engine's refusals that are the path's fault, as errors saying so. The
 * engine (20.10 measured) answers most of them with a bare 500 whose message
 * names host paths, which are not repeated to the learner.
 */
function pathRefusal(err: unknown, filePath: string): EngineError | undefined {
  const status = engineStatus(err);
  const said = err instanceof Error ? err.message : '';
  if (status === 404) return new EngineError('path_not_found', `no such file or directory: ${filePath}`);
  if (status === 403 || /read-only/.test(said)) return new EngineError('read_only', `${filePath} is on a read-only filesystem`);
  // ENAMETOOLONG, and the engine's limit of 255 path components.
  if (/file name too long|too many links/.test(said)) return new EngineError('path_invalid', `${filePath.slice(0, 64)}… is too long or too deep a path`);
  if (/not a directory/.test(said)) return new EngineError('not_a_directory', `a part of ${filePath} is a file, not a directory`);
  return undefined;
}

function missing(err: unknown, filePath: string): never {
  throw pathRefusal(err, filePath) ?? err;
}

export async function readSandboxFile(container: Docker.Container, input: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<Buffer> {
  const filePath = sandboxPath(input);
  const archive = (await container.getArchive({ path: filePath }).catch((err) => missing(err, filePath))) as NodeJS.ReadableStream & { destroy(): void };
  const extract = tar.extract();
  // pipeline forwards a reset connection as an error instead of leaving it unhandled.
  pipeline(archive, extract, () => undefined);
  try {
    for await (const entry of extract) {
      const { type, size = 0 } = entry.header;
      if (type !== 'file') throw new EngineError('not_a_file', `${filePath} is a ${type}, not a file`);
      if (size > maxBytes) throw new EngineError('file_too_large', `${filePath} is ${size} bytes; the limit is ${maxBytes}`);
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    }
    throw new EngineError('path_not_found', `no such file: ${filePath}`);
  } finally {
    // Stop the engine from streaming the rest (a whole directory tree, or a huge file).
    extract.destroy();
    archive.destroy();
  }
}

/** Writes a file; a new one gets `mode` (0644 by default), an existing one keeps its permissions (a script stays executable). */
export async function writeSandboxFile(container: Docker.Container, input: string, data: Buffer, mode?: number, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<void> {
  const filePath = sandboxPath(input);
  if (filePath === '/') throw new EngineError('not_a_file', '/ is a directory');
  if (filePath.endsWith('/')) throw new EngineError('path_invalid', `${filePath} ends with /: name the file to write`);
  if (data.length > maxBytes) throw new EngineError('file_too_large', `${data.length} bytes is over the limit of ${maxBytes}`);
  // The engine's extraction replaces a directory by the file, deleting what it held (all of /root, for PUT /root).
  const existing = await existingMode(container, filePath);
  if (existing !== undefined && isDirectoryMode(existing)) throw new EngineError('not_a_file', `${filePath} is a directory`);
  const permissions = mode ?? (existing !== undefined ? existing & 0o777 : 0o644);
  const pack = tar.pack();
  pack.entry({ name: path.posix.basename(filePath), size: data.length, mode: permissions, mtime: new Date() }, data);
  pack.finalize();
  const directory = path.posix.dirname(filePath);
  await container.putArchive(pack as unknown as NodeJS.ReadableStream, { path: directory }).catch((err) => {
    if (engineStatus(err) === 404) throw new EngineError('path_not_found', `no such directory: ${directory}`);
    if (engineStatus(err) === 400) throw new EngineError('not_a_directory', `${directory} is not a directory`);
    throw pathRefusal(err, filePath) ?? err;
  });
}
