// The strip over the bottom of a terminal that says what is going on when the
// shell is not simply there (connecting, reconnecting, exited, refused, a
// server error), with the buttons that act on it.
export interface BannerAction {
  label: string;
  run(): void;
}

export class Banner {
  readonly element: HTMLElement;
  private readonly text: HTMLElement;
  private readonly buttons: HTMLElement;

  constructor() {
    this.element = document.createElement('div');
    this.element.className = 'terminal-banner';
    this.element.hidden = true;
    this.text = document.createElement('p');
    this.buttons = document.createElement('div');
    this.buttons.className = 'terminal-banner-actions';
    this.element.append(this.text, this.buttons);
  }

  /** Errors are announced at once (role=alert), the rest politely. */
  show(message: string, kind: 'info' | 'warn' | 'error', actions: BannerAction[] = []): void {
    this.element.dataset.kind = kind;
    this.element.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    this.text.textContent = message;
    this.buttons.replaceChildren(...actions.map((action) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = action.label;
      button.addEventListener('click', () => action.run());
      return button;
    }));
    this.element.hidden = false;
  }

  hide(): void {
    this.element.hidden = true;
  }
}
