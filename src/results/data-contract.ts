// The data contract of a run directory in one place: every table's columns with their unit and meaning (what
// docs/results.md documents and a test checks it against), the Parquet key-value metadata written beside each
// table (units, currency, time base, scenario hash, seed, version), and the long-format `summary` table built from
// summary.json (`metric, instrument, value, unit`, no dots in names, so formulas and SQL take it as it is).
import { makeTable } from '../core/table.js';
import type { ColumnTable } from '../core/table.js';
import { INSTRUMENT_METRICS, MARKET_METRICS, metricDef } from './metric-names.js';
import type { MetricKind } from './metric-names.js';

/** The time base of every `t_us` column. */
export const TIME_BASE = 'microseconds since 00:00 of day 0 on the exchange clock (day d starts at d * 86400e6; no calendar date)';

/** Unit and meaning of one column; `{cur}` stands for the scenario's trading currency, `{rep}` for the reporting one. */
export interface ColumnDoc {
  readonly unit: string;
  readonly doc: string;
}

const T_US: ColumnDoc = { unit: 'us', doc: 'time, µs since 00:00 of day 0 (exchange clock)' };
const DAY: ColumnDoc = { unit: 'day', doc: 'trading day, 0-based' };
const INST: ColumnDoc = { unit: '', doc: 'instrument symbol (or the index name)' };
const PRICE: ColumnDoc = { unit: '{cur}', doc: 'price in the trading currency (integer minor units, e.g. won)' };

