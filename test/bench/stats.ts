// Figures for `npm run bench`: repeated timings summarized as median and spread.
export interface Figure {
  name: string;
  unit: string;
  samples: number[];
  target?: string;
  baseline?: string;
  /** Many samples from many clients: the tail matters, so the row shows p95 and p99 beside the median. */
  tail?: boolean;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The nearest-rank percentile (p in 0–100): a value that was actually observed. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export async function time<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = process.hrtime.bigint();
  const result = await work();
  return [Number(process.hrtime.bigint() - started) / 1e6, result];
}

export async function repeat(times: number, work: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) samples.push((await time(work))[0]);
  return samples;
}

export const round = (n: number) => (n >= 100 ? Math.round(n) : Math.round(n * 100) / 100);

export function row(figure: Figure): string {
  if (!figure.samples.length) return `| ${figure.name} | no samples | | 0 | ${figure.target ?? ''} | ${figure.baseline ?? ''} |`;
  const min = Math.min(...figure.samples);
  const max = Math.max(...figure.samples);
  const tail = figure.tail ? ` (p95 ${round(percentile(figure.samples, 95))}, p99 ${round(percentile(figure.samples, 99))})` : '';
  return `| ${figure.name} | ${round(median(figure.samples))} ${figure.unit}${tail} | ${round(min)}–${round(max)} | ${figure.samples.length} | ${figure.target ?? ''} | ${figure.baseline ?? ''} |`;
}

export const TABLE_HEAD = '| figure | median | spread (min–max) | n | target | baseline in the same run |\n|---|---|---|---|---|---|';
