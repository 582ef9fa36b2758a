// The terminal area of a lesson page: its tabs, which one is shown, and how it
// answers the page's events (session changes, Run buttons, layout and theme).
import { pageLocale, t } from '../../i18n/ui.ts';
import { on, type SessionView } from '../events.ts';
import { currentSession } from '../session.ts';
import { pasteClipboard } from './clipboard.ts';
import { ContextMenu, type MenuAction } from './context-menu.ts';
import { noticeIn } from './notice.ts';
import { loadTabs, saveTabs } from './saved-tabs.ts';
import { TabStrip } from './tab-strip.ts';
import { TerminalTab, type TabHooks } from './terminal-tab.ts';
import { pageTheme } from './themes.ts';

function part<T extends HTMLElement>(root: HTMLElement, attribute: string): T {
  const element = root.querySelector<T>(`[${attribute}]`);
  if (!element) throw new Error(`Terminals.astro markup is missing [${attribute}]`);
  return element;
}

export class TerminalSet {
  private readonly tabs = new Map<string, TerminalTab>();
  private active?: string;
  private session: SessionView | null = null;
  private readonly strip: TabStrip;
  private readonly menu: ContextMenu;
  private readonly panels: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly keysHintId: string;
  private readonly notify: (message: string) => void;
  private readonly hooks: TabHooks = {
    stateChanged: (tab) => this.strip.setState(tab.name, tab.state),
    openMenu: (tab, x, y) => this.menu.open(x, y, tab.term.hasSelection(), {
      choose: (action) => void this.onMenu(tab, action),
      dismiss: () => tab.focus(),
    }),
    notify: (message) => this.notify(message),
    closeRequested: (tab) => this.close(tab.name),
  };

  constructor(root: HTMLElement) {
    this.strip = new TabStrip(part(root, 'data-terminal-tabs'), {
      select: (name, focusTerminal) => this.select(name, focusTerminal),
      close: (name) => this.close(name),
    });
    this.menu = new ContextMenu(part(root, 'data-terminal-menu'));
    this.panels = part(root, 'data-terminal-panels');
    this.empty = part(root, 'data-terminal-empty');
    this.keysHintId = part(root, 'data-terminal-keys').id;
    this.notify = noticeIn(part(root, 'data-terminal-notice'));
    part(root, 'data-terminal-new').addEventListener('click', () => this.openNew());
    part(root, 'data-terminal-open').addEventListener('click', () => this.openNew());

    const saved = loadTabs();
    const names = saved.names.length ? saved.names : ['1'];
    for (const name of names) this.add(name);
    this.select(saved.active ?? names[0], false);

    on('dockyard:session', (session) => this.onSession(session));
    on('dockyard:run', ({ command }) => this.run(command));
    on('dockyard:layout', () => this.activeTab()?.fit());
    on('dockyard:theme', ({ theme }) => this.tabs.forEach((tab) => tab.setTheme(theme)));
    this.onSession(currentSession());
  }

  private activeTab(): TerminalTab | undefined {
    return this.active === undefined ? undefined : this.tabs.get(this.active);
  }

  private onSession(session: SessionView | null): void {
    this.session = session;
    for (const tab of this.tabs.values()) this.connect(tab);
  }

  private connect(tab: TerminalTab): void {
    if (this.session?.status === 'ready') tab.attach(this.session);
    else tab.wait(this.session);
  }

  private add(name: string): TerminalTab {
    const tab = new TerminalTab(name, pageTheme(), this.keysHintId, this.hooks);
    this.tabs.set(name, tab);
    this.strip.add(name, tab.panel.id);
    this.panels.append(tab.panel);
    this.empty.hidden = true;
    this.connect(tab);
    return tab;
  }

  /** Opens a tab named after the lowest number not in use. */
  private openNew(): TerminalTab {
    let number = 1;
    while (this.tabs.has(String(number))) number++;
    const tab = this.add(String(number));
    this.select(tab.name, true);
    return tab;
  }

  private select(name: string, focusTerminal: boolean): void {
    const tab = this.tabs.get(name);
    if (!tab) return;
    this.active = name;
    this.strip.select(name);
    for (const each of this.tabs.values()) {
      each.show(each === tab);
      // The e2e tests find the visible terminal by this id.
      if (each === tab) each.panel.dataset.testid = 'terminal';
      else delete each.panel.dataset.testid;
    }
    this.save();
    if (focusTerminal) tab.focus();
  }

  private close(name: string): void {
    const tab = this.tabs.get(name);
    if (!tab) return;
    const names = [...this.tabs.keys()];
    const at = names.indexOf(name);
    tab.close();
    this.tabs.delete(name);
    this.strip.remove(name);
    if (this.active === name) {
      this.active = undefined;
      const next = names[at + 1] ?? names[at - 1];
      if (next !== undefined) {
        this.select(next, false);
        this.strip.focus(next);
      }
    }
    if (this.tabs.size === 0) {
      this.empty.hidden = false;
      part<HTMLElement>(this.empty, 'data-terminal-open').focus();
    }
    this.save();
  }

  private run(command: string): void {
    const tab = this.activeTab() ?? this.openNew();
    const refusal = tab.run(command);
    if (refusal) this.notify(t(pageLocale(), `terminal.run.${refusal}`));
    // After the frame, by which the workbench has switched to the terminal pane if the editor was shown.
    requestAnimationFrame(() => {
      // On a small screen the terminal is below the lesson text the Run button is in: bring it into view.
      tab.panel.scrollIntoView({ block: 'nearest' });
      tab.focus();
    });
  }

  private async onMenu(tab: TerminalTab, action: MenuAction): Promise<void> {
    tab.focus();
    if (action === 'copy') await tab.copy();
    else if (action === 'paste' && !(await pasteClipboard(tab.term))) this.notify(t(pageLocale(), 'terminal.paste.blocked'));
    else if (action === 'select-all') tab.term.selectAll();
    else if (action === 'clear') tab.term.clear();
  }

  private save(): void {
    saveTabs({ names: [...this.tabs.keys()], active: this.active });
  }
}
