// Reading a recording for replay (site/src/scripts/classes/replay/cast.ts):
// pauses are shortened on the replay clock, checks become markers with their
// result, a recording cut off mid-line still plays, and a file that is not
// asciicast v2 is refused with the line that is wrong.
import { describe, expect, it } from 'vitest';
import { CastError, clockText, frameSize, parseCast } from '../../site/src/scripts/classes/replay/cast.ts';

const HEADER = '{"version":2,"width":80,"height":24,"timestamp":1700000000}';
const cast = (...events: unknown[]) => [HEADER, ...events.map((e) => JSON.stringify(e))].join('\n');

describe('parseCast', () => {
  it('puts output and resizes on a clock where long pauses last two seconds, and turns checks into markers', () => {
    const parsed = parseCast(cast(
      [0.5, 'o', '$ '],
      [1.5, 'o', 'ls\r\n'],
      [601.5, 'r', '100x30'],
      [602, 'm', '✗ first-look: 1/3, sleeper-running — no sleeper'],
      [603, 'm', '✓ first-look: 3/3'],
      [604, 'm', 'recording stopped: this learner\'s recording space in the class is used up'],
    ));
    expect(parsed).toMatchObject({ width: 80, height: 24, startedAt: 1700000000 });
    expect(parsed.frames).toEqual([
      { at: 0.5, type: 'o', data: '$ ' },
      { at: 1.5, type: 'o', data: 'ls\r\n' },
      { at: 3.5, type: 'r', data: '100x30' },
    ]);
    expect(parsed.markers).toEqual([
      { at: 4, label: '✗ first-look: 1/3, sleeper-running — no sleeper', passed: false },
      { at: 5, label: '✓ first-look: 3/3', passed: true },
      { at: 6, label: 'recording stopped: this learner\'s recording space in the class is used up' },
    ]);
    expect(parsed.duration).toBe(6);
    expect(frameSize(parsed.frames[2])).toEqual({ cols: 100, rows: 30 });
  });

  it('plays a recording still being written up to its last whole line', () => {
    const text = `${cast([0.1, 'o', 'a'], [0.2, 'o', 'b'])}\n[0.3, "o", "c`;
    expect(parseCast(text).frames.map((f) => f.data)).toEqual(['a', 'b']);
  });

  it('refuses what is not asciicast v2, naming the line', () => {
    expect(() => parseCast('')).toThrow(CastError);
    expect(() => parseCast('{"version":1,"width":80,"height":24}')).toThrow(/line 1: not an asciicast v2 header/);
    expect(() => parseCast(`${HEADER}\nnot json\n[1,"o","x"]`)).toThrow(/line 2: not JSON/);
    expect(() => parseCast(`${HEADER}\n{"t":1}\n[1,"o","x"]`)).toThrow(/line 2: not an event/);
  });
});

it('shows replay times as minutes and seconds', () => {
  expect(clockText(0)).toBe('0:00');
  expect(clockText(61.9)).toBe('1:01');
  expect(clockText(3600)).toBe('60:00');
});
