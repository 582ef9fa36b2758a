// The files open in the editor, one Monaco model each, whether each has
// changes not yet saved to the sandbox, and which content of the sandbox's
// file the editor last saw (its tag), so a change made there is noticed.
// Switching files keeps unsaved edits.
import type { editor } from 'monaco-editor/editor/editor.api.js';
import { baseName } from './files-api.ts';
import { languageFor } from './languages.ts';
import type { monaco as MonacoApi } from './monaco.ts';

export interface OpenFile {
  path: string;
  model: editor.ITextModel;
  /** The model version last saved; null for a file that exists only in the editor. */
  savedVersion: number | null;
  /** The tag of the sandbox's content last loaded or saved; null while the sandbox has no such file. */
  tag: string | null;
  /** The sandbox's content when it changed under unsaved edits, until the learner chooses. */
  conflict?: { text: string; tag: string };
}

export class OpenFiles {
  private readonly files = new Map<string, OpenFile>();

  constructor(private readonly monaco: typeof MonacoApi, private readonly changed: (file: OpenFile) => void) {}

  get(path: string): OpenFile | undefined {
    return this.files.get(path);
  }

  /** Opens text as `path`; `tag` names the sandbox's content when it holds exactly this text, else null. */
  add(path: string, text: string, tag: string | null): OpenFile {
    const firstLine = text.split('\n', 1)[0];
    const model = this.monaco.editor.createModel(text, languageFor(baseName(path), firstLine));
    const file: OpenFile = { path, model, savedVersion: tag === null ? null : model.getAlternativeVersionId(), tag };
    model.onDidChangeContent(() => this.changed(file));
    this.files.set(path, file);
    return file;
  }

  isDirty(file: OpenFile): boolean {
    return file.savedVersion !== file.model.getAlternativeVersionId();
  }

  markSaved(file: OpenFile, version: number, tag: string): void {
    file.savedVersion = version;
    file.tag = tag;
    file.conflict = undefined;
    this.changed(file);
  }

  /** Puts the sandbox's text in the editor as one undoable edit (Ctrl+Z brings the editor's back), saved as `tag`. */
  replaceWithSandbox(file: OpenFile, text: string, tag: string): void {
    const { model } = file;
    if (model.getValue() !== text) {
      model.pushStackElement();
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
      model.pushStackElement();
    }
    this.markSaved(file, model.getAlternativeVersionId(), tag);
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
