// `dockyard prepare`: a container engine that answers, and the sandbox image.
import type { Command } from 'commander';
import { loadEngineConfig } from '../engine/config.ts';
import { prepareHost } from '../engine/index.ts';
import { say } from './say.ts';

export function registerPrepare(program: Command): void {
  program
    .command('prepare')
    .description('make sure a container engine answers (installing dockerd if needed) and the sandbox image is built')
    .action(async () => {
      const { plan } = await prepareHost(loadEngineConfig(), say);
      say(`Ready: ${plan.sandboxImage}`);
    });
}
