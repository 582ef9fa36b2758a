// The key that signs learner cookies: DOCKYARD_SECRET, or one generated once
// and kept in the state directory so a restart does not log everyone out.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function cookieSecret(configured: string | undefined, stateDir: string): Promise<string> {
  if (configured) return configured;
  const file = path.join(stateDir, 'cookie-secret');
  const existing = await readFile(file, 'utf8').catch(() => '');
  if (existing.trim().length >= 32) return existing.trim();
  await mkdir(stateDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}
