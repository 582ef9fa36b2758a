// `dockyard lessons …`: check lessons and run their commands in fresh sandboxes.
import path from 'node:path';
import type { Command } from 'commander';
import { loadEngineConfig, prepareHost, SandboxEngine, toolOwner } from '../engine/index.ts';
import { projectRoot } from '../engine/config.ts';
import { loadLessons } from '../server/content/lesson.ts';
import { runLesson } from '../server/content/lesson-runner.ts';
import { formatProblem } from '../server/exercises/loader.ts';
import { say } from './say.ts';

export function registerLessons(program: Command): void {
  const lessons = program.command('lessons').description('check lessons and the commands in them');

  lessons.command('test')
    .description('validate lessons, then run every runnable block of each (English) lesson in a fresh sandbox, in order')
    .option('--dir <folder>', 'the content folder', path.join(projectRoot, 'content'))
    .option('--locale <locale>', 'which locale to run', 'en')
    .argument('[slugs...]', 'only these lessons')
    .action(async (slugs: string[], options: { dir: string; locale: string }) => {
      const { lessons: all, problems } = await loadLessons(options.dir);
      for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
      if (problems.length) throw new Error(`${problems.length} problem(s) in ${options.dir}`);
      const chosen = all.filter((l) => l.locale === options.locale && (!slugs.length || slugs.includes(l.slug)));
      const config = loadEngineConfig();
      const backend = await prepareHost(config, say);
      const engine = new SandboxEngine(backend, config);
      let failed = 0;
      for (const lesson of chosen) {
        const { id } = await engine.create(toolOwner());
        try {
          const failure = await runLesson(engine, id, lesson, say);
          if (failure) {
            failed++;
            say(`FAIL ${lesson.file}:${failure.line}\n${failure.code}${failure.message}`);
          } else say(`PASS ${lesson.slug}`);
        } finally {
          await engine.destroy(id);
        }
      }
      say(`${chosen.length - failed} lesson(s) ran as written, ${failed} failed.`);
      if (failed) process.exitCode = 1;
    });
}
