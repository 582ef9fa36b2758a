// docs/load.md: one section per kind of run (a single load run, the capacity
// search, the density steps, a class arriving), each rewritten only by its own kind, so the
// capacity and density figures can be measured at different times.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { median, percentile, round } from '../bench/stats.ts';
import type { ArrivalPhase, ClassArrivalResult } from './class-arrival.ts';
import { CPU_HEADROOM, cpuPerLearner, ECHO_P95_BAR_MS, learnersByCpu, verdict, type CapacityResult } from './capacity.ts';
import { RESERVE_MiB, type DensityResult } from './density.ts';
import type { LoadResult } from './load-run.ts';
import type { LoadRecorder } from './recorder.ts';

export type SectionKey = 'run' | 'capacity' | 'density' | 'class';

const HEADER = `# Load, capacity and density

Written by \`npm run load\` (see the end of this page for the commands). Each kind of run rewrites
only its own section below, so a section's date and machine are those of its own run. Every
simulated learner is a real client: its own cookie over HTTP, a terminal over WebSocket, typing
one key at a time at a human pace (a key every 100–250 ms, 1–4 s between commands). It follows
an exercise's reference solution, asks for a grade, then keeps working at the prompt (\`echo\`,
\`ls\`, \`docker ps\`, every sixth command \`docker run --rm busybox true\`). Keystroke echo is
the time from sending one key to the next terminal output frame. The load driver runs on the
same host as the server and the sandboxes, as a class's browsers would not: on a small host its
own CPU use is part of every figure.
`;

const FOOTER = `
## How to measure

\`\`\`sh
npm run load -- --learners 30 --duration 120 --ramp 30   # one run
npm run load -- --capacity                               # 10, 20, 30, … learners until echo p95 > ${ECHO_P95_BAR_MS} ms or errors
npm run load -- --density 20,40,60                        # idle sandboxes in steps, then extrapolated
npm run load -- --class 20                                # a class arriving within 10 s, with and without pre-warm
\`\`\`

Options: \`--from\`, \`--step\`, \`--max\` set the capacity steps; \`--duration\` and \`--ramp\`
apply to every load run (learners arrive evenly over the ramp, then all work for the duration;
with \`--class\`, \`--ramp\` is the arrival window, 10 s unless given);
\`--exercise\` names the exercise whose solution the learners type (one command a line). Each run
removes every sandbox it made, also after an interruption (Ctrl-C) or on the next run.

The default caps in \`server/config.ts\` (\`DOCKYARD_MAX_SANDBOXES\` and the per-address caps) were
set from these figures; the comment beside each says how. Measure your own host before a class.
`;

const ms = (n: number) => `${round(n)}`;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const mean = (values: number[]) => (values.length ? sum(values) / values.length : Number.NaN);

export function hostNote(before: { loadAverage: number; otherContainers: number }): string {
  const shared = before.otherContainers > 0 || before.loadAverage > 0.5;
  return shared
    ? `**measured on a shared, busy host**: when it started the 1-minute load average was ${before.loadAverage} and ${before.otherContainers} container(s) not belonging to this run were running`
    : `the host was otherwise quiet (load average ${before.loadAverage}, no other containers)`;
}

function latencyRow(name: string, samples: number[]): string {
  if (!samples.length) return `| ${name} | – | – | – | 0 |`;
  return `| ${name} | ${ms(percentile(samples, 50))} | ${ms(percentile(samples, 95))} | ${ms(percentile(samples, 99))} | ${samples.length} |`;
}

function errorsTable(recorder: LoadRecorder): string[] {
  const errors = [...recorder.errors.entries()];
  if (!errors.length) return ['Errors: none.'];
  return ['| error | count | first message |', '|---|---|---|', ...errors.map(([kind, e]) => `| ${kind} | ${e.count} | ${e.example.replace(/\|/g, '\\|')} |`)];
}

