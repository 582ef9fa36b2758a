// The image Incus sandboxes are made from: the imported filesystem plus the
// base layers the offline library images share, already unpacked in the
// nested engine's layer store (layers, not images: `docker images` starts
// empty). A learner's first `docker run nginx` then downloads and unpacks only
// nginx's own layers, in well under the time the whole image takes, and still
// shows a real pull. Made once per image build, at prepare time, in a
// throwaway instance that is then published as the sandbox image.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ImagePlan } from '../build/inputs.ts';
import type { EngineConfig } from '../config.ts';
import type { Say } from '../host/commands.ts';
import type { IncusClient } from './client.ts';
import { runInInstance } from './exec.ts';
import { importedAlias, incusImage, sharedDisks } from './image.ts';
import { removeInstance } from './instances.ts';

const KEEP_LAYERS_SCRIPT = readFileSync(new URL('./keep-base-layers.sh', import.meta.url), 'utf8');

/** The library image every other one is built on (catalog.json lists it first). */
const baseImage = (plan: ImagePlan) => plan.library[0].name;

/**
 * The sandbox image's alias: the Docker build's hash and one of how it is
 * seeded, so a change to the seeding makes a new Incus image without
 * rebuilding the Docker images.
 */
export function imageAlias(plan: ImagePlan): string {
  const seeding = createHash('sha256').update(KEEP_LAYERS_SCRIPT).update(baseImage(plan)).digest('hex').slice(0, 6);
  return `dockyard-sandbox-${plan.hash}-${seeding}`;
}

/** Publishes the sandbox image from the imported one, then removes what it was made from. */
export async function publishSeededImage(client: IncusClient, config: EngineConfig, plan: ImagePlan, alias: string, say: Say): Promise<void> {
  const imported = await incusImage(client, importedAlias(plan));
  if (!imported) throw new Error(`the imported sandbox filesystem ${importedAlias(plan)} is missing from Incus`);
  const seeder = `dy-seed-${plan.hash}`;
  // A run killed half-way left its seeder behind.
  await removeInstance(client, seeder);
  say(`Unpacking the ${baseImage(plan)} base layers into the sandbox image's nested engine`);
  await client.operate('POST', '/1.0/instances', {
    name: seeder,
    type: 'container',
    source: { type: 'image', alias: importedAlias(plan) },
    profiles: [],
    config: { 'security.nesting': 'true', 'security.idmap.isolated': 'true' },
    devices: {
      root: { type: 'disk', path: '/', pool: config.DOCKYARD_INCUS_POOL },
      ...sharedDisks(config, plan),
    },
  }, 600);
  try {
    await client.operate('PUT', `/1.0/instances/${seeder}/state`, { action: 'start', timeout: 60 });
    const ready = await runInInstance(client, seeder, ['dockyard-ready', '60'], { as: 'platform', timeoutMs: 65_000 });
    if (ready.exitCode !== 0) throw new Error(`the nested engine did not start while seeding: ${ready.stderr.trim()}`);
    const kept = await runInInstance(client, seeder, ['bash', '-c', KEEP_LAYERS_SCRIPT, 'keep-base-layers', baseImage(plan)], { as: 'platform', timeoutMs: 300_000 });
    if (kept.exitCode !== 0) throw new Error(`keeping the base layers failed (exit ${kept.exitCode}): ${(kept.stderr || kept.stdout).trim()}`);
    await client.operate('PUT', `/1.0/instances/${seeder}/state`, { action: 'stop', force: true, timeout: 30 });
    say(`Publishing the sandbox image ${alias} (uncompressed, about a minute)`);
    // Uncompressed: it is unpacked once, into the pool, and never leaves this host.
    const published = await client.operate('POST', '/1.0/images', {
      source: { type: 'instance', name: seeder },
      compression_algorithm: 'none',
      properties: { description: `Dockyard sandbox ${plan.hash}`, os: 'debian', release: 'bookworm' },
    }, 1800);
    const fingerprint = (published.metadata as { fingerprint?: string } | null)?.fingerprint;
    if (!fingerprint) throw new Error('Incus published the sandbox image but reported no fingerprint');
    await client.request('POST', '/1.0/images/aliases', { name: alias, target: fingerprint, description: `Dockyard sandbox ${plan.hash}` });
    say(`Sandbox image ready in Incus: ${alias} (${fingerprint.slice(0, 12)})`);
  } finally {
    await removeInstance(client, seeder);
  }
  await client.operate('DELETE', `/1.0/images/${imported}`);
}
