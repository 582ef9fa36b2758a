// vitest globalSetup: the browser tests need Debian's chromium. A fresh
// machine (and CI) has none, so install it with apt-get when we are root.
// Parallel test runs share one lock, and the check is repeated under it, so
// only the first installs.
import { access, constants } from 'node:fs/promises';
import { isRoot, onPath, runProgram } from '../../engine/host/commands.ts';
import { CHROMIUM_PATH } from './chromium.ts';

const LOCK_FILE = '/tmp/dockyard-chromium-install.lock';

async function installed(): Promise<boolean> {
  try {
    await access(CHROMIUM_PATH, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function setup(): Promise<void> {
  if (await installed()) return;
  const manual = `Install it with \`apt-get install chromium\` (as root), then run the tests again.`;
  if (!isRoot()) throw new Error(`The browser tests need ${CHROMIUM_PATH}, which is missing, and only root can install it. ${manual}`);
  if (!(await onPath('apt-get'))) throw new Error(`The browser tests need ${CHROMIUM_PATH}, which is missing, and apt-get is not available to install it. ${manual}`);
  if (!(await onPath('flock'))) throw new Error(`Installing ${CHROMIUM_PATH} needs flock (util-linux) to keep parallel runs apart. ${manual}`);
  const say = (line: string) => process.stderr.write(`chromium set-up: ${line}\n`);
  say(`${CHROMIUM_PATH} is missing; installing Debian's chromium (about 80 MB to download).`);
  // DPkg::Lock::Timeout waits for any other apt run (e.g. the engine set-up installing docker.io).
  const apt = 'apt-get -o DPkg::Lock::Timeout=600';
  const script = `test -x ${CHROMIUM_PATH} || { ${apt} update && ${apt} install -y --no-install-recommends chromium fonts-liberation; }`;
  await runProgram('flock', [LOCK_FILE, 'sh', '-c', script], say, { ...process.env, DEBIAN_FRONTEND: 'noninteractive' });
  if (!(await installed())) throw new Error(`apt-get finished but ${CHROMIUM_PATH} is still missing. ${manual}`);
  say('chromium is installed.');
}
