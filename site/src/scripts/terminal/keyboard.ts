// Keys the terminal handles itself instead of sending them to the shell:
// copy and paste the way each platform does it, the context menu key, Enter
// to start a new shell after one exited, and Ctrl+Shift+L to move focus out
// of the terminal (xterm keeps Tab for the shell's completion, so without
// this a keyboard user could never leave). A chord of its own, rather than
// Escape then Tab: holding every Escape back to see whether a Tab follows
// made Escape reach vi, less and nano late. Ctrl+Shift+L means nothing to a
// shell (xterm would send it as a plain ^L) and no browser takes it.
import type { Terminal } from '@xterm/xterm';

const platform = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ?? navigator.platform ?? '';
const isMac = /mac|iphone|ipad/i.test(platform) || /Mac OS X/.test(navigator.userAgent);

export interface KeyActions {
  copy(): void;
  openMenu(): void;
  /** Enter was pressed; true when it was used (a new shell), false to send it to the shell. */
  enter(): boolean;
  /** Moves the keyboard focus to the page's next control after the terminal. */
  leave(): void;
}

export function attachKeys(term: Terminal, actions: KeyActions): void {
  term.attachCustomKeyEventHandler((event) => {
    if (event.type !== 'keydown') return true;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const plain = !event.ctrlKey && !event.altKey && !event.metaKey;

    if (key === 'l' && event.ctrlKey && event.shiftKey && !event.altKey && !event.metaKey) {
      event.preventDefault();
      actions.leave();
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

const FOCUSABLE = 'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

/** Focuses the first control after `container` in the page's Tab order (document order; no positive tabindex is used here). */
export function focusAfter(container: HTMLElement): void {
  const next = [...document.querySelectorAll<HTMLElement>(FOCUSABLE)].find((element) =>
    !container.contains(element)
    && Boolean(container.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING)
    && element.getClientRects().length > 0);
  if (next) next.focus();
  else (document.activeElement as HTMLElement | null)?.blur();
}
