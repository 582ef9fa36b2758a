// The curriculum as data: frontmatter valid, both locales present with the
// same runnable blocks, every exercise named exists, and every command in
// every lesson runs in a fresh sandbox as the lesson says.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultExercisesDir } from '../../cli/exercises.ts';
import { projectRoot } from '../../engine/config.ts';
import { formatProblem } from '../../server/exercises/loader.ts';
import { loadLessons, type Lesson } from '../../server/content/lesson.ts';
import { runLesson } from '../../server/content/lesson-runner.ts';
import { testEngine } from '../engine/harness.ts';

const { lessons, problems } = await loadLessons(path.join(projectRoot, 'content'));
const byLocale = (locale: string) => lessons.filter((l) => l.locale === locale);
const runnable = (lesson: Lesson) => lesson.blocks.map(({ kind, code, ...rest }) => ({ kind, code, path: 'path' in rest ? rest.path : undefined }));

describe('lessons', () => {
  it('have valid frontmatter', () => {
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it('exist in both locales, with the same frontmatter numbers and the same runnable blocks', () => {
    const en = byLocale('en');
    const ko = byLocale('ko');
    expect(ko.map((l) => l.slug)).toEqual(en.map((l) => l.slug));
    for (const lesson of en) {
      const twin = ko.find((l) => l.slug === lesson.slug)!;
      const { title: _en, ...enMeta } = lesson.meta;
      const { title: _ko, ...koMeta } = twin.meta;
      expect(koMeta, lesson.slug).toEqual(enMeta);
      expect(runnable(twin), lesson.slug).toEqual(runnable(lesson));
    }
  });

  it('have distinct orders, known prerequisites and existing exercises', async () => {
    const en = byLocale('en');
    expect(new Set(en.map((l) => l.meta.order)).size).toBe(en.length);
    const slugs = new Set(en.map((l) => l.slug));
    const exerciseIds = new Set((await readdir(defaultExercisesDir(), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name));
    for (const lesson of en) {
      for (const prerequisite of lesson.meta.prerequisites) expect(slugs, `${lesson.slug} needs ${prerequisite}`).toContain(prerequisite);
      for (const exercise of lesson.meta.exercises) expect(exerciseIds, `${lesson.slug} names ${exercise}`).toContain(exercise);
    }
  });
});

describe.each(byLocale('en').map((lesson) => [lesson.slug, lesson] as const))('lesson %s', (_slug, lesson) => {
  it('runs every command as the lesson says, in a fresh sandbox', async () => {
    const { engine } = await testEngine({ DOCKYARD_SANDBOX_MEMORY: '1g' });
    const { id } = await engine.create();
    try {
      const failure = await runLesson(engine, id, lesson);
      expect(failure, failure && `content/en/${path.basename(lesson.file)}:${failure.line}\n${failure.code}\n${failure.message}`).toBeUndefined();
    } finally {
      await engine.destroy(id);
    }
  }, 900_000);
});
