// Figure: what the exchange published during the two auctions the cascade runs through — the stress day's closing
// auction (where the leveraged ETFs' rebalancing lands) and the D+2 opening auction from the pre-open (where the
// margin calls are force-sold). Top row: the indicative uncross price relative to the last trade before the auction
// (for the opening auction, the previous close), with the actual uncross as a dot; bottom row: the imbalance (unexecuted demand − supply at the indicative price) as money, so
// instruments of different prices compare. One colour per instrument, one column per auction, each on its own
// clock. From auction_indicative (sampled every outputs.auctionSampleSeconds), trades and market_events.
import { numCol, strCol } from '../columns.js';
import { moneyScale } from '../format.js';
import type { RunData } from '../run-data.js';
import { clockText, instrumentColorScale, maxAbs, roundSig, timeX, todMs, topLevel } from './common.js';
import type { FigureOutcome, VlSpec } from './common.js';
import { lastPriceBefore } from './auctions.js';

export const AUCTION_INDICATIVE = 'auction-indicative';

/** One auction of the figure: its day, the phases of auction_indicative it covers, and the uncross kind ending it. */
interface Auction {
  readonly label: string;
  readonly day: number;
  readonly phases: readonly string[];
  readonly uncross: string;
}

interface Sample {
  readonly auction: string;
  readonly instrument: string;
  readonly t: number;
  readonly price: number;
  readonly imbalance: number;
}

/** The auctions of the figure that the run's calendar holds. */
function auctionsOf(run: RunData): Auction[] {
  const s = run.info.stressDay;
  return [
    { label: `day ${s} close`, day: s, phases: ['closing-auction'], uncross: 'closing' },
    { label: `D+2 open (day ${s + 2})`, day: s + 2, phases: ['pre-open', 'opening-auction'], uncross: 'opening' },
  ].filter((a) => a.day < run.info.days);
}

/** The samples of each auction, in time order. */
function samples(run: RunData, auctions: readonly Auction[]): Sample[] {
  const ai = run.tables.get('auction_indicative')!;
  const t = numCol(ai, 't_us');
  const day = numCol(ai, 'day');
  const inst = strCol(ai, 'instrument');
  const phase = strCol(ai, 'phase');
  const price = numCol(ai, 'price');
  const imb = numCol(ai, 'imbalance');
  const out: Sample[] = [];
  for (let r = 0; r < ai.rowCount; r++) {
    const a = auctions.find((x) => x.day === day[r] && x.phases.includes(phase[r]!));
    if (a !== undefined) out.push({ auction: a.label, instrument: inst[r]!, t: t[r]!, price: price[r]!, imbalance: imb[r]! });
  }
  return out;
}

/** The uncrosses (`auction-uncrossed <kind> price=P volume=V`, V > 0: nothing traded otherwise) of the auction's day, by instrument. */
function uncrosses(run: RunData, a: Auction): Map<string, { t: number; price: number }> {
  const out = new Map<string, { t: number; price: number }>();
  const ev = run.tables.get('market_events');
  if (ev === undefined) return out;
  const kind = strCol(ev, 'kind');
  const detail = strCol(ev, 'detail');
  const inst = strCol(ev, 'instrument');
  const day = numCol(ev, 'day');
  const t = numCol(ev, 't_us');
  for (let r = 0; r < ev.rowCount; r++) {
    const m = kind[r] === 'auction-uncrossed' && day[r] === a.day ? /^(\S+) price=(\d+) volume=(\d+)/.exec(detail[r]!) : null;
    if (m !== null && m[1] === a.uncross && Number(m[3]) > 0) out.set(inst[r]!, { t: t[r]!, price: Number(m[2]) });
  }
  return out;
}

