// Slices of a run's tables that several figures draw: one day's bars per series (instruments and the index),
// each series' previous close, and an ETF's daily close and NAV. Plain loops over the columns.
import { hasCol, numCol, strCol } from '../columns.js';
import type { RunData } from '../run-data.js';
import { todMs } from './common.js';

/** One series' bars on one day. */
export interface DayBars {
  readonly series: string;
  readonly time: number[];
  readonly close: number[];
  readonly volume: number[];
}

/** Every series' bars on `day`, in first-appearance order. */
export function dayBars(run: RunData, day: number): DayBars[] {
  const bars = run.tables.get('bars');
  if (bars === undefined) return [];
  const inst = strCol(bars, 'instrument');
  const d = numCol(bars, 'day');
  const t = numCol(bars, 't_us');
  const close = numCol(bars, 'close');
  const vol = numCol(bars, 'volume');
  const out = new Map<string, DayBars>();
  for (let r = 0; r < bars.rowCount; r++) {
    if (d[r] !== day) continue;
    let s = out.get(inst[r]!);
    if (s === undefined) out.set(inst[r]!, (s = { series: inst[r]!, time: [], close: [], volume: [] }));
    s.time.push(todMs(t[r]!));
    s.close.push(close[r]!);
    s.volume.push(vol[r]!);
  }
  return [...out.values()];
}

/** One row of the daily table. */
export interface DailyRow {
  readonly day: number;
  readonly close: number;
  readonly ret: number;
  readonly nav: number;
  readonly premium: number;
}

/** The daily rows of `series`, by day. NAV and premium are NaN where the table has none. */
export function dailyRows(run: RunData, series: string): DailyRow[] {
  const daily = run.tables.get('daily');
  if (daily === undefined) return [];
  const inst = strCol(daily, 'instrument');
  const day = numCol(daily, 'day');
  const close = numCol(daily, 'close');
  const ret = numCol(daily, 'return');
  const nav = hasCol(daily, 'nav') ? numCol(daily, 'nav') : null;
  const prem = hasCol(daily, 'premium') ? numCol(daily, 'premium') : null;
  const out: DailyRow[] = [];
  for (let r = 0; r < daily.rowCount; r++) {
    if (inst[r] !== series) continue;
    out.push({ day: day[r]!, close: close[r]!, ret: ret[r]!, nav: nav?.[r] ?? NaN, premium: prem?.[r] ?? NaN });
  }
  return out.sort((a, b) => a.day - b.day);
}

/** The previous close of `series` before `day` (close / (1 + return) of that day's row), NaN if unknown. */
export function previousClose(run: RunData, series: string, day: number): number {
  const row = dailyRows(run, series).find((r) => r.day === day);
  return row ? row.close / (1 + row.ret) : NaN;
}
