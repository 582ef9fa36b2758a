// What the sandbox image is made of, and the names derived from it: a hash of
// every file under engine/image (plus the mirrors) names the images and the
// mirror volume, so a change rebuilds them and an unchanged tree never does.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot, type EngineConfig } from '../config.ts';

export const imageDir = path.join(projectRoot, 'engine', 'image');

const catalogSchema = z.object({
  images: z.array(z.object({ name: z.string().regex(/^[a-z0-9]+$/), tags: z.array(z.string()).min(1) })).min(1),
});
export type LibraryImage = z.infer<typeof catalogSchema>['images'][number];

export interface ImagePlan {
  hash: string;
  debianImage: string;
  libraryImage: (name: string) => string;
  sandboxImage: string;
  mirrorVolume: string;
  toolsVolume: string;
  library: LibraryImage[];
  buildArgs: Record<string, string>;
}

export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

export async function planImages(config: EngineConfig, sourceDir = imageDir): Promise<ImagePlan> {
  const hasher = createHash('sha256');
  for (const file of await listFiles(sourceDir)) {
    hasher.update(file).update('\0').update(await readFile(path.join(sourceDir, file))).update('\0');
  }
  const buildArgs = {
    DEBIAN_MIRROR: config.DOCKYARD_DEBIAN_MIRROR,
    DEBIAN_SECURITY_MIRROR: config.DOCKYARD_DEBIAN_SECURITY_MIRROR,
  };
  hasher.update(JSON.stringify(buildArgs));
  const hash = hasher.digest('hex').slice(0, 12);
  const catalog = catalogSchema.parse(JSON.parse(await readFile(path.join(sourceDir, 'library', 'catalog.json'), 'utf8')));
  return {
    hash,
    debianImage: `dockyard/library-debian:${hash}`,
    libraryImage: (name) => `dockyard/library-${name}:${hash}`,
    sandboxImage: `dockyard/sandbox:${hash}`,
    mirrorVolume: `dockyard-mirror-${hash}`,
    toolsVolume: `dockyard-tools-${hash}`,
    library: catalog.images,
    buildArgs,
  };
}
