// `dockyard start`: the whole product on one host (what `npm start` runs).
import type { Command } from 'commander';
import { loadEngineConfig } from '../engine/index.ts';
import { loadServerConfig } from '../server/config.ts';
import { startServer } from '../server/main.ts';
import { say } from './say.ts';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('prepare the engine and the sandbox image, then serve Dockyard')
    .action(async () => {
      const server = await startServer(loadEngineConfig(), loadServerConfig(), say);
      say(`Dockyard is serving on ${server.url}`);
      const shutdown = (signal: string) => {
        say(`${signal}: stopping; sandboxes keep running and will be adopted by the next start.`);
        void server.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
}
