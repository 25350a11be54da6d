// CSV for a ColumnTable, deterministic bytes: a header of column names, one line per row, '\n' after every line.
// Cells: ints as integers; floats as String(x) with '.0' added to whole numbers (so a float column reads back as
// float in pandas, polars, DuckDB and R, the same type as in Parquet), except NaN → empty cell and ±Infinity →
// 'inf' / '-inf' (which pandas and Python's float() read back as infinities; -0 prints as '0.0'); strings and names quoted per RFC 4180
// only when they hold a comma, a double quote, CR or LF. Rows are formatted column by column in chunks of
// CSV_CHUNK_ROWS (no per-cell closures), so 1e6 rows stay fast and memory stays bounded while writing.

import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import type { Column, ColumnTable } from '../core/table.js';

/** Rows per chunk: each chunk is one string handed to the file (a few MB at typical widths). */
export const CSV_CHUNK_ROWS = 65_536;

const NEEDS_QUOTES = /[",\r\n]/;

/** One cell or header name, quoted per RFC 4180 only when needed (inner quotes doubled). */
export function csvQuote(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A float cell: String(x) ('.0' added to whole numbers), with NaN as an empty cell and ±Infinity as 'inf' / '-inf'. */
export function formatFloat(x: number): string {
  if (x !== x) return '';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  const s = String(x);
  return Number.isInteger(x) && !s.includes('e') ? `${s}.0` : s;
}

function unsupported(table: ColumnTable, col: Column): Error {
  return new Error(`table ${table.name}: column ${col.name} has unsupported type ${String((col as { type: unknown }).type)}`);
}

/** Format rows [start, end) of one column into `out[0 .. end-start)`; one tight loop per column type. */
function formatColumn(table: ColumnTable, col: Column, start: number, end: number, out: string[]): void {
  switch (col.type) {
    case 'int': {
      const v = col.values;
      if (v instanceof Int32Array) {
        for (let r = start; r < end; r++) out[r - start] = String(v[r]);
        return;
      }
      for (let r = start; r < end; r++) {
        const x = v[r]!;
        // An 'int' Float64Array must hold exact integers; the Parquet writer rejects the same values.
        if (!Number.isSafeInteger(x)) {
          throw new Error(`table ${table.name}: column ${col.name} row ${r}: ${x} is not a safe integer`);
        }
        out[r - start] = String(x);
      }
      return;
    }
    case 'float': {
      const v = col.values;
      for (let r = start; r < end; r++) out[r - start] = formatFloat(v[r]!);
      return;
    }
    case 'string': {
      const v = col.values;
      for (let r = start; r < end; r++) out[r - start] = csvQuote(v[r]!);
      return;
    }
    default:
      throw unsupported(table, col);
  }
}

/** Rows [start, end) as one string, every line ending in '\n'. */
function formatRows(table: ColumnTable, start: number, end: number): string {
  const n = end - start;
  const cells = table.columns.map((col) => {
    const out = new Array<string>(n);
    formatColumn(table, col, start, end, out);
    return out;
  });
  const first = cells[0]!;
  const lines = new Array<string>(n);
  for (let r = 0; r < n; r++) {
    let line = first[r]!;
    for (let c = 1; c < cells.length; c++) line += ',' + cells[c]![r]!;
    lines[r] = line;
  }
  return lines.join('\n') + '\n';
}

/**
 * The CSV text of `table` in pieces: the header line, then one piece per CSV_CHUNK_ROWS rows. Concatenated they
 * are exactly {@link tableToCsv}. A table with no columns yields nothing. Throws on a column of unknown type or
 * an 'int' Float64Array value that is not a safe integer.
 */
export function* csvChunks(table: ColumnTable): Generator<string> {
  if (table.columns.length === 0) return;
  // Check every column's type before emitting anything, even for a 0-row table.
  for (const col of table.columns) formatColumn(table, col, 0, 0, []);
  yield table.columns.map((c) => csvQuote(c.name)).join(',') + '\n';
  for (let start = 0; start < table.rowCount; start += CSV_CHUNK_ROWS) {
    yield formatRows(table, start, Math.min(start + CSV_CHUNK_ROWS, table.rowCount));
  }
}

/** The whole CSV text of `table` (see the file header for the cell rules). */
export function tableToCsv(table: ColumnTable): string {
  let text = '';
  for (const chunk of csvChunks(table)) text += chunk;
  return text;
}

/**
 * Write `table` as CSV to `path` (created or truncated), chunk by chunk, then fsync it so the bytes are on disk
 * when this returns. UTF-8, no BOM.
 */
export function writeCsv(table: ColumnTable, path: string): void {
  const fd = openSync(path, 'w');
  try {
    for (const chunk of csvChunks(table)) writeSync(fd, chunk, null, 'utf8');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
