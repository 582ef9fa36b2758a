// The files open in the editor, one Monaco model each, and whether each has
// changes not yet saved to the sandbox. Switching files keeps unsaved edits.
import type { editor } from 'monaco-editor/editor/editor.api.js';
import { baseName } from './files-api.ts';
import { languageFor } from './languages.ts';
import type { monaco as MonacoApi } from './monaco.ts';

export interface OpenFile {
  path: string;
  model: editor.ITextModel;
  /** The model version last saved; null for a file that exists only in the editor. */
  savedVersion: number | null;
}

export class OpenFiles {
  private readonly files = new Map<string, OpenFile>();

  constructor(private readonly monaco: typeof MonacoApi, private readonly changed: (file: OpenFile) => void) {}

  get(path: string): OpenFile | undefined {
    return this.files.get(path);
  }

  /** Opens text as `path`; `saved` says whether the sandbox already holds exactly this text. */
  add(path: string, text: string, saved: boolean): OpenFile {
    const firstLine = text.split('\n', 1)[0];
    const model = this.monaco.editor.createModel(text, languageFor(baseName(path), firstLine));
    const file: OpenFile = { path, model, savedVersion: saved ? model.getAlternativeVersionId() : null };
    model.onDidChangeContent(() => this.changed(file));
    this.files.set(path, file);
    return file;
  }

  isDirty(file: OpenFile): boolean {
    return file.savedVersion !== file.model.getAlternativeVersionId();
  }

  markSaved(file: OpenFile, version: number): void {
    file.savedVersion = version;
    this.changed(file);
  }

  anyDirty(): boolean {
    return [...this.files.values()].some((file) => this.isDirty(file));
  }

  closeAll(): number {
    const count = this.files.size;
    for (const file of this.files.values()) file.model.dispose();
    this.files.clear();
    return count;
  }
}
