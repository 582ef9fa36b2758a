// The server's terminal figures: what it adds to a keystroke's echo over a
// direct exec into the same sandbox, output throughput with flow control,
// Ctrl-C during `yes`, and many open terminals on one server.
import type { Duplex } from 'node:stream';
import { loadEngineConfig, prepareHost, SandboxEngine } from '../../engine/index.ts';
import { Learner, type TerminalClient } from '../server/clients.ts';
import { startServerProcess } from './server-process.ts';
import { median, type Figure } from './stats.ts';

const PROMPT = /root@sandbox:~# $/;

async function echoSamples(send: (data: string) => void, received: () => number, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const before = received();
    const started = process.hrtime.bigint();
    send(i % 2 ? '\x7f' : 'x'); // type, then erase, so the line never grows
    while (received() === before) await new Promise((r) => setImmediate(r));
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples;
}

function countBytes(stream: Duplex): () => number {
  let total = 0;
  stream.on('data', (chunk: Buffer) => { total += chunk.length; });
  return () => total;
}

async function waitForPrompt(term: TerminalClient, from: number): Promise<void> {
  await term.waitFor(PROMPT, 30_000, from);
}

export async function benchServer(log: (line: string) => void): Promise<Figure[]> {
  const namespace = 'bench-server';
  const server = await startServerProcess(namespace, {
    DOCKYARD_TERMINALS_PER_SESSION: '32', DOCKYARD_POOL_SIZE: '0', DOCKYARD_MAX_SANDBOXES: '30', DOCKYARD_MAX_SESSIONS_PER_CLIENT: '20', DOCKYARD_SESSION_RATE_LIMIT: '100',
  });
  const figures: Figure[] = [];
  const learners: Learner[] = [];
  try {
    const learner = new Learner(server.url);
    learners.push(learner);
    const { id } = await learner.session();
    // The baseline talks to the same sandbox directly, from this process.
    const config = loadEngineConfig({ ...process.env, DOCKYARD_NAMESPACE: namespace });
    const engine = new SandboxEngine(await prepareHost(config, log), config);
    await engine.adopt();
    const sandboxId = engine.list().find((s) => s.owner?.endsWith(`-${id}`))!.id;

    log('keystroke echo: direct exec …');
    const direct = await engine.openShell(sandboxId, { cols: 80, rows: 24 });
    const directBytes = countBytes(direct.stream);
    await new Promise((r) => setTimeout(r, 500));
    await echoSamples((d) => direct.stream.write(d), directBytes, 20); // warm-up
    const directSamples = await echoSamples((d) => direct.stream.write(d), directBytes, 200);
    direct.close();

    log('keystroke echo: through the server …');
    const term = await learner.terminal(id, 'echo');
    await waitForPrompt(term, 0);
    await echoSamples((d) => term.type(d), () => term.received, 20); // warm-up
    const viaServer = await echoSamples((d) => term.type(d), () => term.received, 200);
    const added = median(viaServer) - median(directSamples);
    figures.push({ name: 'keystroke echo through the server', unit: 'ms', samples: viaServer, target: '≤ 2 ms added', baseline: `direct exec: ${median(directSamples).toFixed(2)} ms → added ${added.toFixed(2)} ms` });

    log('output throughput …');
    const throughput: number[] = [];
    for (let i = 0; i < 3; i++) {
      const from = term.received;
      const started = Date.now();
      term.type(`head -c 30000000 /dev/zero | tr '\\0' a; echo; echo end-$((${i}+100))\n`);
      await term.waitFor(new RegExp(`end-${i + 100}\\r\\n`), 120_000, from);
      throughput.push((term.received - from) / 1e6 / ((Date.now() - started) / 1000));
    }
    figures.push({ name: 'terminal output throughput (30 MB, acknowledged)', unit: 'MB/s', samples: throughput, target: '≥ 30 MB/s' });

    log('Ctrl-C during yes …');
    const interrupts: number[] = [];
    for (let i = 0; i < 5; i++) {
      term.type('yes\n');
      await term.waitFor(/(y\r\n){200}/, 10_000, term.received);
      const from = term.received;
      const started = Date.now();
      term.type('\x03');
      await waitForPrompt(term, from);
      interrupts.push(Date.now() - started);
    }
    figures.push({ name: 'Ctrl-C during `yes` → prompt', unit: 'ms', samples: interrupts, target: '≤ 200 ms' });
    term.close();

    log('many open terminals …');
    const open: TerminalClient[] = [];
    const perSession = 32;
    for (let s = 0; s < 16; s++) {
      const someone = new Learner(server.url);
      learners.push(someone);
      const session = (await someone.session()).id;
      for (let t = 0; t < perSession; t++) open.push(await someone.terminal(session, `t${t}`));
    }
    const memory = await server.rssMiB();
    const busy = open[open.length - 1];
    await waitForPrompt(busy, 0);
    const underLoad = await echoSamples((d) => busy.type(d), () => busy.received, 100);
    figures.push({ name: `keystroke echo with ${open.length} terminals open`, unit: 'ms', samples: underLoad, target: '500 terminals held', baseline: `server RSS ${Math.round(memory)} MiB` });
    for (const t of open) t.close();
  } finally {
    for (const someone of learners) {
      const { id } = await someone.session().catch(() => ({ id: '' }));
      if (id) await someone.request('DELETE', `/api/sessions/${id}`);
    }
    await server.stop();
  }
  return figures;
}
