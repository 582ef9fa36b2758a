// The Incus sandbox image and the shared content sandboxes mount, made from
// what the Docker build produced (engine/build, offline-capable): the sandbox
// image's filesystem becomes a unified Incus image whose /sbin/init is
// dockyard-incus-init, and the image mirror and check tools are copied into
// host directories owned by real root, attached read-only and unshifted.
import { execFile } from 'node:child_process';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, pipeline } from 'node:stream';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import * as tar from 'tar-stream';
import type { ImagePlan } from '../build/inputs.ts';
import type { EngineConfig } from '../config.ts';
import type { Say } from '../host/commands.ts';
import { MIRROR_DIR, TOOLS_DIR } from '../sandbox/commands.ts';
import { IncusError, type IncusClient, type IncusOperation } from './client.ts';

const run = promisify(execFile);

export interface SharedContent {
  mirror: string;
  tools: string;
}

/** The filesystem as Docker built it, before seeding (seed.ts); removed once the sandbox image is published. */
export function importedAlias(plan: ImagePlan): string {
  return `dockyard-sandbox-${plan.hash}-imported`;
}

export function sharedContentDirs(config: EngineConfig, plan: ImagePlan): SharedContent {
  const base = path.join(config.DOCKYARD_STATE_DIR, 'incus', plan.hash);
  return { mirror: path.join(base, 'mirror'), tools: path.join(base, 'tools') };
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}

/** The image's fingerprint, or undefined when no image has this alias. */
export async function incusImage(client: IncusClient, alias: string): Promise<string | undefined> {
  try {
    return (await client.request<{ target: string }>('GET', `/1.0/images/aliases/${alias}`)).target;
  } catch (err) {
    if (err instanceof IncusError && err.status === 404) return undefined;
    throw err;
  }
}

/**
 * The image mirror and the check tools as disks: read-only and never
 * shift=true (a shifted disk can be remounted read-write and written as host root).
 */
export function sharedDisks(config: EngineConfig, plan: ImagePlan): Record<string, Record<string, string>> {
  const shared = sharedContentDirs(config, plan);
  return {
    mirror: { type: 'disk', source: shared.mirror, path: MIRROR_DIR, readonly: 'true' },
    tools: { type: 'disk', source: shared.tools, path: TOOLS_DIR, readonly: 'true' },
  };
}

export async function sharedContentExists(config: EngineConfig, plan: ImagePlan): Promise<boolean> {
  const dirs = sharedContentDirs(config, plan);
  return (await exists(dirs.mirror)) && (await exists(dirs.tools));
}

