// The TCP ports something listens on in a sandbox's own network namespace,
// read by the host from /proc/<init pid>/net/tcp and tcp6: outside the
// learner's reach, and without running anything in the sandbox. A port the
// learner published with `docker run -p` shows here too, as docker-proxy's.
import { readFile } from 'node:fs/promises';

// The image mirror the nested Docker pulls from (rootfs/etc/dockyard/mirror.yml): the platform's, not the learner's.
const PLATFORM_PORTS = new Set([5050]);
const LISTEN_STATE = '0A';

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
  // tcp6 is absent where IPv6 is off.
  const tables = await Promise.all(['tcp', 'tcp6'].map((name) => readFile(`/proc/${initPid}/net/${name}`, 'utf8').catch(() => '')));
  const ports = new Set(tables.flatMap(listeningPortsIn).filter((port) => !PLATFORM_PORTS.has(port)));
  return [...ports].sort((a, b) => a - b);
}
