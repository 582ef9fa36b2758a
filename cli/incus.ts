// `dockyard incus …`: connecting Dockyard to an Incus it reaches over HTTPS.
import type { Command } from 'commander';
import { loadEngineConfig, trustRemote } from '../engine/index.ts';
import { say } from './say.ts';

export function registerIncus(program: Command): void {
  const incus = program.command('incus').description('connect to an Incus over HTTPS instead of its local socket');
  incus
    .command('trust <token>')
    .description('become a trusted client of the Incus that issued <token> (on that host: incus config trust add dockyard), pinning its certificate')
    .action(async (token: string) => {
      const origin = await trustRemote(token, loadEngineConfig(), say);
      say('Use it with:');
      process.stdout.write(`DOCKYARD_INCUS_REMOTE=${origin}\n`);
    });
}
