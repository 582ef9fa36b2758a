// The raw Debian bookworm root every image starts from: the registry's
// debian:bookworm-slim where a registry answers, otherwise a minimal root
// made by debootstrap from the Debian mirror and imported into the engine.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import type { EngineConfig } from '../config.ts';
import { aptInstall, isRoot, onPath, runProgram, type Say } from '../host/commands.ts';
import { imageExists } from './build-image.ts';
import { followProgress } from './progress.ts';

const REGISTRY_IMAGE = 'debian:bookworm-slim';
const IMPORTED_IMAGE = 'dockyard/debootstrap:bookworm-minbase';
// debootstrap reports each of ~90 packages four times; the phase lines are progress enough.
const PER_PACKAGE_LINE = /^I: (Retrieving|Validating|Extracting|Unpacking|Configuring) [a-z0-9][a-z0-9.+:-]*( |\.\.\.$|$)/;


async function pullFromRegistry(docker: Docker, say: Say): Promise<boolean> {
  try {
    const stream = await docker.pull(REGISTRY_IMAGE);
    await followProgress(docker, stream, say, '[debian]');
    return true;
  } catch (err) {
    say(`[debian] ${REGISTRY_IMAGE} cannot be pulled (${(err as Error).message.split('\n')[0]}); building it with debootstrap instead.`);
    return false;
  }
}

async function importWithDebootstrap(docker: Docker, config: EngineConfig, say: Say): Promise<void> {
  if (!(await onPath('debootstrap'))) {
    if (!isRoot()) throw new Error('debootstrap is needed to build the Debian base offline; install it (apt-get install debootstrap) or make debian:bookworm-slim pullable.');
    await aptInstall(['debootstrap'], say);
  }
  await mkdir(config.DOCKYARD_STATE_DIR, { recursive: true });
  const rootDir = await mkdtemp(path.join(config.DOCKYARD_STATE_DIR, 'debootstrap-'));
  try {
    say(`[debian] debootstrap --variant=minbase bookworm from ${config.DOCKYARD_DEBIAN_MIRROR} (about a minute)`);
    await runProgram('debootstrap', ['--variant=minbase', 'bookworm', rootDir, config.DOCKYARD_DEBIAN_MIRROR], (line) => {
      if (!PER_PACKAGE_LINE.test(line)) say(`[debian] ${line}`);
    });
    say(`[debian] importing the root filesystem as ${IMPORTED_IMAGE}`);
    // debootstrap leaves its downloaded .debs and package lists behind: about 80 MB no image needs.
    const tar = spawn('tar', ['--numeric-owner', '--exclude=./var/cache/apt/archives/*.deb', '--exclude=./var/lib/apt/lists/*', '-C', rootDir, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [repo, tag] = IMPORTED_IMAGE.split(':');
    const stream = await docker.importImage(tar.stdout, { repo, tag, changes: ['CMD ["bash"]'] } as object);
    await followProgress(docker, stream, say, '[debian]');
  } finally {
    await rm(rootDir, { recursive: true, force: true });
  }
}

/** Returns the name of a raw Debian bookworm image present in the engine, making it if needed. */
export async function ensureDebianRoot(docker: Docker, config: EngineConfig, say: Say): Promise<string> {
  const source = config.DOCKYARD_BASE_SOURCE;
  if (source !== 'debootstrap') {
    if (await imageExists(docker, REGISTRY_IMAGE)) return REGISTRY_IMAGE;
  }
  if (source !== 'registry' && (await imageExists(docker, IMPORTED_IMAGE))) return IMPORTED_IMAGE;
  if (source !== 'debootstrap' && (await pullFromRegistry(docker, say))) return REGISTRY_IMAGE;
  if (source === 'registry') throw new Error(`${REGISTRY_IMAGE} cannot be pulled and DOCKYARD_BASE_SOURCE=registry.`);
  await importWithDebootstrap(docker, config, say);
  return IMPORTED_IMAGE;
}
