// Runs in a worker thread: one headless xterm per terminal, fed everything
// the shell prints, so its screen can be serialized for a reconnecting
// browser. Parsing every byte is the most expensive thing a terminal does,
// and here it runs beside the server's event loop instead of on it.
// Plain JavaScript: worker threads do not get the TypeScript loader.
// Messages are described in mirror-protocol.ts.
import { parentPort } from 'node:worker_threads';
import headless from '@xterm/headless';
import serialize from '@xterm/addon-serialize';

const SCROLLBACK = 1000;
const screens = new Map();
const reply = (message) => parentPort.postMessage(message);

parentPort.on('message', (request) => {
  const screen = screens.get(request.id);
  switch (request.type) {
    case 'open': {
      const terminal = new headless.Terminal({ cols: request.cols, rows: request.rows, scrollback: SCROLLBACK, allowProposedApi: true });
      const serializer = new serialize.SerializeAddon();
      terminal.loadAddon(serializer);
      screens.set(request.id, { terminal, serializer });
      break;
    }
    case 'write':
      screen?.terminal.write(new Uint8Array(request.data), () => reply({ type: 'written', id: request.id, bytes: request.data.byteLength }));
      break;
    case 'resize':
      screen?.terminal.resize(request.cols, request.rows);
      break;
    case 'snapshot':
      if (!screen) reply({ type: 'snapshot', id: request.id, serial: request.serial, screen: '' });
      else screen.terminal.write('', () => reply({ type: 'snapshot', id: request.id, serial: request.serial, screen: screen.serializer.serialize() }));
      break;
    case 'close':
      screen?.terminal.dispose();
      screens.delete(request.id);
      break;
  }
});
