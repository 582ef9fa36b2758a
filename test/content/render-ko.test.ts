// Korean emphasis: CommonMark closes `**` after punctuation only before a space
// or punctuation, and Korean particles are letters, so `**공개(publish)**해야`
// used to reach the page with its asterisks. The renderer uses
// markdown-it-cjk-friendly; this renders every Korean lesson as the site does
// and fails on any `**` or `__` left in the text a learner reads.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../engine/config.ts';
import { loadLessons } from '../../server/content/lesson.ts';
import { renderLesson } from '../../server/content/render.ts';

const { lessons } = await loadLessons(path.join(projectRoot, 'content'));
const korean = lessons.filter((l) => l.locale === 'ko');

/** The text a reader sees outside code: code blocks and inline code may hold `**` or `__` on purpose. */
function prose(html: string): string {
  return html
    .replace(/<pre[\s\S]*?<\/pre>/g, ' ')
    .replace(/<code[\s\S]*?<\/code>/g, ' ')
    .replace(/<[^>]+>/g, ' ');
}

/** Each stray marker with a little of the text around it, so a failure says where to look. */
function strayMarkers(html: string): string[] {
  const text = prose(html);
  return [...text.matchAll(/\*\*|__/g)].map((m) => text.slice(Math.max(0, m.index - 30), m.index + 32).replace(/\s+/g, ' ').trim());
}

describe('Korean emphasis', () => {
  it('closes bold before a particle, also after punctuation inside the bold', () => {
    expect(renderLesson('포트를 **공개(publish)**해야 합니다.', 'ko')).toContain('<strong>공개(publish)</strong>해야');
    expect(renderLesson('이것을 **chroot jail(감옥)**이라고 부릅니다.', 'ko')).toContain('<strong>chroot jail(감옥)</strong>이라고');
    expect(renderLesson('**`docker run`**은 이미지를 실행합니다.', 'ko')).toContain('<strong><code>docker run</code></strong>은');
    expect(renderLesson('`__pycache__`와 **굵게**를', 'ko')).toMatch(/<code>__pycache__<\/code>와 <strong>굵게<\/strong>를/);
  });

  it('finds a stray marker when there is one', () => {
    expect(strayMarkers('<p>**공개(publish)**해야</p>')).toHaveLength(2);
    expect(strayMarkers('<p>a <code>**/*.md</code> b</p><pre><code>x__y</code></pre>')).toEqual([]);
  });

  it('covers every Korean lesson', () => {
    expect(korean.length).toBeGreaterThanOrEqual(12);
  });

  for (const lesson of korean) {
    it(`leaves no literal ** or __ in ko/${path.basename(lesson.file)}`, () => {
      expect(strayMarkers(renderLesson(lesson.markdown, 'ko'))).toEqual([]);
    });
  }
});
