// An xterm with the addons every terminal tab uses: fit (follow the panel's
// size), web links (open in a new tab, without access to this page) and
// Unicode 11 widths (Korean and other wide characters take two cells).
import { FitAddon } from '@xterm/addon-fit';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { Theme } from '../events.ts';
import { terminalTheme } from './themes.ts';

export function createXterm(host: HTMLElement, theme: Theme, label: string, describedBy: string): { term: Terminal; fitAddon: FitAddon } {
  const term = new Terminal({
    allowProposedApi: true, // unicode.activeVersion
    cursorBlink: true,
    fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--font-mono').trim() || 'monospace',
    fontSize: 14,
    scrollback: 5000,
    theme: terminalTheme(theme),
  });
  const fitAddon = new FitAddon();
  term.loadAddon(fitAddon);
  term.loadAddon(new WebLinksAddon((event, uri) => {
    event.preventDefault();
    window.open(uri, '_blank', 'noopener,noreferrer');
  }));
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = '11';
  term.open(host);
  term.textarea?.setAttribute('aria-label', label);
  term.textarea?.setAttribute('aria-describedby', describedBy);
  return { term, fitAddon };
}
