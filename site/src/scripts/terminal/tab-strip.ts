// The row of terminal tabs: a WAI-ARIA tablist with a roving tabindex. Arrow
// keys, Home and End move between tabs (and show them), Delete closes one;
// each tab has its own close button. A tab shows its terminal's state in
// colour and, for screen readers, in words.
import { t, pageLocale } from '../../i18n/ui.ts';

export type TabState = 'connecting' | 'ready' | 'reconnecting' | 'exited' | 'displaced' | 'error';

export interface TabStripActions {
  select(name: string, focusTerminal: boolean): void;
  close(name: string): void;
}

export function tabLabel(name: string): string {
  return t(pageLocale(), 'terminal.tab', { n: name });
}

export class TabStrip {
  constructor(private readonly list: HTMLElement, private readonly actions: TabStripActions) {
    list.addEventListener('keydown', (event) => this.onKey(event));
  }

  add(name: string, panelId: string): void {
    const locale = pageLocale();
    const wrapper = document.createElement('div');
    wrapper.className = 'terminal-tab';
    wrapper.dataset.name = name;
    wrapper.setAttribute('role', 'presentation');

    const tab = document.createElement('button');
    tab.type = 'button';
    tab.id = `terminal-tab-${name}`;
    tab.setAttribute('role', 'tab');
    tab.setAttribute('aria-controls', panelId);
    tab.setAttribute('aria-keyshortcuts', 'Delete');
    tab.dataset.testid = 'terminal-tab';
    const label = document.createElement('span');
    label.textContent = tabLabel(name);
    const state = document.createElement('span');
    state.className = 'terminal-tab-state';
    tab.append(label, state);
    tab.addEventListener('click', () => this.actions.select(name, true));

    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'terminal-tab-close';
    close.setAttribute('aria-label', t(locale, 'terminal.close', { n: name }));
    close.title = t(locale, 'terminal.close', { n: name });
    close.textContent = '×';
    close.addEventListener('click', () => this.actions.close(name));

    wrapper.append(tab, close);
    this.list.append(wrapper);
    this.setState(name, 'connecting');
  }

  remove(name: string): void {
    this.wrapper(name)?.remove();
  }

  select(name: string): void {
    for (const wrapper of this.list.querySelectorAll<HTMLElement>('.terminal-tab')) {
      const selected = wrapper.dataset.name === name;
      const [tab, close] = wrapper.querySelectorAll('button');
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      close.tabIndex = selected ? 0 : -1;
    }
  }

  setState(name: string, state: TabState): void {
    const wrapper = this.wrapper(name);
    if (!wrapper) return;
    wrapper.dataset.state = state;
    const text = wrapper.querySelector<HTMLElement>('.terminal-tab-state')!;
    // "ready" is the normal case and goes unsaid; the others are appended to the tab's name.
    text.textContent = state === 'ready' ? '' : t(pageLocale(), `terminal.state.${state}`);
  }

  focus(name: string): void {
    this.wrapper(name)?.querySelector<HTMLElement>('[role="tab"]')?.focus();
  }

  private wrapper(name: string): HTMLElement | undefined {
    return [...this.list.querySelectorAll<HTMLElement>('.terminal-tab')].find((w) => w.dataset.name === name);
  }

  private onKey(event: KeyboardEvent): void {
    const tab = (event.target as Element).closest<HTMLElement>('[role="tab"]');
    if (!tab) return;
    const names = [...this.list.querySelectorAll<HTMLElement>('.terminal-tab')].map((w) => w.dataset.name!);
    const at = names.indexOf(tab.parentElement!.dataset.name!);
    let to: number;
    switch (event.key) {
      case 'ArrowRight': to = (at + 1) % names.length; break;
      case 'ArrowLeft': to = (at - 1 + names.length) % names.length; break;
      case 'Home': to = 0; break;
      case 'End': to = names.length - 1; break;
      case 'Delete':
        event.preventDefault();
        this.actions.close(names[at]);
        return;
      default:
        return;
    }
    event.preventDefault();
    this.actions.select(names[to], false);
    this.focus(names[to]);
  }
}