/** Every table a run writes, column by column (`position_<SYM>` stands for one column per instrument). */
export const RUN_TABLES: Readonly<Record<string, Readonly<Record<string, ColumnDoc>>>> = {
  trades: {
    t_us: T_US, day: DAY, instrument: INST, price: PRICE, qty: { unit: 'shares', doc: 'quantity filled' },
    aggressor: { unit: '', doc: "side that took liquidity: 'buy', 'sell', or 'auction' for an uncross" },
    buyer_id: { unit: '', doc: 'agent id of the buyer (agents.id)' }, seller_id: { unit: '', doc: 'agent id of the seller' },
    buyer_kind: { unit: '', doc: 'agent kind of the buyer' }, seller_kind: { unit: '', doc: 'agent kind of the seller' },
  },
  bars: {
    day: DAY, instrument: INST,
    t_us: { unit: 'us', doc: 'bar START time (bars are [t_us, t_us + bar length), labelled by their start)' },
    time: { unit: 'HH:MM:SS', doc: 'bar start as exchange clock text' },
    open: PRICE, high: PRICE, low: PRICE, close: { unit: '{cur}', doc: 'last price at the bar end (carried over empty bars)' },
    volume: { unit: 'shares', doc: 'shares traded in the bar (0 for the index)' },
    vwap: { unit: '{cur}', doc: 'volume-weighted average price (empty when no trade)' },
  },
  daily: {
    day: DAY, instrument: INST, open: PRICE, high: PRICE, low: PRICE,
    close: { unit: '{cur}', doc: 'closing price (closing auction); the index level for the index' },
    return: { unit: 'fraction', doc: 'close-to-close return (0.01 = 1%)' },
    volume: { unit: 'shares', doc: 'shares traded (empty for the index)' },
    turnover_value: { unit: '{cur}', doc: 'sum of price × qty' },
    vwap: { unit: '{cur}', doc: 'volume-weighted average price' },
    nav: { unit: '{cur}', doc: 'ETF net asset value per share struck on the close (ETFs only)' },
    premium: { unit: 'fraction', doc: 'close / nav − 1 (ETFs only)' },
    shares_outstanding: { unit: 'shares', doc: 'ETF shares outstanding after the day (ETFs only)' },
  },
  flows: {
    day: DAY, instrument: INST, kind: { unit: '', doc: 'agent kind' },
    buy_qty: { unit: 'shares', doc: 'shares bought' }, sell_qty: { unit: 'shares', doc: 'shares sold' },
    buy_value: { unit: '{cur}', doc: 'value bought' }, sell_value: { unit: '{cur}', doc: 'value sold' },
    orders: { unit: 'orders', doc: 'orders submitted' },
    forced_sell_qty: { unit: 'shares', doc: 'shares sold by margin calls (part of sell_qty)' },
    forced_sell_value: { unit: '{cur}', doc: 'value sold by margin calls (part of sell_value)' },
  },
  depth: {
    t_us: T_US, day: DAY, instrument: INST, side: { unit: '', doc: "'bid' or 'ask'" },
    level: { unit: '', doc: 'price level of the side, 1 = the best (up to 10; fewer when the side holds fewer)' },
    price: { unit: '{cur}', doc: 'price of the level' },
    qty: { unit: 'shares', doc: 'shares resting at the level' },
    value: { unit: '{cur}', doc: 'price × qty' },
  },
  quotes: {
    t_us: { unit: 'us', doc: 'time of the change, µs since 00:00 of day 0 (exchange clock); the row holds until the next row of its instrument' },
    day: DAY, instrument: INST,
    phase: { unit: '', doc: 'trading phase (continuous, pre-open, closing-auction, vi-auction, halted, closed, …); in call auctions the book may be crossed' },
    bid: { unit: '{cur}', doc: 'best bid price (empty when no bid rests)' },
    bid_qty: { unit: 'shares', doc: 'shares resting at the best bid (0 when none)' },
    ask: { unit: '{cur}', doc: 'best ask price (empty when no ask rests)' },
    ask_qty: { unit: 'shares', doc: 'shares resting at the best ask (0 when none)' },
  },
  auction_indicative: {
    t_us: { unit: 'us', doc: 'sample time, a multiple of outputs.auctionSampleSeconds, µs since 00:00 of day 0 (exchange clock): the state after everything at that instant' },
    day: DAY, instrument: INST,
    phase: { unit: '', doc: 'call auction: pre-open, opening-auction, closing-auction, vi-auction or reopening-auction' },
    price: { unit: '{cur}', doc: 'indicative uncross price, as published (empty when bids and asks do not cross)' },
    volume: { unit: 'shares', doc: 'shares that would execute at the indicative price (0 when nothing crosses)' },
    imbalance: { unit: 'shares', doc: 'unexecuted demand minus unexecuted supply at the indicative price (empty when nothing crosses)' },
  },
  metrics: {
    day: DAY, name: { unit: '', doc: 'metric published by an agent (e.g. nav.<ETF>, shares_outstanding.<ETF>, dealer gamma)' },
    value: { unit: 'see name', doc: 'its value' },
  },
  agents: {
    id: { unit: '', doc: 'agent id' }, kind: { unit: '', doc: 'agent kind' }, cash: { unit: '{cur}', doc: 'final cash' },
    'position_<SYM>': { unit: 'shares', doc: 'final position in <SYM>, one column per instrument' },
    pnl: { unit: '{cur}', doc: 'mark-to-market P&L at the last prices, against the starting endowment' },
  },
  market_events: {
    t_us: T_US, day: DAY,
    kind: { unit: '', doc: 'phase-changed, auction-uncrossed, vi-started, halt-started, sidecar-started, shock, …' },
    instrument: { unit: '', doc: 'instrument, the index name, or empty for market-wide' }, detail: { unit: '', doc: 'kind-specific text' },
  },
  summary: {
    metric: { unit: '', doc: 'metric name (summary.json key without the instrument; dots become underscores)' },
    instrument: { unit: '', doc: 'instrument symbol, or empty for a market-wide metric' },
    value: { unit: 'see unit', doc: 'value (empty = not defined for this run)' },
    unit: { unit: '', doc: "unit of value: 'fraction', 'count', 'ticks', 'ratio', or the reporting currency code" },
  },
};

/** The documentation entry of a column of a table (`position_SEC` → `position_<SYM>`), or undefined. */
export function columnDoc(table: string, column: string): ColumnDoc | undefined {
  const cols = RUN_TABLES[table];
  if (cols === undefined) return undefined;
  return cols[column] ?? (column.startsWith('position_') ? cols['position_<SYM>'] : undefined);
}

/** What a run directory's Parquet files say about where they come from. */
export interface TableProvenance {
  readonly version: string;
  readonly scenarioSha256: string;
  readonly seed: number;
  /** Trading currency (tables) and reporting currency (summary). */
  readonly currency: string;
  readonly reportCurrency: string;
}

/** The one key-value metadata key of a run's Parquet files; its value is a JSON object (see {@link parquetMetadata}). */
export const PARQUET_METADATA_KEY = 'cascade';

/**
 * The Parquet key-value metadata of one table: ONE key, `cascade`, whose value is a JSON object {table, version,
 * scenario_sha256, seed, currency, report_currency, time_base, units: {column: unit}}. One key, because parquet-wasm
 * writes several keys in a random (hash-map) order, which would break byte-identical files.
 */
