// The AgentContext the world hands each agent: one object per agent, reused for every call (the world sets `now`,
// `day` and `timeOfDay` before each dispatch). Commands are forwarded to the world, which delivers them to the
// exchange after the order-entry latency.
import type { AgentContext, SessionCalendar } from '../agents/agent.js';
import type { Portfolio } from '../agents/portfolio.js';
import type { Rng } from '../core/rng.js';
import type { MarketView, OrderRequest } from '../market/protocol.js';

/** What the context needs from the world (implemented by World). */
export interface AgentPort {
  submitFor(agent: number, order: OrderRequest): number;
  cancelFor(agent: number, ref: number): void;
  modifyFor(agent: number, ref: number, price: number, qty: number): void;
  openQtyFor(agent: number, ref: number): number;
  wakeFor(agent: number, t: number, tag: number): void;
  sendFor(from: number, to: number, msg: unknown): void;
  directoryOf(kind: string): readonly number[];
  transferFor(from: number, to: number, inst: number, qty: number, cash: number): void;
  metricFor(agent: number, name: string, value: number, mode: 'set' | 'add'): void;
}

export class WorldAgentContext implements AgentContext {
  now = 0;
  day = 0;
  timeOfDay = 0;

  constructor(
    readonly id: number,
    readonly kind: string,
    readonly market: MarketView,
    readonly session: SessionCalendar,
    readonly portfolio: Portfolio,
    readonly rng: Rng,
    private readonly port: AgentPort,
  ) {}

  submit(order: OrderRequest): number {
    return this.port.submitFor(this.id, order);
  }
  cancel(ref: number): void {
    this.port.cancelFor(this.id, ref);
  }
  modify(ref: number, price: number, qty: number): void {
    this.port.modifyFor(this.id, ref, price, qty);
  }
  openQty(ref: number): number {
    return this.port.openQtyFor(this.id, ref);
  }
  wakeAt(t: number, tag = 0): void {
    if (!(t >= this.now)) throw new RangeError(`agent ${this.id} (${this.kind}): wakeAt(${t}) is before now (${this.now})`);
    this.port.wakeFor(this.id, Math.ceil(t), tag);
  }
  wakeAfter(dtUs: number, tag = 0): void {
    this.wakeAt(this.now + Math.max(0, Math.ceil(dtUs)), tag);
  }
  send(to: number, msg: unknown): void {
    this.port.sendFor(this.id, to, msg);
  }
  directory(kind: string): readonly number[] {
    return this.port.directoryOf(kind);
  }
  transfer(to: number, inst: number, qty: number, cash: number): void {
    this.port.transferFor(this.id, to, inst, qty, cash);
  }
  metric(name: string, value: number, mode: 'set' | 'add' = 'set'): void {
    this.port.metricFor(this.id, name, value, mode);
  }
}
