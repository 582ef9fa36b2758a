// The instructor's draft preview: /drafts/ lists the lessons on disk and
// /drafts/:locale/:slug renders one, read afresh on every request through the
// site's own renderer and stylesheets — edit, save, reload. Frontmatter and
// loader problems are shown with file and line instead of a page.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ServerContext } from '../context.ts';
import { formatProblem, type ExerciseProblem } from '../exercises/loader.ts';
import { LESSON_LOCALES, loadLesson, type LessonLocale } from '../content/lesson.ts';
import { renderLesson } from '../content/render.ts';
import { operatorOnly } from '../plugins/operator-auth.ts';

const DraftParams = Type.Object({
  locale: Type.Union(LESSON_LOCALES.map((l) => Type.Literal(l))),
  slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }),
});

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The lesson files of a locale, by slug (content/<locale>/NN-slug.md → slug). */
async function lessonFiles(contentDir: string, locale: LessonLocale): Promise<Map<string, string>> {
  const files = await readdir(path.join(contentDir, locale)).catch(() => [] as string[]);
  return new Map(files.filter((f) => f.endsWith('.md')).sort().map((f) => [f.replace(/\.md$/, '').replace(/^\d+-/, ''), f]));
}

/** The <link> tags of the built site's stylesheets, so drafts look like lesson pages. */
async function siteStylesheets(siteDir: string): Promise<string> {
  const home = await readFile(path.join(siteDir, 'en', 'index.html'), 'utf8').catch(() => '');
  return [...home.matchAll(/<link rel="stylesheet" href="(\/_astro\/[^"]+\.css)"[^>]*>/g)].map((m) => `<link rel="stylesheet" href="${m[1]}">`).join('');
}

// A file rather than an inline script, so the pages pass the CSP's script-src 'self'.
const THEME_SCRIPT = "document.documentElement.dataset.theme = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';\n";

function page(locale: string, title: string, stylesheets: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escape(title)} — draft</title>${stylesheets}
<script src="/drafts/theme.js"></script>
<style>body{max-width:50rem;margin:0 auto;padding:1rem 1.25rem 4rem;font-family:var(--font-body,system-ui,sans-serif)}
.draft-bar{font-size:.85rem;color:var(--muted,#666);border-bottom:1px solid var(--border,#ccc);padding-bottom:.5rem;margin-bottom:1rem}
.draft-problems{border:1px solid var(--fail,#c00);border-radius:6px;padding:.5rem 1rem}.draft-problems li{font-family:var(--font-mono,monospace)}</style>
</head><body>${body}</body></html>`;
}

function problemsPage(locale: string, file: string, problems: ExerciseProblem[], stylesheets: string): string {
  const items = problems.map((p) => `<li>${escape(formatProblem(p))}</li>`).join('');
  return page(locale, file, stylesheets, `<p class="draft-bar"><a href="/drafts/">Drafts</a> · ${escape(file)}</p>
<section class="draft-problems" role="alert"><h1>This lesson cannot be shown</h1><ul>${items}</ul>
<p>Fix the file and reload this page.</p></section>`);
}

export const draftRoutes: FastifyPluginAsyncTypebox<Pick<ServerContext, 'config' | 'exercises'>> = async (app, { config, exercises }) => {
  const contentDir = path.resolve(config.DOCKYARD_CONTENT_DIR);
  // Drafts are unpublished lessons and show the content path on the host.
  app.addHook('onRequest', operatorOnly(config));

  app.get('/drafts/theme.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(THEME_SCRIPT));

  app.get('/drafts/', async (_request, reply) => {
    const sections: string[] = [];
    for (const locale of LESSON_LOCALES) {
      const links = [...(await lessonFiles(contentDir, locale))].map(([slug, file]) => `<li><a href="/drafts/${locale}/${slug}">${escape(file)}</a></li>`);
      sections.push(`<h2>${locale}</h2><ul>${links.join('') || '<li>no lessons</li>'}</ul>`);
    }
    const body = `<h1>Lesson drafts</h1><p>Read from <code>${escape(contentDir)}</code> on every request.</p>${sections.join('')}`;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page('en', 'Lesson drafts', await siteStylesheets(config.DOCKYARD_SITE_DIR), body));
  });

  app.get('/drafts/:locale/:slug', { schema: { params: DraftParams } }, async (request, reply) => {
    const { locale, slug } = request.params;
    const stylesheets = await siteStylesheets(config.DOCKYARD_SITE_DIR);
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
    const file = (await lessonFiles(contentDir, locale)).get(slug);
    const shownAs = path.join(locale, file ?? `${slug}.md`);
    if (!file) {
      return reply.code(404).send(problemsPage(locale, shownAs, [{ file: shownAs, message: `no lesson with slug "${slug}" in ${path.join(contentDir, locale)}` }], stylesheets));
    }
    const { lesson, problems } = await loadLesson(path.join(contentDir, locale, file), locale, shownAs);
    if (!lesson) return reply.code(422).send(problemsPage(locale, shownAs, problems, stylesheets));
    const unknown = lesson.meta.exercises.filter((id) => !exercises.has(id));
    const warnings = unknown.length ? `<section class="draft-problems" role="alert"><p>${escape(shownAs)}: exercises not found: ${unknown.map(escape).join(', ')}</p></section>` : '';
    const meta = `${lesson.meta.minutes} min · exercises: ${lesson.meta.exercises.map(escape).join(', ')} · ${lesson.blocks.length} runnable blocks`;
    return reply.send(page(locale, lesson.meta.title, stylesheets, `<p class="draft-bar"><a href="/drafts/">Drafts</a> · ${escape(shownAs)} · ${meta}</p>
${warnings}<article class="prose">${renderLesson(lesson.markdown, locale)}</article>`));
  });
};
