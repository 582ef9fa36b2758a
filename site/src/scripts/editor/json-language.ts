// JSON colouring without Monaco's JSON language service (a worker and a large
// bundle the sandbox's config files don't need): a small Monarch tokenizer
// that tells keys from values, plus bracket matching and auto-closing.
import type { languages } from 'monaco-editor/editor/editor.api.js';

export function registerJson(api: typeof languages): void {
  api.register({ id: 'json', extensions: ['.json'], aliases: ['JSON'] });
  api.setLanguageConfiguration('json', {
    brackets: [['{', '}'], ['[', ']']],
    autoClosingPairs: [{ open: '{', close: '}' }, { open: '[', close: ']' }, { open: '"', close: '"', notIn: ['string'] }],
  });
  api.setMonarchTokensProvider('json', {
    tokenizer: {
      root: [
        [/"(?:[^"\\]|\\.)*"(?=\s*:)/, 'type'],
        [/"(?:[^"\\]|\\.)*"/, 'string'],
        [/-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/, 'number'],
        [/\b(?:true|false|null)\b/, 'keyword'],
        [/[{}[\]]/, '@brackets'],
        [/[,:]/, 'delimiter'],
      ],
    },
  });
}
