// What a fenced code block's info string says about it (the conventions are
// listed at the top of lesson.ts). Shared by the lesson loader, whose runner
// executes the blocks, and the Markdown renderer, which gives them buttons.

/** `language` is the info string's first word ('' when there is none). */
export type CodeBlockInfo =
  | { kind: 'run' | 'fails' | 'interactive' | 'show'; language: string }
  /** `path`: where the block's content belongs, as written (may start with ~/). */
  | { kind: 'file'; language: string; path: string };

export type CodeBlockKind = CodeBlockInfo['kind'];

const SHELLS = new Set(['sh', 'bash']);

export function parseCodeBlockInfo(info: string): CodeBlockInfo {
  const [language = '', ...words] = info.trim().split(/\s+/);
  const path = words.find((w) => w.startsWith('file='))?.slice('file='.length);
  if (path) return { kind: 'file', language, path };
  if (!SHELLS.has(language)) return { kind: 'show', language };
  if (words.includes('interactive')) return { kind: 'interactive', language };
  if (words.includes('fails')) return { kind: 'fails', language };
  return { kind: 'run', language };
}
