// The course as classes see it: each lesson's slug, title and exercises, in
// course order, read once at start from the lessons' frontmatter.
import { loadLessons } from '../content/lesson.ts';
import type { Locale } from '../exercises/spec.ts';

export interface CourseLesson {
  slug: string;
  order: number;
  title: Partial<Record<Locale, string>>;
  exercises: string[];
}

export async function loadCourseOutline(contentDir: string): Promise<CourseLesson[]> {
  const { lessons } = await loadLessons(contentDir);
  const bySlug = new Map<string, CourseLesson>();
  for (const lesson of lessons) {
    const entry = bySlug.get(lesson.slug) ?? { slug: lesson.slug, order: lesson.meta.order, title: {}, exercises: lesson.meta.exercises };
    entry.title[lesson.locale] = lesson.meta.title;
    // English is the source: its frontmatter decides order and exercises.
    if (lesson.locale === 'en') Object.assign(entry, { order: lesson.meta.order, exercises: lesson.meta.exercises });
    bySlug.set(lesson.slug, entry);
  }
  return [...bySlug.values()].sort((a, b) => a.order - b.order);
}