/** Copies a Docker volume's files into `target` as host root owns them, replacing any half-made copy. */
async function copyVolume(docker: Docker, volume: string, target: string): Promise<void> {
  const { Mountpoint } = (await docker.getVolume(volume).inspect()) as { Mountpoint: string };
  const partial = `${target}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(path.dirname(target), { recursive: true });
  await run('cp', ['-a', '--reflink=auto', `${Mountpoint}/.`, partial]);
  // World-readable: inside a sandbox these files belong to an unmapped owner and are read as "other".
  await run('chmod', ['-R', 'o+rX', partial]);
  await rename(partial, target);
}

export async function copySharedContent(docker: Docker, config: EngineConfig, plan: ImagePlan, say: Say): Promise<void> {
  const dirs = sharedContentDirs(config, plan);
  say(`Copying the image mirror and the check tools into ${path.dirname(dirs.mirror)} for Incus sandboxes`);
  await copyVolume(docker, plan.mirrorVolume, dirs.mirror);
  await copyVolume(docker, plan.toolsVolume, dirs.tools);
}

function metadataYaml(plan: ImagePlan): string {
  return [
    'architecture: x86_64',
    `creation_date: ${Math.floor(Date.now() / 1000)}`,
    'properties:',
    `  description: Dockyard sandbox ${plan.hash}`,
    '  os: debian',
    '  release: bookworm',
    '',
  ].join('\n');
}

/** Rewrites `docker export` output as a unified Incus image: metadata.yaml, then the filesystem under rootfs/. */
function unifiedImage(exported: NodeJS.ReadableStream, plan: ImagePlan, onBytes: (n: number) => void): NodeJS.ReadableStream {
  const extract = tar.extract();
  const pack = tar.pack();
  const meta = Buffer.from(metadataYaml(plan));
  pack.entry({ name: 'metadata.yaml', size: meta.length, mode: 0o644 }, meta);
  extract.on('entry', (header, body, next) => {
    const name = header.name.replace(/^\.?\/+/, '');
    if (name === 'sbin/init') {
      body.resume();
      body.on('end', next);
      return;
    }
    const renamed = { ...header, name: `rootfs/${name}` };
    // Hard links name their target by path: it moves too.
    if (header.type === 'link' && header.linkname) renamed.linkname = `rootfs/${header.linkname.replace(/^\.?\/+/, '')}`;
    const entry = pack.entry(renamed, (err) => next(err ?? undefined));
    body.on('data', (chunk: unknown) => onBytes((chunk as Buffer).length));
    body.pipe(entry);
  });
  extract.on('finish', () => {
    pack.entry({ name: 'rootfs/sbin/init', type: 'symlink', linkname: '/usr/local/sbin/dockyard-incus-init', mode: 0o777 });
    pack.finalize();
  });
  const out = new PassThrough();
  pipeline(exported, extract, (err) => { if (err) out.destroy(err); });
  pipeline(pack, out, () => undefined);
  return out;
}

/** Imports the sandbox image's filesystem into Incus under importedAlias, with progress. */
export async function importSandboxImage(client: IncusClient, docker: Docker, plan: ImagePlan, say: Say): Promise<void> {
  const alias = importedAlias(plan);
  say(`Importing ${plan.sandboxImage} into Incus as ${alias}`);
  const container = await docker.createContainer({ Image: plan.sandboxImage, Entrypoint: ['true'], HostConfig: { NetworkMode: 'none' } });
  try {
    const exported = await container.export();
    let bytes = 0;
    let reported = 0;
    const image = unifiedImage(exported, plan, (n) => {
      bytes += n;
      if (bytes - reported >= 100 * 1024 ** 2) {
        reported = bytes;
        say(`  ${Math.round(bytes / 1024 ** 2)} MiB of the sandbox's filesystem sent to Incus`);
      }
    });
    const response = await client.raw('POST', '/1.0/images', image as unknown as import('node:stream').Readable, {
      'content-type': 'application/octet-stream',
      'x-incus-public': '0',
    });
    const chunks: Buffer[] = [];
    for await (const chunk of response.body) chunks.push(chunk as Buffer);
    const envelope = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string; error?: string; metadata: IncusOperation };
    if (envelope.type === 'error') throw new Error(`Incus refused the sandbox image: ${envelope.error}`);
    const done = await client.wait(envelope.metadata.id, 600);
    const fingerprint = (done.metadata as { fingerprint?: string } | null)?.fingerprint;
    if (!fingerprint) throw new Error('Incus imported the sandbox image but reported no fingerprint');
    await client.request('POST', '/1.0/images/aliases', { name: alias, target: fingerprint, description: `Dockyard sandbox ${plan.hash}` });
    say(`Sandbox filesystem imported into Incus: ${alias} (${fingerprint.slice(0, 12)}, ${Math.round(bytes / 1024 ** 2)} MiB)`);
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

interface IncusImage {
  fingerprint: string;
  created_at: string;
  aliases: { name: string }[];
}

/**
 * After a new sandbox image is published, removes the Incus images and shared
 * content of earlier builds but the most recent one (as engine/build/prune.ts
 * does for Docker's): another checkout keeps its build. Sandboxes made from a
 * removed image keep running; Incus frees its disk when the last one goes.
 */
export async function pruneEarlierImages(client: IncusClient, config: EngineConfig, plan: ImagePlan, current: string, say: Say): Promise<void> {
  const ours = (await client.request<IncusImage[]>('GET', '/1.0/images?recursion=1'))
    .filter((image) => image.aliases.some((a) => a.name.startsWith('dockyard-sandbox-')) && !image.aliases.some((a) => a.name === current))
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
  // The previous build is a published image; an imported one is a build that never finished.
  const previous = ours.find((image) => image.aliases.every((a) => !a.name.endsWith('-imported')));
  const keptHashes = new Set([plan.hash, ...(previous?.aliases.map((a) => a.name.split('-')[2]) ?? [])]);
  let removed = 0;
  for (const image of ours) {
    if (image === previous) continue;
    if (await client.operate('DELETE', `/1.0/images/${image.fingerprint}`).then(() => true, () => false)) removed++;
  }
  const sharedRoot = path.join(config.DOCKYARD_STATE_DIR, 'incus');
  const stale = (await readdir(sharedRoot).catch(() => [] as string[])).filter((hash) => !keptHashes.has(hash));
  for (const hash of stale) await rm(path.join(sharedRoot, hash), { recursive: true, force: true });
  if (removed || stale.length) say(`Removed ${removed} Incus image(s) and ${stale.length} shared content folder(s) of earlier builds.`);
}
