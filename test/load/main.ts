// `npm run load`: simulated learners against a real server, the capacity
// search, idle density, and a class arriving with and without pre-warm; prints each report and writes it into docs/load.md.
//   npm run load -- --learners N [--duration S] [--ramp S]
//   npm run load -- --capacity [--from 10 --step 10 --max 100] [--duration S] [--ramp S]
//   npm run load -- --density 20,40,60
//   npm run load -- --class N [--ramp S]
import path from 'node:path';
import { parseArgs } from 'node:util';
import Docker from 'dockerode';
import { projectRoot } from '../../engine/config.ts';
import { describeMachine } from '../bench/machine.ts';
import { findCapacity } from './capacity.ts';
import { CLASS_NAMESPACE, MAX_CLASS_LEARNERS, runClassArrival } from './class-arrival.ts';
import { DENSITY_NAMESPACE, runDensity } from './density.ts';
import { LOAD_NAMESPACE, runLoad } from './load-run.ts';
import { openNamespace } from './namespace.ts';
import { capacitySection, classArrivalSection, densitySection, loadRunSection, writeSection, type SectionKey } from './report.ts';

const REPORT = path.join(projectRoot, 'docs', 'load.md');
const log = (line: string) => process.stderr.write(`${line}\n`);

function usage(problem: string): never {
  log(`${problem}\nusage: npm run load -- --learners N [--duration S] [--ramp S]\n       npm run load -- --capacity [--from N] [--step N] [--max N] [--duration S] [--ramp S]\n       npm run load -- --density N,N,…\n       npm run load -- --class N [--ramp S]`);
  process.exit(2);
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || (n === 0 && name !== 'ramp')) usage(`--${name} must be a whole number${name === 'ramp' ? '' : ' above 0'}, not ${JSON.stringify(value)}`);
  return n;
}

let args;
try {
  args = parseArgs({
    options: {
      learners: { type: 'string' },
      capacity: { type: 'boolean' },
      density: { type: 'string' },
      class: { type: 'string' },
      duration: { type: 'string' },
      ramp: { type: 'string' },
      from: { type: 'string' },
      step: { type: 'string' },
      max: { type: 'string' },
      exercise: { type: 'string', default: 'first-look' },
    },
  }).values;
} catch (err) {
  usage((err as Error).message);
}
const modes = [args.learners !== undefined, args.capacity, args.density !== undefined, args.class !== undefined].filter(Boolean).length;
if (modes !== 1) usage('choose one of --learners, --capacity, --density or --class');

const command = `npm run load -- ${process.argv.slice(2).join(' ')}`;
const run = {
  durationS: positive('duration', args.duration, 120),
  rampS: positive('ramp', args.ramp, 30),
  exerciseId: args.exercise!,
  log,
};

// Ctrl-C reaches the server process too, which stops and leaves its sandboxes for adoption: remove them.
process.once('SIGINT', () => {
  log('interrupted: removing the sandboxes this run made …');
  void Promise.all([LOAD_NAMESPACE, DENSITY_NAMESPACE, CLASS_NAMESPACE].map(async (name) => (await openNamespace(name)).sweep()))
    .finally(() => process.exit(130));
});

// The host's Docker, for its version: it builds the sandbox image whichever backend runs the sandboxes.
const machine = await describeMachine(new Docker());
let key: SectionKey;
let markdown: string;
if (args.learners !== undefined) {
  key = 'run';
  markdown = loadRunSection(await runLoad({ ...run, learners: positive('learners', args.learners, 0) }), machine, command);
} else if (args.capacity) {
  key = 'capacity';
  const steps = { from: positive('from', args.from, 10), step: positive('step', args.step, 10), max: positive('max', args.max, 200) };
  markdown = capacitySection(await findCapacity(steps, run), machine, command);
} else if (args.class !== undefined) {
  key = 'class';
  const learners = positive('class', args.class, 0);
  if (learners > MAX_CLASS_LEARNERS) usage(`--class takes at most ${MAX_CLASS_LEARNERS} learners: the server takes ${MAX_CLASS_LEARNERS} joins a minute from one address, and every simulated learner comes from 127.0.0.1`);
  // Learners of a class arrive within seconds of each other: 10 s unless --ramp says otherwise.
  markdown = classArrivalSection(await runClassArrival({ learners, rampS: positive('ramp', args.ramp, 10), log }), machine, command);
} else {
  key = 'density';
  const targets = args.density!.split(',').map((n) => positive('density', n.trim(), 0));
  markdown = densitySection(await runDensity(targets, log), machine, command);
}
process.stdout.write(`${markdown}\n`);
await writeSection(REPORT, key, markdown);
log(`written to ${path.relative(process.cwd(), REPORT)}`);
