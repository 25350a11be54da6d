import { clock } from '../../../src/core/time.js';
import { describe, expect, it } from 'vitest';
import { KRX_SESSION, scheduledPhaseAt, validateSession } from '../../../src/market/rules/session.js';

describe('KRX session calendar (DOMAIN §5.3)', () => {
  it('defaults to 08:30 / 09:00 / 15:20 / 15:30 in µs since midnight', () => {
    expect(KRX_SESSION).toEqual({
      preOpen: 30_600_000_000,
      open: 32_400_000_000,
      closingAuctionStart: 55_200_000_000,
      close: 55_800_000_000,
    });
    expect(clock(9, 0, 30)).toBe(32_430_000_000);
  });

  it.each([
    [0, 'closed'],
    [clock(8, 30) - 1, 'closed'],
    [clock(8, 30), 'pre-open'],
    [clock(9, 0) - 1, 'pre-open'],
    [clock(9, 0), 'continuous'],
    [clock(15, 20) - 1, 'continuous'],
    [clock(15, 20), 'closing-auction'],
    [clock(15, 30) - 1, 'closing-auction'],
    [clock(15, 30), 'closed'],
    [clock(23, 59), 'closed'],
  ] as const)('at tod %i the phase is %s', (tod, phase) => {
    expect(scheduledPhaseAt(KRX_SESSION, tod)).toBe(phase);
  });

  it('validates that times increase', () => {
    expect(() => validateSession(KRX_SESSION)).not.toThrow();
    expect(() => validateSession({ ...KRX_SESSION, open: KRX_SESSION.preOpen })).toThrow(
      'session times must increase: preOpen (30600000000) must be before open (30600000000)',
    );
    expect(() => validateSession({ ...KRX_SESSION, close: clock(15, 0) })).toThrow(
      'session times must increase: closingAuctionStart (55200000000) must be before close (54000000000)',
    );
    expect(() => validateSession({ ...KRX_SESSION, preOpen: 1.5 })).toThrow('session time preOpen = 1.5 must be an integer');
    expect(() => validateSession({ ...KRX_SESSION, close: clock(25, 0) })).toThrow('session time close');
  });
});
