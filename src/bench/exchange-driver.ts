// A StreamDriver that pushes LOBS messages through the full Exchange with KRX rules on: one listing on a uniform
// tick-1 grid (stream prices are ticks) with the stream's first price as base, daily limits, dynamic and static
// VI bands checked on every order, in the continuous phase. It measures the cost of the rules layer; when no VI
// fires (the standard streams stay well inside ±3%), its fills must equal the bare book's.
import { Exchange } from '../market/exchange.js';
import { ORDER_CANCELED as CANCELED, TRADE } from '../market/exchange-events.js';
import { BUY, LIMIT, MARKET } from '../market/order.js';
import type { Side } from '../market/order.js';
import { clock } from '../core/time.js';
import type { StreamDriver } from './engine-bench.js';
import { FillChecksum, LOBS_CANCEL, LOBS_LIMIT, LOBS_STRIDE } from './lobs-stream.js';
import type { LobsCheckpoint, LobsMeta } from './lobs-stream.js';

const BASE_PRICE = 100_000;
const T_CONTINUOUS = clock(10, 0);

export class ExchangeDriver implements StreamDriver {
  readonly ex: Exchange;
  /** LOBS id -> exchange id (the exchange issues its own dense ids). */
  private readonly ids: Int32Array;
  private readonly fromExchange: Int32Array;

  constructor(capacity: number) {
    this.ex = new Exchange(
      { rules: 'krx', instruments: [{ symbol: 'X', tickTable: 'uniform', initialPrice: BASE_PRICE, sharesOutstanding: 1 }] },
      { next: () => 0 },
    );
    this.ex.startDay(0);
    this.ex.advanceTo(T_CONTINUOUS);
    this.ids = new Int32Array(capacity + 1).fill(-1);
    this.fromExchange = new Int32Array(capacity + 1);
  }

  static describe(meta: LobsMeta): string {
    return `KRX rules on one listing (uniform tick, base ${BASE_PRICE}, limits ±30%, VI bands checked), stream prices ${meta.minPrice}–${meta.maxPrice}`;
  }

  apply(msgs: Int32Array, i: number, ck: FillChecksum): void {
    const o = i * LOBS_STRIDE;
    const type = msgs[o]!;
    const ex = this.ex;
    const lobsId = msgs[o + 4]!;
    if (type === LOBS_CANCEL) ex.cancel(T_CONTINUOUS, this.ids[lobsId]!);
    else {
      const id = ex.submit(T_CONTINUOUS, 0, msgs[o + 1] as Side, type === LOBS_LIMIT ? LIMIT : MARKET, msgs[o + 2]!, msgs[o + 3]!);
      this.ids[lobsId] = id;
      if (id >= this.fromExchange.length) throw new Error('exchange ids outran the stream ids');
      this.fromExchange[id] = lobsId;
    }
    const ev = ex.events;
    const n = ev.count;
    for (let k = 0; k < n; k++) {
      if (ev.kind[k] === TRADE) {
        const maker = ev.aux[k] === BUY ? ev.b[k]! : ev.a[k]!;
        ck.fill(this.fromExchange[maker]!, ev.price[k]!, ev.qty[k]!);
      }
    }
    if (type === LOBS_CANCEL) {
      if (n > 0 && ev.kind[0] === CANCELED) ck.cancelHit++;
      else ck.cancelMiss++;
    }
  }

  state(): Pick<LobsCheckpoint, 'resting' | 'bidQty' | 'askQty' | 'bestBid' | 'bestAsk'> {
    const b = this.ex.listings[0]!.book;
    return { resting: b.restingCount(), bidQty: b.sideQty(0), askQty: b.sideQty(1), bestBid: b.bestBid() || null, bestAsk: b.bestAsk() || null };
  }
}
