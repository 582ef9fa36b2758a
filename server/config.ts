// The server's settings, from the environment, validated at start. Engine
// settings (DOCKYARD_SANDBOX_*, pool, lifetimes) live in engine/config.ts.
import { z } from 'zod';
import path from 'node:path';
import { parseEnvironment, seconds } from '../engine/index.ts';
import { projectRoot } from '../engine/config.ts';

// Compared exactly with browsers' Origin headers, so kept in the form browsers send: scheme://host[:port].
const origin = z.string().trim().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/' && !url.search && !url.hash && !url.username;
  } catch {
    return false;
  }
}, 'must be an origin: http(s)://name[:port], without a path').transform((value) => new URL(value).origin);
const hostName = z.string().regex(/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/i, 'must be host names (no scheme or port), e.g. dockyard.lan,10.0.0.5').transform((h) => h.toLowerCase());
const list = <T extends z.ZodType<string, string>>(item: T) => z.string().default('').transform((s, ctx) => {
  const parsed = s.split(',').map((part) => part.trim()).filter(Boolean).map((part) => item.safeParse(part));
  for (const failed of parsed.filter((p) => !p.success)) ctx.addIssue({ code: 'custom', message: failed.error!.issues[0].message });
  return parsed.flatMap((p) => (p.success ? [p.data as z.output<T>] : []));
});

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DOCKYARD_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** The origin learners use (https://dockyard.example.org), when a proxy or a DNS name stands in front. */
  DOCKYARD_PUBLIC_URL: origin.optional(),
  DOCKYARD_ALLOWED_ORIGINS: list(origin),
  DOCKYARD_ALLOWED_HOSTS: list(hostName),
  DOCKYARD_OPERATOR_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  // Learner sandboxes at once; further learners queue with a clear message.
  // Set from `npm run load -- --capacity` on a quiet 2-core, 24 GiB host
  // (docs/load.md): with every learner typing an exercise's solution at a
  // human pace, keystroke echo stayed under the 50 ms p95 bar up to 15
  // learners and crossed it at 20 (90 ms). A queue is a better failure than
  // every terminal slowing; bigger hosts should measure and raise it.
  DOCKYARD_MAX_SANDBOXES: z.coerce.number().int().min(1).default(15),
  // One address cannot hold every sandbox. A proxy without a trusted
  // X-Forwarded-For, or a classroom behind one NAT, is one address: raise it
  // to the number of learners there (docs/security.md).
  DOCKYARD_MAX_SESSIONS_PER_CLIENT: z.coerce.number().int().min(1).default(4),
  // Counts every POST /api/sessions, which each lesson page sends: resuming
  // costs nothing, creating boots a sandbox (0.7 s on a quiet host,
  // docs/benchmarks.md). 20 a minute keeps one address's create-and-end churn
  // to a small share of a 2-core host; a class behind one address needs it
  // raised like the cap above.
  DOCKYARD_SESSION_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  DOCKYARD_TERMINAL_GRACE: seconds.default(300),
  DOCKYARD_TERMINALS_PER_SESSION: z.coerce.number().int().min(1).max(32).default(8),
  DOCKYARD_EXERCISES_DIR: z.string().default(path.join(projectRoot, 'exercises')),
  /** The built lesson site (site/build.ts writes it). */
  DOCKYARD_SITE_DIR: z.string().min(1).default(path.join(projectRoot, 'site', 'dist')),
  /** Lessons the instructor draft preview (/drafts/…) reads on every request. */
  DOCKYARD_CONTENT_DIR: z.string().min(1).default(path.join(projectRoot, 'content')),
  /** Defaults to dockyard.sqlite in DOCKYARD_STATE_DIR (see server/main.ts). */
  DOCKYARD_DATABASE: z.string().optional(),
  DOCKYARD_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type ServerConfig = z.output<typeof schema>;

export function loadServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return parseEnvironment(schema, env);
}
