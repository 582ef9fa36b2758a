// The tree of the learner's home in the sandbox. Folders are listed only when
// expanded; a refresh re-lists every expanded folder and keeps the focus on
// the entry that had it. Every entry is a button named by its file name.
import { t, pageLocale } from '../../i18n/ui.ts';
import { ApiError } from './http.ts';
import { HOME, listDirectory, parentOf, type DirectoryEntry } from './files-api.ts';

export interface FileTreeActions {
  openFile(path: string, entry: DirectoryEntry): void;
}

const ICONS: Record<DirectoryEntry['type'], string> = { directory: '▸', file: '', symlink: '↪', other: '·' };

function order(a: DirectoryEntry, b: DirectoryEntry): number {
  const rank = (entry: DirectoryEntry) => (entry.type === 'directory' ? 0 : 1);
  return rank(a) - rank(b) || a.name.localeCompare(b.name);
}

export class FileTree {
  private sessionId: string | null = null;
  private expanded = new Set<string>([HOME]);
  private dirty = new Set<string>();
  private current: string | null = null;
  // Bumped on every (re)load, so an answer for an older listing is dropped.
  private generation = 0;
  /** Where a new file goes: the folder last opened or clicked, else home. */
  selectedDirectory = HOME;

  constructor(private readonly host: HTMLElement, private readonly actions: FileTreeActions) {}

  show(sessionId: string): Promise<void> {
    this.sessionId = sessionId;
    this.expanded = new Set([HOME]);
    this.dirty.clear();
    this.current = null;
    this.selectedDirectory = HOME;
    return this.refresh();
  }

  clear(message: string): void {
    this.sessionId = null;
    this.generation++;
    this.host.replaceChildren(this.note(message));
  }

  async refresh(): Promise<void> {
    if (!this.sessionId) return;
    const generation = ++this.generation;
    const focused = this.host.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.path : undefined;
    if (!this.host.querySelector('ul')) this.host.replaceChildren(this.note(t(pageLocale(), 'editor.tree.loading')));
    const list = await this.listing(HOME, generation);
    if (generation !== this.generation) return;
    const root = document.createElement('p');
    root.className = 'tree-root';
    root.textContent = HOME;
    this.host.replaceChildren(root, list);
    if (focused) this.entryButton(focused)?.focus();
  }

  /** Marks the open file's entry (aria-current), where it is listed. */
  setCurrent(path: string | null): void {
    this.current = path;
    for (const button of this.host.querySelectorAll<HTMLElement>('button[data-path]')) {
      if (button.dataset.path === path) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
    }
  }

  setDirty(path: string, dirty: boolean): void {
    if (dirty) this.dirty.add(path);
    else this.dirty.delete(path);
    const button = this.entryButton(path);
    if (button) button.dataset.dirty = String(dirty);
  }

  private entryButton(path: string): HTMLElement | null {
    return this.host.querySelector(`button[data-path="${CSS.escape(path)}"]`);
  }

  private note(text: string, role?: string): HTMLElement {
    const note = document.createElement('p');
    note.className = 'tree-note';
    note.textContent = text;
    if (role) note.setAttribute('role', role);
    return note;
  }

  private async listing(path: string, generation: number): Promise<HTMLElement> {
    const list = document.createElement('ul');
    let entries: DirectoryEntry[];
    try {
      entries = (await listDirectory(this.sessionId!, path)).sort(order);
    } catch (err) {
      const message = err instanceof ApiError && err.status !== 0 ? err.message : t(pageLocale(), 'editor.no-answer');
      const item = document.createElement('li');
      item.append(this.note(t(pageLocale(), 'editor.tree.error', { path, message }), 'alert'));
      list.append(item);
      return list;
    }
    if (entries.length === 0) {
      const item = document.createElement('li');
      item.append(this.note(t(pageLocale(), 'editor.tree.empty')));
      list.append(item);
    }
    const items = entries.map((entry) => this.item(`${path === '/' ? '' : path}/${entry.name}`, entry, generation));
    list.append(...(await Promise.all(items)));
    return list;
  }

  private async item(path: string, entry: DirectoryEntry, generation: number): Promise<HTMLLIElement> {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.path = path;
    button.dataset.type = entry.type;
    button.dataset.dirty = String(this.dirty.has(path));
    if (path === this.current) button.setAttribute('aria-current', 'true');
    const icon = document.createElement('span');
    icon.className = 'tree-icon';
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = ICONS[entry.type];
    const name = document.createElement('span');
    name.textContent = entry.name;
    const marker = document.createElement('span');
    marker.className = 'tree-dirty';
    marker.setAttribute('aria-hidden', 'true');
    marker.textContent = '●';
    button.append(icon, name, marker);
    item.append(button);
    if (entry.type === 'directory') {
      const open = this.expanded.has(path);
      button.setAttribute('aria-expanded', String(open));
      if (open) item.append(await this.listing(path, generation));
      button.addEventListener('click', () => void this.toggle(path, item, button));
    } else {
      button.addEventListener('click', () => this.actions.openFile(path, entry));
    }
    return item;
  }

  private async toggle(path: string, item: HTMLLIElement, button: HTMLButtonElement): Promise<void> {
    item.querySelector(':scope > ul')?.remove();
    if (this.expanded.has(path)) {
      // A new file should land where the learner can see it, not in the folder just closed.
      this.selectedDirectory = parentOf(path);
      this.expanded.delete(path);
      button.setAttribute('aria-expanded', 'false');
      return;
    }
    this.selectedDirectory = path;
    this.expanded.add(path);
    button.setAttribute('aria-expanded', 'true');
    const generation = this.generation;
    const list = await this.listing(path, generation);
    if (generation === this.generation && this.expanded.has(path)) item.append(list);
  }
}
