// The sandbox files API (README, section API) as the editor uses it.
import { apiFetch, apiJson } from './http.ts';

export interface DirectoryEntry {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  modifiedAt: string;
}

/** The learner is root in the sandbox; their work lives in /root (a volume of its own). */
export const HOME = '/root';

/** The server refuses to read or write more than this (5 MiB). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

const base = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}/files`;
const query = (path: string) => `?path=${encodeURIComponent(path)}`;

export async function listDirectory(sessionId: string, path: string): Promise<DirectoryEntry[]> {
  const body = await apiJson<{ entries: DirectoryEntry[] }>(base(sessionId) + query(path));
  return body.entries;
}

/** A file's content and its tag, which names that content (the server's ETag). */
export interface FileVersion {
  bytes: Uint8Array;
  tag: string;
}

/** Reads a file; with `knownTag`, resolves null when the file still holds that content. */
export async function readFile(sessionId: string, path: string, knownTag?: string): Promise<FileVersion | null> {
  const response = await apiFetch(`${base(sessionId)}/content${query(path)}`, knownTag ? { headers: { 'if-none-match': knownTag } } : {});
  if (response.status === 304) return null;
  return { bytes: new Uint8Array(await response.arrayBuffer()), tag: response.headers.get('etag') ?? '' };
}

/**
 * Writes a file only if the sandbox still holds what the editor last saw:
 * the content tagged `expected`, or (null) no file at all. Refused with 412
 * (`file_changed`, `file_exists`) otherwise; `undefined` writes regardless.
 * Resolves with the new content's tag.
 */
export async function writeFile(sessionId: string, path: string, text: string, expected?: string | null): Promise<string> {
  const precondition: Record<string, string> = expected === null ? { 'if-none-match': '*' } : expected ? { 'if-match': expected } : {};
  const response = await apiFetch(`${base(sessionId)}/content${query(path)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', ...precondition },
    body: new TextEncoder().encode(text),
  });
  return response.headers.get('etag') ?? '';
}

export function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
