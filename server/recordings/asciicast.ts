// The asciicast v2 format (asciinema's): one JSON header line, then one JSON
// array per event — [seconds since the start, type, data] — where type is
// "o" (output), "r" (resize, "COLSxROWS") or "m" (a marker with a label).
// Readable by asciinema's player and tools as well as by the class page.

export type CastEventType = 'o' | 'r' | 'm';

export interface CastHeader {
  version: 2;
  width: number;
  height: number;
  /** Unix time of the start, in seconds. */
  timestamp: number;
  title?: string;
  env?: Record<string, string>;
}

export function castHeaderLine(header: Omit<CastHeader, 'version'>): string {
  return `${JSON.stringify({ version: 2, ...header })}\n`;
}

export function castEventLine(seconds: number, type: CastEventType, data: string): string {
  // Milliseconds are as fine as a replay needs, and keep lines short.
  return `${JSON.stringify([Math.round(seconds * 1000) / 1000, type, data])}\n`;
}

/** Labels of the markers a check leaves: ✓ when every task passed, ✗ and the first task that did not. */
export function checkMarker(exercise: string, tasks: { id: string; passed: boolean; message?: string }[]): string {
  const failed = tasks.find((task) => !task.passed);
  if (!failed) return `✓ ${exercise}: ${tasks.length}/${tasks.length}`;
  const passed = tasks.filter((task) => task.passed).length;
  const why = failed.message ? ` — ${failed.message.split('\n')[0].slice(0, 160)}` : '';
  return `✗ ${exercise}: ${passed}/${tasks.length}, ${failed.id}${why}`;
}
