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

export async function readFile(sessionId: string, path: string): Promise<Uint8Array> {
  const response = await apiFetch(`${base(sessionId)}/content${query(path)}`);
  return new Uint8Array(await response.arrayBuffer());
}

export async function writeFile(sessionId: string, path: string, text: string): Promise<void> {
  await apiFetch(`${base(sessionId)}/content${query(path)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: new TextEncoder().encode(text),
  });
}

export function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
