// Flow control, client half: the server stops reading the shell while too much
// of its output is unacknowledged, so every byte is acknowledged once xterm
// has written it — gathered into one message per turn of the event loop
// rather than one per frame, which under `yes` would double the frames.
const FLUSH_AT_BYTES = 64 * 1024;

export class AckBatcher {
  private pending = 0;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly send: (bytes: number) => void) {}

  written(bytes: number): void {
    this.pending += bytes;
    if (this.pending >= FLUSH_AT_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), 0);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = 0;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending === 0) return;
    this.send(this.pending);
    this.pending = 0;
  }
}
