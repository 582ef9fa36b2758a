// Keys the terminal handles itself instead of sending them to the shell:
// copy and paste the way each platform does it, the context menu key, Enter
// to start a new shell after one exited, and Escape-then-Tab to move focus
// out of the terminal (xterm keeps Tab for the shell's completion, so
// without this a keyboard user could never leave).
import type { Terminal } from '@xterm/xterm';

const platform = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ?? navigator.platform ?? '';
const isMac = /mac|iphone|ipad/i.test(platform) || /Mac OS X/.test(navigator.userAgent);

/** How long a held Escape waits for a Tab before it goes to the shell after all. */
const ESCAPE_WAIT_MS = 400;

export interface KeyActions {
  copy(): void;
  openMenu(): void;
  /** Enter was pressed; true when it was used (a new shell), false to send it to the shell. */
  enter(): boolean;
  /** Sends bytes to the shell, bypassing xterm (the held-back Escape). */
  send(data: string): void;
}

const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock']);

export function attachKeys(term: Terminal, actions: KeyActions): void {
  let heldEscape: ReturnType<typeof setTimeout> | undefined;
  const releaseEscape = () => {
    clearTimeout(heldEscape);
    heldEscape = undefined;
    actions.send('\x1b');
  };

  term.attachCustomKeyEventHandler((event) => {
    if (event.type !== 'keydown') return true;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const plain = !event.ctrlKey && !event.altKey && !event.metaKey;

    if (heldEscape !== undefined && !MODIFIER_KEYS.has(event.key)) {
      if (key === 'Tab' && plain) {
        // Leave the terminal: drop the Escape and let the browser move focus.
        clearTimeout(heldEscape);
        heldEscape = undefined;
        return false;
      }
      releaseEscape();
    }
    if (key === 'Escape' && plain && !event.shiftKey) {
      heldEscape = setTimeout(releaseEscape, ESCAPE_WAIT_MS);
      return false;
    }

    const copyShortcut = (event.ctrlKey && event.shiftKey && key === 'c') || (isMac && event.metaKey && key === 'c');
    // Ctrl+C copies only when something is selected; otherwise it is the shell's interrupt.
    const ctrlCCopy = !isMac && event.ctrlKey && !event.shiftKey && !event.altKey && key === 'c' && term.hasSelection();
    if (copyShortcut || ctrlCCopy) {
      event.preventDefault();
      if (term.hasSelection()) actions.copy();
      if (ctrlCCopy) term.clearSelection();
      return false;
    }

    // Paste shortcuts are left to the browser: its paste event reaches xterm,
    // which pastes (bracketed when the shell asks) without a permission prompt.
    // Ctrl+V pastes on Linux too, as learners expect from every other page:
    // sent on as ^V it made bash insert the next paste's bracket codes literally.
    // (On a Mac ⌘V pastes and Ctrl+V stays the shell's.)
    const pasteShortcut = (event.ctrlKey && event.shiftKey && key === 'v') || (isMac && event.metaKey && key === 'v') || (!isMac && event.ctrlKey && !event.altKey && key === 'v');
    if (pasteShortcut) return false;

    if ((key === 'F10' && event.shiftKey && !event.ctrlKey && !event.altKey) || key === 'ContextMenu') {
      event.preventDefault();
      actions.openMenu();
      return false;
    }

    if (key === 'Enter' && plain && !event.shiftKey && actions.enter()) {
      event.preventDefault();
      return false;
    }
    return true;
  });
}
