// After a new build, removes images and mirror volumes of earlier builds.
// The engine refuses to remove what a running sandbox still uses; those are
// left for a later build to collect.
import type Docker from 'dockerode';
import type { Say } from '../host/commands.ts';
import type { ImagePlan } from './inputs.ts';
import { IMAGE_HASH_LABEL } from './labels.ts';

export async function pruneEarlierBuilds(docker: Docker, plan: ImagePlan, say: Say): Promise<void> {
  const filters = { label: [IMAGE_HASH_LABEL] };
  let removed = 0;
  for (const image of await docker.listImages({ filters })) {
    if (image.Labels?.[IMAGE_HASH_LABEL] === plan.hash) continue;
    for (const tag of image.RepoTags ?? []) {
      if (await docker.getImage(tag).remove().then(() => true, () => false)) removed++;
    }
  }
  for (const volume of (await docker.listVolumes({ filters })).Volumes ?? []) {
    if (volume.Labels?.[IMAGE_HASH_LABEL] === plan.hash) continue;
    if (await docker.getVolume(volume.Name).remove().then(() => true, () => false)) removed++;
  }
  if (removed) say(`Removed ${removed} image tag(s) and volume(s) of earlier builds.`);
}
