// The server's settings, from the environment, validated at start. Engine
// settings (DOCKYARD_SANDBOX_*, pool, lifetimes) live in engine/config.ts.
import { z } from 'zod';
import path from 'node:path';
import { ConfigError, parseEnvironment, seconds } from '../engine/index.ts';
import { bytes, projectRoot } from '../engine/config.ts';
import { parseTrustProxy } from './limits/trust-proxy.ts';

// Compared exactly with browsers' Origin headers, so kept in the form browsers send: scheme://host[:port].
const origin = z.string().trim().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/' && !url.search && !url.hash && !url.username;
  } catch {
    return false;
  }
}, 'must be an origin: http(s)://name[:port], without a path').transform((value) => new URL(value).origin);
/** Hosts on this machine: the only ones an OIDC issuer may be reached at over plain HTTP. */
export const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;
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
  // Signs an instructor in to create and watch classes (docs/classes.md); unset, classes are off.
  DOCKYARD_INSTRUCTOR_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  // Instructor sign-in with OpenID Connect (server/instructors/oidc.ts); the
  // provider must list <site>/api/instructor/oidc/callback as a redirect URI.
  DOCKYARD_OIDC_ISSUER: z.string().url().refine((u) => {
    const url = new URL(u);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname));
  }, 'must be an https URL (plain http only for a provider on this machine)').optional(),
  DOCKYARD_OIDC_CLIENT_ID: z.string().min(1).optional(),
  DOCKYARD_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  DOCKYARD_OIDC_INSTRUCTORS: z.string().default('').transform((s) => s.split(',').map((p) => p.trim().toLowerCase()).filter(Boolean)),
  // Where class events (joins, checks, completions) are POSTed, signed with the secret (server/classes/webhook.ts).
  DOCKYARD_CLASS_WEBHOOK_URL: z.string().url().refine((u) => /^https?:/.test(u), 'must be an http(s) URL').optional(),
  DOCKYARD_CLASS_WEBHOOK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  // Previews served from an origin of their own, so a learner's page never
  // shares the site's origin and cookies (docs/security.md, M6).
  DOCKYARD_PREVIEW_ORIGIN: origin.optional(),
  // Learner sandboxes at once; further learners queue with a clear message.
  // Set from `npm run load -- --capacity` on a quiet 2-core, 24 GiB host
  // (docs/load.md): with every learner typing an exercise's solution at a
  // human pace, keystroke echo stayed under the 50 ms p95 bar up to 15
  // learners and crossed it at 20 (90 ms). A queue is a better failure than
  // every terminal slowing; bigger hosts should measure and raise it.
  DOCKYARD_MAX_SANDBOXES: z.coerce.number().int().min(1).default(15),
  // Sandboxes one client (an IPv4 address or an IPv6 /64) may hold while
  // active; it may have twice DOCKYARD_MAX_SANDBOXES more waiting. Unset: two
  // thirds of DOCKYARD_MAX_SANDBOXES, so a class behind one NAT address gets
  // most of the host, and one attacker cannot take every place
  // (server/sessions/admission.ts; docs/security.md, M4).
  DOCKYARD_MAX_SESSIONS_PER_CLIENT: z.coerce.number().int().min(1).optional(),
  // Sandboxes created (new sessions, resets, replacements of lost sandboxes)
  // per client per minute. Resuming a session is free, so lesson pages never
  // count. Unset: twice DOCKYARD_MAX_SANDBOXES (at least 20), enough for a
  // whole class arriving through one address at once; a create-and-end loop
  // then boots one sandbox every 2 s at most (0.7 s of a core each).
  DOCKYARD_SESSION_RATE_LIMIT: z.coerce.number().int().min(1).optional(),
  // Sandboxes one learner (cookie) may create per minute: a first session and a few resets.
  DOCKYARD_LEARNER_RATE_LIMIT: z.coerce.number().int().min(1).default(5),
  // A session whose page has not asked about it (the lesson page does every
  // 30 s, a hidden tab at least once a minute) and whose sandbox saw no
  // activity for this long is away: it stops counting against its client's
  // cap, leaves the queue, and gives its sandbox up to a waiting learner.
  DOCKYARD_AWAY_AFTER: seconds.default(180),
  // A class with a start time and a size gets sandboxes started this long
  // before its start, kept ready until this long after it (server/classes/prewarm.ts).
  DOCKYARD_PREWARM_LEAD: seconds.default(600),
  DOCKYARD_PREWARM_HOLD: seconds.default(1800),
  // Terminals of learners in a class are recorded for their instructor to
  // replay (server/recordings/): at most this much per learner and class, all
  // terminals together (0 turns recording off), kept this long after the last
  // write, in this directory (default: recordings/ in DOCKYARD_STATE_DIR).
  DOCKYARD_RECORDING_BUDGET: z.literal('0').transform(() => 0).or(bytes).default(16 * 1024 ** 2),
  DOCKYARD_RECORDING_RETENTION: seconds.default(30 * 86400),
  DOCKYARD_RECORDINGS_DIR: z.string().min(1).optional(),
  // Whose X-Forwarded-For to believe (server/limits/trust-proxy.ts): false, true, a hop count, or addresses/CIDRs.
  DOCKYARD_TRUST_PROXY: z.string().optional().transform((value, ctx) => {
    try {
      return parseTrustProxy(value);
    } catch (err) {
      ctx.issues.push({ code: 'custom', message: (err as Error).message, input: value });
      return z.NEVER;
    }
  }),
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

type ParsedConfig = z.output<typeof schema>;
export type ServerConfig = ParsedConfig & { DOCKYARD_MAX_SESSIONS_PER_CLIENT: number; DOCKYARD_SESSION_RATE_LIMIT: number };

export function loadServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = parseEnvironment(schema, env);
  if (parsed.DOCKYARD_CLASS_WEBHOOK_URL && !parsed.DOCKYARD_CLASS_WEBHOOK_SECRET) {
    throw new ConfigError('Invalid configuration:\n  DOCKYARD_CLASS_WEBHOOK_URL is set but DOCKYARD_CLASS_WEBHOOK_SECRET is not: receivers need the secret to check that an event came from this server');
  }
  if (parsed.DOCKYARD_OIDC_ISSUER && !parsed.DOCKYARD_OIDC_CLIENT_ID) {
    throw new ConfigError('Invalid configuration:\n  DOCKYARD_OIDC_ISSUER is set but DOCKYARD_OIDC_CLIENT_ID is not: register Dockyard as a client with the provider and set its id');
  }
  const max = parsed.DOCKYARD_MAX_SANDBOXES;
  return {
    ...parsed,
    DOCKYARD_MAX_SESSIONS_PER_CLIENT: parsed.DOCKYARD_MAX_SESSIONS_PER_CLIENT ?? Math.ceil((max * 2) / 3),
    DOCKYARD_SESSION_RATE_LIMIT: parsed.DOCKYARD_SESSION_RATE_LIMIT ?? Math.max(20, 2 * max),
  };
}
