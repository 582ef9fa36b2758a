// One image build at a time per engine, whichever process or checkout asks:
// the engine refuses a second network of the same name, which makes a lock
// that every client of that engine sees. A lock whose holder died is taken over.
import { hostname } from 'node:os';
import type Docker from 'dockerode';
import type { Say } from '../host/commands.ts';
import { engineStatus } from '../errors.ts';

const HOLDER_LABEL = 'dockyard.build-lock.holder';

function holderAlive(holder: string | undefined): boolean {
  const [host, pid] = (holder ?? '').split(':');
  if (host !== hostname()) return true; // cannot tell; assume it is working
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
}

export async function withBuildLock<T>(docker: Docker, hash: string, say: Say, work: () => Promise<T>): Promise<T> {
  const name = `dockyard-build-lock-${hash}`;
  let told = false;
  for (;;) {
    try {
      await docker.createNetwork({ Name: name, CheckDuplicate: true, Internal: true, Labels: { [HOLDER_LABEL]: `${hostname()}:${process.pid}` } });
      break;
    } catch (err) {
      if (engineStatus(err) !== 409) throw err;
      const existing = await docker.getNetwork(name).inspect().catch(() => undefined);
      if (existing && !holderAlive(existing.Labels?.[HOLDER_LABEL])) {
        await docker.getNetwork(name).remove().catch(() => undefined);
        continue;
      }
      if (!told) say('Another process is building the sandbox image; waiting for it.');
      told = true;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await work();
  } finally {
    await docker.getNetwork(name).remove().catch(() => undefined);
  }
}