export function auctionIndicative(run: RunData): FigureOutcome {
  const title = 'Indicative price and imbalance through the stress-day close and the D+2 open';
  if (!run.tables.has('auction_indicative')) return { name: AUCTION_INDICATIVE, title, skipped: 'the run has no auction_indicative table (outputs.tables)' };
  const auctions = auctionsOf(run);
  const all = samples(run, auctions);
  if (all.length === 0) return { name: AUCTION_INDICATIVE, title, skipped: `no auction_indicative samples in the closing auction of day ${run.info.stressDay} or the opening auction two days later` };
  const ref = new Map<string, number>();
  for (const s of all) {
    const k = `${s.auction}\u0000${s.instrument}`;
    if (!ref.has(k)) ref.set(k, lastPriceBefore(run, s.instrument, s.t));
  }
  const fx = run.info.fxRate;
  const { div, word } = moneyScale(maxAbs(all.filter((s) => Number.isFinite(s.imbalance)).map((s) => (s.imbalance * s.price) / fx)));
  const money = `${word ? `${word} ` : ''}${run.info.reportCurrency}`;
  const rowPrice = 'indicative price vs last (%)';
  const rowImbalance = `imbalance (${money})`;
  const pct = (p: number, r: number | undefined): number | null => (Number.isFinite(p) && r !== undefined && r > 0 ? roundSig((p / r - 1) * 100, 4) : null);
  const values: Record<string, unknown>[] = all.flatMap((s) => {
    const r = ref.get(`${s.auction}\u0000${s.instrument}`);
    const time = todMs(s.t);
    const base = { auction: s.auction, instrument: s.instrument, time, at: clockText(time) };
    const imbalance = Number.isFinite(s.imbalance) ? roundSig((s.imbalance * s.price) / fx / div, 4) : null;
    return [{ ...base, measure: rowPrice, value: pct(s.price, r), type: 'path' }, { ...base, measure: rowImbalance, value: imbalance, type: 'path' }];
  });
  for (const a of auctions) {
    for (const [instrument, u] of uncrosses(run, a)) {
      const r = ref.get(`${a.label}\u0000${instrument}`);
      if (r !== undefined) values.push({ auction: a.label, instrument, time: todMs(u.t), measure: rowPrice, value: pct(u.price, r), type: 'uncross' });
    }
  }
  const scale = instrumentColorScale(run, all.map((s) => s.instrument));
  const color = { field: 'instrument', type: 'nominal', title: 'instrument', scale };
  const tooltip = [{ field: 'instrument' }, { field: 'at', title: 'time' }, { field: 'value' }];
  const path = (title: string, xTitle: boolean): VlSpec => ({
    transform: [{ filter: "datum.type === 'path'" }],
    mark: { type: 'line', interpolate: 'step-after', invalid: 'break-paths-show-path-domains' },
    encoding: { x: xTitle ? timeX() : { ...timeX(), title: null }, y: { field: 'value', type: 'quantitative', title }, color, tooltip },
  });
  // One row per measure, each faceted by auction: a row is its own chart so the uncross dots (price only) never
  // leave an empty layer in a cell, and each row keeps its own y axis title.
  const row = (measure: string, layers: VlSpec[], headers: boolean): VlSpec => ({
    transform: [{ filter: { field: 'measure', equal: measure } }],
    facet: { column: { field: 'auction', type: 'nominal', title: null, sort: auctions.map((a) => a.label), header: headers ? {} : { labels: false } } },
    spec: { width: 220, height: 120, layer: layers },
    resolve: { scale: { x: 'independent' } },
  });
  const dots: VlSpec = {
    transform: [{ filter: "datum.type === 'uncross'" }],
    mark: { type: 'point', filled: true, size: 30 },
    encoding: { x: { ...timeX(), title: null }, y: { field: 'value', type: 'quantitative' }, color, tooltip },
  };
  const hasDots = values.some((v) => v['type'] === 'uncross');
  const spec = topLevel(title, 'Published every sample interval during the call; dot: the uncross price', {
    data: { values },
    vconcat: [row(rowPrice, hasDots ? [path(rowPrice, false), dots] : [path(rowPrice, false)], true), row(rowImbalance, [path(rowImbalance, true)], false)],
  });
  const caption =
    `Indicative uncross price (top, % from the last price before the auction; dots: the uncross) and imbalance ` +
    `(bottom, unexecuted demand minus supply at the indicative price, ${money}) during the closing auction of the stress day (day ${run.info.stressDay}) ` +
    'and the opening auction two days later, as the exchange publishes them, sampled on a fixed clock; gaps: bids and asks do not cross.';
  return { name: AUCTION_INDICATIVE, title, caption, spec };
}
