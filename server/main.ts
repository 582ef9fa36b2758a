// Starting and stopping the whole server: engine first (it may need to build
// the image), then HTTP. Stopping keeps sandboxes running for the next start.
import type { EngineConfig, Say } from '../engine/index.ts';
import { startEngine } from '../engine/index.ts';
import { buildServer, type DockyardServer } from './app.ts';
import type { ServerConfig } from './config.ts';
import { cookieSecret } from './secret.ts';

export interface RunningServer extends DockyardServer {
  url: string;
  stop(): Promise<void>;
}

export async function startServer(engineConfig: EngineConfig, serverConfig: ServerConfig, say: Say): Promise<RunningServer> {
  const engine = await startEngine(engineConfig, say);
  const server = await buildServer(engine, serverConfig, await cookieSecret(serverConfig.DOCKYARD_SECRET, engineConfig.DOCKYARD_STATE_DIR));
  const url = await server.app.listen({ port: serverConfig.PORT, host: serverConfig.HOST });
  return {
    ...server,
    url,
    async stop() {
      engine.stop();
      await server.app.close();
    },
  };
}
