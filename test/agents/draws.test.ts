import { describe, expect, it } from 'vitest';
import { DrawBlock } from '../../src/agents/draws.js';
import { deriveRng } from '../../src/core/rng.js';

describe('DrawBlock (docs/model.md §2.5)', () => {
  it('turns the same uniforms into the distributions the Rng methods give', () => {
    const d = new DrawBlock(4);
    d.fill(deriveRng(7, 'x'));
    const r = deriveRng(7, 'x');
    const u = [r.next(), r.next(), r.next(), r.next()];
    expect(d.uniform(2)).toBe(u[2]);
    expect(d.geometric(0, 0.25)).toBe(Math.floor(Math.log1p(-u[0]!) / Math.log1p(-0.25)));
    expect(d.exponential(1, 10)).toBeCloseTo(-10 * Math.log1p(-u[1]!), 12);
    expect(d.normal(2)).toBeCloseTo(Math.sqrt(-2 * Math.log(1 - u[2]!)) * Math.cos(2 * Math.PI * u[3]!), 12);
    expect(d.int(3, 5)).toBe(Math.floor(u[3]! * 5));
    expect(d.bernoulli(0, u[0]! + 1e-12)).toBe(true);
    expect(d.bernoulli(0, u[0]!)).toBe(false);
  });

  it('always consumes exactly its size in draws', () => {
    const r = deriveRng(1, 'y');
    const twin = deriveRng(1, 'y');
    new DrawBlock(9).fill(r);
    for (let i = 0; i < 9; i++) twin.next();
    expect(r.next()).toBe(twin.next());
  });
});
