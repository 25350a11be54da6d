// A fixed block of uniform draws per decision (docs/model.md §2.5). An agent that draws only on the branches it
// takes consumes its stream at a rate that depends on the market; two runs that differ by one order (a metaorder,
// a disabled kind) then fall out of step and their difference is mostly noise. Drawing the same number of uniforms
// at every decision, whatever the branch, keeps paired runs on common random numbers in step.
import type { Rng } from '../core/rng.js';

export class DrawBlock {
  private readonly u: Float64Array;

  constructor(size: number) {
    this.u = new Float64Array(size);
  }

  /** Refill every slot from `rng` (size draws). */
  fill(rng: Rng): void {
    for (let i = 0; i < this.u.length; i++) this.u[i] = rng.next();
  }

  uniform(i: number): number {
    return this.u[i]!;
  }

  bernoulli(i: number, p: number): boolean {
    return this.u[i]! < p;
  }

  /** Failures before the first success, P(k) = (1 − p)^k·p, by inverse CDF (as Rng.geometric). */
  geometric(i: number, p: number): number {
    return p >= 1 ? 0 : Math.floor(Math.log1p(-this.u[i]!) / Math.log1p(-p));
  }

  exponential(i: number, mean: number): number {
    return -mean * Math.log1p(-this.u[i]!);
  }

  /** Standard normal from slots i and i + 1 (Box–Muller, as Rng.normal). */
  normal(i: number): number {
    return Math.sqrt(-2 * Math.log(1 - this.u[i]!)) * Math.cos(2 * Math.PI * this.u[i + 1]!);
  }

  /** Uniform integer in [0, n). */
  int(i: number, n: number): number {
    return Math.floor(this.u[i]! * n);
  }
}
