// Exact Shapley values and pairwise Shapley interaction indices of a cooperative game on k players, from its value
// on all 2^k coalitions. Contract:
// - A game is `v`, an array of 2^k numbers indexed by coalition bitmask: bit i set = player i is in the coalition
//   (v[0] = the empty coalition, v[2^k − 1] = everyone).
// - Shapley value (Shapley 1953): φ_i = Σ_{S ⊆ N∖i} w_k(|S|)·(v(S ∪ i) − v(S)), w_k(s) = s!(k − s − 1)!/k!.
// - Shapley interaction index (Grabisch & Roubens 1999): I_ij = Σ_{S ⊆ N∖{i,j}} w_{k−1}(|S|)·(v(S ∪ ij) − v(S ∪ i)
//   − v(S ∪ j) + v(S)), with w_{k−1}(s) = s!(k − s − 2)!/(k − 1)!. I_ij > 0: i and j together do more than apart
//   (complements); < 0: less (substitutes); 0 for an additive game.
// - Efficiency: Σ_i φ_i = v(N) − v(∅) exactly in real arithmetic; here each sum is compensated (Neumaier), so the
//   identity holds to a few units in the last place. Each sum is taken with the integer numerators s!(k − s − 1)!
//   and divided by k! once at the end, so a game with few significant bits (integer payoffs) gets exact values.
// - Cost: k·2^(k−1) differences for φ, k(k−1)/2·2^(k−2) for I. NaN in v gives NaN in what it enters.

/** Most players: 2^20 coalitions, and 20! is still an exact double ratio per weight. */
export const MAX_PLAYERS = 20;

/** Number of set bits (coalition size). */
export function popcount(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/** s!(n − s − 1)! for s = 0 .. n − 1: the numerators of the Shapley weights, over the common denominator n!. */
function weightNumerators(n: number): Float64Array {
  const w = new Float64Array(Math.max(n, 0));
  for (let s = 0; s < n; s++) w[s] = factorial(s) * factorial(n - s - 1);
  return w;
}

/** w_n(s) = s!(n − s − 1)!/n! for s = 0 .. n − 1: the weight of a coalition of size s joined by one of n players. */
export function shapleyWeights(n: number): Float64Array {
  const f = factorial(n);
  return weightNumerators(n).map((c) => c / f);
}

function checkGame(v: ArrayLike<number>, k: number): void {
  if (!Number.isInteger(k) || k < 1 || k > MAX_PLAYERS) throw new RangeError(`players must be 1..${MAX_PLAYERS}, got ${k}`);
  if (v.length !== 2 ** k) throw new RangeError(`a game on ${k} players has ${2 ** k} coalition values, got ${v.length}`);
}

/** Neumaier-compensated running sum. */
class Sum {
  private s = 0;
  private c = 0;
  add(x: number): void {
    const t = this.s + x;
    this.c += Math.abs(this.s) >= Math.abs(x) ? this.s - t + x : x - t + this.s;
    this.s = t;
  }
  get value(): number {
    return this.s + this.c;
  }
}

/** φ_0 .. φ_{k−1}. @throws RangeError when v does not hold 2^k values */
export function shapleyValues(v: ArrayLike<number>, k: number): Float64Array {
  checkGame(v, k);
  const w = weightNumerators(k);
  const denominator = factorial(k);
  const phi = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const bit = 1 << i;
    const sum = new Sum();
    for (let s = 0; s < v.length; s++) if ((s & bit) === 0) sum.add(w[popcount(s)]! * (v[s | bit]! - v[s]!));
    phi[i] = sum.value / denominator;
  }
  return phi;
}

/** One pair's interaction index. */
export interface Interaction {
  readonly i: number;
  readonly j: number;
  readonly value: number;
}

/** I_ij for every pair i < j, in order (0,1), (0,2), …, (k−2, k−1). @throws RangeError when v does not hold 2^k values */
export function shapleyInteractions(v: ArrayLike<number>, k: number): Interaction[] {
  checkGame(v, k);
  const w = weightNumerators(k - 1);
  const denominator = factorial(k - 1);
  const out: Interaction[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const bi = 1 << i;
      const bj = 1 << j;
      const sum = new Sum();
      for (let s = 0; s < v.length; s++) {
        if ((s & (bi | bj)) !== 0) continue;
        sum.add(w[popcount(s)]! * (v[s | bi | bj]! - v[s | bi]! - v[s | bj]! + v[s]!));
      }
      out.push({ i, j, value: sum.value / denominator });
    }
  }
  return out;
}

/** |Σ φ − (v(N) − v(∅))|: how far the computed values are from efficiency (floating-point rounding only). */
export function efficiencyError(v: ArrayLike<number>, phi: ArrayLike<number>): number {
  const sum = new Sum();
  for (let i = 0; i < phi.length; i++) sum.add(phi[i]!);
  return Math.abs(sum.value - (v[v.length - 1]! - v[0]!));
}
