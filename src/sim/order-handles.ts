// Order handles: the refs agents hold for their orders (dense, per run), with the order's fields, the open quantity
// as the agent has been told it, and the exchange id once the order reached the exchange. Struct of arrays.
import { growI32 } from '../market/book-events.js';
import type { OrderRequest } from '../market/protocol.js';

export class OrderHandles {
  count = 0;
  agent = new Int32Array(1024);
  inst = new Int32Array(1024);
  side = new Int32Array(1024);
  type = new Int32Array(1024);
  price = new Int32Array(1024);
  qty = new Int32Array(1024);
  /** Open quantity as delivered to the agent (updated when updates arrive). */
  openQ = new Int32Array(1024);
  program = new Int32Array(1024);
  /** 1 = a forced sale (reported separately in flows). */
  forced = new Int32Array(1024);
  /** Exchange order id, -1 until the order reaches the exchange. */
  exId = new Int32Array(1024);
  /** Exchange id -> handle. */
  private byExchange = new Int32Array(1024).fill(-1);

  /** A new handle for `agent`'s order (fields copied; validity is the exchange's business). */
  open(agent: number, o: OrderRequest): number {
    const h = this.count++;
    if (h === this.agent.length) this.grow();
    this.agent[h] = agent;
    this.inst[h] = o.instrument;
    this.side[h] = o.side;
    this.type[h] = o.type;
    this.price[h] = o.price;
    this.qty[h] = o.qty;
    this.openQ[h] = o.qty;
    this.program[h] = o.program === true ? 1 : 0;
    this.forced[h] = o.forced === true ? 1 : 0;
    this.exId[h] = -1;
    return h;
  }

  /** Whether `h` is a handle of `agent`. */
  owns(agent: number, h: number): boolean {
    return h >= 0 && h < this.count && this.agent[h] === agent;
  }

  bind(h: number, exchangeId: number): void {
    this.exId[h] = exchangeId;
    if (exchangeId >= this.byExchange.length) {
      let n = this.byExchange.length;
      while (n <= exchangeId) n *= 2;
      const next = new Int32Array(n).fill(-1);
      next.set(this.byExchange);
      this.byExchange = next;
    }
    this.byExchange[exchangeId] = h;
  }

  /** Handle of an exchange order id (-1 if the order is not an agent's). */
  ofExchange(id: number): number {
    return id >= 0 && id < this.byExchange.length ? this.byExchange[id]! : -1;
  }

  private grow(): void {
    const n = this.agent.length * 2;
    this.agent = growI32(this.agent, n);
    this.inst = growI32(this.inst, n);
    this.side = growI32(this.side, n);
    this.type = growI32(this.type, n);
    this.price = growI32(this.price, n);
    this.qty = growI32(this.qty, n);
    this.openQ = growI32(this.openQ, n);
    this.program = growI32(this.program, n);
    this.forced = growI32(this.forced, n);
    this.exId = growI32(this.exId, n);
  }
}
