// The editor pane: file tree, path bar with the unsaved marker, Save, and the
// Monaco editor, kept in step with the learner's session. Monaco is imported
// the first time the pane is shown or a file is opened, never before. The open
// file is compared with the sandbox's while the pane is in view: a change made
// there (by the shell) is loaded when the editor has nothing unsaved, and
// otherwise the learner chooses; a save never writes over it unasked.
import type { editor } from 'monaco-editor/editor/editor.api.js';
import type { SessionView, Theme } from '../events.ts';
import { t, pageLocale } from '../../i18n/ui.ts';
import { ApiError } from './http.ts';
import { FileTree } from './file-tree.ts';
import { MAX_FILE_BYTES, baseName, listDirectory, parentOf, readFile, writeFile, type DirectoryEntry } from './files-api.ts';
import { OpenFiles, type OpenFile } from './open-files.ts';
import { decodeText } from './text-file.ts';

type Monaco = typeof import('./monaco.ts')['monaco'];

export interface EditorElements {
  tree: HTMLElement;
  refresh: HTMLButtonElement;
  newFile: HTMLButtonElement;
  newForm: HTMLFormElement;
  newName: HTMLInputElement;
  newDirectory: HTMLElement;
  newCancel: HTMLButtonElement;
  path: HTMLElement;
  pathText: HTMLElement;
  save: HTMLButtonElement;
  message: HTMLElement;
  host: HTMLElement;
  placeholder: HTMLElement;
  conflict: HTMLElement;
  conflictText: HTMLElement;
  conflictTheirs: HTMLButtonElement;
  conflictMine: HTMLButtonElement;
}

// How often the open file is compared with the sandbox's (a read answered 304 when unchanged).
const WATCH_INTERVAL_MS = 2000;

const say = (key: string, values?: Record<string, string | number>) => t(pageLocale(), key, values);
const monacoTheme = (theme: Theme | string | undefined) => (theme === 'dark' ? 'vs-dark' : 'vs');
const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function reason(err: unknown): string {
  if (err instanceof ApiError) return err.status === 0 ? say('editor.no-answer') : err.message;
  return (err as Error).message;
}

export class EditorPane {
  private readonly tree: FileTree;
  private monaco?: Monaco;
  private editor?: editor.IStandaloneCodeEditor;
  private files?: OpenFiles;
  private loading?: Promise<boolean>;
  private current: OpenFile | null = null;
  /** Set while the session is ready; a reset goes through "starting", so a new sandbox is a new ready period. */
  private sessionId: string | null = null;
  /** The pane has been shown (or a file opened): from then on the tree follows the session. */
  private active = false;
  private waitingOpen: { path: string; content?: string } | null = null;
  private openRequest = 0;
  private saving = false;
  private checking = false;
  /** Saves done; a comparison begun before the latest one may have read the editor's own save. */
  private writes = 0;

