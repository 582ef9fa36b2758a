// What one learner's abuse costs a neighbour on the same server: the
// neighbour's keystroke echo while the abuser runs a fork bomb, a memory hog,
// a disk filler, CPU spinners, an output flood, or floods of tiny frames,
// against the neighbour's echo without abuse in the same run. Also how far a
// full-speed writer gets past the disk budget before it is stopped.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { projectRoot } from '../../engine/config.ts';
import { loadEngineConfig, prepareHost, SandboxEngine } from '../../engine/index.ts';
import { allocatedBytes } from '../../engine/docker/disk-usage.ts';
import { Learner, type TerminalClient } from '../server/clients.ts';
import { startServerProcess } from './server-process.ts';
import { median, percentile, type Figure } from './stats.ts';

const PROMPT = /root@sandbox:~# $/;
const SAMPLES = 200;
const TARGET = '≤ 50 ms';
const DISK_BUDGET_MIB = 1024;

async function echoSamples(term: TerminalClient, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const before = term.received;
    const started = process.hrtime.bigint();
    term.type(i % 2 ? '\x7f' : 'x'); // type, then erase, so the line never grows
    while (term.received === before) await new Promise((r) => setImmediate(r));
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ms = (n: number) => `${n.toFixed(2)} ms`;

interface Abuse {
  name: string;
  /** Starts the abuse; returns how to end it. */
  start(): Promise<() => Promise<void>>;
}

/**
 * Runs the abuses one after another against a server in its own process.
 * Figures: per abuse, the neighbour's echo (median, p95, p99) against the
 * 50 ms target, with the unabused echo as baseline; and the disk budget's overshoot.
 */
export async function benchAbuse(log: (line: string) => void): Promise<Figure[]> {
  const namespace = 'bench-abuse';
  const server = await startServerProcess(namespace, {
    DOCKYARD_POOL_SIZE: '0', DOCKYARD_TERMINALS_PER_SESSION: '32', DOCKYARD_SESSION_RATE_LIMIT: '100', DOCKYARD_SANDBOX_DISK_BUDGET: `${DISK_BUDGET_MIB}m`,
  });
  const abuser = new Learner(server.url);
  const neighbour = new Learner(server.url);
  const figures: Figure[] = [];
  const clients: ChildProcess[] = [];
  try {
    const abuserSession = (await abuser.session()).id;
    const neighbourSession = (await neighbour.session()).id;
    // The platform's side (stopping the learner's processes, measuring disk) from this process, as in server.bench.ts.
    const config = loadEngineConfig({ ...process.env, DOCKYARD_NAMESPACE: namespace });
    const backend = await prepareHost(config, log);
    const engine = new SandboxEngine(backend, config);
    await engine.adopt();
    const abuserSandbox = engine.list().find((s) => s.owner?.endsWith(`-${abuserSession}`))!.id;
    // On a host this busy, one stop can run out of time: a second try follows it.
    const stopAbuser = () => engine.stopLearnerProcesses(abuserSandbox).catch((err: Error) => {
      log(`abuse: ${err.message}; trying again`);
      return engine.stopLearnerProcesses(abuserSandbox);
    });

    const watch = await neighbour.terminal(neighbourSession, 'watch');
    await watch.waitFor(PROMPT, 30_000);
    await echoSamples(watch, 20); // warm-up
    log('abuse: neighbour echo without abuse …');
    const calm = await echoSamples(watch, SAMPLES);
    const baseline = `no abuse: median ${ms(median(calm))}, p95 ${ms(percentile(calm, 95))}`;
    figures.push({ name: 'neighbour echo, no abuse', unit: 'ms', samples: calm, target: TARGET, tail: true });

    let terminals = 0;
    const typeInAbuser = async (command: string) => {
      const term = await abuser.terminal(abuserSession, `abuse${++terminals}`);
      await term.waitFor(PROMPT, 30_000);
      term.type(`${command}\n`);
      return term;
    };
    const abuseClient = (mode: string) => {
      const url = `${server.url.replace('http', 'ws')}/api/sessions/${abuserSession}/terminals/abuse${++terminals}`;
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'test', 'bench', 'abuse-client.ts'), url, abuser.cookie, mode], { stdio: ['ignore', 'ignore', 'inherit'], cwd: projectRoot });
      clients.push(child);
      return async () => {
        child.kill();
        await once(child, 'exit');
      };
    };

    let floodRss = '';
    const abuses: Abuse[] = [
      { name: 'a fork bomb', start: async () => { await typeInAbuser('bomb() { bomb | bomb & }; bomb'); return stopAbuser; } },
      { name: 'a memory hog (OOM-killed over and over)', start: async () => { await typeInAbuser('while :; do head -c 4G /dev/zero | tail; done'); return stopAbuser; } },
      { name: 'a disk writer (dd, 700 MB, again and again)', start: async () => { await typeInAbuser('while :; do dd if=/dev/zero of=/root/fill bs=1M count=700 2>/dev/null; rm -f /root/fill; done'); return async () => { await stopAbuser(); await engine.run(abuserSandbox, ['rm', '-f', '/root/fill'], { as: 'platform' }); }; } },
      { name: 'CPU spinners (4)', start: async () => { await typeInAbuser('for i in 1 2 3 4; do (while :; do :; done) & done'); return stopAbuser; } },
      { name: 'an output flood (`yes`, acknowledged)', start: async () => {
        const before = await server.rssMiB();
        const stop = abuseClient('flood');
        return async () => {
          floodRss = `; server RSS ${Math.round(before)} → ${Math.round(await server.rssMiB())} MiB`;
          await stop();
          await stopAbuser();
        };
      } },
      { name: 'one-byte input frames, nonstop', start: async () => { const stop = abuseClient('frames'); return async () => { await stop(); await stopAbuser(); }; } },
      { name: 'ack and resize frames, nonstop', start: async () => abuseClient('controls') },
    ];
    for (const abuse of abuses) {
      log(`abuse: neighbour echo during ${abuse.name} …`);
      const stop = await abuse.start();
      await sleep(2000); // let it take hold
      const samples = await echoSamples(watch, SAMPLES);
      await stop();
      figures.push({ name: `neighbour echo during ${abuse.name}`, unit: 'ms', samples, target: TARGET, baseline: `${baseline}${abuse.name.startsWith('an output flood') ? floodRss : ''}`, tail: true });
      await sleep(1000); // let the host settle before the next one
    }

    log('abuse: disk budget overshoot …');
    // The host directories the disk budget measures: Docker's layer and volumes; none on Incus, whose btrfs quota holds the sandbox instead.
    const storage = await backend.storagePaths(engine.get(abuserSandbox)!.ref);
    if (storage) {
      const overshoot: number[] = [];
      for (let i = 0; i < 3; i++) {
        const term = await typeInAbuser('dd if=/dev/zero of=/root/fill bs=1M count=8000');
        await term.closed(60_000); // the budget stops the learner's processes, its shell among them
        overshoot.push((await allocatedBytes(storage)) / 1024 ** 2 - DISK_BUDGET_MIB);
        await engine.run(abuserSandbox, ['rm', '-f', '/root/fill'], { as: 'platform' });
        await sleep(1500);
      }
      figures.push({ name: `disk use past a ${DISK_BUDGET_MIB} MiB budget when dd (full speed) is stopped`, unit: 'MiB', samples: overshoot, target: 'stopped before 2× budget (then removed)' });
    } else {
      log(`abuse: the ${backend.name} backend's sandbox storage is not measured from this host; no disk overshoot figure`);
    }
  } finally {
    for (const child of clients) if (child.exitCode === null) child.kill();
    for (const someone of [abuser, neighbour]) {
      const { id } = await someone.session().catch(() => ({ id: '' }));
      if (id) await someone.request('DELETE', `/api/sessions/${id}`);
    }
    await server.stop();
  }
  return figures;
}
