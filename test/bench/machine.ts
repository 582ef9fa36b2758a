// The machine a figure was measured on, for the head of every report.
import os from 'node:os';
import type Docker from 'dockerode';

export async function describeMachine(docker: Docker): Promise<string> {
  const cpus = os.cpus();
  const { Version } = await docker.version();
  return `${cpus.length} × ${cpus[0]?.model.trim()}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Linux ${os.release()}, Docker ${Version}, Node ${process.version}`;
}
