// Every engine setting comes from the environment, validated once here so a
// wrong value stops start-up with a message naming the variable.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const units: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
export const bytes = z.string().regex(/^\d+[bkmg]?$/i, 'expected a size such as 512m or 2g')
  .transform((s) => Number.parseInt(s, 10) * (units[s.slice(-1).toLowerCase()] ?? 1))
  .refine((n) => n >= 1024 ** 2, 'must be at least 1m (did you forget the unit?)');

const durationUnits: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
export const seconds = z.string().regex(/^\d+[smhd]?$/, 'expected a duration such as 90s, 30m, 4h or 30d')
  .transform((s) => Number.parseInt(s, 10) * (durationUnits[s.slice(-1)] ?? 1))
  .refine((n) => n > 0, 'must be more than 0');

const schema = z.object({
  DOCKYARD_STATE_DIR: z.string().default(path.join(projectRoot, '.dockyard')),
  DOCKYARD_NAMESPACE: z.string().regex(/^[a-z0-9-]{1,32}$/, 'lowercase letters, digits and dashes').default('default'),
  DOCKYARD_INSTALL_ENGINE: z.enum(['auto', 'never']).default('auto'),
  DOCKYARD_BASE_SOURCE: z.enum(['auto', 'registry', 'debootstrap']).default('auto'),
  DOCKYARD_DEBIAN_MIRROR: z.url().default('http://deb.debian.org/debian'),
  DOCKYARD_DEBIAN_SECURITY_MIRROR: z.url().default('http://deb.debian.org/debian-security'),
  // incus (default): unprivileged system containers, a uid range each. docker: the
  // root-equivalent `trusted` profile, for authors on a machine with only Docker.
  DOCKYARD_ENGINE: z.enum(['incus', 'docker']).default('incus'),
  // Incus only: `container` (the isolated profile) or `vm`, the stronger tier
  // for hosts with working KVM; refused with the reason where it cannot run.
  DOCKYARD_INCUS_INSTANCE: z.enum(['container', 'vm']).default('container'),
  // Incus over HTTPS instead of its local socket: `https://host:port` of a daemon
  // that trusts this client (`dockyard incus trust`), with the certificates in
  // DOCKYARD_INCUS_CERT_DIR (default: incus-remote/ in the state directory).
  DOCKYARD_INCUS_REMOTE: z.url({ protocol: /^https$/, error: 'expected https://host:port of an Incus API' }).transform((url) => new URL(url).origin).optional(),
  DOCKYARD_INCUS_CERT_DIR: z.string().optional(),
  DOCKYARD_INCUS_POOL: z.string().regex(/^[a-z0-9-]{1,63}$/, 'lowercase letters, digits and dashes').default('dockyard'),
  // The loop file a new btrfs pool lives in; sparse, so only what sandboxes write takes disk.
  DOCKYARD_INCUS_POOL_SIZE: z.string().regex(/^\d+(GiB|TiB)$/, 'a size such as 40GiB').default('40GiB'),
  DOCKYARD_SANDBOX_MEMORY: bytes.refine((n) => n >= 128 * 1024 ** 2, 'must be at least 128m: the nested engine needs it').default(1024 ** 3),
  DOCKYARD_SANDBOX_CPUS: z.coerce.number().positive().max(64).default(1),
  DOCKYARD_SANDBOX_PIDS: z.coerce.number().int().min(64).default(1024),
  DOCKYARD_SANDBOX_DISK: bytes.default(10 * 1024 ** 3),
  DOCKYARD_SANDBOX_DISK_BUDGET: bytes.refine((n) => n >= 64 * 1024 ** 2, 'must be at least 64m: a fresh sandbox uses a few MiB').default(5 * 1024 ** 3),
  DOCKYARD_DISK_CHECK_INTERVAL: seconds.default(10),
  DOCKYARD_IDLE_TIMEOUT: seconds.default(30 * 60),
  DOCKYARD_MAX_LIFETIME: seconds.default(4 * 3600),
  DOCKYARD_POOL_SIZE: z.coerce.number().int().min(0).max(200).default(2),
  DOCKYARD_POOL_MAX_AGE: seconds.default(15 * 60),
  DOCKYARD_REAP_INTERVAL: seconds.default(30),
  /** Below this much free space on the engine's data root, no new sandbox is made. */
  DOCKYARD_MIN_FREE_DISK: bytes.default(5 * 1024 ** 3),
});

export type EngineConfig = z.output<typeof schema>;

export class ConfigError extends Error {}

/** Validates the variables `schema` names; throws ConfigError naming each bad variable and its value. */
export function parseEnvironment<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const picked = Object.fromEntries(Object.keys(schema.shape).filter((key) => env[key] !== undefined && env[key] !== '').map((key) => [key, env[key]]));
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}=${JSON.stringify(picked[String(i.path[0])])}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Reads the engine's settings from `env`. */
export function loadEngineConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  return parseEnvironment(schema, env);
}
