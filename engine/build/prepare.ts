// Makes the sandbox image and its image mirror exist, building only what is
// missing: raw Debian root → normalized debian → library images → mirror
// volume → sandbox image. The sandbox image is built last, so its presence
// means everything before it finished. Builds take a lock on the engine, so
// two processes never build (and clean up) at the same time.
import type Docker from 'dockerode';
import type { EngineConfig } from '../config.ts';
import type { Say } from '../host/commands.ts';
import { withBuildLock } from './build-lock.ts';
import { buildImage, imageExists } from './build-image.ts';
import { ensureDebianRoot } from './debian-root.ts';
import { planImages, type ImagePlan } from './inputs.ts';
import { ownLabels } from './labels.ts';
import { fillMirror } from './mirror.ts';
import { pruneEarlierBuilds } from './prune.ts';
import { TOOLS_DIR } from '../sandbox/commands.ts';

async function volumeExists(docker: Docker, name: string): Promise<boolean> {
  try {
    await docker.getVolume(name).inspect();
    return true;
  } catch {
    return false;
  }
}

/** The check tools baked into the image, copied once into a volume sandboxes mount read-only. */
async function fillToolsVolume(docker: Docker, plan: ImagePlan): Promise<void> {
  await docker.getVolume(plan.toolsVolume).remove().catch(() => undefined);
  await docker.createVolume({ Name: plan.toolsVolume, Labels: ownLabels(plan, 'tools') });
  // An empty named volume is filled from the image's content at that path when first mounted.
  const filler = await docker.createContainer({
    Image: plan.sandboxImage,
    Entrypoint: ['true'],
    Labels: ownLabels(plan, 'tools-filler'),
    HostConfig: { NetworkMode: 'none', Mounts: [{ Type: 'volume', Source: plan.toolsVolume, Target: TOOLS_DIR }] },
  });
  try {
    await filler.start();
    await filler.wait();
  } finally {
    await filler.remove({ force: true });
  }
}

async function ready(docker: Docker, plan: ImagePlan): Promise<boolean> {
  return (await imageExists(docker, plan.sandboxImage)) && (await volumeExists(docker, plan.mirrorVolume)) && (await volumeExists(docker, plan.toolsVolume));
}

export async function prepareImages(docker: Docker, config: EngineConfig, say: Say): Promise<ImagePlan> {
  const plan = await planImages(config);
  if (await ready(docker, plan)) return plan;
  return withBuildLock(docker, plan.hash, say, async () => {
    // Whoever held the lock before may have built it all.
    if (await ready(docker, plan)) return plan;
    if (await imageExists(docker, plan.sandboxImage) && await volumeExists(docker, plan.mirrorVolume)) {
      await fillToolsVolume(docker, plan);
      return plan;
    }
    await build(docker, config, plan, say);
    return plan;
  });
}

async function build(docker: Docker, config: EngineConfig, plan: ImagePlan, say: Say): Promise<void> {
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
  await fillToolsVolume(docker, plan);
  say(`Sandbox image ready in ${Math.round((Date.now() - started) / 1000)}s.`);
  await pruneEarlierBuilds(docker, plan, say);
}
