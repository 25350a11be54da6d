// The sweep ETA: unknown before the first run of the session finishes, never "60s" inside a minute.
import { describe, expect, it } from 'vitest';
import { etaText, formatSeconds } from '../../src/cli/sweep-progress.js';

describe('sweep ETA', () => {
  it("is '?' before any run of this session has finished, not 0s", () => {
    expect(etaText({ total: 30, done: 0, ranNow: 0 }, 0)).toBe('?');
    expect(etaText({ total: 30, done: 10, ranNow: 0 }, 5)).toBe('?'); // resumed: 10 done before, none yet now
  });

  it('extrapolates from this session only, and is 0s when done', () => {
    expect(etaText({ total: 30, done: 15, ranNow: 5 }, 10)).toBe('30s');
    expect(etaText({ total: 30, done: 30, ranNow: 30 }, 60)).toBe('0s');
  });

  it('rounds once: 1859.6 s is 31m00s, not 30m60s', () => {
    expect(formatSeconds(1859.6)).toBe('31m00s');
    expect(formatSeconds(59.5)).toBe('1m00s');
    expect(formatSeconds(3725)).toBe('1h02m05s');
    expect(formatSeconds(4.2)).toBe('4s');
  });
});
