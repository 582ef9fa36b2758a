// The `dockyard` command line: each sub-command lives in its own module.
import { Command } from 'commander';
import { registerExercises } from './exercises.ts';
import { registerIncus } from './incus.ts';
import { registerLessons } from './lessons.ts';
import { registerPrepare } from './prepare.ts';
import { registerSandbox } from './sandbox.ts';
import { registerStart } from './start.ts';

const program = new Command('dockyard')
  .description('Dockyard: an interactive learning sandbox for containers')
  .showHelpAfterError();

registerPrepare(program);
registerExercises(program);
registerIncus(program);
registerLessons(program);
registerSandbox(program);
registerStart(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.stderr.write(`dockyard: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