export function loadRunSection(result: LoadResult, machine: string, command: string): string {
  const { options, recorder, atPeak, before } = result;
  const sandboxMemory = atPeak.sandboxes.map((s) => s.memoryMiB);
  const caps = Object.entries(result.serverCaps).map(([k, v]) => `\`${k}=${v}\``).join(', ');
  return [
    `## One run: ${options.learners} learners`,
    '',
    `\`${command}\` on ${result.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; ${machine}; ${hostNote(before)}.`,
    `Sandboxes on the ${result.backend} backend. Learners arrived over ${options.rampS} s, then all worked for ${options.durationS} s on \`${options.exerciseId}\`. The server ran with ${caps},`,
    'because every simulated learner comes from 127.0.0.1 and the defaults allow a few sessions per address; other settings were the defaults.',
    '',
    '| latency (ms) | p50 | p95 | p99 | n |',
    '|---|---|---|---|---|',
    latencyRow('session ready (`POST /api/sessions` → ready)', recorder.sessionReadyMs),
    latencyRow('terminal open → first prompt', recorder.terminalOpenMs),
    latencyRow('keystroke echo', recorder.echoMs),
    latencyRow('command: Enter → next prompt', recorder.commandMs),
    latencyRow(`grading \`${options.exerciseId}\``, recorder.checkMs),
    '',
    '| resource | reading |',
    '|---|---|',
    `| server process CPU (% of one core, every 2 s) | mean ${round(mean(result.serverCpuPercent))}, max ${round(Math.max(...result.serverCpuPercent))} |`,
    `| server process RSS | max ${round(Math.max(...result.serverRssMiB))} MiB |`,
    `| CPU while all learners worked (${round(result.steady.seconds)} s), % of one core | sandboxes (cgroups) ${round(sum(result.steady.sandboxCpuPercent))}, server ${round(result.steady.serverCpuPercent)}, host dockerd + containerd + shims + incusd (with its helpers and monitors) ${round(result.steady.engineCpuPercent)} (anyone's), load driver ${round(result.steady.driverCpuPercent)} |`,
    `| CPU per working learner (sandbox + shares of the server and the engine) | ${round(cpuPerLearner(result))}% of one core |`,
    `| host CPU busy (all cores) | mean ${round(mean(result.hostBusyPercent))}%, max ${round(Math.max(...result.hostBusyPercent))}% |`,
    `| sandboxes at the end of the steady state | ${atPeak.sandboxes.length} (learners' and the warm pool's) |`,
    `| sandbox memory (cgroup, without reclaimable cache) | median ${round(median(sandboxMemory))} MiB, max ${round(Math.max(...sandboxMemory))} MiB, total ${round(sum(sandboxMemory))} MiB |`,
    `| sandbox tasks (cgroup pids) | median ${median(atPeak.sandboxes.map((s) => s.pids))} |`,
    `| host dockerd / containerd / incusd RSS | ${round(atPeak.engineRssMiB.dockerd)} / ${round(atPeak.engineRssMiB.containerd)} / ${round(atPeak.engineRssMiB.incusd)} MiB |`,
    `| host memory available | ${round(before.memAvailableMiB)} MiB before → ${round(atPeak.memAvailableMiB)} MiB at the end of the steady state |`,
    '',
    ...errorsTable(result.recorder),
    '',
    cpuEstimate(result),
  ].join('\n');
}

/** The CPU-based estimate: labelled as such, because it assumes how busy a host may get. */
function cpuEstimate(result: LoadResult): string {
  return `*Estimate, not a measurement:* at ${round(cpuPerLearner(result))}% of a core per working learner, this host's cores at ${CPU_HEADROOM * 100}% busy would carry about ${learnersByCpu(result)} learners. ` +
    'CPU time per command hardly depends on what else the host runs, so this estimate survives a busy host better than latencies do; but on a saturated host ' +
    'the simulated learners wait longer for each echo and get less done, so there it errs high. The capacity search on a quiet host is the measurement.';
}

export function capacitySection(capacity: CapacityResult, machine: string, command: string): string {
  const first = capacity.steps[0];
  return [
    '## Capacity',
    '',
    `\`${command}\` on ${first ? first.startedAt.toISOString().slice(0, 16).replace('T', ' ') : '–'} UTC; ${machine}.`,
    `Each step is a fresh server and fresh sandboxes on the ${first?.backend ?? '–'} backend; learners arrived over ${first?.options.rampS} s, then all worked for ${first?.options.durationS} s.`,
    `The bar: keystroke echo p95 ≤ ${ECHO_P95_BAR_MS} ms and no errors.`,
    '',
    "| learners | session ready p95 | echo p50 / p95 / p99 | grading p95 | errors | server CPU mean (% of a core) | host CPU mean | server RSS max | sandboxes' memory | CPU per learner | host before the step | verdict |",
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...capacity.steps.map((step) => {
      const r = step.recorder;
      return `| ${step.options.learners} | ${ms(percentile(r.sessionReadyMs, 95))} ms | ${ms(percentile(r.echoMs, 50))} / ${ms(percentile(r.echoMs, 95))} / ${ms(percentile(r.echoMs, 99))} ms | ${ms(percentile(r.checkMs, 95))} ms | ${r.errorCount()} | ${round(mean(step.serverCpuPercent))}% | ${round(mean(step.hostBusyPercent))}% | ${round(Math.max(...step.serverRssMiB))} MiB | ${round(sum(step.atPeak.sandboxes.map((s) => s.memoryMiB)))} MiB | ${round(cpuPerLearner(step))}% of a core | load ${step.before.loadAverage}, ${step.before.otherContainers} other container(s) | ${verdict(step) ?? 'within the bar'} |`;
    }),
    '',
    `**Capacity: ${capacity.capacity} learners** (stopped: ${capacity.stoppedBecause}).`,
    '',
    ...(capacity.steps.length ? [cpuEstimate(capacity.steps.at(-1)!), ''] : []),
    ...capacity.steps.filter((s) => s.recorder.errorCount()).flatMap((s) => [`Errors with ${s.options.learners} learners:`, '', ...errorsTable(s.recorder), '']),
  ].join('\n');
}

