// The sandbox engine's figures: how fast a learner gets a sandbox, what one
// costs in memory and disk, and what the offline image mirror costs per pull.
import Docker from 'dockerode';
import { loadEngineConfig, prepareHost, SandboxEngine, WarmPool } from '../../engine/index.ts';
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
  const { docker, plan } = await prepareHost(config, log);
  const engine = new SandboxEngine(docker, config, plan);
  await engine.adopt();
  for (const leftover of engine.list()) await engine.destroy(leftover.id);
  const figures: Figure[] = [];

  log('plain docker run (baseline) …');
  const plain = await repeat(RUNS, () => plainDockerRun(docker, plan.debianImage));
  log('cold sandbox create → nested engine answering …');
  const coldCreate: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const [ms, sandbox] = await time(() => engine.create());
    coldCreate.push(ms);
    await engine.destroy(sandbox.id);
  }
  figures.push({ name: 'cold sandbox: create → nested engine answering', unit: 'ms', samples: coldCreate, target: '≤ 2000 ms', baseline: `plain \`docker run true\`: ${Math.round(median(plain))} ms` });

  log('warm pool claim …');
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
  figures.push({ name: 'warm pool: claim a ready sandbox', unit: 'ms', samples: claims, target: '≤ 300 ms' });

  const [probe] = pool.ready();
  log('exec round trip …');
  figures.push({ name: 'exec round trip (`true`)', unit: 'ms', samples: await repeat(20, () => engine.run(probe.id, ['true'])) });

  log('idle memory and disk …');
  const idle = [probe, ...(await Promise.all([engine.create(), engine.create(), engine.create()]))];
  await new Promise((r) => setTimeout(r, 10_000));
  const memory = await Promise.all(idle.map(async (s) => {
    const stats = await docker.getContainer(s.containerId).stats({ stream: false });
    const cache = stats.memory_stats.stats?.total_inactive_file ?? stats.memory_stats.stats?.inactive_file ?? 0;
    return (stats.memory_stats.usage - cache) / 1024 ** 2;
  }));
  figures.push({ name: 'idle sandbox memory (nested engine running)', unit: 'MiB', samples: memory });
  figures.push({ name: 'disk per fresh sandbox (its two volumes)', unit: 'MiB', samples: await Promise.all(idle.map(async (s) => (await volumeBytes(engine, s.id)) / 1024 ** 2)) });

  log('pulls from the offline mirror …');
  const pulls: Record<string, number[]> = { busybox: [], nginx: [], python: [] };
  const diskAfter: number[] = [];
  for (const s of idle) {
    for (const image of Object.keys(pulls)) {
      pulls[image].push((await time(() => engine.run(s.id, ['docker', 'pull', '-q', image], { timeoutMs: 120_000 })))[0]);
    }
    diskAfter.push((await volumeBytes(engine, s.id)) / 1024 ** 2);
  }
  for (const [image, samples] of Object.entries(pulls)) figures.push({ name: `first \`docker pull ${image}\` in a sandbox (offline mirror)`, unit: 'ms', samples });
  figures.push({ name: 'disk per sandbox after pulling busybox, nginx, python', unit: 'MiB', samples: diskAfter });

  for (const s of idle) await engine.destroy(s.id);
  return figures;
}
