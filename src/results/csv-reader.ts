// Read a CSV file written by csv-writer.ts back into a ColumnTable (RFC 4180 quoting; '\n' or '\r\n' lines).
// Column types: a column named in `stringColumns` stays text; any other column whose every cell is a number,
// empty (NaN), 'inf' or '-inf' becomes 'float'; the rest stay text. Names such as instrument symbols can look
// numeric ("005930"), which is why the caller names the text columns instead of trusting inference.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Column, ColumnTable } from '../core/table.js';
import { makeTable } from '../core/table.js';

/** Columns of the run and sweep contracts that hold text, whatever their cells look like. */
export const TEXT_COLUMNS: ReadonlySet<string> = new Set([
  'instrument', 'kind', 'aggressor', 'buyer_kind', 'seller_kind', 'time', 'detail', 'name', 'counterfactual',
  'status', 'error', 'metric', 'side',
]);

/** Split CSV text into rows of raw cells. Throws on an unterminated quoted cell. */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let cell: string;
    if (text[i] === '"') {
      const end = quotedEnd(text, i);
      cell = text.slice(i + 1, end).replaceAll('""', '"');
      i = end + 1;
    } else {
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      cell = text.slice(i, j);
      i = j;
    }
    row.push(cell);
    const sep = text[i];
    if (sep === ',') {
      i++;
      if (i === n) row.push('');
      continue;
    }
    rows.push(row);
    row = [];
    if (sep === '\r' && text[i + 1] === '\n') i++;
    i++;
  }
  return rows;
}

/** Index of the quote closing the quoted cell that opens at `start`. */
function quotedEnd(text: string, start: number): number {
  let j = start + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0) throw new Error(`unterminated quoted cell starting at offset ${start}`);
    if (text[q + 1] === '"') {
      j = q + 2;
      continue;
    }
    return q;
  }
}

/** A numeric cell's value, or undefined when the cell is not numeric. */
function numberOf(cell: string): number | undefined {
  if (cell === '') return NaN;
  if (cell === 'inf') return Infinity;
  if (cell === '-inf') return -Infinity;
  const x = Number(cell);
  return Number.isNaN(x) || cell.trim() !== cell ? undefined : x;
}

function toColumn(name: string, cells: readonly string[], text: ReadonlySet<string>): Column {
  if (!text.has(name)) {
    const values = new Float64Array(cells.length);
    let numeric = true;
    for (let r = 0; r < cells.length && numeric; r++) {
      const x = numberOf(cells[r]!);
      if (x === undefined) numeric = false;
      else values[r] = x;
    }
    if (numeric) return { name, type: 'float', values };
  }
  return { name, type: 'string', values: cells };
}

/** Parse CSV text (header line first) into a table called `name`. Throws on a row with the wrong cell count. */
export function csvToTable(csv: string, name: string, stringColumns: ReadonlySet<string> = TEXT_COLUMNS): ColumnTable {
  const rows = parseCsvRows(csv);
  const header = rows[0];
  if (header === undefined) return makeTable(name, []);
  const body = rows.slice(1);
  body.forEach((r, i) => {
    if (r.length !== header.length) throw new Error(`${name}.csv line ${i + 2}: ${r.length} cells, expected ${header.length}`);
  });
  return makeTable(name, header.map((h, c) => toColumn(h, body.map((r) => r[c]!), stringColumns)));
}

/** Read a CSV file; the table is named after the file (minus `.csv`). */
export function readCsv(path: string, stringColumns: ReadonlySet<string> = TEXT_COLUMNS): ColumnTable {
  return csvToTable(readFileSync(path, 'utf8'), basename(path).replace(/\.csv$/, ''), stringColumns);
}
