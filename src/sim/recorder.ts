// What a run records while it runs, in growable typed arrays (no per-trade objects): every trade with its buyer and
// seller agents, signed flows per (day, instrument, agent kind), the market events (halts, VIs, auctions…),
// end-of-day statistics per instrument, and periodic samples of the quoted spread. tables.ts turns this into the
// output tables after the run.
import { dayOf } from '../core/time.js';
import { growI32 } from '../market/book-events.js';

/** Flow columns per (day, instrument, kind). */
export const FLOW_BUY_QTY = 0;
export const FLOW_SELL_QTY = 1;
export const FLOW_BUY_VALUE = 2;
export const FLOW_SELL_VALUE = 3;
export const FLOW_ORDERS = 4;
export const FLOW_FORCED_SELL_QTY = 5;
export const FLOW_FORCED_SELL_VALUE = 6;
const FLOW_FIELDS = 7;
/** Spread samples are counted in buckets of 1..SPREAD_BUCKETS-1 ticks, the last bucket holding wider spreads. */
export const SPREAD_BUCKETS = 12;

export interface DailyStat {
  day: number;
  inst: number;
  base: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  turnover: number;
  trades: number;
  viCount: number;
}

export interface MarketEventRow {
  t: number;
  kind: string;
  inst: number;
  detail: string;
}

export class Recorder {
  // ---- trades
  tradeCount = 0;
  tT = new Float64Array(1024);
  tInst = new Int32Array(1024);
  tPrice = new Int32Array(1024);
  tQty = new Int32Array(1024);
  tAggr = new Int32Array(1024);
  tBuyer = new Int32Array(1024);
  tSeller = new Int32Array(1024);
  // ---- flows [day][inst][kind][field]
  readonly flows: Float64Array;
  // ---- market events, daily statistics, index closes
  readonly marketEvents: MarketEventRow[] = [];
  readonly daily: DailyStat[] = [];
  readonly indexClose: number[] = [];
  readonly indexBase: number[] = [];
  /** Spread samples per instrument: counts by spread in ticks (bucket 0 = one side empty). */
  readonly spreadCounts: Int32Array;
  ordersArrived = 0;
  transfers = 0;
  /** Agent-published metrics per day (name -> value), in first-set order. */
  readonly metrics: Map<string, number>[];

  constructor(
    readonly days: number,
    readonly instruments: number,
    readonly kinds: number,
    private readonly agentKind: Int32Array,
  ) {
    this.flows = new Float64Array(days * instruments * kinds * FLOW_FIELDS);
    this.spreadCounts = new Int32Array(instruments * SPREAD_BUCKETS);
    this.metrics = Array.from({ length: days }, () => new Map<string, number>());
  }

  /** Set or add to a metric of `day`. */
  metric(day: number, name: string, value: number, mode: 'set' | 'add'): void {
    const m = this.metrics[Math.min(day, this.days - 1)]!;
    m.set(name, mode === 'add' ? (m.get(name) ?? 0) + value : value);
  }

  /** Record one trade between two agents. */
  trade(t: number, inst: number, price: number, qty: number, aggressor: number, buyer: number, seller: number, forcedSale = false): void {
    const i = this.tradeCount;
    if (i === this.tT.length) this.growTrades();
    this.tT[i] = t;
    this.tInst[i] = inst;
    this.tPrice[i] = price;
    this.tQty[i] = qty;
    this.tAggr[i] = aggressor;
    this.tBuyer[i] = buyer;
    this.tSeller[i] = seller;
    this.tradeCount = i + 1;
    const day = dayOf(t);
    const value = price * qty;
    const bo = this.flowOffset(day, inst, this.agentKind[buyer]!);
    this.flows[bo + FLOW_BUY_QTY]! += qty;
    this.flows[bo + FLOW_BUY_VALUE]! += value;
    const so = this.flowOffset(day, inst, this.agentKind[seller]!);
    this.flows[so + FLOW_SELL_QTY]! += qty;
    this.flows[so + FLOW_SELL_VALUE]! += value;
    if (forcedSale) {
      this.flows[so + FLOW_FORCED_SELL_QTY]! += qty;
      this.flows[so + FLOW_FORCED_SELL_VALUE]! += value;
    }
  }

  /** Count an order (or cancel/modify) that reached the exchange. */
  order(t: number, inst: number, agent: number): void {
    this.ordersArrived++;
    if (inst < 0) return;
    this.flows[this.flowOffset(dayOf(t), inst, this.agentKind[agent]!) + FLOW_ORDERS]! += 1;
  }

  /** Record the quoted spread of `inst` in ticks (0 when a side is empty). */
  spread(inst: number, ticks: number): void {
    const b = ticks <= 0 ? 0 : Math.min(ticks, SPREAD_BUCKETS - 1);
    this.spreadCounts[inst * SPREAD_BUCKETS + b]! += 1;
  }

  flowOffset(day: number, inst: number, kind: number): number {
    return ((day * this.instruments + inst) * this.kinds + kind) * FLOW_FIELDS;
  }

  private growTrades(): void {
    const n = this.tT.length * 2;
    const t = new Float64Array(n);
    t.set(this.tT);
    this.tT = t;
    this.tInst = growI32(this.tInst, n);
    this.tPrice = growI32(this.tPrice, n);
    this.tQty = growI32(this.tQty, n);
    this.tAggr = growI32(this.tAggr, n);
    this.tBuyer = growI32(this.tBuyer, n);
    this.tSeller = growI32(this.tSeller, n);
  }
}
