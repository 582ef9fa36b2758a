// The workbench's Terminal / Editor / Ports / Inside tabs, following the ARIA tabs pattern:
// click or arrow keys switch panes; only the selected tab is in the tab order.
import { emit, on } from './events.ts';

const tabs = [...document.querySelectorAll<HTMLButtonElement>('[data-workbench] [role="tab"][data-pane]')];

function select(tab: HTMLButtonElement, focus: boolean): void {
  const pane = tab.dataset.pane;
  if (tab.getAttribute('aria-selected') === 'true') {
    if (focus) tab.focus();
    return;
  }
  for (const other of tabs) {
    const selected = other === tab;
    other.setAttribute('aria-selected', String(selected));
    other.tabIndex = selected ? 0 : -1;
    document.getElementById(other.getAttribute('aria-controls')!)!.hidden = !selected;
  }
  if (focus) tab.focus();
  if (pane === 'editor') emit('dockyard:editor-shown');
  if (pane === 'inside') emit('dockyard:inside-shown');
  emit('dockyard:layout');
}

for (const tab of tabs) {
  tab.addEventListener('click', () => select(tab, false));
  tab.addEventListener('keydown', (event) => {
    const index = tabs.indexOf(tab);
    const target =
      event.key === 'ArrowRight' ? tabs[(index + 1) % tabs.length]
      : event.key === 'ArrowLeft' ? tabs[(index - 1 + tabs.length) % tabs.length]
      : event.key === 'Home' ? tabs[0]
      : event.key === 'End' ? tabs[tabs.length - 1]
      : undefined;
    if (!target) return;
    event.preventDefault();
    select(target, true);
  });
}

// A code block's Run types into the terminal, and Open in editor opens a file:
// each shows the pane it acts in.
const byPane = (pane: string) => tabs.find((tab) => tab.dataset.pane === pane);
on('dockyard:run', () => {
  const tab = byPane('terminal');
  if (tab) select(tab, false);
});
on('dockyard:open-file', () => {
  const tab = byPane('editor');
  if (tab) select(tab, false);
});