export function parquetMetadata(t: ColumnTable, p: TableProvenance): Map<string, string> {
  const units: Record<string, string> = {};
  for (const c of t.columns) {
    const u = columnDoc(t.name, c.name)?.unit;
    if (u !== undefined) units[c.name] = u.replaceAll('{cur}', p.currency).replaceAll('{rep}', p.reportCurrency);
  }
  const value = {
    table: t.name, version: p.version, scenario_sha256: p.scenarioSha256, seed: p.seed, currency: p.currency,
    report_currency: p.reportCurrency, time_base: TIME_BASE, units,
  };
  return new Map([[PARQUET_METADATA_KEY, JSON.stringify(value)]]);
}

const KIND_UNIT: Readonly<Record<MetricKind, string>> = { pct: 'fraction', count: 'count', money: '', multiple: 'ratio', ticks: 'ticks', number: '' };

/**
 * summary.json as a long table: one row per metric and instrument. `return.SEC` → (return, SEC); market-wide keys
 * have instrument ''; remaining dots become underscores (`margin_forced_sale_value.d2` → `margin_forced_sale_value_d2`).
 * Money is in `reportCurrency`; null (NaN) values stay NaN (an empty CSV cell, a null-free DOUBLE NaN in Parquet).
 */
export function summaryTable(summary: Readonly<Record<string, unknown>>, symbols: readonly string[], reportCurrency: string): ColumnTable {
  const metric: string[] = [];
  const instrument: string[] = [];
  const value: number[] = [];
  const unit: string[] = [];
  for (const [key, v] of Object.entries(summary)) {
    const dot = key.indexOf('.');
    const prefix = dot < 0 ? key : key.slice(0, dot);
    const sym = dot < 0 ? '' : key.slice(dot + 1);
    const perInstrument = prefix in INSTRUMENT_METRICS && symbols.includes(sym);
    const kind = perInstrument ? INSTRUMENT_METRICS[prefix]!.kind : (MARKET_METRICS[key]?.kind ?? 'number');
    metric.push(perInstrument ? prefix : key.replaceAll('.', '_'));
    instrument.push(perInstrument ? sym : '');
    value.push(typeof v === 'number' ? v : NaN);
    unit.push(kind === 'money' ? reportCurrency : KIND_UNIT[kind]);
  }
  return makeTable('summary', [
    { name: 'metric', type: 'string', values: metric },
    { name: 'instrument', type: 'string', values: instrument },
    { name: 'value', type: 'float', values: Float64Array.from(value) },
    { name: 'unit', type: 'string', values: unit },
  ]);
}

const SWEEP_FIXED_UNITS: Readonly<Record<string, string>> = {
  run_id: '', point_id: '', replicate: '', counterfactual: '', seed: '', computed_by: '', status: '', error: '', wall_s: 's', n_ok: 'count', n_failed: 'count', n_pairs: 'count',
};
const STAT_SUFFIX = /\.(mean|sd|p05|p50|p95|diff_mean|ci_low|ci_high)$/;

/** The unit of a sweep table column: fixed columns, `<metric>` and `<metric>.<stat>` by the metric's kind, else ''. */
export function sweepColumnUnit(column: string, reportCurrency: string): string {
  const fixed = SWEEP_FIXED_UNITS[column];
  if (fixed !== undefined) return fixed;
  const kind = metricDef(column.replace(STAT_SUFFIX, '')).kind;
  return kind === 'money' ? reportCurrency : KIND_UNIT[kind];
}

/**
 * The Parquet metadata of a sweep table: one key `cascade`, a JSON object {table, version, sweep_sha256,
 * plan_sha256 (which covers every point's resolved scenario), seed, report_currency, units} taken from the sweep
 * manifest's identity fields only, which `cascade merge` keeps, so a merged sweep's files equal a one-machine
 * sweep's byte for byte.
 */
export function sweepParquetMetadata(t: ColumnTable, manifest: Readonly<Record<string, unknown>>): Map<string, string> {
  const sweep = (manifest['sweep'] ?? {}) as Record<string, unknown>;
  const cur = typeof manifest['reportCurrency'] === 'string' ? manifest['reportCurrency'] : '';
  const str = (x: unknown): string | null => (typeof x === 'string' ? x : null);
  const value = {
    table: t.name, version: str(manifest['version']), sweep_sha256: str(manifest['sweepSha256']), plan_sha256: str(manifest['planSha256']),
    seed: typeof sweep['seed'] === 'number' ? sweep['seed'] : null,
    report_currency: cur, units: Object.fromEntries(t.columns.map((c) => [c.name, sweepColumnUnit(c.name, cur)])),
  };
  return new Map([[PARQUET_METADATA_KEY, JSON.stringify(value)]]);
}
