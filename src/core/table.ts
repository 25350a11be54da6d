// A columnar table as plain data: named, typed columns of equal length. Structured-cloneable (typed arrays and
// string arrays), so a run's tables cross worker threads unchanged; writers (Parquet, CSV) live in src/results.

/** Column storage: 'int' (Int32Array, or Float64Array holding integers beyond int32), 'float' (Float64Array), 'string'. */
export type Column =
  | { readonly name: string; readonly type: 'int'; readonly values: Int32Array | Float64Array }
  | { readonly name: string; readonly type: 'float'; readonly values: Float64Array }
  | { readonly name: string; readonly type: 'string'; readonly values: readonly string[] };

export interface ColumnTable {
  readonly name: string;
  readonly rowCount: number;
  readonly columns: readonly Column[];
}

/** Build a table, checking that every column has `rowCount` values. */
export function makeTable(name: string, columns: readonly Column[]): ColumnTable {
  const rowCount = columns[0]?.values.length ?? 0;
  for (const c of columns) {
    if (c.values.length !== rowCount) {
      throw new Error(`table ${name}: column ${c.name} has ${c.values.length} rows, expected ${rowCount}`);
    }
  }
  return { name, rowCount, columns };
}

/** The column called `name` (throws if absent). */
export function column(t: ColumnTable, name: string): Column {
  const c = t.columns.find((x) => x.name === name);
  if (c === undefined) throw new Error(`table ${t.name} has no column ${name}`);
  return c;
}
