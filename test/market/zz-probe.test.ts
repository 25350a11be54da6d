import { it } from 'vitest';
import { BUY, LIMIT, SELL } from '../../src/market/order.js';
import { clock } from '../../src/core/time.js';
import { makeExchange, uniformStock, events } from './exchange-fixture.js';

it('probe', () => {
  const ex = makeExchange([uniformStock('A', 100_000)]);
  ex.startDay(0);
  const r = ex.submit(clock(9, 30), 0, BUY, LIMIT, 90_000, 1);
  ex.submit(clock(10, 0), 0, SELL, LIMIT, 103_000, 5);
  ex.submit(clock(10, 0), 0, BUY, LIMIT, 103_000, 5);
  console.log(events(ex));
  ex.advanceTo(clock(10, 3));
  console.log(events(ex));
  ex.cancel(clock(10, 3), r);
  console.log('cancel', events(ex), ex.listings[0]!.phase);
  const bad = ex.submit(clock(10, 4), 0, BUY, LIMIT, 200_000, 1);
  console.log(bad, events(ex));
  ex.cancel(clock(10, 4), bad);
  console.log('cancel rejected order', events(ex));
  ex.modify(clock(10, 4), bad, 100_000, 1);
  console.log('modify rejected order', events(ex));
});
