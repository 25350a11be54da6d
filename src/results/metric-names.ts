// Readable names and formats of the summary metrics (README run contract and issue 4's additions): one place that
// says "return.SEC" reads "Stress-day return" for SEC and prints as a percentage. Unknown metrics keep their key
// and print with 4 significant digits, so a metric added later still shows up, just less prettily.
import { formatCount, formatMoney, formatMultiple, formatPct, formatSig } from './format.js';

export type MetricKind = 'pct' | 'count' | 'money' | 'multiple' | 'ticks' | 'number';

interface MetricDef {
  readonly label: string;
  readonly kind: MetricKind;
}

/** Per-instrument metrics: `<prefix>.<SYM>`. */
export const INSTRUMENT_METRICS: Readonly<Record<string, MetricDef>> = {
  return: { label: 'Stress-day return', kind: 'pct' },
  max_drawdown: { label: 'Max intraday drawdown', kind: 'pct' },
  return_d2: { label: 'D+2 return', kind: 'pct' },
  peak_to_trough: { label: 'Peak-to-trough drawdown', kind: 'pct' },
  turnover_value: { label: 'Stress-day turnover', kind: 'money' },
  realized_vol: { label: 'Realised volatility', kind: 'pct' },
  realized_vol_ex_shock: { label: 'Realised volatility excl. 30 min after the shock', kind: 'pct' },
  spread_ticks_median: { label: 'Median spread (ticks)', kind: 'count' },
  spread_le_2_ticks: { label: 'Spread ≤ 2 ticks', kind: 'pct' },
};

/** Market-wide metrics. */
export const MARKET_METRICS: Readonly<Record<string, MetricDef>> = {
  index_return: { label: 'Stress-day index return', kind: 'pct' },
  index_return_d2: { label: 'D+2 index return', kind: 'pct' },
  index_peak_to_trough: { label: 'Index peak-to-trough drawdown', kind: 'pct' },
  circuit_breakers: { label: 'Circuit-breaker halts', kind: 'count' },
  vi_count: { label: 'Volatility interruptions', kind: 'count' },
  sidecars: { label: 'Sidecars', kind: 'count' },
  letf_rebalance_value: { label: 'LETF rebalancing net sell', kind: 'money' },
  letf_share_of_turnover: { label: 'LETF selling, share of turnover', kind: 'pct' },
  letf_close_share: { label: 'LETF selling in the last 30 min', kind: 'pct' },
  'margin_forced_sale_value.stress': { label: 'Forced margin sales, stress day', kind: 'money' },
  'margin_forced_sale_value.d2': { label: 'Forced margin sales, D+2', kind: 'money' },
  margin_forced_sale_multiple: { label: 'Forced sales D+2 vs pre-stress average', kind: 'multiple' },
  dealer_hedge_value: { label: 'Option-dealer net hedge value', kind: 'money' },
  foreign_net_value: { label: 'Foreign net value', kind: 'money' },
  ap_net_units: { label: 'AP net creation units', kind: 'count' },
  trades: { label: 'Trades', kind: 'count' },
  orders: { label: 'Orders', kind: 'count' },
  events: { label: 'Events', kind: 'count' },
};

/** Split `return.SEC` into its per-instrument prefix and symbol, or null for a market-wide metric. */
export function splitInstrumentMetric(key: string): { prefix: string; symbol: string } | null {
  if (key in MARKET_METRICS) return null;
  const dot = key.indexOf('.');
  if (dot < 0) return null;
  const prefix = key.slice(0, dot);
  return prefix in INSTRUMENT_METRICS ? { prefix, symbol: key.slice(dot + 1) } : null;
}

/** The definition of any metric key (unknown keys: the key itself, 'number'). */
export function metricDef(key: string): MetricDef {
  const split = splitInstrumentMetric(key);
  if (split) {
    const d = INSTRUMENT_METRICS[split.prefix]!;
    return { label: `${d.label}, ${split.symbol}`, kind: d.kind };
  }
  return MARKET_METRICS[key] ?? { label: key, kind: 'number' };
}

/** Format a value of a metric of this kind (money in `currency`). */
export function formatMetric(kind: MetricKind, x: number | null | undefined, currency: string): string {
  switch (kind) {
    case 'pct':
      return formatPct(x);
    case 'count':
      return formatCount(x);
    case 'money':
      return formatMoney(x, currency);
    case 'multiple':
      return formatMultiple(x);
    case 'ticks':
      return formatSig(x, 2);
    case 'number':
      return formatSig(x, 4);
  }
}

const ACRONYMS: Readonly<Record<string, string>> = { letf: 'LETF', etf: 'ETF', aum: 'AUM', vi: 'VI', ap: 'AP', nav: 'NAV', krw: 'KRW', usd: 'USD', cr: 'CR', vwap: 'VWAP', twap: 'TWAP', pov: 'POV' };
const UNIT_SUFFIXES: Readonly<Record<string, string>> = { s: 's', us: 'µs', ms: 'ms', krw: 'KRW', pct: '%', bps: 'bp' };

/**
 * A swept path as an axis title: `params.letfAumScale` → "LETF AUM scale", `agents.option-dealer.hedgeIntervalS` →
 * "option-dealer: hedge interval (s)", `market.latency.orderUs` → "latency: order (µs)". Unknown shapes keep the path.
 */
export function paramLabel(path: string): string {
  const parts = path.split('.');
  const leaf = parts.at(-1) ?? path;
  const words = leaf.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_]+/).filter((w) => w !== '').map((w) => w.toLowerCase());
  if (words.length === 0) return path;
  const unit = words.length > 1 ? UNIT_SUFFIXES[words.at(-1)!] : undefined;
  const body = (unit !== undefined ? words.slice(0, -1) : words).map((w) => ACRONYMS[w] ?? w);
  const text = body.join(' ') + (unit !== undefined ? ` (${unit})` : '');
  const first = text.charAt(0).toUpperCase() + text.slice(1);
  if (parts[0] === 'agents' && parts.length >= 3) return `${parts[1]}: ${text}`;
  if (parts[0] === 'params' || parts.length === 1) return first;
  return `${parts.at(-2)}: ${text}`;
}
