// Reading and writing an Incus sandbox's files through the instance files
// API, which resolves paths inside the sandbox's own filesystem view.
import { EngineError } from '../errors.ts';
import { DEFAULT_MAX_FILE_BYTES, sandboxPath } from '../sandbox/paths.ts';
import type { IncusClient, RawResponse } from './client.ts';

function filesUrl(instance: string, filePath: string): string {
  return `/1.0/instances/${instance}/files?path=${encodeURIComponent(filePath)}`;
}

async function errorText(response: RawResponse): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return (JSON.parse(text) as { error?: string }).error ?? text;
  } catch {
    return text;
  }
}

/** Incus's answer for a path that failed, as the error a learner can act on. */
function pathError(status: number, message: string, filePath: string, writing: boolean): Error {
  if (status === 404 || /no such file/i.test(message)) return new EngineError('path_not_found', `no such file or directory: ${filePath}`);
  if (/read-only file system/i.test(message)) return new EngineError('read_only', `${filePath} is on a read-only filesystem`);
  if (/not a directory/i.test(message)) return new EngineError('not_a_directory', `a part of ${filePath} is not a directory`);
  if (/permission denied/i.test(message)) return new EngineError('read_only', `${filePath} cannot be ${writing ? 'written' : 'read'}: permission denied`);
  if (/name too long/i.test(message)) return new EngineError('path_invalid', `${filePath} is too long`);
  return new Error(`Incus answered ${status} for ${filePath}: ${message}`);
}

interface PathInfo {
  type: string;
  mode: number;
}

async function pathInfo(client: IncusClient, instance: string, filePath: string): Promise<PathInfo | undefined> {
  const response = await client.raw('HEAD', filesUrl(instance, filePath));
  response.body.resume();
  if (response.status !== 200) return undefined;
  return { type: String(response.headers['x-incus-type'] ?? ''), mode: Number.parseInt(String(response.headers['x-incus-mode'] ?? '644'), 8) };
}

export async function readInstanceFile(client: IncusClient, instance: string, input: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<Buffer> {
  const filePath = sandboxPath(input);
  const response = await client.raw('GET', filesUrl(instance, filePath));
  if (response.status !== 200) throw pathError(response.status, await errorText(response), filePath, false);
  const type = String(response.headers['x-incus-type'] ?? 'file');
  if (type !== 'file') {
    response.body.destroy();
    throw new EngineError('not_a_file', `${filePath} is a ${type}, not a file`);
  }
  const declared = Number(response.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    response.body.destroy();
    throw new EngineError('file_too_large', `${filePath} is ${declared} bytes; the limit is ${maxBytes}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      response.body.destroy();
      throw new EngineError('file_too_large', `${filePath} is over the limit of ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Writes a file; a new one gets `mode` (0644 by default), an existing one keeps its permissions (a script stays executable). */
export async function writeInstanceFile(client: IncusClient, instance: string, input: string, data: Buffer, mode?: number, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<void> {
  const filePath = sandboxPath(input);
  if (filePath === '/') throw new EngineError('not_a_file', '/ is a directory');
  if (data.length > maxBytes) throw new EngineError('file_too_large', `${data.length} bytes is over the limit of ${maxBytes}`);
  const existing = await pathInfo(client, instance, filePath);
  if (existing?.type === 'directory') throw new EngineError('not_a_file', `${filePath} is a directory`);
  const permissions = mode ?? (existing ? existing.mode & 0o777 : 0o644);
  const response = await client.raw('POST', filesUrl(instance, filePath), data, {
    'content-type': 'application/octet-stream',
    'x-incus-type': 'file',
    'x-incus-mode': permissions.toString(8).padStart(4, '0'),
    'x-incus-write': 'overwrite',
    // Owned by the sandbox's root, as a file the learner made would be.
    'x-incus-uid': '0',
    'x-incus-gid': '0',
  });
  if (response.status !== 200) throw pathError(response.status, await errorText(response), filePath, true);
  response.body.resume();
}
