// How many learners one host serves: load runs with more learners each time
// (10, 20, 30, …) until keystroke echo's p95 crosses the bar or any error
// appears. The capacity is the last step that stayed within both.
import os from 'node:os';
import { percentile } from '../bench/stats.ts';
import { runLoad, type LoadOptions, type LoadResult } from './load-run.ts';

export const ECHO_P95_BAR_MS = 50;
/**
 * Share of the host's CPU the platform may use and still keep terminals
 * quick: an assumption, used only for the CPU-based estimate, which the
 * capacity search on a quiet host replaces with a measurement.
 */
export const CPU_HEADROOM = 0.7;

/**
 * CPU one working learner costs, in % of one core: their sandbox's cgroup
 * plus their share of the server and of the host's engine processes (which
 * on a shared host also carry others' work, so this errs high).
 */
export function cpuPerLearner(result: LoadResult): number {
  const { sandboxCpuPercent, serverCpuPercent, engineCpuPercent } = result.steady;
  return (sandboxCpuPercent.reduce((a, b) => a + b, 0) + serverCpuPercent + engineCpuPercent) / result.options.learners;
}

/** Learners this host's cores could carry at CPU_HEADROOM, at the CPU a learner cost in `result`. */
export function learnersByCpu(result: LoadResult): number {
  return Math.floor((os.cpus().length * 100 * CPU_HEADROOM) / cpuPerLearner(result));
}

export interface CapacityResult {
  steps: LoadResult[];
  /** Learners served by the last step within the bar; 0 when even the first step was not. */
  capacity: number;
  stoppedBecause: string;
}

export function verdict(result: LoadResult): string | undefined {
  const p95 = percentile(result.recorder.echoMs, 95);
  if (!(p95 <= ECHO_P95_BAR_MS)) return `echo p95 ${p95.toFixed(1)} ms > ${ECHO_P95_BAR_MS} ms`;
  const errors = result.recorder.errorCount();
  if (errors) return `${errors} error(s): ${[...result.recorder.errors.keys()].join(', ')}`;
  return undefined;
}

export async function findCapacity(
  steps: { from: number; step: number; max: number },
  run: Omit<LoadOptions, 'learners'>,
): Promise<CapacityResult> {
  const result: CapacityResult = { steps: [], capacity: 0, stoppedBecause: `reached --max ${steps.max} within the bar` };
  for (let learners = steps.from; learners <= steps.max; learners += steps.step) {
    const step = await runLoad({ ...run, learners });
    result.steps.push(step);
    const failed = verdict(step);
    run.log(`capacity step ${learners}: ${failed ?? 'within the bar'}`);
    if (failed) {
      result.stoppedBecause = `${learners} learners: ${failed}`;
      break;
    }
    result.capacity = learners;
  }
  return result;
}
