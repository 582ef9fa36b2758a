// What the route plugins are given: the engine's parts, the session and
// terminal managers, settings and metrics. Passed as plugin options so each
// plugin says what it uses.
import type { RunningEngine } from '../engine/index.ts';
import type { Classroom } from './classes/classroom.ts';
import type { ServerConfig } from './config.ts';
import type { Exercise } from './exercises/loader.ts';
import type { ProgressStore } from './exercises/progress-store.ts';
import type { Metrics } from './metrics.ts';
import type { SessionManager } from './sessions/session-manager.ts';
import type { TerminalHub } from './terminals/terminal-hub.ts';

export interface ServerContext {
  engine: RunningEngine;
  sessions: SessionManager;
  terminals: TerminalHub;
  config: ServerConfig;
  metrics: Metrics;
  /** Exercises that loaded without problems, by id. */
  exercises: Map<string, Exercise>;
  progress: ProgressStore;
  classroom: Classroom;
}
