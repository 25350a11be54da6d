// Parsers of numeric command-line option values, shared by every command so that `--workers`, `--seeds`, `--runs`…
// accept and refuse the same text everywhere (commander prints the InvalidArgumentError as a one-line usage error).
import { InvalidArgumentError } from 'commander';

/** A whole number ≥ 1 written in decimal digits (no sign, exponent, hex or fraction). */
export function positiveInt(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}
