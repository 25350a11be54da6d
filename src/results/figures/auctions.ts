// Figure: the two auctions the cascade runs through — the stress day's closing auction (where the leveraged ETFs'
// rebalancing lands) and the D+2 opening auction (where the margin calls are force-sold). Per instrument and
// auction: the uncross volume as a multiple of the same auction's average on calm days (bars), the share of it that
// was forced selling, and the uncross price's gap from the last price before the auction (in the tooltip and as
// text). From market_events (`auction-uncrossed … price=P volume=V`) and trades (aggressor 'auction',
// seller_kind margin-accounts with the flows table's forced share). This shows the outcome; the indicative price and
// imbalance during the call period are auction-indicative.ts.
import { numCol, strCol } from '../columns.js';
import type { RunData } from '../run-data.js';
import { instrumentColorScale, roundSig, topLevel } from './common.js';
import type { FigureOutcome } from './common.js';

export const AUCTIONS = 'auctions';

interface Uncross {
  readonly day: number;
  readonly kind: string;
  readonly instrument: string;
  readonly t: number;
  readonly price: number;
  readonly volume: number;
}

/** Every auction-uncrossed event: day, kind (opening, closing, …), instrument, time, price and volume. */
function uncrosses(run: RunData): Uncross[] {
  const ev = run.tables.get('market_events');
  if (ev === undefined) return [];
  const kind = strCol(ev, 'kind');
  const detail = strCol(ev, 'detail');
  const inst = strCol(ev, 'instrument');
  const day = numCol(ev, 'day');
  const t = numCol(ev, 't_us');
  const out: Uncross[] = [];
  for (let r = 0; r < ev.rowCount; r++) {
    if (kind[r] !== 'auction-uncrossed') continue;
    const m = /^(\S+) price=(\d+) volume=(\d+)/.exec(detail[r]!);
    if (m) out.push({ day: day[r]!, kind: m[1]!, instrument: inst[r]!, t: t[r]!, price: Number(m[2]), volume: Number(m[3]) });
  }
  return out;
}

/** The last trade price of `instrument` strictly before time t (NaN if none). */
export function lastPriceBefore(run: RunData, instrument: string, t: number): number {
  const trades = run.tables.get('trades');
  if (trades === undefined) return NaN;
  const tt = numCol(trades, 't_us');
  const inst = strCol(trades, 'instrument');
  const price = numCol(trades, 'price');
  let p = NaN;
  for (let r = 0; r < trades.rowCount && tt[r]! < t; r++) if (inst[r] === instrument) p = price[r]!;
  return p;
}

/** Quantity sold in the uncross at t by margin accounts (the forced sales of the D+2 open). */
function marginSold(run: RunData, instrument: string, t: number): number {
  const trades = run.tables.get('trades');
  if (trades === undefined) return 0;
  const tt = numCol(trades, 't_us');
  const inst = strCol(trades, 'instrument');
  const q = numCol(trades, 'qty');
  const seller = strCol(trades, 'seller_kind');
  const aggr = strCol(trades, 'aggressor');
  let s = 0;
  for (let r = 0; r < trades.rowCount; r++) if (tt[r] === t && inst[r] === instrument && aggr[r] === 'auction' && seller[r] === 'margin-accounts') s += q[r]!;
  return s;
}

export function auctions(run: RunData): FigureOutcome {
  const stress = run.info.stressDay;
  const title = `Stress-day closing auction and D+2 opening auction`;
  const all = uncrosses(run);
  const calm = (u: Uncross): boolean => u.day !== stress && u.day !== stress + 1 && u.day !== stress + 2;
  const wanted = [
    { label: `day ${stress} close`, day: stress, kind: 'closing' },
    { label: `D+2 open (day ${stress + 2})`, day: stress + 2, kind: 'opening' },
  ].filter((w) => w.day < run.info.days);
  const values = wanted.flatMap((w) =>
    all.filter((u) => u.day === w.day && u.kind === w.kind).map((u) => {
      const base = all.filter((x) => calm(x) && x.kind === w.kind && x.instrument === u.instrument).map((x) => x.volume);
      const avg = base.length > 0 ? base.reduce((a, b) => a + b, 0) / base.length : NaN;
      const before = lastPriceBefore(run, u.instrument, u.t);
      const gap = u.volume > 0 ? u.price / before - 1 : NaN; // nothing crossed: no price
      return {
        auction: w.label, instrument: u.instrument, multiple: roundSig(u.volume / avg, 4), volume: u.volume,
        forced: u.volume > 0 ? roundSig(marginSold(run, u.instrument, u.t) / u.volume, 4) : 0, gap: roundSig(gap, 4),
        gapText: Number.isFinite(gap) ? `${gap >= 0 ? '+' : '\u2212'}${Math.abs(gap * 100).toFixed(1)}%` : '',
      };
    }),
  ).filter((v) => Number.isFinite(v.multiple));
  if (values.length === 0) return { name: AUCTIONS, title, skipped: `no closing auction on day ${stress} or opening auction on day ${stress + 2} with calm-day auctions to compare` };
  const scale = instrumentColorScale(run, values.map((v) => v.instrument));
  const x = { field: 'instrument', type: 'nominal', title: null, sort: scale.domain };
  const spec = topLevel(title, 'Uncross volume ÷ the same auction on calm days; hatched share: sold by margin accounts; label: price gap from the last trade before the auction', {
    data: { values },
    facet: { column: { field: 'auction', type: 'nominal', title: null, sort: wanted.map((w) => w.label) } },
    spec: {
      width: 200,
      height: 180,
      layer: [
        { mark: { type: 'bar' }, encoding: { x, y: { field: 'multiple', type: 'quantitative', title: 'volume × calm-day average' }, color: { field: 'instrument', type: 'nominal', title: 'instrument', scale, legend: null }, tooltip: [{ field: 'instrument' }, { field: 'volume', title: 'shares' }, { field: 'multiple', format: '.2f' }, { field: 'forced', format: '.0%', title: 'sold by margin accounts' }, { field: 'gapText', title: 'price gap' }] } },
        { transform: [{ calculate: 'datum.multiple * datum.forced', as: 'forcedMultiple' }], mark: { type: 'bar', color: '#000000', opacity: 0.35 }, encoding: { x, y: { field: 'forcedMultiple', type: 'quantitative' } } },
        { mark: { type: 'text', dy: -3, baseline: 'bottom', fontSize: 8 }, encoding: { x, y: { field: 'multiple', type: 'quantitative' }, text: { field: 'gapText' } } },
      ],
    },
  });
  const caption =
    `Volume of the stress-day (day ${stress}) closing auction and the D+2 opening auction per instrument, relative to the same auction's average on calm days; ` +
    'the darker part was sold by margin accounts; labels give the uncross price against the last trade before the auction.';
  return { name: AUCTIONS, title, caption, spec };
}
