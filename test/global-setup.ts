// Before any test: an engine that answers and a built sandbox image. Tests
// create sandboxes in a namespace of their own, removed afterwards, so a
// running Dockyard on the same engine is left alone.
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import type { TestProject } from 'vitest/node';
import { loadEngineConfig, prepareHost } from '../engine/index.ts';

const namespace = `test-${randomBytes(3).toString('hex')}`;

declare module 'vitest' {
  export interface ProvidedContext {
    namespace: string;
  }
}

export async function setup(project: TestProject): Promise<void> {
  await prepareHost(loadEngineConfig(), (line) => process.stderr.write(`${line}\n`));
  project.provide('namespace', namespace);
}

export async function teardown(): Promise<void> {
  const docker = new Docker();
  // Test files may use sub-namespaces (`${namespace}-…`) of their own.
  const ours = (labels: Record<string, string> | null | undefined) => labels?.['dockyard.namespace']?.startsWith(namespace) ?? false;
  const filters = { label: ['dockyard.namespace'] };
  for (const container of await docker.listContainers({ all: true, filters })) {
    if (ours(container.Labels)) await docker.getContainer(container.Id).remove({ force: true, v: true }).catch(() => undefined);
  }
  for (const volume of (await docker.listVolumes({ filters })).Volumes ?? []) {
    if (ours(volume.Labels)) await docker.getVolume(volume.Name).remove().catch(() => undefined);
  }
}
