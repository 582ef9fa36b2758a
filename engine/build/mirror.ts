// Fills the shared, read-only image mirror that every sandbox's nested engine
// pulls from: a registry run once on the host pushes the library images into
// a volume, which sandboxes then mount read-only. A learner's `docker run
// nginx` is a real pull, paid only for the images that learner uses.
import type Docker from 'dockerode';
import type { Say } from '../host/commands.ts';
import type { ImagePlan } from './inputs.ts';
import { followProgress } from './progress.ts';
import { IMAGE_ROLE_LABEL, ownLabels } from './labels.ts';

async function waitForRegistry(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the registry filling the mirror did not answer at ${url}`);
}

/** A build that was interrupted can leave its registry running, holding the volume. */
async function removeLeftovers(docker: Docker, plan: ImagePlan): Promise<void> {
  const fillers = await docker.listContainers({ all: true, filters: { label: [`${IMAGE_ROLE_LABEL}=mirror-filler`] } });
  for (const filler of fillers) await docker.getContainer(filler.Id).remove({ force: true });
  await docker.getVolume(plan.mirrorVolume).remove().catch(() => undefined);
}

export async function fillMirror(docker: Docker, plan: ImagePlan, say: Say): Promise<void> {
  await removeLeftovers(docker, plan);
  await docker.createVolume({ Name: plan.mirrorVolume, Labels: ownLabels(plan, 'mirror') });
  const registry = await docker.createContainer({
    Image: plan.libraryImage('registry'),
    Labels: ownLabels(plan, 'mirror-filler'),
    HostConfig: {
      Mounts: [{ Type: 'volume', Source: plan.mirrorVolume, Target: '/var/lib/registry' }],
      PortBindings: { '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
    },
  });
  try {
    await registry.start();
    const port = (await registry.inspect()).NetworkSettings.Ports['5000/tcp']?.[0]?.HostPort;
    if (!port) throw new Error('the mirror registry got no host port');
    const host = `127.0.0.1:${port}`;
    await waitForRegistry(`http://${host}/v2/`);
    for (const { name, tags } of plan.library) {
      for (const tag of tags) {
        const pushName = `${host}/library/${name}`;
        say(`[mirror] ${name}:${tag}`);
        await docker.getImage(plan.libraryImage(name)).tag({ repo: pushName, tag });
        const stream = await docker.getImage(`${pushName}:${tag}`).push({ authconfig: {} } as object);
        await followProgress(docker, stream, () => undefined, '[mirror]');
        await docker.getImage(`${pushName}:${tag}`).remove({ noprune: true });
      }
    }
  } finally {
    await registry.remove({ force: true, v: false });
  }
}
