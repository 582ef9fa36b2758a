// Lessons (content/<locale>/NN-slug.md): YAML frontmatter validated by a
// schema, then Markdown. Fenced code blocks say by their info string whether
// the lesson runner (and the site's Run button) treats them as commands:
//   ```sh               a command to run; must succeed
//   ```sh fails         a command that is meant to fail
//   ```sh interactive   a command for a person at the terminal; never run by tests
//   ```LANG file=PATH   a file the learner creates at PATH (written before later blocks run)
// Any other block (```text, ```console, …) is shown only.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { LineCounter, parseDocument } from 'yaml';
import type { ExerciseProblem } from '../exercises/loader.ts';
import { parseCodeBlockInfo } from './code-block.ts';

export const LESSON_LOCALES = ['en', 'ko'] as const;
export type LessonLocale = (typeof LESSON_LOCALES)[number];

/** A lesson's or exercise's id in frontmatter, URLs and classes. */
export const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' });
export const LessonFrontmatter = Type.Object({
  title: Type.String({ minLength: 1 }),
  order: Type.Integer({ minimum: 1 }),
  minutes: Type.Integer({ minimum: 1, maximum: 240 }),
  prerequisites: Type.Array(Slug),
  exercises: Type.Array(Slug, { minItems: 1 }),
}, { additionalProperties: false });
export type LessonFrontmatter = Static<typeof LessonFrontmatter>;
const checkFrontmatter = Compile(LessonFrontmatter);

export type Block =
  | { kind: 'run'; code: string; line: number }
  | { kind: 'fails'; code: string; line: number }
  | { kind: 'interactive'; code: string; line: number }
  | { kind: 'file'; path: string; code: string; line: number; language: string };

export interface Lesson {
  slug: string;
  locale: LessonLocale;
  file: string;
  meta: LessonFrontmatter;
  markdown: string;
  blocks: Block[];
}

const markdown = new MarkdownIt();

/** The runnable and file blocks of a lesson's Markdown, in order; lines count from `firstLine`. */
export function lessonBlocks(body: string, firstLine = 1): Block[] {
  const blocks: Block[] = [];
  for (const token of markdown.parse(body, {})) {
    if (token.type !== 'fence') continue;
    const info = parseCodeBlockInfo(token.info);
    const line = (token.map?.[0] ?? 0) + firstLine;
    if (info.kind === 'file') blocks.push({ kind: 'file', path: info.path, code: token.content, line, language: info.language });
    else if (info.kind !== 'show') blocks.push({ kind: info.kind, code: token.content, line });
  }
  return blocks;
}

export async function loadLesson(file: string, locale: LessonLocale, shownAs: string): Promise<{ lesson?: Lesson; problems: ExerciseProblem[] }> {
  const text = await readFile(file, 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match) return { problems: [{ file: shownAs, line: 1, message: 'missing frontmatter (--- YAML --- at the top)' }] };
  const counter = new LineCounter();
  const doc = parseDocument(match[1], { lineCounter: counter });
  if (doc.errors.length) return { problems: doc.errors.map((e) => ({ file: shownAs, line: (e.linePos?.[0].line ?? 0) + 1, message: `YAML: ${e.message.split('\n')[0]}` })) };
  const meta = doc.toJS();
  if (!checkFrontmatter.Check(meta)) {
    return { problems: [...checkFrontmatter.Errors(meta)].map((e) => ({ file: shownAs, message: `frontmatter ${e.instancePath || '/'}: ${e.message}` })) };
  }
  const body = text.slice(match[0].length);
  const firstLine = match[0].split('\n').length;
  const slug = path.basename(file, '.md').replace(/^\d+-/, '');
  return { problems: [], lesson: { slug, locale, file, meta, markdown: body, blocks: lessonBlocks(body, firstLine) } };
}

/** Every lesson in every locale, and every problem with them. */
export async function loadLessons(root: string): Promise<{ lessons: Lesson[]; problems: ExerciseProblem[] }> {
  const lessons: Lesson[] = [];
  const problems: ExerciseProblem[] = [];
  for (const locale of LESSON_LOCALES) {
    const dir = path.join(root, locale);
    const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.md')).sort();
    for (const file of files) {
      const result = await loadLesson(path.join(dir, file), locale, path.join(locale, file));
      problems.push(...result.problems);
      if (result.lesson) lessons.push(result.lesson);
    }
  }
  return { lessons, problems };
}
