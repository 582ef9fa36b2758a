// Reading, writing and listing a sandbox's files through the engine's archive
// API, so it works whatever the learner did to the tools inside.
import path from 'node:path';
import { pipeline } from 'node:stream';
import type Docker from 'dockerode';
import * as tar from 'tar-stream';
import { EngineError, engineStatus } from '../errors.ts';
import { runInContainer } from './exec.ts';

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface DirectoryEntry {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  modifiedAt: string;
}

/** An absolute, normalized path, or an EngineError saying why not. */
export function sandboxPath(input: string): string {
  if (!input.startsWith('/')) throw new EngineError('path_invalid', `path must be absolute: ${JSON.stringify(input)}`);
  if (input.includes('\0')) throw new EngineError('path_invalid', 'path must not contain NUL bytes');
  return path.posix.normalize(input);
}

function missing(err: unknown, filePath: string): never {
  if (engineStatus(err) === 404) throw new EngineError('path_not_found', `no such file or directory: ${filePath}`);
  throw err;
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

export async function writeSandboxFile(container: Docker.Container, input: string, data: Buffer, mode = 0o644, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<void> {
  const filePath = sandboxPath(input);
  if (filePath === '/') throw new EngineError('not_a_file', '/ is a directory');
  if (data.length > maxBytes) throw new EngineError('file_too_large', `${data.length} bytes is over the limit of ${maxBytes}`);
  const pack = tar.pack();
  pack.entry({ name: path.posix.basename(filePath), size: data.length, mode, mtime: new Date() }, data);
  pack.finalize();
  const directory = path.posix.dirname(filePath);
  await container.putArchive(pack as unknown as NodeJS.ReadableStream, { path: directory }).catch((err) => {
    if (engineStatus(err) === 404) throw new EngineError('path_not_found', `no such directory: ${directory}`);
    if (engineStatus(err) === 400) throw new EngineError('not_a_directory', `${directory} is not a directory`);
    throw err;
  });
}

const TYPES: Record<string, DirectoryEntry['type']> = { f: 'file', d: 'directory', l: 'symlink' };

export async function listSandboxDirectory(docker: Docker, container: Docker.Container, input: string): Promise<DirectoryEntry[]> {
  const dir = sandboxPath(input);
  const result = await runInContainer(docker, container, [
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
