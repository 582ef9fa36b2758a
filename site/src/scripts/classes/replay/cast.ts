// Reads an asciicast v2 recording (server/recordings/) for replay: its size,
// its output and resizes on a replay clock where long pauses are shortened
// (a learner reading for ten minutes should not be ten minutes of nothing),
// and its markers — a check's result ("✓ …" or "✗ …") or the recording's end.

export interface CastFrame {
  /** Seconds on the replay clock. */
  at: number;
  type: 'o' | 'r';
  data: string;
}

export interface CastMarker {
  at: number;
  label: string;
  /** The result of the check it marks; undefined for other markers. */
  passed?: boolean;
}

export interface Cast {
  width: number;
  height: number;
  /** Unix time of the start, in seconds. */
  startedAt: number;
  duration: number;
  frames: CastFrame[];
  markers: CastMarker[];
}

/** Pauses longer than this play as this long. */
export const IDLE_LIMIT_S = 2;

export class CastError extends Error {}

export function parseCast(text: string, idleLimit = IDLE_LIMIT_S): Cast {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  let header: { version?: number; width?: number; height?: number; timestamp?: number };
  try {
    header = JSON.parse(lines[0] ?? '') as typeof header;
  } catch {
    throw new CastError('line 1: not an asciicast header');
  }
  if (header.version !== 2 || !header.width || !header.height) throw new CastError('line 1: not an asciicast v2 header (version, width and height)');
  const cast: Cast = { width: header.width, height: header.height, startedAt: header.timestamp ?? 0, duration: 0, frames: [], markers: [] };
  let recordedBefore = 0;
  let clock = 0;
  for (const [index, line] of lines.slice(1).entries()) {
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      // A recording still being written may end in half a line.
      if (index === lines.length - 2) break;
      throw new CastError(`line ${index + 2}: not JSON`);
    }
    if (!Array.isArray(event) || typeof event[0] !== 'number' || typeof event[1] !== 'string' || typeof event[2] !== 'string') {
      throw new CastError(`line ${index + 2}: not an event [time, type, data]`);
    }
    const [recordedAt, type, data] = event as [number, string, string];
    clock += Math.min(Math.max(0, recordedAt - recordedBefore), idleLimit);
    recordedBefore = recordedAt;
    if (type === 'o' || type === 'r') cast.frames.push({ at: clock, type, data });
    else if (type === 'm') cast.markers.push({ at: clock, label: data, ...(data.startsWith('✓') ? { passed: true } : data.startsWith('✗') ? { passed: false } : {}) });
  }
  cast.duration = clock;
  return cast;
}

/** The size a resize frame sets, if it is well formed. */
export function frameSize(frame: CastFrame): { cols: number; rows: number } | undefined {
  const match = /^(\d+)x(\d+)$/.exec(frame.data);
  return match ? { cols: Number(match[1]), rows: Number(match[2]) } : undefined;
}

export function clockText(seconds: number): string {
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
