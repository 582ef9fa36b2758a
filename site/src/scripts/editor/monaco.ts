// Monaco, as the editor pane needs it: the editor API, a chosen set of editor
// features and Monarch colourings for the files lessons use. Loaded only by
// dynamic import (see index.ts), so a lesson page does not pay for it until
// the learner opens the editor. The full `monaco-editor` entry is avoided on
// purpose: it brings TypeScript, JSON, CSS and HTML language services.
import * as monaco from 'monaco-editor/editor/editor.api.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import 'monaco-editor/features/codicon/register.js';
import 'monaco-editor/features/codeEditor/register.js';
import 'monaco-editor/features/clipboard/register.js';
import 'monaco-editor/features/contextmenu/register.js';
import 'monaco-editor/features/cursorUndo/register.js';
import 'monaco-editor/features/find/register.js';
import 'monaco-editor/features/folding/register.js';
import 'monaco-editor/features/bracketMatching/register.js';
import 'monaco-editor/features/comment/register.js';
import 'monaco-editor/features/indentation/register.js';
import 'monaco-editor/features/linesOperations/register.js';
import 'monaco-editor/features/multicursor/register.js';
import 'monaco-editor/features/wordHighlighter/register.js';
import 'monaco-editor/features/wordOperations/register.js';
// Ctrl+M: Tab moves the focus out of the editor instead of indenting (keyboard users).
import 'monaco-editor/features/toggleTabFocusMode/register.js';
import 'monaco-editor/languages/definitions/dockerfile/register.js';
import 'monaco-editor/languages/definitions/yaml/register.js';
import 'monaco-editor/languages/definitions/shell/register.js';
import 'monaco-editor/languages/definitions/python/register.js';
import 'monaco-editor/languages/definitions/ini/register.js';
import 'monaco-editor/languages/definitions/markdown/register.js';
import 'monaco-editor/languages/definitions/html/register.js';
import { registerJson } from './json-language.ts';

// The worker is bundled with the site, so the editor works offline and under
// a strict same-origin policy.
globalThis.MonacoEnvironment = { getWorker: () => new EditorWorker() };
registerJson(monaco.languages);

export { monaco };
