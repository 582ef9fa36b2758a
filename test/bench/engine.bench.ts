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
  figures.push({ name: `${on} cold sandbox: create → nested engine answering`, unit: 'ms', samples: coldCreate, target: '≤ 2000 ms', baseline: `plain \`docker run true\`: ${Math.round(plainMs)} ms` });

  log(`${on} warm pool claim …`);
  const pool = new WarmPool(engine, 1);
  const claims: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await pool.filled();
    const [ms, { sandbox }] = await time(() => pool.claim(`bench_${i}`));
    claims.push(ms);
    await engine.destroy(sandbox.id);
  }
  await pool.filled();
  pool.stop();
  figures.push({ name: `${on} warm pool: claim a ready sandbox`, unit: 'ms', samples: claims, target: '≤ 300 ms' });

  const [probe] = pool.ready();
  log(`${on} exec round trip …`);
  figures.push({ name: `${on} exec round trip (\`true\`)`, unit: 'ms', samples: await repeat(20, () => engine.run(probe.id, ['true'])) });

  log(`${on} idle memory and disk …`);
  const idle = [probe, ...(await Promise.all([engine.create(), engine.create(), engine.create()]))];
  await new Promise((r) => setTimeout(r, 10_000));
  // Its cgroup's memory minus reclaimable cache, as `docker stats` counts it, read from the host for either backend.
  const memory = await Promise.all(idle.map(async (s) => (await sandboxUsage(backend, s.ref)).memoryMiB));
  figures.push({ name: `${on} idle sandbox memory (nested engine running)`, unit: 'MiB', samples: memory });
  figures.push({ name: `${on} disk per fresh sandbox (/var/lib/docker and /root)`, unit: 'MiB', samples: await Promise.all(idle.map(async (s) => (await volumeBytes(engine, s.id)) / 1024 ** 2)) });

  log(`${on} pulls from the offline mirror …`);
  const pulls: Record<string, number[]> = { busybox: [], nginx: [], python: [] };
  const diskAfter: number[] = [];
  for (const s of idle) {
    for (const image of Object.keys(pulls)) {
      pulls[image].push((await time(() => engine.run(s.id, ['docker', 'pull', '-q', image], { timeoutMs: 120_000 })))[0]);
    }
    diskAfter.push((await volumeBytes(engine, s.id)) / 1024 ** 2);
  }
  for (const [image, samples] of Object.entries(pulls)) figures.push({ name: `${on} first \`docker pull ${image}\` in a sandbox (offline mirror)`, unit: 'ms', samples });
  figures.push({ name: `${on} disk per sandbox after pulling busybox, nginx, python`, unit: 'MiB', samples: diskAfter });

  for (const s of idle) await engine.destroy(s.id);
  return figures;
}
