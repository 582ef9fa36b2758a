// After a new build, removes images and mirror volumes of earlier builds but
// the most recent one: a second checkout on another image tree (a branch, a
// worktree) keeps its build instead of rebuilding it, and removing this one,
// on its next run. The engine refuses to remove what a running sandbox still
// uses; those are left for a later build to collect.
import type Docker from 'dockerode';
import type { Say } from '../host/commands.ts';
import type { ImagePlan } from './inputs.ts';
import { IMAGE_HASH_LABEL } from './labels.ts';

export async function pruneEarlierBuilds(docker: Docker, plan: ImagePlan, say: Say): Promise<void> {
  const filters = { label: [IMAGE_HASH_LABEL] };
  const images = await docker.listImages({ filters });
  const builtAt = new Map<string, number>();
  for (const image of images) {
    const hash = image.Labels?.[IMAGE_HASH_LABEL];
    if (hash && hash !== plan.hash) builtAt.set(hash, Math.max(builtAt.get(hash) ?? 0, image.Created));
  }
  const [previous] = [...builtAt.entries()].sort((a, b) => b[1] - a[1]).map(([hash]) => hash);
  const kept = new Set([plan.hash, previous]);
  let removed = 0;
  for (const image of images) {
    if (kept.has(image.Labels?.[IMAGE_HASH_LABEL])) continue;
    for (const tag of image.RepoTags ?? []) {
      if (await docker.getImage(tag).remove().then(() => true, () => false)) removed++;
    }
  }
  for (const volume of (await docker.listVolumes({ filters })).Volumes ?? []) {
    if (kept.has(volume.Labels?.[IMAGE_HASH_LABEL])) continue;
    if (await docker.getVolume(volume.Name).remove().then(() => true, () => false)) removed++;
  }
  if (removed) say(`Removed ${removed} image tag(s) and volume(s) of earlier builds (kept ${previous ?? 'no other build'}, the one before this).`);
}
