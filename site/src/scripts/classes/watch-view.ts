// A read-only view of a learner's terminal: the server sends the current
// screen, then output as it comes, and the learner's size changes. Nothing
// typed here is sent: the terminal takes no input.
import type { Theme } from '../events.ts';
import { createXterm } from '../terminal/create-xterm.ts';

export interface WatchView {
  close(): void;
}

export function openWatchView(host: HTMLElement, url: string, label: string, onEnd: (reason: string) => void): WatchView {
  host.replaceChildren();
  const theme: Theme = document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
  const { term } = createXterm(host, theme, label, '');
  term.options.disableStdin = true;
  term.options.cursorBlink = false;
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  socket.addEventListener('message', (event: MessageEvent<ArrayBuffer | string>) => {
    if (typeof event.data !== 'string') return term.write(new Uint8Array(event.data));
    const message = JSON.parse(event.data) as { type: string; cols?: number; rows?: number; message?: string };
    // The learner's size, so full-screen programs look as they do for them.
    if ((message.type === 'ready' || message.type === 'size') && message.cols && message.rows) term.resize(message.cols, message.rows);
    if (message.type === 'error' && message.message) onEnd(message.message);
  });
  socket.addEventListener('close', (event) => onEnd(event.reason));
  return {
    close() {
      socket.close();
      term.dispose();
    },
  };
}
