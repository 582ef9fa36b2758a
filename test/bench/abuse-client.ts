// An abusive terminal client for test/bench/abuse.bench.ts, run as its own
// process so its busy loop does not slow the benchmark's measuring client.
// Usage: abuse-client.ts <ws-url> <cookie> <frames|controls|flood>
//   frames    one-byte input frames, as fast as the socket takes them
//   controls  acknowledgement and resize frames, as fast as the socket takes them
//   flood     runs `yes` and acknowledges all its output, as a fast browser would
import WebSocket from 'ws';

const [url, cookie, mode] = process.argv.slice(2);
if (!url || !cookie || !['frames', 'controls', 'flood'].includes(mode)) {
  process.stderr.write('usage: abuse-client.ts <ws-url> <cookie> <frames|controls|flood>\n');
  process.exit(2);
}

const socket = new WebSocket(url, { headers: { cookie } });
socket.on('message', (data: Buffer, binary: boolean) => {
  if (binary) socket.send(JSON.stringify({ type: 'ack', bytes: data.length }));
});
socket.on('close', () => process.exit(0));
socket.on('error', (err) => {
  process.stderr.write(`abuse client: ${err.message}\n`);
  process.exit(1);
});

// Keeps about a megabyte queued: as fast as the server reads, without this process buffering without end.
function pump(frame: (i: number) => string | Buffer): void {
  let i = 0;
  const fill = () => {
    while (socket.readyState === socket.OPEN && socket.bufferedAmount < 1024 * 1024) socket.send(frame(i++));
    setImmediate(fill);
  };
  fill();
}

socket.on('open', () => {
  if (mode === 'flood') socket.send(Buffer.from('yes\n'));
  // Type a character, then erase it, so the shell's line never grows.
  else if (mode === 'frames') pump((i) => Buffer.from(i % 2 ? '\x7f' : 'x'));
  else pump((i) => JSON.stringify(i % 2 ? { type: 'ack', bytes: 0 } : { type: 'resize', cols: 80 + (i % 40), rows: 24 }));
});
