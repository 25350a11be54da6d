import { describe, expect, it } from 'vitest';
import { TRADING_DAYS_PER_YEAR } from '../../src/core/time.js';
import { SWAP_DAYS_PER_YEAR } from '../../src/finance/leverage.js';
import { TRADING_DAYS_PER_YEAR as ETF_DAYS } from '../../src/agents/leveraged-etf.js';
import { TRADING_DAYS_PER_YEAR as DEALER_DAYS } from '../../src/agents/option-dealer.js';

describe('one home per convention (docs/model.md §3.1)', () => {
  it('every module counts the same trading days per year', () => {
    expect(TRADING_DAYS_PER_YEAR).toBe(252);
    expect(SWAP_DAYS_PER_YEAR).toBe(TRADING_DAYS_PER_YEAR);
    expect(ETF_DAYS).toBe(TRADING_DAYS_PER_YEAR);
    expect(DEALER_DAYS).toBe(TRADING_DAYS_PER_YEAR);
  });
});
