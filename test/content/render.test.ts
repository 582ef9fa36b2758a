// The lesson renderer that both the site build and the draft preview use:
// heading anchors (Korean too), callouts, highlighting, and the buttons each
// kind of code block gets.
import { describe, expect, it } from 'vitest';
import { renderLesson, slugify } from '../../server/content/render.ts';

const fence = (info: string, code: string) => `\`\`\`${info}\n${code}\n\`\`\`\n`;
const buttons = (html: string) => [...html.matchAll(/data-testid="([a-z-]+)"/g)].map((m) => m[1]);

describe('renderLesson', () => {
  it('gives headings ids and a link to themselves, readable in Korean', () => {
    const html = renderLesson('## Build a root filesystem\n\n## 네임스페이스 만들기!\n\n## Build a root filesystem\n', 'ko');
    expect(html).toContain('<h2 id="build-a-root-filesystem" tabindex="-1">Build a root filesystem</h2>');
    expect(html).toContain('<h2 id="네임스페이스-만들기" tabindex="-1">네임스페이스 만들기!</h2>');
    expect(html).toContain('href="#네임스페이스-만들기"');
    // A repeated heading still gets an id of its own.
    expect(html).toContain('id="build-a-root-filesystem-1"');
    expect(html).toContain('<span class="visually-hidden">이 절로 가는 링크: 네임스페이스 만들기!</span>');
  });

  it('keeps letters of any script in slugs and drops punctuation', () => {
    expect(slugify('  cgroups: how much a process may use? ')).toBe('cgroups-how-much-a-process-may-use');
    expect(slugify('컨테이너와 가상 머신')).toBe('컨테이너와-가상-머신');
    expect(slugify('!!!')).toBe('section');
  });

  it('renders note, tip and warning callouts with localized or given titles', () => {
    const markdown = '::: note\nPlain *note*.\n:::\n\n::: tip\nA tip.\n:::\n\n::: warning Mind the host\nCareful.\n:::\n';
    const en = renderLesson(markdown, 'en');
    expect(en).toContain('<aside class="callout callout-note"><p class="callout-title">Note</p><div class="callout-body">\n<p>Plain <em>note</em>.</p>');
    expect(en).toContain('<aside class="callout callout-tip"><p class="callout-title">Tip</p>');
    expect(en).toContain('<aside class="callout callout-warning"><p class="callout-title">Mind the host</p>');
    const ko = renderLesson('::: warning\n조심하세요.\n:::\n', 'ko');
    expect(ko).toContain('<p class="callout-title">주의</p>');
  });

  it('highlights the languages lessons use and escapes the rest', () => {
    expect(renderLesson(fence('sh', 'echo "hi" # greet'), 'en')).toMatch(/<span class="hljs-built_in">echo<\/span> <span class="hljs-string">&quot;hi&quot;<\/span> <span class="hljs-comment"># greet<\/span>/);
    expect(renderLesson(fence('dockerfile file=~/web/Dockerfile', 'FROM debian\nEXPOSE 80'), 'en')).toContain('<span class="hljs-keyword">FROM</span> debian');
    expect(renderLesson(fence('yaml', 'services:\n  web: {}'), 'en')).toContain('<span class="hljs-attr">services:</span>');
    expect(renderLesson(fence('python', 'def main(): pass'), 'en')).toContain('<span class="hljs-keyword">def</span>');
    const text = renderLesson(fence('text', '<missing>   /bin/sh -c #(nop)'), 'en');
    expect(text).toContain('<code class="hljs language-text">&lt;missing&gt;   /bin/sh -c #(nop)\n</code>');
    expect(text).not.toContain('hljs-');
  });

  it('gives shell blocks Run and Copy, and marks the ones meant to fail', () => {
    const run = renderLesson(fence('sh', 'ls -R ~/rootfs'), 'en');
    expect(run).toContain('<div class="code-block" data-kind="run">');
    expect(buttons(run)).toEqual(['run', 'copy']);
    expect(run).toContain('data-code-action="run"');

    const fails = renderLesson(fence('sh fails', 'chroot ~/rootfs /bin/bash'), 'en');
    expect(fails).toContain('data-kind="fails"');
    expect(fails).toContain('<span class="code-note">Expected to fail</span>');
    expect(buttons(fails)).toEqual(['run', 'copy']);

    const interactive = renderLesson(fence('bash interactive', 'chroot ~/rootfs /bin/sh'), 'ko');
    expect(interactive).toContain('data-kind="interactive"');
    expect(interactive).toContain('>실행</button>');
    expect(buttons(interactive)).toEqual(['run', 'copy']);
  });

  it('gives file blocks their path, Open in editor and Copy', () => {
    const html = renderLesson(fence('ini file=~/demo.env', 'GREETING=hello'), 'en');
    expect(html).toContain('data-kind="file"');
    expect(html).toContain('<span class="code-path">~/demo.env</span>');
    expect(buttons(html)).toEqual(['open-in-editor', 'copy']);
    expect(html).toContain('data-code-action="open" data-testid="open-in-editor" data-path="~/demo.env"');
    // The editor is given the block's exact content, which the page reads from <code>.
    expect(html).toContain('<code class="hljs language-ini"><span class="hljs-attr">GREETING</span>=hello\n</code>');
  });

  it('gives any other block only Copy', () => {
    for (const info of ['text', 'console', 'yaml', '']) {
      const html = renderLesson(fence(info, 'output'), 'en');
      expect(html, info).toContain('data-kind="show"');
      expect(buttons(html), info).toEqual(['copy']);
    }
  });

  it('does not pass raw HTML in lessons through', () => {
    expect(renderLesson('<script>alert(1)</script>\n', 'en')).toContain('&lt;script&gt;');
  });
});
