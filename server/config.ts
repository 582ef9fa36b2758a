// The server's settings, from the environment, validated at start. Engine
// settings (DOCKYARD_SANDBOX_*, pool, lifetimes) live in engine/config.ts.
import { z } from 'zod';
import path from 'node:path';
import { parseEnvironment, seconds } from '../engine/index.ts';
import { projectRoot } from '../engine/config.ts';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DOCKYARD_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  DOCKYARD_ALLOWED_ORIGINS: z.string().default('').transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean)),
  // Previews served from an origin of their own, so a learner's page never
  // shares the site's origin and cookies (docs/security.md, M6).
  DOCKYARD_PREVIEW_ORIGIN: z.string().transform((value, ctx) => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (url && /^https?:$/.test(url.protocol) && `${url.origin}/` === url.href) return url.origin;
    ctx.addIssue({ code: 'custom', message: 'must be an http(s) origin such as https://preview.dockyard.example, without a path' });
    return z.NEVER;
  }).optional(),
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
