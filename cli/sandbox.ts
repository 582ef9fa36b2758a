// `dockyard sandbox …`: operator and instructor tools to try a fresh sandbox.
import type { Command } from 'commander';
import { loadEngineConfig, prepareHost, SandboxEngine, toolOwner } from '../engine/index.ts';
import { say } from './say.ts';

async function withFreshSandbox<T>(keep: boolean, work: (engine: SandboxEngine, id: string) => Promise<T>): Promise<T> {
  const config = loadEngineConfig();
  const backend = await prepareHost(config, say);
  const engine = new SandboxEngine(backend, config);
  const started = Date.now();
  const sandbox = await engine.create(toolOwner());
  say(`sandbox ${sandbox.id} ready in ${Date.now() - started} ms`);
  try {
    return await work(engine, sandbox.id);
  } finally {
    if (keep) say(`kept sandbox ${sandbox.id} (${sandbox.ref})`);
    else await engine.destroy(sandbox.id);
  }
}

async function interactiveShell(engine: SandboxEngine, id: string): Promise<number | null> {
  const { stdin, stdout } = process;
  const shell = await engine.openShell(id, { cols: stdout.columns || 80, rows: stdout.rows || 24 });
  const onResize = () => void shell.resize(stdout.columns, stdout.rows).catch(() => undefined);
  stdout.on('resize', onResize);
  if (stdin.isTTY) stdin.setRawMode(true);
  stdin.pipe(shell.stream);
  shell.stream.pipe(stdout);
  const code = await shell.exited;
  stdin.unpipe(shell.stream);
  if (stdin.isTTY) stdin.setRawMode(false);
  stdin.pause();
  stdout.off('resize', onResize);
  return code;
}

export function registerSandbox(program: Command): void {
  const sandbox = program.command('sandbox').description('try a fresh sandbox from the command line');

  sandbox
    .command('exec')
    .description('run a command in a fresh sandbox, print its output and exit code, then remove the sandbox')
    .option('--keep', 'leave the sandbox running afterwards', false)
    .option('--timeout <seconds>', 'stop the command after this many seconds', '120')
    .argument('<command...>', 'the command and its arguments (put -- before it)')
    .action(async (command: string[], options: { keep: boolean; timeout: string }) => {
      const result = await withFreshSandbox(options.keep, (engine, id) => engine.run(id, command, { timeoutMs: Number(options.timeout) * 1000 }));
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      say(`exit code: ${result.timedOut ? 'timed out' : result.exitCode}${result.truncated ? ' (output truncated)' : ''}`);
      process.exitCode = result.exitCode ?? 124;
    });

  sandbox
    .command('shell')
    .description('open an interactive shell in a fresh sandbox; the sandbox is removed when the shell exits')
    .option('--keep', 'leave the sandbox running afterwards', false)
    .action(async (options: { keep: boolean }) => {
      const code = await withFreshSandbox(options.keep, interactiveShell);
      process.exitCode = code ?? 0;
    });
}
