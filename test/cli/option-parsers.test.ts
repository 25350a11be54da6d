// The shared parser of positive-integer options (--workers, --seeds, --runs, --replicates…): decimal digits only.
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { positiveInt } from '../../src/cli/option-parsers.js';

describe('positiveInt', () => {
  it.each([['1', 1], ['32', 32], [' 7 ', 7], ['9007199254740991', 9007199254740991]])('%j is %d', (text, n) => {
    expect(positiveInt(text)).toBe(n);
  });

  it.each(['0', '-1', '2.5', '1e3', '0x10', '', 'two', '9007199254740993'])('%j is refused with one line', (text) => {
    expect(() => positiveInt(text)).toThrow(InvalidArgumentError);
    expect(() => positiveInt(text)).toThrow('expected a positive integer');
  });
});
