// The course as the site's pages see it, read once per build: every lesson in
// order per locale (a lesson missing in a locale falls back to English), with
// the titles of the exercises it ends in.
import path from 'node:path';
import { formatProblem, loadExercises } from '../../../server/exercises/loader.ts';
import { localize } from '../../../server/exercises/spec.ts';
import { loadLessons, type Lesson } from '../../../server/content/lesson.ts';
import { LOCALES, type Locale } from '../i18n/ui.ts';

export interface CourseLesson {
  slug: string;
  order: number;
  title: string;
  minutes: number;
  /** The lesson in the page's locale, or the English one when it is missing. */
  lesson: Lesson;
  /** True when `lesson` is the English text standing in for a missing translation. */
  fallback: boolean;
  exercises: { id: string; title: string }[];
}

const root = import.meta.env.DOCKYARD_PROJECT_ROOT;

async function load(): Promise<Record<Locale, CourseLesson[]>> {
  const { lessons, problems } = await loadLessons(path.join(root, 'content'));
  if (problems.length) throw new Error(`lessons have problems:\n${problems.map(formatProblem).join('\n')}`);
  const { exercises } = await loadExercises(path.join(root, 'exercises'));
  const english = lessons.filter((l) => l.locale === 'en').sort((a, b) => a.meta.order - b.meta.order);
  const course = {} as Record<Locale, CourseLesson[]>;
  for (const locale of LOCALES) {
    course[locale] = english.map((en) => {
      const translated = lessons.find((l) => l.locale === locale && l.slug === en.slug);
      const lesson = translated ?? en;
      return {
        slug: en.slug,
        order: en.meta.order,
        title: lesson.meta.title,
        minutes: en.meta.minutes,
        lesson,
        fallback: !translated,
        exercises: en.meta.exercises.map((id) => {
          const spec = exercises.find((e) => e.spec.id === id)?.spec;
          return { id, title: (spec && localize(spec.title, locale)) ?? id };
        }),
      };
    });
  }
  return course;
}

let loaded: Promise<Record<Locale, CourseLesson[]>> | undefined;

export function course(locale: Locale): Promise<CourseLesson[]> {
  loaded ??= load();
  return loaded.then((all) => all[locale]);
}
