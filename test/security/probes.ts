// Helpers for the escape probes: run several shell snippets in a sandbox in
// one exec and get each one's exit code and output, and read what the host
// sees (the instance's devices, its log directory, free inodes, processes).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunOptions, SandboxEngine } from '../../engine/index.ts';
import { IncusClient } from '../../engine/incus/client.ts';

export interface Probe {
  rc: number;
  /** stdout and stderr of the snippet, together. */
  out: string;
}

/** What a refused write, open, mount or mknod says. */
export const REFUSED = /permission denied|read-only file system|operation not permitted/i;

/**
 * Runs each snippet in a subshell, in order, in one `sh -c` as the learner
 * (unless `options.as` says otherwise), and returns each one's exit code and
 * combined output. Fails if a snippet did not report (the exec was cut short).
 */
export async function probe(engine: SandboxEngine, id: string, snippets: Record<string, string>, options: RunOptions = {}): Promise<Record<string, Probe>> {
  const names = Object.keys(snippets);
  for (const name of names) if (!/^[a-z0-9_.-]+$/i.test(name)) throw new Error(`probe name ${name}`);
  const script = names.map((name) => `out=$( ( ${snippets[name]}
) 2>&1 ); rc=$?; printf '@@%s %s\\n%s\\n' '${name}' "$rc" "$out"`).join('\n');
  const result = await engine.run(id, ['sh', '-c', script], { timeoutMs: 60_000, ...options });
  const found: Record<string, Probe> = {};
  for (const block of `\n${result.stdout}`.split('\n@@').slice(1)) {
    const newline = block.indexOf('\n');
    const [name, rc] = (newline < 0 ? block : block.slice(0, newline)).split(' ');
    found[name] = { rc: Number(rc), out: newline < 0 ? '' : block.slice(newline + 1).trim() };
  }
  const missing = names.filter((name) => !(name in found));
  if (missing.length) throw new Error(`probes ${missing.join(', ')} did not report (exit ${result.exitCode}, timed out: ${result.timedOut}): ${result.stderr.slice(0, 500)}`);
  return found;
}

export function incusClient(): IncusClient {
  return new IncusClient();
}

export interface InstanceView {
  config: Record<string, string>;
  devices: Record<string, Record<string, string>>;
  expanded_devices: Record<string, Record<string, string>>;
}

export function instance(client: IncusClient, ref: string): Promise<InstanceView> {
  return client.request<InstanceView>('GET', `/1.0/instances/${ref}`);
}

/** Every path under `dir`, relative to it, sorted. */
export function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).map(String).sort();
}

/** Total bytes of the regular files directly in `dir` (an instance's log directory). */
export function directoryBytes(dir: string): { total: number; files: Record<string, number> } {
  const files: Record<string, number> = {};
  let total = 0;
  for (const name of readdirSync(dir)) {
    const st = statSync(join(dir, name));
    if (!st.isFile()) continue;
    files[name] = st.size;
    total += st.size;
  }
  return { total, files };
}

/** Where Incus keeps an instance's logs (console.log, lxc.log). */
export function instanceLogDir(ref: string): string {
  const base = process.env.INCUS_LOG_DIR || '/var/log/incus';
  return join(base, ref);
}

/** Free inodes of the host filesystem holding `path`. */
export function freeInodes(path: string): number {
  const out = execFileSync('df', ['--output=iavail', path], { encoding: 'utf8' });
  return Number(out.trim().split('\n').pop());
}

/** The command names of every process the host sees. */
export function hostProcessNames(): string[] {
  return execFileSync('ps', ['-e', '-o', 'comm='], { encoding: 'utf8' }).split('\n').map((s) => s.trim()).filter(Boolean);
}

/** The btrfs qgroup of an instance's root disk, when the pool is btrfs and the tool is here: [referenced, max referenced] bytes. */
export function rootQgroup(pool: string, ref: string): { referenced: number; limit: number } | undefined {
  const path = `/var/lib/incus/storage-pools/${pool}/containers/${ref}`;
  if (!existsSync(path)) return undefined;
  try {
    const out = execFileSync('btrfs', ['qgroup', 'show', '-re', '--raw', '-f', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const row = out.trim().split('\n').pop()!.trim().split(/\s+/);
    // qgroupid referenced exclusive max_rfer max_excl path
    return { referenced: Number(row[1]), limit: Number(row[3]) };
  } catch {
    return undefined;
  }
}
