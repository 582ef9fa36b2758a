// Starting and stopping the whole server. HTTP listens at once, so health
// answers (503, saying why) while the engine is set up, built or waited for;
// the returned server is ready. Stopping keeps sandboxes running for the next start.
import path from 'node:path';
import type { EngineConfig } from '../engine/index.ts';
import { openEngine } from '../engine/index.ts';
import { buildServer, type DockyardServer } from './app.ts';
import type { ServerConfig } from './config.ts';
import { formatProblem, loadExercises } from './exercises/loader.ts';
import { loadCourseOutline } from './classes/course-outline.ts';
import { openDatabase } from './storage/database.ts';
import { createLogger, engineLog } from './logger.ts';
import { cookieSecret } from './secret.ts';

export interface RunningServer extends DockyardServer {
  url: string;
  stop(): Promise<void>;
}

export async function startServer(engineConfig: EngineConfig, serverConfig: ServerConfig): Promise<RunningServer> {
  const logger = createLogger(serverConfig);
  const say = engineLog(logger);
  const { exercises, problems } = await loadExercises(serverConfig.DOCKYARD_EXERCISES_DIR);
  // A broken exercise must not take the rest of the course down: report it and serve the others.
  for (const problem of problems) say(`exercise problem: ${formatProblem(problem)}`, 'warn');
  const engine = await openEngine(engineConfig, say);
  const server = await buildServer(engine, serverConfig, {
    secret: await cookieSecret(serverConfig.DOCKYARD_SECRET, engineConfig.DOCKYARD_STATE_DIR),
    exercises: new Map(exercises.map((exercise) => [exercise.id, exercise])),
    logger,
    database: openDatabase(serverConfig.DOCKYARD_DATABASE ?? path.join(engineConfig.DOCKYARD_STATE_DIR, 'dockyard.sqlite')),
    course: await loadCourseOutline(serverConfig.DOCKYARD_CONTENT_DIR),
  });
  const url = await server.app.listen({ port: serverConfig.PORT, host: serverConfig.HOST });
  if (!engine.status.isUp) say(`Listening on ${url}; /api/health answers 503 until the container engine is ready.`, 'warn');
  try {
    await engine.ready;
  } catch (err) {
    await server.app.close();
    throw err;
  }
  return {
    ...server,
    url,
    async stop() {
      engine.stop();
      await server.app.close();
    },
  };
}
