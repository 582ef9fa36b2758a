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
  const filter = { label: [`dockyard.namespace=${namespace}`] };
  for (const container of await docker.listContainers({ all: true, filters: filter })) {
    await docker.getContainer(container.Id).remove({ force: true, v: true }).catch(() => undefined);
  }
  for (const volume of (await docker.listVolumes({ filters: filter })).Volumes ?? []) {
    await docker.getVolume(volume.Name).remove().catch(() => undefined);
  }
}
