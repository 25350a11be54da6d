// The CSV reader is the inverse of the CSV writer: numbers (NaN as empty, ±inf), quoted text with commas, quotes
// and newlines, and named text columns kept as text even when they look numeric ("005930").
import { describe, expect, it } from 'vitest';
import { makeTable } from '../../src/core/table.js';
import { csvToTable, parseCsvRows } from '../../src/results/csv-reader.js';
import { tableToCsv } from '../../src/results/csv-writer.js';

describe('CSV reader', () => {
  it('round-trips a table written by the CSV writer', () => {
    const t = makeTable('t', [
      { name: 'instrument', type: 'string', values: ['005930', 'a,b', 'say "hi"\nthere'] },
      { name: 'x', type: 'float', values: Float64Array.of(1.5, NaN, -Infinity) },
      { name: 'n', type: 'int', values: Int32Array.of(1, -2, 3) },
      { name: 'label', type: 'string', values: ['p', 'q', 'r'] },
    ]);
    const back = csvToTable(tableToCsv(t), 't');
    expect(back.rowCount).toBe(3);
    expect(back.columns.map((c) => [c.name, c.type])).toEqual([['instrument', 'string'], ['x', 'float'], ['n', 'float'], ['label', 'string']]);
    expect(back.columns[0]!.values).toEqual(['005930', 'a,b', 'say "hi"\nthere']);
    expect(Array.from(back.columns[1]!.values as Float64Array)).toEqual([1.5, NaN, -Infinity]);
    expect(Array.from(back.columns[2]!.values as Float64Array)).toEqual([1, -2, 3]);
  });

  it('splits rows on LF and CRLF and keeps empty trailing cells', () => {
    expect(parseCsvRows('a,b\r\n1,\n')).toEqual([['a', 'b'], ['1', '']]);
    expect(parseCsvRows('a\n"x"')).toEqual([['a'], ['x']]);
  });

  it('reports a ragged row and an unterminated quote', () => {
    expect(() => csvToTable('a,b\n1\n', 'bad')).toThrow('bad.csv line 2: 1 cells, expected 2');
    expect(() => parseCsvRows('a\n"open')).toThrow('unterminated quoted cell');
  });
});
