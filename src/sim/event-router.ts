// Routes between agents and the exchange for the World: carries out agents' commands on arrival, applies what the
// exchange returns (fills change portfolios and the recorder at execution time), and schedules the deliveries —
// order updates to their owners, market notices to everyone — after the update latency. Accepted/rested events
// are not delivered (agents learn of fills, cancels, expiries, rejections and modifications).
import { Priority } from '../core/kernel.js';
import {
  AUCTION_KINDS, AUCTION_UNCROSSED, EXCHANGE_EVENT_NAMES, HALT_STARTED, LIMITS_SET, ORDER_CANCELED, ORDER_MODIFIED,
  ORDER_REJECTED, PHASES, PHASE_CHANGED, SIDECAR_STARTED, TRADE, VI_STARTED,
} from '../market/exchange-events.js';
import type { ExchangeEventKind } from '../market/exchange-events.js';
import { CancelReason, CANCEL_REASON_NAMES, REJECT_REASON_NAMES, SIDE_NAMES } from '../market/order.js';
import type { OrderType, Side } from '../market/order.js';
import type { MarketNotice, OrderUpdate, OrderUpdateKind } from '../market/protocol.js';
import { OP_CANCEL, OP_SUBMIT, SimEvent } from './sim-event.js';
import type { World } from './world.js';

export class EventRouter {
  /** Reused for every delivery: agents must not keep it. */
  private readonly update: OrderUpdate = { kind: 'filled', ref: 0, instrument: 0, side: 0, price: 0, qty: 0, remaining: 0, reason: '' };

  constructor(private readonly w: World) {}

  /** An agent's command reaches the exchange. */
  command(e: SimEvent, now: number): void {
    const { exchange: ex, handles: hs, recorder } = this.w;
    const h = e.handle;
    const inst = hs.inst[h]!;
    recorder.order(now, inst >= 0 && inst < ex.listings.length ? inst : -1, e.agent);
    if (e.tag === OP_SUBMIT) {
      const side = hs.side[h]!;
      const type = hs.type[h]!;
      if ((side !== 0 && side !== 1) || type < 0 || type > 3) {
        throw new Error(`agent ${e.agent} (${this.w.contexts[e.agent]!.kind}) sent an order with side ${side} and type ${type}`);
      }
      const id = ex.submit(now, inst, side as Side, type as OrderType, hs.price[h]!, hs.qty[h]!, hs.program[h] === 1, e.agent);
      hs.bind(h, id);
    } else if (e.tag === OP_CANCEL) {
      ex.cancel(now, hs.exId[h]!);
    } else {
      ex.modify(now, hs.exId[h]!, e.price, e.qty);
    }
  }

  /** Apply and route the exchange's current events. */
  exchangeEvents(now: number): void {
    const ev = this.w.exchange.events;
    for (let k = 0; k < ev.count; k++) {
      const kind = ev.kind[k]! as ExchangeEventKind;
      if (kind === TRADE) this.trade(now, ev.inst[k]!, ev.a[k]!, ev.b[k]!, ev.price[k]!, ev.qty[k]!, ev.aux[k]!);
      else if (kind === ORDER_REJECTED || kind === ORDER_CANCELED || kind === ORDER_MODIFIED) {
        this.orderEvent(now, kind, ev.a[k]!, ev.price[k]!, ev.qty[k]!, ev.aux[k]!);
      } else if (kind >= PHASE_CHANGED) {
        this.marketEvent(ev.t[k]!, kind, ev.inst[k]!, ev.a[k]!, ev.b[k]!, ev.price[k]!, ev.qty[k]!, ev.aux[k]!);
      }
    }
  }

  private trade(now: number, inst: number, buyId: number, sellId: number, price: number, qty: number, aggressor: number): void {
    const { handles: hs, portfolios, recorder, kernel } = this.w;
    const hb = hs.ofExchange(buyId);
    const hsl = hs.ofExchange(sellId);
    const buyer = hs.agent[hb]!;
    const seller = hs.agent[hsl]!;
    portfolios[buyer]!.applyFill(inst, true, price, qty);
    portfolios[seller]!.applyFill(inst, false, price, qty);
    recorder.trade(now, inst, price, qty, aggressor, buyer, seller, hs.forced[hsl] === 1);
    this.w.history.onTrade(inst, now, price, qty, aggressor === 0 ? 1 : aggressor === 1 ? -1 : 0);
    const at = now + this.w.cfg.latency.updateUs;
    kernel.schedule(at, Priority.Delivery, SimEvent.update(buyer, hb, 'filled', price, qty, ''));
    kernel.schedule(at, Priority.Delivery, SimEvent.update(seller, hsl, 'filled', price, qty, ''));
  }

