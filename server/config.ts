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
  DOCKYARD_MAX_SANDBOXES: z.coerce.number().int().min(1).default(40),
  DOCKYARD_MAX_SESSIONS_PER_CLIENT: z.coerce.number().int().min(1).default(4),
  DOCKYARD_SESSION_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  DOCKYARD_TERMINAL_GRACE: seconds.default(300),
  DOCKYARD_TERMINALS_PER_SESSION: z.coerce.number().int().min(1).max(32).default(8),
  DOCKYARD_EXERCISES_DIR: z.string().default(path.join(projectRoot, 'exercises')),
  /** Defaults to dockyard.sqlite in DOCKYARD_STATE_DIR (see server/main.ts). */
  DOCKYARD_DATABASE: z.string().optional(),
  DOCKYARD_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type ServerConfig = z.output<typeof schema>;

export function loadServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return parseEnvironment(schema, env);
}
