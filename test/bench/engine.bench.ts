// The sandbox engine's figures: how fast a learner gets a sandbox, what one
// costs in memory and disk, and what the offline image mirror costs per pull.
// Measured on the configured backend (DOCKYARD_ENGINE) and, when that is
// Incus, on the Docker backend too in the same run, each figure named by its backend.
import Docker from 'dockerode';
import { planImages } from '../../engine/build/inputs.ts';
import { loadEngineConfig, prepareHost, SandboxEngine, WarmPool, type SandboxBackend } from '../../engine/index.ts';
import { sandboxUsage } from '../load/host-probe.ts';
import { median, repeat, time, type Figure } from './stats.ts';

const RUNS = 5;

async function plainDockerRun(docker: Docker, image: string): Promise<void> {
  const container = await docker.createContainer({ Image: image, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
  await container.start();
  await container.wait();
  await container.remove({ force: true });
}

async function volumeBytes(engine: SandboxEngine, id: string): Promise<number> {
  const result = await engine.run(id, ['du', '-sxb', '/var/lib/docker', '/root'], { as: 'platform' });
  return result.stdout.trim().split('\n').reduce((sum, line) => sum + Number(line.split('\t')[0]), 0);
}

export async function benchEngine(log: (line: string) => void): Promise<Figure[]> {
  const config = loadEngineConfig({ ...process.env, DOCKYARD_NAMESPACE: 'bench' });
  const backends = [await prepareHost(config, log)];
  if (backends[0].name === 'incus') {
    // Docker's figures beside Incus's: Docker builds the sandbox image anyway, so it is usually at hand.
    const dockerConfig = loadEngineConfig({ ...process.env, DOCKYARD_NAMESPACE: 'bench', DOCKYARD_ENGINE: 'docker' });
    await prepareHost(dockerConfig, log).then((backend) => backends.push(backend), (err: Error) => log(`no Docker backend figures: ${err.message}`));
  }
  // The baseline needs Docker itself, whichever backend runs the sandboxes.
  log('plain docker run (baseline) …');
  const docker = new Docker();
  const { debianImage } = await planImages(config);
  const plain = await repeat(RUNS, () => plainDockerRun(docker, debianImage));
  const figures: Figure[] = [];
  for (const backend of backends) figures.push(...(await benchBackend(backend, median(plain), log)));
  return figures;
}

async function benchBackend(backend: SandboxBackend, plainMs: number, log: (line: string) => void): Promise<Figure[]> {
  const config = loadEngineConfig({ ...process.env, DOCKYARD_NAMESPACE: 'bench', DOCKYARD_ENGINE: backend.name });
  const engine = new SandboxEngine(backend, config);
  await engine.adopt();
  for (const leftover of engine.list()) await engine.destroy(leftover.id);
  const figures: Figure[] = [];
  const on = `${backend.name}:`;
  log(`${on} cold sandbox create → nested engine answering …`);
  const coldCreate: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const [ms, sandbox] = await time(() => engine.create());
    coldCreate.push(ms);
    await engine.destroy(sandbox.id);
  }
  figures.push({ name: `${on} cold sandbox: create → nested engine answering`, unit: 'ms', samples: coldCreate, target: '≤ 800 ms', baseline: `plain \`docker run true\`: ${Math.round(plainMs)} ms` });

  log(`${on} warm pool claim …`);
  const pool = new WarmPool(engine, 1);
  const claims: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await pool.filled();
    const [ms, { sandbox }] = await time(() => pool.claim(`bench_${i}`));
    claims.push(ms);
    await engine.destroy(sandbox.id);
  }
  figures.push({ name: `${on} warm pool: claim a ready sandbox`, unit: 'ms', samples: claims, target: '≤ 300 ms' });
  figures.push(...(await benchReset(engine, pool, on, log)));
  await pool.filled();
  pool.stop();

  const [probe] = pool.ready();
  log(`${on} exec round trip …`);
  figures.push({ name: `${on} exec round trip (\`true\`)`, unit: 'ms', samples: await repeat(20, () => engine.run(probe.id, ['true'])), target: '≤ 25 ms' });

  log(`${on} idle memory and disk …`);
  const idle = [probe, ...(await Promise.all([engine.create(), engine.create(), engine.create()]))];
  await new Promise((r) => setTimeout(r, 10_000));
  // Its cgroup's memory minus reclaimable cache, as `docker stats` counts it, read from the host for either backend.
  const memory = await Promise.all(idle.map(async (s) => (await sandboxUsage(backend, s.ref)).memoryMiB));
  figures.push({ name: `${on} idle sandbox memory (nested engine running)`, unit: 'MiB', samples: memory, target: '≤ 60 MiB' });
  figures.push({ name: `${on} disk per fresh sandbox (/var/lib/docker and /root)`, unit: 'MiB', samples: await Promise.all(idle.map(async (s) => (await volumeBytes(engine, s.id)) / 1024 ** 2)) });

  log(`${on} first \`docker run nginx\` and pulls from the offline mirror …`);
  // In each fresh sandbox, first a learner's `docker run -d nginx` (pull included), then pulls of images it has not seen.
  const firstRun: number[] = [];
  const pulls: Record<string, number[]> = { busybox: [], python: [] };
  const diskAfter: number[] = [];
  for (const s of idle) {
    const [ms, run] = await time(() => engine.run(s.id, ['docker', 'run', '-d', '--name', 'web', 'nginx'], { timeoutMs: 120_000 }));
    if (run.exitCode !== 0) throw new Error(`docker run nginx failed in a fresh sandbox: ${run.stderr}`);
    firstRun.push(ms);
    for (const image of Object.keys(pulls)) {
      pulls[image].push((await time(() => engine.run(s.id, ['docker', 'pull', '-q', image], { timeoutMs: 120_000 })))[0]);
    }
    diskAfter.push((await volumeBytes(engine, s.id)) / 1024 ** 2);
  }
  figures.push({ name: `${on} first \`docker run -d nginx\` in a fresh sandbox (pull from the offline mirror included)`, unit: 'ms', samples: firstRun, target: '≤ 1000 ms' });
  for (const [image, samples] of Object.entries(pulls)) figures.push({ name: `${on} first \`docker pull ${image}\` in a sandbox (offline mirror)`, unit: 'ms', samples });
  figures.push({ name: `${on} disk per sandbox after nginx, busybox, python`, unit: 'MiB', samples: diskAfter });

  for (const s of idle) await engine.destroy(s.id);
  return figures;
}

