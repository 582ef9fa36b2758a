// `dockyard prepare`: a container engine that answers, the sandbox image, and
// the lesson site (each rebuilt only when what it is made from changed).
import type { Command } from 'commander';
import { loadEngineConfig } from '../engine/config.ts';
import { prepareHost } from '../engine/index.ts';
import { loadServerConfig } from '../server/config.ts';
import { buildSite } from '../site/build.ts';
import { say } from './say.ts';

export function registerPrepare(program: Command): void {
  program
    .command('prepare')
    .description('make sure the container engine answers (installing Incus, or dockerd with DOCKYARD_ENGINE=docker, if needed) and the sandbox image and lesson site are built')
    .action(async () => {
      const serverConfig = loadServerConfig();
      const backend = await prepareHost(loadEngineConfig(), say);
      await buildSite(serverConfig.DOCKYARD_SITE_DIR, say);
      say(`Ready: ${backend.image} on ${backend.target}`);
    });
}
