import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  US_PER_DAY, US_PER_HOUR, US_PER_MIN, US_PER_MS, US_PER_S,
  at, clock, dayOf, formatClock, formatTime, parseClock, timeOfDay,
} from '../../src/core/time.js';

describe('constants', () => {
  it('are exact integer microsecond counts', () => {
    expect([US_PER_MS, US_PER_S, US_PER_MIN, US_PER_HOUR, US_PER_DAY])
      .toEqual([1_000, 1_000_000, 60_000_000, 3_600_000_000, 86_400_000_000]);
  });
});

describe('clock / at / dayOf / timeOfDay', () => {
  it('clock gives µs since midnight', () => {
    expect(clock(9, 0)).toBe(32_400_000_000);
    expect(clock(15, 30, 45)).toBe(15 * 3_600_000_000 + 30 * 60_000_000 + 45_000_000);
    expect(clock(0, 90)).toBe(clock(1, 30));
  });

  it('clock rejects negative or fractional components', () => {
    expect(() => clock(-1, 0)).toThrow(RangeError);
    expect(() => clock(9, 0.5)).toThrow('minutes must be a non-negative integer, got 0.5');
  });

  it('at combines day and time of day; dayOf and timeOfDay split it back', () => {
    const t = at(2, clock(9, 0));
    expect(t).toBe(2 * 86_400_000_000 + 32_400_000_000);
    expect(dayOf(t)).toBe(2);
    expect(timeOfDay(t)).toBe(32_400_000_000);
    expect(dayOf(US_PER_DAY - 1)).toBe(0);
    expect(dayOf(US_PER_DAY)).toBe(1);
  });

  it('at rejects a time of day outside [0, US_PER_DAY)', () => {
    expect(() => at(0, US_PER_DAY)).toThrow('time of day must be below 86400000000 µs, got 86400000000');
    expect(() => at(-1, 0)).toThrow(RangeError);
  });

  it('round-trips any (day, tod)', () => {
    fc.assert(fc.property(fc.nat(100_000), fc.integer({ min: 0, max: US_PER_DAY - 1 }), (day, tod) => {
      const t = at(day, tod);
      return dayOf(t) === day && timeOfDay(t) === tod;
    }));
  });
});

describe('parseClock', () => {
  it('accepts HH:MM, HH:MM:SS and HH:MM:SS.ffffff', () => {
    expect(parseClock('09:00')).toBe(clock(9, 0));
    expect(parseClock('9:00')).toBe(clock(9, 0));
    expect(parseClock('15:20:30')).toBe(clock(15, 20, 30));
    expect(parseClock('15:20:30.000123')).toBe(clock(15, 20, 30) + 123);
    expect(parseClock('00:00:00.5')).toBe(500_000);
    expect(parseClock('23:59:59.999999')).toBe(US_PER_DAY - 1);
  });

  it('rejects malformed text with a clear message', () => {
    expect(() => parseClock('9:6x')).toThrow('bad clock time "9:6x": expected HH:MM[:SS[.ffffff]]');
    for (const bad of ['', '09', '09:0', '09:00:0', '09:00:00.', '09:00:00.1234567', ' 09:00', '09:00 ', '-1:00']) {
      expect(() => parseClock(bad)).toThrow(`bad clock time "${bad}": expected HH:MM[:SS[.ffffff]]`);
    }
  });

  it('rejects out-of-range fields', () => {
    expect(() => parseClock('24:00')).toThrow('bad clock time "24:00": hours must be 0-23');
    expect(() => parseClock('12:60')).toThrow('bad clock time "12:60": minutes must be 0-59');
    expect(() => parseClock('12:00:60')).toThrow('bad clock time "12:00:60": seconds must be 0-59');
  });
});

describe('formatClock / formatTime', () => {
  it('always prints six fraction digits', () => {
    expect(formatClock(0)).toBe('00:00:00.000000');
    expect(formatClock(clock(9, 5, 7) + 42)).toBe('09:05:07.000042');
    expect(formatClock(US_PER_DAY - 1)).toBe('23:59:59.999999');
  });

  it('rejects values outside one day', () => {
    expect(() => formatClock(US_PER_DAY)).toThrow(RangeError);
    expect(() => formatClock(-1)).toThrow(RangeError);
  });

  it('formatTime prefixes the day index', () => {
    expect(formatTime(at(1, clock(9, 0)))).toBe('d1 09:00:00.000000');
    expect(formatTime(at(0, clock(15, 30) + 1))).toBe('d0 15:30:00.000001');
  });

  it('parseClock inverts formatClock', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: US_PER_DAY - 1 }), (tod) => parseClock(formatClock(tod)) === tod));
  });
});