/**
 * A learner's reset, both ways SessionManager.reset gives a fresh sandbox:
 * taking one that waits in the pool (the old one goes in the background), and,
 * with none waiting, the backend's in-place restore (Incus) or remove-and-make
 * (Docker, which cannot restore).
 */
async function benchReset(engine: SandboxEngine, pool: WarmPool, on: string, log: (line: string) => void): Promise<Figure[]> {
  log(`${on} reset …`);
  const fromPool: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await pool.filled();
    const [ms, spare] = await time(() => pool.takeWaiting(`bench_reset_${i}`));
    if (!spare) throw new Error('the pool was filled but had no sandbox waiting');
    fromPool.push(ms);
    await engine.destroy(spare.id);
  }
  let sandbox = await engine.create('bench_reset');
  const inPlace: number[] = [];
  let restored = false;
  for (let i = 0; i < RUNS; i++) {
    // Something to undo: a running nested container and a file.
    await engine.run(sandbox.id, ['sh', '-c', 'docker run -d busybox sleep 600 >/dev/null && echo x > /root/work']);
    const [ms] = await time(async () => {
      restored = await engine.restore(sandbox.id);
      if (restored) return;
      await engine.destroy(sandbox.id);
      sandbox = await engine.create('bench_reset');
    });
    inPlace.push(ms);
  }
  const left = await engine.run(sandbox.id, ['sh', '-c', 'ls /root; docker ps -q']);
  if (left.stdout.trim()) throw new Error(`a reset sandbox still holds what was made before it: ${left.stdout}`);
  await engine.destroy(sandbox.id);
  return [
    { name: `${on} reset, a sandbox waiting in the pool (taken; the old one is removed in the background)`, unit: 'ms', samples: fromPool, target: '≤ 1000 ms' },
    {
      name: restored ? `${on} reset in place, none waiting in the pool (rebuilt from the image and started)` : `${on} reset, none waiting in the pool (old one removed, new one made)`,
      unit: 'ms', samples: inPlace, target: '≤ 1000 ms',
    },
  ];
}
