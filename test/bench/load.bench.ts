// The load and density figures in docs/benchmarks.md: a short fixed load run
// (the full capacity search is `npm run load -- --capacity`, in docs/load.md)
// and idle sandboxes in two steps, with what lies beyond extrapolated.
import { CPU_HEADROOM, ECHO_P95_BAR_MS } from '../load/capacity.ts';
import { runDensity, RESERVE_MiB } from '../load/density.ts';
import { hostNote } from '../load/report.ts';
import { runLoad } from '../load/load-run.ts';
import { median, round, type Figure } from './stats.ts';

const LEARNERS = 20;
const RAMP_S = 20;
const DURATION_S = 60;
const DENSITY_STEPS = [20, 40];

export interface BenchSection {
  figures: Figure[];
  /** Sentences printed under the table: conditions, errors, extrapolations. */
  notes: string[];
}

/** `aloneEchoMs`: one terminal's echo through the server, measured earlier in the same run. */
export async function benchLoad(log: (line: string) => void, aloneEchoMs?: number): Promise<BenchSection> {
  const result = await runLoad({ learners: LEARNERS, rampS: RAMP_S, durationS: DURATION_S, exerciseId: 'first-look', log });
  const { recorder } = result;
  const who = `${LEARNERS} learners`;
  const errors = [...recorder.errors.entries()].map(([kind, e]) => `${kind} × ${e.count} (${e.example})`);
  return {
    figures: [
      { name: `session ready, ${who} arriving over ${RAMP_S} s`, unit: 'ms', samples: recorder.sessionReadyMs, tail: true },
      {
        name: `keystroke echo, ${who} typing`, unit: 'ms', samples: recorder.echoMs, tail: true, target: `p95 ≤ ${ECHO_P95_BAR_MS} ms`,
        baseline: aloneEchoMs === undefined ? '' : `one terminal alone: ${aloneEchoMs.toFixed(2)} ms`,
      },
      { name: `grading first-look, ${who} working`, unit: 'ms', samples: recorder.checkMs, tail: true, target: '≤ 300 ms (one learner)' },
      { name: `server process CPU, ${who} (every 2 s)`, unit: '% of a core', samples: result.serverCpuPercent },
      { name: `server process RSS, ${who}`, unit: 'MiB', samples: result.serverRssMiB },
      { name: `${result.backend}: memory per sandbox after ${DURATION_S} s of work (cgroup)`, unit: 'MiB', samples: result.atPeak.sandboxes.map((s) => s.memoryMiB) },
    ],
    notes: [
      `${who} arrived evenly over ${RAMP_S} s, their sandboxes on the ${result.backend} backend, then all worked for ${DURATION_S} s (the server's per-address caps raised, as every learner comes from 127.0.0.1); ${hostNote(result.before)}.`,
      errors.length ? `Errors: ${errors.join('; ')}.` : 'Errors: none.',
      'Capacity (learners within the echo bar) and longer runs: `npm run load`, reported in [load.md](load.md).',
    ],
  };
}

export async function benchDensity(log: (line: string) => void): Promise<BenchSection> {
  const result = await runDensity(DENSITY_STEPS, log);
  const figures: Figure[] = result.steps.flatMap((step) => [
    { name: `${result.backend}: memory per idle sandbox, ${step.sandboxes} running (cgroup)`, unit: 'MiB', samples: step.memoryMiB },
    { name: `${result.backend}: tasks per idle sandbox, ${step.sandboxes} running`, unit: 'tasks', samples: step.tasks },
    { name: `${result.backend}: CPU per idle sandbox, ${step.sandboxes} running (cgroup)`, unit: '% of a core', samples: step.idleCpuPercent },
  ]);
  const last = result.steps.at(-1);
  const notes = [`Idle sandboxes made straight on the ${result.backend} backend, two at a time; ${hostNote(result.before)}.`];
  if (last) {
    notes.push(`With ${last.sandboxes} idle: host memory available ${round(result.before.memAvailableMiB)} → ${round(last.memAvailableMiB)} MiB, host tasks ${result.before.hostTasks} → ${last.hostTasks} (pid_max ${result.pidMax}), host CPU ${round(last.idleHostBusyPercent)}% busy, creation median ${round(median(last.createMs))} ms.`);
  }
  if (result.stoppedEarly) notes.push(`Stopped early: ${result.stoppedEarly}.`);
  if (result.extrapolated) {
    const e = result.extrapolated;
    notes.push(`**Extrapolated, not measured:** at ${round(e.memoryMiBPerSandbox)} MiB, ${round(e.tasksPerSandbox)} tasks and ${round(e.cpuPercentPerSandbox)}% of a core per idle sandbox, memory (keeping ${RESERVE_MiB} MiB) allows about ${e.byMemory} idle sandboxes, 80% of pid_max about ${e.byTasks}, the cores at ${CPU_HEADROOM * 100}% busy about ${e.byCpu}; target 200.`);
  }
  return { figures, notes };
}
