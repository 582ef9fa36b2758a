// Copy and paste for the terminal. The async Clipboard API is tried first;
// browsers may refuse it (no permission, no secure context, not focused),
// and then copying falls back to the older execCommand path while pasting
// can only be done by the browser's own paste shortcut, which the caller
// tells the learner about.
import type { Terminal } from '@xterm/xterm';

function copyWithExecCommand(text: string): boolean {
  const previous = document.activeElement as HTMLElement | null;
  const scratch = document.createElement('textarea');
  scratch.value = text;
  scratch.setAttribute('readonly', '');
  scratch.style.position = 'fixed';
  scratch.style.opacity = '0';
  document.body.append(scratch);
  scratch.select();
  let copied: boolean;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  scratch.remove();
  previous?.focus();
  return copied;
}

/**
 * Puts `text` on the clipboard; false when the browser refused both ways.
 * Over plain HTTP on a name other than localhost there is no
 * navigator.clipboard at all, and only the execCommand path works.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return copyWithExecCommand(text);
  }
}

/** Copies the terminal's selection; false when there is none or the browser refused. */
export async function copySelection(term: Terminal): Promise<boolean> {
  const text = term.getSelection();
  return text ? copyText(text) : false;
}

/** Pastes the clipboard into the terminal (bracketed when the shell asked for it); false when the browser refused. */
export async function pasteClipboard(term: Terminal): Promise<boolean> {
  try {
    const text = await navigator.clipboard.readText();
    if (text) term.paste(text);
    return true;
  } catch {
    return false;
  }
}
