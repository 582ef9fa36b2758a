// The one Markdown renderer: lesson pages at site build time and the server's
// instructor draft preview both turn lesson Markdown into HTML here, so a
// draft looks exactly as it will on the site. Headings get anchors, `::: note|
// tip|warning` become callouts, code is highlighted, and code blocks get the
// buttons their info string calls for (see code-block.ts); the buttons do
// nothing until the site's code-blocks script attaches to data-code-action.
// Emphasis follows markdown-it-cjk-friendly: plain CommonMark leaves
// `**공개(publish)**해야` or `**chroot jail(감옥)**이라고` as literal asterisks: a Korean
// particle after a closing `**` that follows punctuation is a letter, not a space.
import MarkdownIt, { type PluginWithParams, type Token } from 'markdown-it';
import anchor from 'markdown-it-anchor';
import markdownItContainer from 'markdown-it-container';
import cjkFriendly from 'markdown-it-cjk-friendly';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import ini from 'highlight.js/lib/languages/ini';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import yaml from 'highlight.js/lib/languages/yaml';
import { parseCodeBlockInfo, type CodeBlockInfo } from './code-block.ts';

export type RenderLocale = 'en' | 'ko';

// Only the languages lessons use; `sh` is an alias of bash in highlight.js.
hljs.registerLanguage('bash', bash);
hljs.registerLanguage('dockerfile', dockerfile);
hljs.registerLanguage('ini', ini);
hljs.registerLanguage('json', json);
hljs.registerLanguage('python', python);
hljs.registerLanguage('yaml', yaml);

// @types/markdown-it-container describes an older markdown-it's types; the plugin itself fits.
const container = markdownItContainer as unknown as PluginWithParams;

export const CALLOUTS = ['note', 'tip', 'warning'] as const;
type Callout = (typeof CALLOUTS)[number];

const LABELS: Record<RenderLocale, Record<Callout | 'run' | 'runLabel' | 'copy' | 'open' | 'fails' | 'permalink', string>> = {
  en: {
    note: 'Note', tip: 'Tip', warning: 'Warning',
    run: 'Run', runLabel: 'Run in the terminal', copy: 'Copy', open: 'Open in editor', fails: 'Expected to fail',
    permalink: 'Link to this section',
  },
  ko: {
    note: '참고', tip: '팁', warning: '주의',
    run: '실행', runLabel: '터미널에서 실행', copy: '복사', open: '편집기에서 열기', fails: '실패하는 예',
    permalink: '이 절로 가는 링크',
  },
};

/**
 * Heading ids that read well in any script: letters and digits of every
 * language are kept (so Korean headings get Korean ids, not percent soup).
 */
export function slugify(text: string): string {
  return text.normalize('NFC').trim().toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '') || 'section';
}

function highlight(code: string, language: string, md: MarkdownIt): string {
  if (language && hljs.getLanguage(language)) return hljs.highlight(code, { language, ignoreIllegals: true }).value;
  return md.utils.escapeHtml(code);
}

function button(action: string, testid: string, label: string, extra = ''): string {
  return `<button type="button" class="code-button" data-code-action="${action}" data-testid="${testid}"${extra}>${label}</button>`;
}

function codeBlock(code: string, info: CodeBlockInfo, locale: RenderLocale, md: MarkdownIt): string {
  const labels = LABELS[locale];
  const escape = md.utils.escapeHtml;
  const buttons: string[] = [];
  let caption = '';
  switch (info.kind) {
    case 'run':
    case 'fails':
    case 'interactive':
      buttons.push(button('run', 'run', labels.run, ` title="${labels.runLabel}"`));
      caption = `<span class="code-language">${escape(info.language)}</span>`;
      if (info.kind === 'fails') caption += `<span class="code-note">${labels.fails}</span>`;
      break;
    case 'file':
      caption = `<span class="code-path">${escape(info.path)}</span>`;
      buttons.push(button('open', 'open-in-editor', labels.open, ` data-path="${escape(info.path)}"`));
      break;
    case 'show':
      if (info.language && info.language !== 'text') caption = `<span class="code-language">${escape(info.language)}</span>`;
  }
  buttons.push(button('copy', 'copy', labels.copy));
  const language = info.language ? ` language-${escape(info.language)}` : '';
  return `<div class="code-block" data-kind="${info.kind}">`
    + `<div class="code-toolbar">${caption}<span class="code-actions">${buttons.join('')}</span></div>`
    + `<pre><code class="hljs${language}">${highlight(code, info.language, md)}</code></pre></div>\n`;
}

/** A markdown-it instance for lessons in `locale`. */
export function createLessonRenderer(locale: RenderLocale): MarkdownIt {
  const labels = LABELS[locale];
  const md = new MarkdownIt({ html: false, linkify: true });
  md.use(cjkFriendly);
  md.use(anchor, {
    level: [2, 3, 4],
    slugify,
    permalink: anchor.permalink.linkAfterHeader({
      style: 'visually-hidden',
      assistiveText: (title) => `${labels.permalink}: ${title}`,
      visuallyHiddenClass: 'visually-hidden',
      class: 'heading-anchor',
      symbol: '#',
      wrapper: ['<div class="heading">', '</div>'],
    }),
  });
  for (const kind of CALLOUTS) {
    md.use(container, kind, {
      render(tokens: Token[], index: number) {
        const token = tokens[index];
        if (token.nesting !== 1) return '</div></aside>\n';
        // `::: tip Own title` replaces the default title.
        const title = token.info.trim().slice(kind.length).trim() || labels[kind];
        return `<aside class="callout callout-${kind}"><p class="callout-title">${md.utils.escapeHtml(title)}</p><div class="callout-body">\n`;
      },
    });
  }
  md.renderer.rules.fence = (tokens, index) => {
    const token = tokens[index];
    return codeBlock(token.content, parseCodeBlockInfo(token.info), locale, md);
  };
  return md;
}

const renderers = new Map<RenderLocale, MarkdownIt>();

/** The HTML of a lesson's Markdown body (frontmatter already removed). */
export function renderLesson(markdown: string, locale: RenderLocale): string {
  let md = renderers.get(locale);
  if (!md) renderers.set(locale, (md = createLessonRenderer(locale)));
  return md.render(markdown);
}
