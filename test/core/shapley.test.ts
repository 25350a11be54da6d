// Shapley values and interaction indices (src/core/shapley.ts) against two independent brute-force definitions on
// random payoff tables: φ by averaging marginal contributions over all k! orderings, and both φ and I through the
// Harsanyi dividends m(T) = Σ_{S⊆T} (−1)^{|T|−|S|} v(S) (φ_i = Σ_{T∋i} m(T)/|T|, I_ij = Σ_{T⊇ij} m(T)/(|T| − 1)).
// Plus the axioms (efficiency, symmetry, dummy, linearity) and hand-computed exact games.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { efficiencyError, popcount, shapleyInteractions, shapleyValues, shapleyWeights } from '../../src/core/shapley.js';

/** Every ordering of 0..k−1. */
function permutations(k: number): number[][] {
  if (k === 0) return [[]];
  return permutations(k - 1).flatMap((p) => Array.from({ length: k }, (_, at) => [...p.slice(0, at), k - 1, ...p.slice(at)]));
}

/** φ by the ordering definition: the mean over k! orderings of each player's marginal contribution. */
function shapleyByOrderings(v: readonly number[], k: number): number[] {
  const phi = new Array<number>(k).fill(0);
  const perms = permutations(k);
  for (const p of perms) {
    let mask = 0;
    for (const i of p) {
      phi[i]! += v[mask | (1 << i)]! - v[mask]!;
      mask |= 1 << i;
    }
  }
  return phi.map((x) => x / perms.length);
}

/** Harsanyi dividends by inclusion–exclusion over subsets. */
function dividends(v: readonly number[]): number[] {
  return v.map((_, t) => {
    let m = 0;
    for (let s = t; ; s = (s - 1) & t) {
      m += ((popcount(t) - popcount(s)) % 2 === 0 ? 1 : -1) * v[s]!;
      if (s === 0) break;
    }
    return m;
  });
}

function shapleyByDividends(v: readonly number[], k: number): number[] {
  const m = dividends(v);
  return Array.from({ length: k }, (_, i) => m.reduce((acc, x, t) => ((t >> i) & 1 ? acc + x / popcount(t) : acc), 0));
}

function interactionByDividends(v: readonly number[], i: number, j: number): number {
  const both = (1 << i) | (1 << j);
  return dividends(v).reduce((acc, x, t) => ((t & both) === both ? acc + x / (popcount(t) - 1) : acc), 0);
}

const game = (k: number): fc.Arbitrary<number[]> =>
  fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true }), { minLength: 2 ** k, maxLength: 2 ** k });
const gameOfSize = (maxK: number): fc.Arbitrary<{ k: number; v: number[] }> =>
  fc.integer({ min: 1, max: maxK }).chain((k) => game(k).map((v) => ({ k, v })));

/** |a − b| within a few ulps of the game's scale. */
function close(a: number, b: number, scale: number): boolean {
  return Math.abs(a - b) <= 1e-12 * Math.max(1, scale);
}
const scaleOf = (v: readonly number[]): number => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

describe('Shapley weights', () => {
  it('are s!(n−s−1)!/n! and sum to 1 over all coalitions of the others', () => {
    expect([...shapleyWeights(1)]).toEqual([1]);
    expect([...shapleyWeights(2)]).toEqual([0.5, 0.5]);
    expect([...shapleyWeights(3)]).toEqual([1 / 3, 1 / 6, 1 / 3]);
    for (let n = 1; n <= 10; n++) {
      const w = shapleyWeights(n);
      let total = 0;
      for (let s = 0; s < n; s++) total += w[s]! * binomial(n - 1, s);
      expect(total).toBeCloseTo(1, 14);
    }
  });
});

function binomial(n: number, r: number): number {
  let b = 1;
  for (let i = 1; i <= r; i++) b = (b * (n - r + i)) / i;
  return b;
}

