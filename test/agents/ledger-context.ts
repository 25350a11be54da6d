// Test helper: a FakeContext with cash, whose off-exchange transfers move cash and shares to and from a registered
// peer context — so a fund and its AP can settle creation units against each other in unit tests.
import type { PortfolioView } from '../../src/agents/agent.js';
import { FakeContext } from './fake-context.js';
import type { FakeOptions } from './fake-context.js';

/** A FakeContext with cash whose transfers move cash and shares to and from the registered peer `to`. */
export class LedgerContext extends FakeContext {
  cash = 0;
  override readonly portfolio: PortfolioView = new LedgerPortfolio(this);
  constructor(
    readonly ledgerId: number,
    private readonly peers: Map<number, LedgerContext>,
    opts: FakeOptions,
  ) {
    super('ledger', opts);
    peers.set(ledgerId, this);
  }
  override transfer(to: number, inst: number, qty: number, cash: number): void {
    super.transfer(to, inst, qty, cash);
    const peer = this.peers.get(to)!;
    this.cash += cash;
    this.market.insts[inst]!.position -= qty;
    peer.cash -= cash;
    peer.market.insts[inst]!.position += qty;
  }
}

export class LedgerPortfolio implements PortfolioView {
  constructor(private readonly c: LedgerContext) {}
  get cash(): number {
    return this.c.cash;
  }
  position(inst: number): number {
    return this.c.market.insts[inst]?.position ?? 0;
  }
}