  constructor(private readonly ui: EditorElements) {
    this.tree = new FileTree(ui.tree, { openFile: (path, entry) => void this.openFromTree(path, entry) });
    this.tree.clear(say('editor.tree.waiting'));
    ui.refresh.addEventListener('click', () => void this.tree.refresh());
    ui.save.addEventListener('click', () => void this.save());
    ui.newFile.addEventListener('click', () => this.showNewFileForm());
    ui.newCancel.addEventListener('click', () => this.hideNewFileForm());
    ui.newForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.createFile(ui.newName.value.trim());
    });
    ui.newForm.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.hideNewFileForm();
    });
    ui.conflictTheirs.addEventListener('click', () => this.takeSandboxVersion());
    ui.conflictMine.addEventListener('click', () => void this.keepEditorVersion());
    setInterval(() => void this.checkForChanges(), WATCH_INTERVAL_MS);
    window.addEventListener('focus', () => void this.checkForChanges());
    this.renderPath();
  }

  /** The pane is shown: load Monaco and the tree the first time; later, re-list the files (the shell may have made some). */
  async shown(): Promise<void> {
    if (this.active) void this.tree.refresh();
    else this.startTree();
    if (await this.load()) this.editor!.layout();
    void this.checkForChanges();
  }

  sessionChanged(session: SessionView | null): void {
    const readyId = session?.status === 'ready' ? session.id : null;
    if (readyId === this.sessionId) return;
    const hadFiles = this.closeAll() > 0;
    this.sessionId = readyId;
    if (!readyId) {
      this.tree.clear(say('editor.tree.waiting'));
      if (hadFiles) this.tell(say('editor.reset'), 'info');
      return;
    }
    if (this.active) void this.tree.show(readyId);
    const waiting = this.waitingOpen;
    this.waitingOpen = null;
    if (waiting) void this.open(waiting.path, waiting.content);
  }

  /** Opens `path`; with `content`, a file that does not exist yet opens prefilled and unsaved. */
  async open(path: string, content?: string): Promise<void> {
    this.startTree();
    if (!this.sessionId) {
      this.waitingOpen = { path, content };
      this.tell(say('editor.not-ready', { path }), 'info');
      return;
    }
    if (!(await this.load())) return;
    const open = this.files!.get(path);
    if (open) return this.show(open);
    const request = ++this.openRequest;
    const sessionId = this.sessionId;
    try {
      const { bytes, tag } = (await readFile(sessionId, path))!;
      const text = decodeText(bytes);
      if (request !== this.openRequest || sessionId !== this.sessionId) return;
      if (text === undefined) return this.tell(say('editor.open.binary', { path }), 'error');
      this.show(this.files!.get(path) ?? this.files!.add(path, text, tag));
      this.tell('', 'info');
    } catch (err) {
      if (request !== this.openRequest || sessionId !== this.sessionId) return;
      if (err instanceof ApiError && err.code === 'path_not_found' && content !== undefined) {
        this.show(this.files!.add(path, content, null));
        this.tell(say('editor.open.prefilled', { path }), 'info');
      } else if (err instanceof ApiError && err.code === 'path_not_found') {
        this.tell(say('editor.open.not-found', { path }), 'error');
      } else if (err instanceof ApiError && (err.code === 'not_a_file' || err.code === 'file_too_large')) {
        this.tell(say('editor.open.not-a-file', { path, message: err.message }), 'error');
      } else {
        this.tell(say('editor.open.failed', { path, message: reason(err) }), 'error');
      }
    }
  }

  /** Saves the open file over the content the editor last saw; a file that changed since is a conflict, not overwritten. */
  save(): Promise<void> {
    return this.current ? this.write(this.current, this.current.tag) : Promise.resolve();
  }

  private async write(file: OpenFile, expected: string | null): Promise<void> {
    const sessionId = this.sessionId;
    if (!sessionId || this.saving || !this.files) return;
    this.saving = true;
    this.ui.save.setAttribute('aria-busy', 'true');
    this.ui.save.textContent = say('editor.saving');
    const version = file.model.getAlternativeVersionId();
    try {
      const tag = await writeFile(sessionId, file.path, file.model.getValue(), expected);
      this.writes++;
      if (sessionId !== this.sessionId) return;
      this.files.markSaved(file, version, tag);
      this.tell(say('editor.saved', { path: file.path }), 'ok');
      if (!this.ui.tree.querySelector(`button[data-path="${CSS.escape(file.path)}"]`)) void this.tree.refresh();
    } catch (err) {
      const dir = parentOf(file.path);
      if (err instanceof ApiError && err.status === 412) {
        this.tell(say('editor.save.changed', { path: file.path }), 'error');
        this.saving = false;
        await this.checkForChanges(file);
      } else if (err instanceof ApiError && err.code === 'path_not_found') this.tell(say('editor.save.no-folder', { dir, path: file.path }), 'error');
      else this.tell(say('editor.save.failed', { path: file.path, message: reason(err) }), 'error');
    } finally {
      this.saving = false;
      this.ui.save.removeAttribute('aria-busy');
      this.ui.save.textContent = say('editor.save');
    }
  }

  /**
   * Compares `file` (the open one, while the pane is in view) with the
   * sandbox's: a change is loaded when the editor has nothing unsaved, and
   * is otherwise held as a conflict for the learner to settle.
   */
  private async checkForChanges(file = this.current): Promise<void> {
    const sessionId = this.sessionId;
    const inView = !document.hidden && this.ui.host.getClientRects().length > 0;
    if (!file || !this.files || !sessionId || this.saving || this.checking || (file === this.current && !inView)) return;
    this.checking = true;
    const writes = this.writes;
    try {
      const known = file.conflict?.tag ?? file.tag ?? undefined;
      const found = await readFile(sessionId, file.path, known).catch((err: unknown) => {
        if (err instanceof ApiError && err.code === 'path_not_found') return 'removed' as const;
        throw err;
      });
      if (found === null || sessionId !== this.sessionId || writes !== this.writes) return;
      if (found === 'removed') {
        if (file.tag === null && !file.conflict) return;
        file.tag = null;
        file.conflict = undefined;
        this.renderPath();
        return this.tell(say('editor.removed', { path: file.path }), 'info');
      }
      if (found.tag === file.tag) return;
      const text = decodeText(found.bytes);
      if (text === undefined) return this.tell(say('editor.changed.binary', { path: file.path }), 'error');
      if (this.files.isDirty(file)) {
        file.conflict = { text, tag: found.tag };
        this.renderPath();
      } else {
        this.files.replaceWithSandbox(file, text, found.tag);
        this.tell(say('editor.reloaded', { path: file.path }), 'info');
      }
    } catch {
      // The next check asks again.
    } finally {
      this.checking = false;
    }
  }

  private takeSandboxVersion(): void {
    const file = this.current;
    if (!file?.conflict || !this.files) return;
    this.files.replaceWithSandbox(file, file.conflict.text, file.conflict.tag);
    this.tell(say('editor.conflict.took-theirs', { path: file.path }), 'info');
    this.editor?.focus();
  }

  private async keepEditorVersion(): Promise<void> {
    const file = this.current;
    if (!file?.conflict) return;
    await this.write(file, file.conflict.tag);
  }

  hasUnsavedChanges(): boolean {
    return this.files?.anyDirty() ?? false;
  }

  setTheme(theme: Theme): void {
    this.monaco?.editor.setTheme(monacoTheme(theme));
  }

  layout(): void {
    this.editor?.layout();
  }

  private startTree(): void {
    if (this.active) return;
    this.active = true;
    if (this.sessionId) void this.tree.show(this.sessionId);
  }

  private openFromTree(path: string, entry: DirectoryEntry): void {
    this.tree.selectedDirectory = parentOf(path);
    if (entry.type === 'file' && entry.size > MAX_FILE_BYTES) {
      this.tell(say('editor.open.too-large', { path, size: mebibytes(entry.size) }), 'error');
      return;
    }
    void this.open(path);
  }

  private load(): Promise<boolean> {
    this.loading ??= this.importMonaco();
    return this.loading;
  }

  private async importMonaco(): Promise<boolean> {
    this.ui.placeholder.textContent = say('editor.loading');
    try {
      const { monaco } = await import('./monaco.ts');
      this.monaco = monaco;
      this.files = new OpenFiles(monaco, (file) => this.fileChanged(file));
      const fontFamily = getComputedStyle(document.documentElement).getPropertyValue('--font-mono').trim();
      this.editor = monaco.editor.create(this.ui.host, {
        model: null,
        theme: monacoTheme(document.documentElement.dataset.theme),
        automaticLayout: true,
        minimap: { enabled: false },
        fontFamily: fontFamily || undefined,
        fontSize: 14,
        scrollBeyondLastLine: false,
        tabSize: 2,
        ariaLabel: say('editor.no-file'),
      });
      this.editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => void this.save());
      this.ui.placeholder.textContent = say('editor.placeholder');
      return true;
    } catch (err) {
      this.loading = undefined;
      this.ui.placeholder.textContent = say('editor.load.failed', { message: (err as Error).message });
      return false;
    }
  }

  private show(file: OpenFile): void {
    this.current = file;
    this.editor!.setModel(file.model);
    this.editor!.updateOptions({ ariaLabel: file.path });
    this.ui.host.hidden = false;
    this.ui.placeholder.hidden = true;
    this.tree.setCurrent(file.path);
    this.renderPath();
    this.editor!.focus();
  }

  private closeAll(): number {
    this.openRequest++;
    this.current = null;
    this.editor?.setModel(null);
    const closed = this.files?.closeAll() ?? 0;
    this.ui.host.hidden = true;
    this.ui.placeholder.hidden = false;
    this.renderPath();
    return closed;
  }

  private fileChanged(file: OpenFile): void {
    this.tree.setDirty(file.path, this.files!.isDirty(file));
    if (file === this.current) this.renderPath();
  }

  private renderPath(): void {
    const file = this.current;
    const dirty = file !== null && this.files!.isDirty(file);
    this.ui.pathText.textContent = file?.path ?? say('editor.no-file');
    this.ui.path.dataset.dirty = String(dirty);
    this.ui.save.disabled = file === null;
    const conflict = file?.conflict;
    this.ui.conflict.hidden = !conflict;
    if (file && conflict) this.ui.conflictText.textContent = say('editor.conflict', { path: file.path });
  }

  private showNewFileForm(): void {
    this.ui.newDirectory.textContent = say('editor.new.in', { dir: this.tree.selectedDirectory });
    this.ui.newForm.hidden = false;
    this.ui.newName.value = '';
    this.ui.newName.setCustomValidity('');
    this.ui.newName.focus();
  }

  private hideNewFileForm(): void {
    this.ui.newForm.hidden = true;
    this.ui.newFile.focus();
  }

  /** Creates an empty file (the folder must exist: the files API does not make folders) and opens it. */
  private async createFile(name: string): Promise<void> {
    const sessionId = this.sessionId;
    if (!sessionId) return this.tell(say('editor.tree.waiting'), 'error');
    if (!name || name.startsWith('/') || name.split('/').some((part) => part === '..' || part === '') || name.includes('\0')) {
      this.ui.newName.setCustomValidity(say('editor.new.invalid'));
      this.ui.newName.reportValidity();
      return;
    }
    const directory = this.tree.selectedDirectory;
    const path = `${directory === '/' ? '' : directory}/${name}`;
    try {
      const siblings = await listDirectory(sessionId, parentOf(path)).catch((err) => {
        if (err instanceof ApiError && err.code === 'path_not_found') return null;
        throw err;
      });
      if (siblings === null) return this.tell(say('editor.save.no-folder', { dir: parentOf(path), path }), 'error');
      const exists = siblings.some((entry) => entry.name === baseName(path));
      if (!exists) await writeFile(sessionId, path, '', null);
      this.hideNewFileForm();
      await this.tree.refresh();
      await this.open(path);
      if (exists) this.tell(say('editor.new.exists', { path }), 'info');
    } catch (err) {
      this.tell(say('editor.save.failed', { path, message: reason(err) }), 'error');
    }
  }

  private tell(text: string, kind: 'info' | 'ok' | 'error'): void {
    this.ui.message.textContent = text;
    this.ui.message.dataset.kind = kind;
  }
}