export function densitySection(density: DensityResult, machine: string, command: string): string {
  const { before, extrapolated } = density;
  return [
    '## Density: idle sandboxes',
    '',
    `\`${command}\` on ${density.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; ${machine}; ${hostNote(before)}.`,
    `Sandboxes made straight on the ${density.backend} backend (no server), two at a time, each with its nested engine running; each step settled for 15 s before reading.`,
    '',
    '| sandboxes | memory per sandbox (median, cgroup) | tasks per sandbox | CPU per idle sandbox (median, cgroup) | host memory available | host tasks (pid_max ' + density.pidMax + ') | dockerd / containerd / incusd RSS | host CPU busy while idle | create (median, two at a time) |',
    '|---|---|---|---|---|---|---|---|---|',
    `| 0 | – | – | – | ${round(before.memAvailableMiB)} MiB | ${before.hostTasks} | – | – | – |`,
    ...density.steps.map((s) => `| ${s.sandboxes} | ${round(median(s.memoryMiB))} MiB | ${median(s.tasks)} | ${round(median(s.idleCpuPercent))}% of a core | ${round(s.memAvailableMiB)} MiB | ${s.hostTasks} | ${round(s.engineRssMiB.dockerd)} / ${round(s.engineRssMiB.containerd)} / ${round(s.engineRssMiB.incusd)} MiB | ${round(s.idleHostBusyPercent)}% | ${ms(median(s.createMs))} ms |`),
    '',
    density.stoppedEarly ? `Stopped before the last step: ${density.stoppedEarly}.` : 'Every step was measured.',
    '',
    extrapolated
      ? `**Extrapolated** (not measured) from the last step: a sandbox costs the host ${round(extrapolated.memoryMiBPerSandbox)} MiB and ${round(extrapolated.tasksPerSandbox)} tasks ` +
        `(its cgroup, its ${density.backend === 'incus' ? 'LXC monitor' : 'containerd shim'} ${round(median(density.steps.at(-1)!.shimMiB))} MiB and ${median(density.steps.at(-1)!.shimThreads)} threads, and its share of the engine daemons' growth) and ${round(extrapolated.cpuPercentPerSandbox)}% of a core while idle. ` +
        `Keeping ${RESERVE_MiB} MiB for everything else, memory allows about **${extrapolated.byMemory}** idle sandboxes; 80% of pid_max about **${extrapolated.byTasks}**; ` +
        `the cores at ${CPU_HEADROOM * 100}% busy about **${extrapolated.byCpu}**. The lowest of these is this host's idle density; learners at work need more of each.`
      : 'No step completed, so nothing is extrapolated.',
  ].join('\n');
}

const seconds = (msValue: number) => (Number.isFinite(msValue) ? `${(msValue / 1000).toFixed(msValue < 10_000 ? 2 : 1)} s` : '–');

function arrivalRow(name: string, phase: ArrivalPhase, learners: number): string {
  const pool = phase.poolAtArrival;
  const prompts = phase.promptMs;
  const failed = learners - prompts.length;
  const fill = phase.fill.reached ? seconds(phase.fill.ms) : `not full after ${seconds(phase.fill.ms)} (target ${phase.fill.target})`;
  return `| ${name} | ${pool.ready} (size ${pool.size} + reserve ${pool.reserve}) | ${fill} | ${seconds(percentile(prompts, 50))} | ${seconds(percentile(prompts, 95))} | ${prompts.length ? seconds(Math.max(...prompts)) : '–'} | ${prompts.length}/${learners} | ${failed} | ${round(phase.hostBusyPercent)}% | ${phase.loadAverageBefore} |`;
}

