// The TCP ports something listens on in a sandbox's own network namespace,
// read by the host from /proc/<init pid>/net/tcp and tcp6: outside the
// learner's reach, and without running anything in the sandbox. A port the
// learner published with `docker run -p` shows here too, as docker-proxy's.
import { open } from 'node:fs/promises';

// The image mirror the nested Docker pulls from (rootfs/etc/dockyard/mirror.yml): the platform's, not the learner's.
const PLATFORM_PORTS = new Set([5050]);
const LISTEN_STATE = '0A';
// The kernel lists listening sockets before connections, and a learner can
// open very many connections: only the table's head is read.
const TABLE_HEAD_BYTES = 256 * 1024;

async function tableHead(file: string): Promise<string> {
  const handle = await open(file).catch(() => undefined);
  // tcp6 is absent where IPv6 is off.
  if (!handle) return '';
  try {
    const buffer = Buffer.alloc(TABLE_HEAD_BYTES);
    let filled = 0;
    // procfs hands out a page or so per read.
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled);
      filled += bytesRead;
      if (bytesRead === 0 || filled === buffer.length) break;
    }
    const text = buffer.toString('utf8', 0, filled);
    // A cut last line is dropped.
    return filled === buffer.length ? text.slice(0, text.lastIndexOf('\n')) : text;
  } finally {
    await handle.close();
  }
}

/** The listening ports in one /proc/net/tcp{,6} table. */
export function listeningPortsIn(table: string): number[] {
  const ports: number[] = [];
  for (const line of table.split('\n').slice(1)) {
    const [, local, , state] = line.trim().split(/\s+/);
    if (state !== LISTEN_STATE || !local) continue;
    ports.push(Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16));
  }
  return ports;
}

/** The learner's listening ports in the network namespace of `initPid`, ascending, each once. */
export async function listeningPorts(initPid: number): Promise<number[]> {
  const tables = await Promise.all(['tcp', 'tcp6'].map((name) => tableHead(`/proc/${initPid}/net/${name}`)));
  const ports = new Set(tables.flatMap(listeningPortsIn).filter((port) => !PLATFORM_PORTS.has(port)));
  return [...ports].sort((a, b) => a - b);
}