  private orderEvent(now: number, kind: number, id: number, price: number, qty: number, aux: number): void {
    const hs = this.w.handles;
    const h = hs.ofExchange(id);
    if (h < 0) return;
    let name: OrderUpdateKind = 'modified';
    let reason = '';
    if (kind === ORDER_REJECTED) {
      name = 'rejected';
      reason = REJECT_REASON_NAMES[aux] ?? String(aux);
    } else if (kind === ORDER_CANCELED) {
      name = aux === CancelReason.Canceled || aux === CancelReason.Reduced ? 'canceled' : 'expired';
      reason = CANCEL_REASON_NAMES[aux] ?? String(aux);
    }
    const at = now + this.w.cfg.latency.updateUs;
    this.w.kernel.schedule(at, Priority.Delivery, SimEvent.update(hs.agent[h]!, h, name, price, qty, reason));
  }

  private marketEvent(t: number, kind: number, inst: number, a: number, b: number, price: number, qty: number, aux: number): void {
    const name = EXCHANGE_EVENT_NAMES[kind as ExchangeEventKind];
    this.w.recorder.marketEvents.push({ t, kind: name, inst, detail: detailOf(kind, a, b, price, qty, aux) });
    if (kind === LIMITS_SET) return;
    const notice: MarketNotice = { kind: name as MarketNotice['kind'], instrument: inst, price, qty, code: aux };
    if (kind === PHASE_CHANGED) notice.phase = PHASES[aux]!;
    this.w.kernel.schedule(t + this.w.cfg.latency.updateUs, Priority.Delivery, SimEvent.notice(notice));
  }

  /** Deliver an order update to its owner (and keep the agent-side open quantity). */
  deliverUpdate(e: SimEvent, now: number): void {
    const hs = this.w.handles;
    const h = e.handle;
    const kind = e.str as OrderUpdateKind;
    if (kind === 'modified') hs.openQ[h] = e.qty;
    else if (kind === 'rejected') hs.openQ[h] = 0;
    else hs.openQ[h] = Math.max(0, hs.openQ[h]! - e.qty);
    const agent = this.w.call(e.agent, now);
    if (agent.onOrderUpdate === undefined) return;
    const u = this.update;
    u.kind = kind;
    u.ref = h;
    u.instrument = hs.inst[h]!;
    u.side = hs.side[h]! as Side;
    u.price = e.price;
    u.qty = e.qty;
    u.remaining = hs.openQ[h]!;
    u.reason = e.str2;
    agent.onOrderUpdate(this.w.contexts[e.agent]!, u);
  }

  /** Broadcast a market notice to every agent that listens. */
  deliverNotice(e: SimEvent, now: number): void {
    const notice = e.obj as MarketNotice;
    const { agents, contexts } = this.w;
    for (let i = 0; i < agents.length; i++) {
      const a = agents[i]!;
      if (a.onMarketNotice !== undefined) this.w.call(i, now).onMarketNotice!(contexts[i]!, notice);
    }
  }
}

function detailOf(kind: number, a: number, b: number, price: number, qty: number, aux: number): string {
  switch (kind) {
    case PHASE_CHANGED:
      return PHASES[aux]!;
    case AUCTION_UNCROSSED:
      return `${AUCTION_KINDS[aux]} price=${price} volume=${qty}`;
    case VI_STARTED:
      return `${aux === 1 ? 'static' : 'dynamic'} ref=${a} price=${price}`;
    case HALT_STARTED:
      return `level ${aux} index=${(price / 100).toFixed(2)}`;
    case SIDECAR_STARTED:
      return `program ${SIDE_NAMES[aux as Side]} orders blocked`;
    case LIMITS_SET:
      return `base=${price} lower=${a} upper=${b}`;
    default:
      return '';
  }
}