function stepsRow(name: string, phase: ArrivalPhase): string {
  const p = (values: number[]) => `${seconds(percentile(values, 50))} / ${seconds(percentile(values, 95))}`;
  return `| ${name} | ${p(phase.joinMs)} | ${p(phase.recorder.sessionReadyMs)} | ${p(phase.recorder.terminalOpenMs)} |`;
}

function failures(name: string, phase: ArrivalPhase): string[] {
  if (!phase.recorder.errorCount()) return [`Failures ${name}: none.`];
  return [`Failures ${name}:`, '', ...errorsTable(phase.recorder)];
}

export function classArrivalSection(result: ClassArrivalResult, machine: string, command: string): string {
  const { options, prewarmed, baseline } = result;
  const n = options.learners;
  const caps = Object.entries(result.serverCaps).map(([k, v]) => `\`${k}=${v}\``).join(', ');
  const p95 = (phase: ArrivalPhase) => percentile(phase.promptMs, 95);
  const everyone = (phase: ArrivalPhase) => phase.promptMs.length === n;
  return [
    `## A class arriving: ${n} learners within ${options.rampS} s, with and without pre-warm`,
    '',
    `\`${command}\` on ${result.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; ${machine}; ${hostNote(result.before)}.`,
    `Sandboxes on the ${result.backend} backend. ${n} simulated learners arrived evenly over ${options.rampS} s; each joined the class with its code (\`POST /api/classes/join\`),`,
    'created a session, opened a terminal and waited for the shell prompt; none typed anything. *Arrival → prompt* runs from its first request to the prompt.',
    `Each half ran a fresh server with ${caps} and an instructor token; \`DOCKYARD_MAX_SANDBOXES\` is the class's size so that the host's cap (15 by default) is not what is measured.`,
    'Each half first waited for the ordinary warm pool to fill, then made its class. *With pre-warm*: the class starts now and has a capacity of ' +
      `${n}, so the pool keeps a sandbox for every place (within \`DOCKYARD_MAX_SANDBOXES\`); the fill time runs from making the class until \`/api/health\` (polled every 0.5 s) showed the pool holding them. ` +
      '*Without*: the class has no start time or capacity, so the pool holds only its ordinary `DOCKYARD_POOL_SIZE` and the other learners wait for sandboxes started when they ask.',
    '',
    '| | pool when the first learner arrived (ready) | pool fill time | arrival → prompt p50 | p95 | max | reached a prompt | failed | host CPU busy while arriving | load average before |',
    '|---|---|---|---|---|---|---|---|---|---|',
    arrivalRow('with pre-warm', prewarmed, n),
    arrivalRow('without pre-warm', baseline, n),
    '',
    '| steps, p50 / p95 | join | `POST /api/sessions` → ready | terminal open → prompt |',
    '|---|---|---|---|',
    stepsRow('with pre-warm', prewarmed),
    stepsRow('without pre-warm', baseline),
    '',
    `With pre-warm: ${everyone(prewarmed) ? `all ${n} learners reached a prompt` : `**${n - prewarmed.promptMs.length} of ${n} learners did not reach a prompt**`}, p95 ${seconds(p95(prewarmed))} ` +
      `against ${seconds(p95(baseline))} without (${everyone(baseline) ? `all ${n} reached one` : `**${n - baseline.promptMs.length} did not reach one**`}); ` +
      `the pool took ${seconds(prewarmed.fill.ms)} from making the class to holding its sandboxes (\`DOCKYARD_PREWARM_LEAD\` starts this 10 minutes before a class by default).`,
    '',
    ...failures('with pre-warm', prewarmed),
    '',
    ...failures('without pre-warm', baseline),
  ].join('\n');
}

/** Replaces the section `key` in `file` (or adds it), keeping the others. */
export async function writeSection(file: string, key: SectionKey, markdown: string): Promise<void> {
  const order: SectionKey[] = ['run', 'capacity', 'density', 'class'];
  const current = existsSync(file) ? await readFile(file, 'utf8') : '';
  const sections = new Map<SectionKey, string>();
  for (const k of order) {
    const found = new RegExp(`<!-- load:${k} -->\\n([\\s\\S]*?)\\n<!-- /load:${k} -->`).exec(current);
    if (found) sections.set(k, found[1]);
  }
  sections.set(key, markdown);
  const body = order.filter((k) => sections.has(k)).map((k) => `<!-- load:${k} -->\n${sections.get(k)}\n<!-- /load:${k} -->`);
  await writeFile(file, [HEADER, ...body, FOOTER].join('\n'));
}
