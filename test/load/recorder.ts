// What simulated learners measured: latencies by kind, and errors counted by
// kind with the first message of each, so a report can say what went wrong.
export interface ErrorTally {
  count: number;
  example: string;
}

export class LoadRecorder {
  readonly sessionReadyMs: number[] = [];
  readonly terminalOpenMs: number[] = [];
  readonly echoMs: number[] = [];
  readonly commandMs: number[] = [];
  readonly checkMs: number[] = [];
  readonly errors = new Map<string, ErrorTally>();

  error(kind: string, message: string): void {
    const tally = this.errors.get(kind);
    if (tally) tally.count++;
    else this.errors.set(kind, { count: 1, example: message.slice(0, 200) });
  }

  errorCount(): number {
    return [...this.errors.values()].reduce((sum, e) => sum + e.count, 0);
  }
}
