// Before any test: the engine answers and the sandbox image is built, for the
// default backend (Incus) and for the Docker backend that some tests pin.
// Tests create sandboxes in a namespace of their own, removed afterwards, so
// a running Dockyard on the same engines is left alone.
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import type { TestProject } from 'vitest/node';
import { loadEngineConfig, prepareHost } from '../engine/index.ts';
import { IncusClient } from '../engine/incus/client.ts';

const namespace = `test-${randomBytes(3).toString('hex')}`;

declare module 'vitest' {
  export interface ProvidedContext {
    namespace: string;
  }
}

export async function setup(project: TestProject): Promise<void> {
  const say = (line: string) => process.stderr.write(`${line}\n`);
  await prepareHost(loadEngineConfig({ ...process.env, DOCKYARD_ENGINE: 'incus' }), say);
  await prepareHost(loadEngineConfig({ ...process.env, DOCKYARD_ENGINE: 'docker' }), say);
  project.provide('namespace', namespace);
}

// Test files may use sub-namespaces (`${namespace}-…`) of their own.
const ours = (ns: string | undefined) => ns?.startsWith(namespace) ?? false;

async function removeDockerSandboxes(): Promise<void> {
  const docker = new Docker();
  const filters = { label: ['dockyard.namespace'] };
  for (const container of await docker.listContainers({ all: true, filters })) {
    if (ours(container.Labels['dockyard.namespace'])) await docker.getContainer(container.Id).remove({ force: true, v: true }).catch(() => undefined);
  }
  for (const volume of (await docker.listVolumes({ filters })).Volumes ?? []) {
    if (ours(volume.Labels?.['dockyard.namespace'])) await docker.getVolume(volume.Name).remove().catch(() => undefined);
  }
}

async function removeIncusSandboxes(): Promise<void> {
  const client = new IncusClient();
  const instances = await client.request<{ name: string; config: Record<string, string> }[]>('GET', '/1.0/instances?recursion=1');
  // A forced stop and a delete take 1-4 s each here: all at once, or a run's thirty take minutes.
  await Promise.all(instances.filter((i) => ours(i.config['user.dockyard.namespace'])).map(async (instance) => {
    await client.operate('PUT', `/1.0/instances/${instance.name}/state`, { action: 'stop', force: true }).catch(() => undefined);
    await client.operate('DELETE', `/1.0/instances/${instance.name}`).catch(() => undefined);
  }));
  client.close();
}

export async function teardown(): Promise<void> {
  await removeDockerSandboxes();
  await removeIncusSandboxes();
}
