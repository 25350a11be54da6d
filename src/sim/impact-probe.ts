// What the impact experiment keeps of a run (src/sweep/impact.ts): one instrument's minute closes on one day and
// its intraday variance per day, read from the run's 1-minute bars (bars carry the last price forward, so every
// minute of the session has a close).
import { column } from '../core/table.js';
import type { RunResult } from './run.js';

export interface ImpactProbeData {
  readonly closes: Float64Array;
  readonly volume: number;
  readonly dayVariance: Float64Array;
}

/** Minute closes of `symbol` on `day`, its volume that day, and Σ(5-min log return)² of each day up to `day`. */
export function impactProbe(result: Pick<RunResult, 'tables'>, symbol: string, day: number): ImpactProbeData {
  const bars = result.tables.find((t) => t.name === 'bars');
  const daily = result.tables.find((t) => t.name === 'daily');
  if (bars === undefined || daily === undefined) throw new Error('impact probe: the run has no bars or daily table');
  const bDay = column(bars, 'day').values as ArrayLike<number>;
  const bInst = column(bars, 'instrument').values as readonly string[];
  const bClose = column(bars, 'close').values as ArrayLike<number>;
  const perDay: number[][] = Array.from({ length: day + 1 }, () => []);
  for (let i = 0; i < bars.rowCount; i++) if (bInst[i] === symbol && bDay[i]! <= day) perDay[bDay[i]!]!.push(bClose[i]!);
  // Σ of squared 5-minute returns from the previous close (so the opening gap counts) to the day's last bar.
  const dayVariance = Float64Array.from(perDay, (c, d) => {
    let s = 0;
    let prev: number = d > 0 ? (perDay[d - 1]![perDay[d - 1]!.length - 1] ?? 0) : 0;
    for (let k = 4; k < c.length; k += 5) {
      if (c[k]! > 0 && prev > 0) s += Math.log(c[k]! / prev) ** 2;
      prev = c[k]!;
    }
    return s;
  });
  const dDay = column(daily, 'day').values as ArrayLike<number>;
  const dInst = column(daily, 'instrument').values as readonly string[];
  const dVol = column(daily, 'volume').values as ArrayLike<number>;
  let volume = 0;
  for (let i = 0; i < daily.rowCount; i++) if (dInst[i] === symbol && dDay[i] === day) volume = dVol[i]!;
  return { closes: Float64Array.from(perDay[day]!), volume, dayVariance };
}
