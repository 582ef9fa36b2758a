// Entry of the editor island: finds its markup (Editor.astro) and connects the
// pane to the page's events. Nothing here imports Monaco; the pane does, on
// first use.
import { on } from '../events.ts';
import { currentSession } from '../session.ts';
import { EditorPane, type EditorElements } from './editor-pane.ts';

function element<T extends HTMLElement>(root: HTMLElement, name: string): T {
  const found = root.querySelector<T>(`[data-editor-${name}]`);
  if (!found) throw new Error(`Editor.astro markup lacks [data-editor-${name}]`);
  return found;
}

const root = document.querySelector<HTMLElement>('[data-editor]');
if (root) {
  const ui: EditorElements = {
    tree: element(root, 'tree'),
    refresh: element(root, 'refresh'),
    newFile: element(root, 'new'),
    newForm: element(root, 'new-form'),
    newName: element(root, 'new-name'),
    newDirectory: element(root, 'new-directory'),
    newCancel: element(root, 'new-cancel'),
    path: element(root, 'path'),
    pathText: element(root, 'path-text'),
    save: element(root, 'save'),
    message: element(root, 'message'),
    host: element(root, 'host'),
    placeholder: element(root, 'placeholder'),
    conflict: element(root, 'conflict'),
    conflictText: element(root, 'conflict-text'),
    conflictTheirs: element(root, 'conflict-theirs'),
    conflictMine: element(root, 'conflict-mine'),
  };
  const pane = new EditorPane(ui);
  pane.sessionChanged(currentSession());
  on('dockyard:session', (session) => pane.sessionChanged(session));
  on('dockyard:editor-shown', () => void pane.shown());
  on('dockyard:open-file', ({ path, content }) => void pane.open(path, content));
  on('dockyard:theme', ({ theme }) => pane.setTheme(theme));
  on('dockyard:layout', () => pane.layout());
  // Ctrl+S anywhere in the pane (the tree, the path bar), not only in Monaco.
  root.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      void pane.save();
    }
  });
  window.addEventListener('beforeunload', (event) => {
    if (pane.hasUnsavedChanges()) event.preventDefault();
  });
}
