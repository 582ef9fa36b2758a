// `dockyard start`: the whole product on one host (what `npm start` runs).
import type { Command } from 'commander';
import { loadEngineConfig } from '../engine/index.ts';
import { loadServerConfig } from '../server/config.ts';
import { startServer } from '../server/main.ts';
import { buildSite } from '../site/build.ts';
import { say } from './say.ts';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('prepare the engine, the sandbox image and the lesson site, then serve Dockyard')
    .action(async () => {
      const serverConfig = loadServerConfig();
      // A site that fails to build must not keep the API and learners' running
      // sandboxes down: say why, and serve the last good build (or none).
      await buildSite(serverConfig.DOCKYARD_SITE_DIR, say).catch((err: Error) => say(`The lesson site was not rebuilt: ${err.message}`));
      const server = await startServer(loadEngineConfig(), serverConfig);
      say(`Dockyard is serving on ${server.url}`);
      const shutdown = (signal: string) => {
        say(`${signal}: stopping; sandboxes keep running and will be adopted by the next start.`);
        void server.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
}
