// Makes the sandbox image and its image mirror exist, building only what is
// missing: raw Debian root → normalized debian → library images → mirror
// volume → sandbox image. The sandbox image is built last, so its presence
// means everything before it finished.
import type Docker from 'dockerode';
import type { EngineConfig } from '../config.ts';
import type { Say } from '../host/commands.ts';
import { buildImage, imageExists } from './build-image.ts';
import { ensureDebianRoot } from './debian-root.ts';
import { planImages, type ImagePlan } from './inputs.ts';
import { ownLabels } from './labels.ts';
import { fillMirror } from './mirror.ts';
import { pruneEarlierBuilds } from './prune.ts';

async function volumeExists(docker: Docker, name: string): Promise<boolean> {
  try {
    await docker.getVolume(name).inspect();
    return true;
  } catch {
    return false;
  }
}

export async function prepareImages(docker: Docker, config: EngineConfig, say: Say): Promise<ImagePlan> {
  const plan = await planImages(config);
  if ((await imageExists(docker, plan.sandboxImage)) && (await volumeExists(docker, plan.mirrorVolume))) return plan;

  const started = Date.now();
  say(`Building the sandbox image ${plan.sandboxImage} (first run only; a few minutes)`);
  const root = await ensureDebianRoot(docker, config, say);
  // Only the debian image uses the mirror arguments: every other image inherits its apt sources.
  const fromDebian = { BASE_IMAGE: plan.debianImage };
  await buildImage(docker, { folder: 'library/debian', tag: plan.debianImage, buildArgs: { ...plan.buildArgs, BASE_IMAGE: root }, labels: ownLabels(plan, 'library') }, say);
  for (const { name } of plan.library.filter((image) => image.name !== 'debian')) {
    await buildImage(docker, { folder: `library/${name}`, tag: plan.libraryImage(name), buildArgs: fromDebian, labels: ownLabels(plan, 'library') }, say);
  }
  await fillMirror(docker, plan, say);
  await buildImage(docker, { folder: 'sandbox', tag: plan.sandboxImage, buildArgs: fromDebian, labels: ownLabels(plan, 'sandbox') }, say);
  say(`Sandbox image ready in ${Math.round((Date.now() - started) / 1000)}s.`);
  await pruneEarlierBuilds(docker, plan, say);
  return plan;
}
