import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTable, type Column, type ColumnTable } from '../../src/core/table.js';
import { CSV_CHUNK_ROWS, csvChunks, csvQuote, formatFloat, tableToCsv, writeCsv } from '../../src/results/csv-writer.js';

/** Deterministic LCG in [0, 1) for test data (no Math.random). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Naive reference: one row at a time, one cell at a time, rules restated independently of the writer. */
function naiveCsv(t: ColumnTable): string {
  const q = (s: string) => (s.includes(',') || s.includes('"') || s.includes('\r') || s.includes('\n')
    ? '"' + s.split('"').join('""') + '"' : s);
  const cell = (c: Column, r: number): string => {
    const v = c.values[r]!;
    if (c.type === 'string') return q(v as string);
    const x = v as number;
    if (c.type === 'int') return x.toFixed(0);
    if (Number.isNaN(x)) return '';
    if (x === Infinity) return 'inf';
    if (x === -Infinity) return '-inf';
    return Number.isInteger(x) && !`${x}`.includes('e') ? `${x}.0` : `${x}`;
  };
  let out = t.columns.map((c) => q(c.name)).join(',') + '\n';
  for (let r = 0; r < t.rowCount; r++) out += t.columns.map((c) => cell(c, r)).join(',') + '\n';
  return out;
}

const tricky = makeTable('tricky', [
  { name: 'id', type: 'int', values: Int32Array.from([1, -2, 2147483647, -2147483648]) },
  { name: 'big', type: 'int', values: Float64Array.from([0, -9007199254740991, 1e15, 123]) },
  { name: 'x', type: 'float', values: Float64Array.from([0.1, NaN, Infinity, -Infinity]) },
  { name: 'y', type: 'float', values: Float64Array.from([-0, 1e21, 5e-324, 1 / 3]) },
  { name: 's', type: 'string', values: ['plain', 'a,b', 'say "hi"', 'line1\nline2'] },
  { name: 'note,1', type: 'string', values: ['', 'cr\r', ' spaced ', 'ünï €'] },
]);

describe('tableToCsv', () => {
  it('gives these exact bytes for tricky ints, floats and strings', () => {
    expect(tableToCsv(tricky)).toBe(
      'id,big,x,y,s,"note,1"\n' +
        '1,0,0.1,0.0,plain,\n' +
        '-2,-9007199254740991,,1e+21,"a,b","cr\r"\n' +
        '2147483647,1000000000000000,inf,5e-324,"say ""hi""", spaced \n' +
        '-2147483648,123,-inf,0.3333333333333333,"line1\nline2",ünï €\n',
    );
  });

  it('writes only the header for an empty table and nothing for a table without columns', () => {
    const empty = makeTable('e', [
      { name: 'a', type: 'int', values: new Int32Array(0) },
      { name: 'b"q', type: 'string', values: [] },
    ]);
    expect(tableToCsv(empty)).toBe('a,"b""q"\n');
    expect(tableToCsv(makeTable('none', []))).toBe('');
  });

  it('rejects an int Float64Array value that is not a safe integer', () => {
    const t = makeTable('t', [{ name: 'q', type: 'int', values: Float64Array.from([1, 2.5]) }]);
    expect(() => tableToCsv(t)).toThrow('table t: column q row 1: 2.5 is not a safe integer');
    const nan = makeTable('t', [{ name: 'q', type: 'int', values: Float64Array.from([NaN]) }]);
    expect(() => tableToCsv(nan)).toThrow('table t: column q row 0: NaN is not a safe integer');
  });

  it('rejects a column of unknown type, even with no rows', () => {
    const bad = { name: 'b', type: 'decimal', values: [] } as never;
    expect(() => tableToCsv(makeTable('t', [bad]))).toThrow('table t: column b has unsupported type decimal');
  });

  it('equals the naive per-row reference on 1e5 rows (crossing chunk boundaries)', () => {
    const n = 100_000;
    const rnd = lcg(7);
    const ints = new Int32Array(n);
    const bigs = new Float64Array(n);
    const floats = new Float64Array(n);
    const strs = new Array<string>(n);
    const specials = [NaN, Infinity, -Infinity, -0, 1e-7, 1e21];
    const pieces = ['a', ',', '"', '\n', '\r', ' ', 'é', 'xyz'];
    for (let i = 0; i < n; i++) {
      ints[i] = Math.floor(rnd() * 2 ** 32) - 2 ** 31;
      bigs[i] = Math.floor((rnd() - 0.5) * 2 ** 52);
      floats[i] = rnd() < 0.05 ? specials[i % specials.length]! : (rnd() - 0.5) * 10 ** Math.floor(rnd() * 30 - 15);
      let s = '';
      for (let k = Math.floor(rnd() * 4); k > 0; k--) s += pieces[Math.floor(rnd() * pieces.length)]!;
      strs[i] = s;
    }
    const t = makeTable('big', [
      { name: 'i', type: 'int', values: ints },
      { name: 'b', type: 'int', values: bigs },
      { name: 'f', type: 'float', values: floats },
      { name: 's', type: 'string', values: strs },
    ]);
    expect(tableToCsv(t)).toBe(naiveCsv(t));
    expect([...csvChunks(t)]).toHaveLength(1 + Math.ceil(n / CSV_CHUNK_ROWS));
  });

  it('equals the naive reference on random small tables (property)', () => {
    const table = fc.integer({ min: 0, max: 20 }).chain((n) =>
      fc.record({
        i: fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: n, maxLength: n }),
        f: fc.array(fc.double(), { minLength: n, maxLength: n }),
        s: fc.array(fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', 'ß') }), { minLength: n, maxLength: n }),
      }),
    );
    fc.assert(
      fc.property(table, ({ i, f, s }) => {
        const t = makeTable('p', [
          { name: 'i', type: 'int', values: Int32Array.from(i) },
          { name: 'f', type: 'float', values: Float64Array.from(f) },
          { name: 's', type: 'string', values: s },
        ]);
        expect(tableToCsv(t)).toBe(naiveCsv(t));
      }),
      { numRuns: 300 },
    );
  });
});

describe('cell helpers', () => {
  it('csvQuote quotes only when needed and doubles inner quotes', () => {
    expect(['a b', 'a,b', 'a"b', 'a\rb', 'a\nb', ''].map(csvQuote)).toEqual(['a b', '"a,b"', '"a""b"', '"a\rb"', '"a\nb"', '']);
  });

  it('formatFloat maps NaN, infinities and -0', () => {
    expect([NaN, Infinity, -Infinity, -0, 2.5, 1e-7].map(formatFloat)).toEqual(['', 'inf', '-inf', '0.0', '2.5', '1e-7']);
    expect([3, -7, 1e20, 1e21].map(formatFloat)).toEqual(['3.0', '-7.0', '100000000000000000000.0', '1e+21']);
  });
});

describe('writeCsv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'csv-writer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes exactly the tableToCsv bytes, as UTF-8, replacing an existing file', () => {
    const path = join(dir, 'tricky.csv');
    writeCsv(makeTable('x', [{ name: 'old', type: 'int', values: Int32Array.from([1, 2, 3, 4, 5, 6]) }]), path);
    writeCsv(tricky, path);
    expect(readFileSync(path)).toEqual(Buffer.from(tableToCsv(tricky), 'utf8'));
  });
});
