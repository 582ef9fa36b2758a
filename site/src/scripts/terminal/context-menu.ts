// The terminal's right-click menu (also Shift+F10 or the context menu key):
// Copy, Paste, Select all, Clear. A WAI-ARIA menu: focus goes to its first
// item, arrow keys move, Enter or a click chooses, Escape or Tab or a click
// elsewhere closes it and gives focus back.
export type MenuAction = 'copy' | 'paste' | 'select-all' | 'clear';

interface OpenMenu {
  choose(action: MenuAction): void;
  dismiss(): void;
}

export class ContextMenu {
  private current?: OpenMenu;

  constructor(private readonly element: HTMLElement) {
    element.addEventListener('click', (event) => {
      const item = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
      if (item && !item.disabled) this.finish((menu) => menu.choose(item.dataset.action as MenuAction));
    });
    element.addEventListener('keydown', (event) => this.onKey(event));
    // Capture phase: xterm stops some pointer events from bubbling.
    document.addEventListener('pointerdown', (event) => {
      if (this.current && !element.contains(event.target as Node)) this.finish((menu) => menu.dismiss());
    }, true);
  }

  /** Shows the menu at viewport point (x, y). */
  open(x: number, y: number, canCopy: boolean, menu: OpenMenu): void {
    this.current = menu;
    this.item('copy').disabled = !canCopy;
    this.element.hidden = false;
    // Kept inside the viewport, flipped left or up near the edges.
    const { width, height } = this.element.getBoundingClientRect();
    this.element.style.left = `${Math.max(0, x + width > innerWidth ? x - width : x)}px`;
    this.element.style.top = `${Math.max(0, y + height > innerHeight ? y - height : y)}px`;
    this.items()[0]?.focus();
  }

  private item(action: MenuAction): HTMLButtonElement {
    return this.element.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`)!;
  }

  private items(): HTMLButtonElement[] {
    return [...this.element.querySelectorAll<HTMLButtonElement>('button[data-action]')].filter((item) => !item.disabled);
  }

  private finish(then: (menu: OpenMenu) => void): void {
    const menu = this.current;
    if (!menu) return;
    this.current = undefined;
    this.element.hidden = true;
    then(menu);
  }

  private onKey(event: KeyboardEvent): void {
    const items = this.items();
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number) => items[(to + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'ArrowDown': move(at + 1); break;
      case 'ArrowUp': move(at - 1); break;
      case 'Home': move(0); break;
      case 'End': move(items.length - 1); break;
      case 'Escape':
      case 'Tab':
        this.finish((menu) => menu.dismiss());
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  }
}