describe('Shapley values', () => {
  it('equal the ordering definition (all k! orderings) on random games, k = 1..6', () => {
    fc.assert(
      fc.property(gameOfSize(6), ({ k, v }) => {
        const phi = shapleyValues(v, k);
        const ref = shapleyByOrderings(v, k);
        return ref.every((x, i) => close(phi[i]!, x, scaleOf(v)));
      }),
      { numRuns: 300 },
    );
  });

  it('equal the Harsanyi-dividend definition on random games, k = 1..9', () => {
    fc.assert(
      fc.property(gameOfSize(9), ({ k, v }) => {
        const phi = shapleyValues(v, k);
        return shapleyByDividends(v, k).every((x, i) => close(phi[i]!, x, 50 * scaleOf(v)));
      }),
      { numRuns: 100 },
    );
  });

  it('are efficient: Σφ = v(N) − v(∅) to rounding, k = 1..10', () => {
    fc.assert(
      fc.property(gameOfSize(10), ({ k, v }) => efficiencyError(v, shapleyValues(v, k)) <= 1e-12 * scaleOf(v)),
      { numRuns: 100 },
    );
  });

  it('give symmetric players equal values and a dummy its own stand-alone value', () => {
    // v(S) = f(|S ∩ {0,1}|) + 3·[2 ∈ S]: players 0 and 1 symmetric, player 2 a dummy worth 3.
    const f = [0, 5, 7];
    const v = Array.from({ length: 8 }, (_, s) => f[popcount(s & 3)]! + (s & 4 ? 3 : 0));
    const phi = shapleyValues(v, 3);
    expect(phi[0]).toBe(phi[1]);
    expect(phi[0]).toBe(3.5);
    expect(phi[2]).toBe(3);
  });

  it('are linear: φ(a·v + b·u) = a·φ(v) + b·φ(u)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain((k) => fc.tuple(fc.constant(k), game(k), game(k))), ([k, v, u]) => {
        const a = 2.5;
        const b = -0.75;
        const mixed = shapleyValues(v.map((x, s) => a * x + b * u[s]!), k);
        const pv = shapleyValues(v, k);
        const pu = shapleyValues(u, k);
        return [...mixed].every((x, i) => close(x, a * pv[i]! + b * pu[i]!, 10 * (scaleOf(v) + scaleOf(u))));
      }),
      { numRuns: 200 },
    );
  });

  it('of the three-player majority game are 1/3 each; of the glove game (L, R, R) 2/3, 1/6, 1/6', () => {
    const majority = Array.from({ length: 8 }, (_, s) => (popcount(s) >= 2 ? 1 : 0));
    expect([...shapleyValues(majority, 3)]).toEqual([1 / 3, 1 / 3, 1 / 3]);
    const glove = Array.from({ length: 8 }, (_, s) => (s & 1 && s & 6 ? 1 : 0));
    const phi = shapleyValues(glove, 3);
    expect(phi[0]).toBeCloseTo(2 / 3, 15);
    expect(phi[1]).toBeCloseTo(1 / 6, 15);
    expect(phi[2]).toBeCloseTo(1 / 6, 15);
  });

  it('of an additive game are each player’s own contribution, exactly', () => {
    const c = [1.25, -4.5, 0.375, 8];
    const v = Array.from({ length: 16 }, (_, s) => 10 + c.reduce((acc, x, i) => (s & (1 << i) ? acc + x : acc), 0));
    expect([...shapleyValues(v, 4)]).toEqual(c);
    expect(shapleyInteractions(v, 4).map((p) => p.value)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('refuse a table of the wrong size', () => {
    expect(() => shapleyValues([1, 2, 3], 2)).toThrow('a game on 2 players has 4 coalition values, got 3');
    expect(() => shapleyValues([1], 0)).toThrow('players must be 1..20, got 0');
  });
});

describe('Shapley interaction indices', () => {
  it('equal the Harsanyi-dividend definition on random games, k = 2..8', () => {
    fc.assert(
      fc.property(gameOfSize(8).filter((g) => g.k >= 2), ({ k, v }) => {
        const pairs = shapleyInteractions(v, k);
        expect(pairs.length).toBe((k * (k - 1)) / 2);
        return pairs.every((p) => close(p.value, interactionByDividends(v, p.i, p.j), 50 * scaleOf(v)));
      }),
      { numRuns: 100 },
    );
  });

  it('equal φ_i in the game with j always present minus φ_i in the game without j (orderings on k − 1 players)', () => {
    fc.assert(
      fc.property(gameOfSize(6).filter((g) => g.k >= 2), ({ k, v }) => {
        return shapleyInteractions(v, k).every(({ i, j, value }) => {
          // Reduced games on the players other than j (renumbered), with and without j.
          const others = Array.from({ length: k }, (_, p) => p).filter((p) => p !== j);
          const lift = (s: number): number => others.reduce((m, p, q) => (s & (1 << q) ? m | (1 << p) : m), 0);
          const without = Array.from({ length: 2 ** (k - 1) }, (_, s) => v[lift(s)]!);
          const withJ = Array.from({ length: 2 ** (k - 1) }, (_, s) => v[lift(s) | (1 << j)]!);
          const q = others.indexOf(i);
          const ref = shapleyByOrderings(withJ, k - 1)[q]! - shapleyByOrderings(without, k - 1)[q]!;
          return close(value, ref, 10 * scaleOf(v));
        });
      }),
      { numRuns: 200 },
    );
  });

  it('of two players are v(12) − v(1) − v(2) + v(∅), exactly; positive for complements, negative for substitutes', () => {
    expect(shapleyInteractions([0, 0, 0, 1], 2)).toEqual([{ i: 0, j: 1, value: 1 }]);
    expect(shapleyInteractions([0, 1, 1, 1], 2)).toEqual([{ i: 0, j: 1, value: -1 }]);
    expect(shapleyInteractions([3, 5, 11, 20], 2)).toEqual([{ i: 0, j: 1, value: 7 }]);
  });
});
