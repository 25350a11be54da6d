// Typed access to the columns of a ColumnTable read from disk: numbers as Float64Array whatever their stored type
// (Int32, INT64-as-Float64, or a CSV float column), text as a string array. Errors name the table and column.
import type { ColumnTable } from '../core/table.js';
import { column } from '../core/table.js';

/** Whether `t` has a column called `name`. */
export function hasCol(t: ColumnTable, name: string): boolean {
  return t.columns.some((c) => c.name === name);
}

/** A numeric column as Float64Array (a copy only when stored as Int32). Throws if absent or textual. */
export function numCol(t: ColumnTable, name: string): Float64Array {
  const c = column(t, name);
  if (c.type === 'string') throw new Error(`table ${t.name}: column ${name} holds text, expected numbers`);
  return c.values instanceof Float64Array ? c.values : Float64Array.from(c.values);
}

/** A text column. Numeric columns are converted with String() (a CSV reader may have read codes as numbers). */
export function strCol(t: ColumnTable, name: string): readonly string[] {
  const c = column(t, name);
  return c.type === 'string' ? c.values : Array.from(c.values, (x) => String(x));
}

/** Row indices where `pred` holds, in order. */
export function rowsWhere(n: number, pred: (row: number) => boolean): number[] {
  const out: number[] = [];
  for (let r = 0; r < n; r++) if (pred(r)) out.push(r);
  return out;
}
