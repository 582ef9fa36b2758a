// The one structured log of a running Dockyard: the HTTP server's requests
// and the engine's reports (set-up, retries, pool, budgets) go to the same
// pino logger, each engine line marked with `component: "engine"`.
import pino, { type Logger } from 'pino';
import type { Say } from '../engine/index.ts';
import type { ServerConfig } from './config.ts';

export function createLogger(config: Pick<ServerConfig, 'DOCKYARD_LOG_LEVEL'>): Logger {
  return pino({ level: config.DOCKYARD_LOG_LEVEL });
}

/** The engine's reports as log lines of `logger`. */
export function engineLog(logger: Logger): Say {
  const engine = logger.child({ component: 'engine' });
  return (line, level = 'info') => engine[level](line);
}
