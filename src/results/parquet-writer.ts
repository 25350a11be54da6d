// Parquet for a ColumnTable: arquero → Arrow IPC stream → parquet-wasm, ZSTD-compressed. The schema is explicit,
// never inferred: int Int32Array → INT32, int Float64Array → INT64 (safe integers only), float → DOUBLE, string →
// UTF8 (plain Arrow Utf8, not dictionary-typed), so an empty table keeps its schema. Identical tables give
// byte-identical files: parquet-wasm 0.8 (parquet-rs 59.3) embeds no clock or random bytes; created_by is the
// constant "parquet-rs version 59.3.0".
// Run directories add key-value metadata (units, currency, time base, provenance: see data-contract.ts). Packages load lazily, on first use, so `--help` never pays for them.

import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import type { DataType } from '@uwdata/flechette';
import type { Column, ColumnTable } from '../core/table.js';

interface Libs {
  readonly aq: typeof import('arquero');
  readonly fl: typeof import('@uwdata/flechette');
  readonly pq: typeof import('parquet-wasm');
}

let libs: Promise<Libs> | undefined;

/** arquero, flechette (arquero's Arrow library, for the column types) and parquet-wasm, imported once. */
function loadLibs(): Promise<Libs> {
  libs ??= Promise.all([import('arquero'), import('@uwdata/flechette'), import('parquet-wasm')]).then(
    ([aq, fl, pq]) => ({ aq, fl, pq }),
  );
  return libs;
}

/** The Arrow type a column is written as (throws for an unknown column type). */
function arrowType(fl: Libs['fl'], table: ColumnTable, col: Column): DataType {
  switch (col.type) {
    case 'int':
      return col.values instanceof Int32Array ? fl.int32() : fl.int64();
    case 'float':
      return fl.float64();
    case 'string':
      return fl.utf8();
    default: {
      const bad = col as { readonly name: string; readonly type: unknown };
      throw new Error(`table ${table.name}: column ${bad.name} has unsupported type ${String(bad.type)}`);
    }
  }
}

/** Reject 'int' Float64Array values that INT64 → number cannot carry exactly (same rule as the CSV writer). */
function checkSafeIntegers(table: ColumnTable, col: Column): void {
  if (col.type !== 'int' || col.values instanceof Int32Array) return;
  const v = col.values;
  for (let r = 0; r < v.length; r++) {
    if (!Number.isSafeInteger(v[r])) {
      throw new Error(`table ${table.name}: column ${col.name} row ${r}: ${v[r]} is not a safe integer`);
    }
  }
}

/**
 * The Parquet bytes of `table` (ZSTD, default page and row-group sizes of parquet-rs), with `metadata` as the
 * file's key-value metadata. Give at most one key: parquet-wasm writes several keys in a random (hash-map) order, so
 * only a one-key map keeps the bytes identical from write to write (a test checks it).
 */
export async function tableToParquet(table: ColumnTable, metadata?: ReadonlyMap<string, string>): Promise<Uint8Array> {
  const { aq, fl, pq } = await loadLibs();
  const data: Record<string, Int32Array | Float64Array | readonly string[]> = {};
  const types: Record<string, DataType> = {};
  for (const col of table.columns) {
    types[col.name] = arrowType(fl, table, col);
    checkSafeIntegers(table, col);
    data[col.name] = col.values;
  }
  const ipc = aq.toArrowIPC(aq.table(data), { format: 'stream', types });
  let builder = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.ZSTD);
  if (metadata !== undefined && metadata.size > 1) throw new Error(`table ${table.name}: give at most one metadata key (parquet-wasm orders keys randomly)`);
  if (metadata !== undefined && metadata.size > 0) builder = builder.setKeyValueMetadata(new Map(metadata));
  const props = builder.build();
  // writeParquet consumes (frees) both the wasm table and the properties.
  return pq.writeParquet(pq.Table.fromIPCStream(ipc), props);
}

/** Write `table` as Parquet to `path` (created or truncated) and fsync it; `metadata` as in {@link tableToParquet}. */
export async function writeParquet(table: ColumnTable, path: string, metadata?: ReadonlyMap<string, string>): Promise<void> {
  const bytes = await tableToParquet(table, metadata);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Convert one Arrow column back to a table column; the inverse of {@link arrowType}. */
function fromArrowColumn(fl: Libs['fl'], name: string, col: { type: DataType; toArray(): unknown }): Column {
  const t = col.type;
  if (t.typeId === fl.Type.Int && t.signed && t.bitWidth === 32) {
    return { name, type: 'int', values: Int32Array.from(col.toArray() as ArrayLike<number>) };
  }
  if (t.typeId === fl.Type.Int && t.signed && t.bitWidth === 64) {
    // flechette converts INT64 to numbers (throwing beyond 2^53), which is what the writer accepts.
    return { name, type: 'int', values: Float64Array.from(col.toArray() as ArrayLike<number>) };
  }
  if (t.typeId === fl.Type.Float && t.precision === fl.Precision.DOUBLE) {
    return { name, type: 'float', values: Float64Array.from(col.toArray() as ArrayLike<number>) };
  }
  if (t.typeId === fl.Type.Utf8 || t.typeId === fl.Type.LargeUtf8 || t.typeId === fl.Type.Dictionary) {
    return { name, type: 'string', values: Array.from(col.toArray() as ArrayLike<string>) };
  }
  throw new Error(`column ${name}: Arrow type id ${t.typeId} has no ColumnTable equivalent`);
}

/** Decode Parquet bytes into a ColumnTable called `name` (INT64 columns become 'int' Float64Arrays). */
export async function parquetToTable(bytes: Uint8Array, name: string): Promise<ColumnTable> {
  const { fl, pq } = await loadLibs();
  // The same decoding as aq.fromArrow, but kept at the flechette level to read each column's Arrow type.
  const arrow = fl.tableFromIPC(pq.readParquet(bytes).intoIPCStream(), { useBigInt: false });
  const columns = arrow.schema.fields.map((f, i) => fromArrowColumn(fl, f.name, arrow.getChildAt(i)!));
  return { name, rowCount: arrow.numRows, columns };
}

/** The key-value metadata of Parquet bytes (empty when there is none). */
export async function parquetKeyValueMetadata(bytes: Uint8Array): Promise<Map<string, string>> {
  const { pq } = await loadLibs();
  const file = await pq.ParquetFile.fromFile(new Blob([bytes]));
  const kv = file.metadata().fileMetadata().keyValueMetadata() as Map<string, string>;
  return new Map([...kv.entries()].map(([k, v]) => [String(k), String(v)]));
}

/** Read a Parquet file written by {@link writeParquet}; the table is named after the file (minus `.parquet`). */
export async function readParquet(path: string): Promise<ColumnTable> {
  return parquetToTable(readFileSync(path), basename(path).replace(/\.parquet$/, ''));
}
