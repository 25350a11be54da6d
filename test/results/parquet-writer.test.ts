import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTable, type Column, type ColumnTable } from '../../src/core/table.js';
import { parquetKeyValueMetadata, parquetToTable, readParquet, tableToParquet, writeParquet } from '../../src/results/parquet-writer.js';

// --- A minimal Thrift compact-protocol reader, to check the footer independently of parquet-wasm's reader. ---
type Thrift = number | bigint | boolean | Uint8Array | Thrift[] | Map<number, Thrift>;

function footer(file: Uint8Array): Map<number, Thrift> {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const len = view.getUint32(file.length - 8, true);
  expect(Buffer.from(file.subarray(file.length - 4)).toString('latin1')).toBe('PAR1');
  const buf = file.subarray(file.length - 8 - len, file.length - 8);
  let pos = 0;
  const varint = (): bigint => {
    let shift = 0n;
    let out = 0n;
    for (;;) {
      const b = buf[pos++]!;
      out |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return out;
      shift += 7n;
    }
  };
  const zigzag = (): bigint => {
    const v = varint();
    return (v >> 1n) ^ -(v & 1n);
  };
  const value = (type: number): Thrift => {
    switch (type) {
      case 1: return true;
      case 2: return false;
      case 3: return buf[pos++]!;
      case 4: case 5: return Number(zigzag());
      case 6: return zigzag();
      case 7: pos += 8; return 0;
      case 8: { const n = Number(varint()); pos += n; return buf.subarray(pos - n, pos); }
      case 9: case 10: {
        const h = buf[pos++]!;
        const size = h >> 4 === 15 ? Number(varint()) : h >> 4;
        const items: Thrift[] = [];
        for (let i = 0; i < size; i++) items.push((h & 15) <= 2 ? buf[pos++] === 1 : value(h & 15));
        return items;
      }
      case 12: return struct();
      default: throw new Error(`thrift type ${type} not handled`);
    }
  };
  const struct = (): Map<number, Thrift> => {
    const fields = new Map<number, Thrift>();
    let id = 0;
    for (;;) {
      const h = buf[pos++]!;
      if (h === 0) return fields;
      id = h >> 4 === 0 ? Number(zigzag()) : id + (h >> 4);
      fields.set(id, value(h & 15));
    }
  };
  return struct();
}

const PHYSICAL = ['BOOLEAN', 'INT32', 'INT64', 'INT96', 'FLOAT', 'DOUBLE', 'BYTE_ARRAY'];
const CODEC = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'LZO', 'BROTLI', 'LZ4', 'ZSTD'];

/** [name, physical type, converted type (0 = UTF8) or undefined] for each leaf of the Parquet schema. */
function parquetSchema(file: Uint8Array): Array<[string, string, number | undefined]> {
  const schema = footer(file).get(2) as Array<Map<number, Thrift>>;
  return schema.slice(1).map((e) => [
    Buffer.from(e.get(4) as Uint8Array).toString('utf8'),
    PHYSICAL[e.get(1) as number]!,
    e.get(6) as number | undefined,
  ]);
}

/** The codec of every column chunk of every row group. */
function codecs(file: Uint8Array): string[] {
  const groups = footer(file).get(4) as Array<Map<number, Thrift>>;
  return groups.flatMap((g) =>
    (g.get(1) as Array<Map<number, Thrift>>).map((c) => CODEC[(c.get(3) as Map<number, Thrift>).get(4) as number]!),
  );
}

/** A column as comparable plain data (type, array kind, values with NaN kept and -0 distinguished). */
function plain(c: Column): unknown {
  const values = Array.from(c.values as ArrayLike<number | string>, (v) => (Object.is(v, -0) ? '-0' : v));
  return { name: c.name, type: c.type, kind: c.values.constructor.name, values };
}

function expectSameTable(actual: ColumnTable, expected: ColumnTable): void {
  expect(actual.name).toBe(expected.name);
  expect(actual.rowCount).toBe(expected.rowCount);
  expect(actual.columns.map(plain)).toEqual(expected.columns.map(plain));
}

function allTypes(name: string): ColumnTable {
  return makeTable(name, [
    { name: 'i32', type: 'int', values: Int32Array.from([0, -1, 2147483647, -2147483648, 42]) },
    { name: 'i64', type: 'int', values: Float64Array.from([0, -9007199254740991, 9007199254740991, 2 ** 40, -7]) },
    { name: 'f64', type: 'float', values: Float64Array.from([0.1, NaN, Infinity, -Infinity, -0]) },
    { name: 'str', type: 'string', values: ['', 'a,b', 'say "hi"', 'line\nbreak', 'ünï € 日本'] },
  ]);
}

describe('Parquet round trip', () => {
  it('gives back every column type exactly', async () => {
    const t = allTypes('all');
    expectSameTable(await parquetToTable(await tableToParquet(t), 'all'), t);
  });

  it('keeps the schema of an empty table', async () => {
    const t = makeTable('empty', [
      { name: 'i32', type: 'int', values: new Int32Array(0) },
      { name: 'i64', type: 'int', values: new Float64Array(0) },
      { name: 'f64', type: 'float', values: new Float64Array(0) },
      { name: 'str', type: 'string', values: [] },
    ]);
    const bytes = await tableToParquet(t);
    expect(parquetSchema(bytes)).toEqual([
      ['i32', 'INT32', undefined], ['i64', 'INT64', undefined], ['f64', 'DOUBLE', undefined], ['str', 'BYTE_ARRAY', 0],
    ]);
    expectSameTable(await parquetToTable(bytes, 'empty'), t);
  });

  it('writes INT32, INT64, DOUBLE and UTF8 byte arrays, every chunk ZSTD-compressed', async () => {
    const bytes = await tableToParquet(allTypes('all'));
    expect(parquetSchema(bytes)).toEqual([
      ['i32', 'INT32', undefined], ['i64', 'INT64', undefined], ['f64', 'DOUBLE', undefined], ['str', 'BYTE_ARRAY', 0],
    ]);
    expect(codecs(bytes)).toEqual(['ZSTD', 'ZSTD', 'ZSTD', 'ZSTD']);
    expect(Buffer.from(footer(bytes).get(6) as Uint8Array).toString()).toBe('parquet-rs version 59.3.0');
  });
});

describe('writeParquet / readParquet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parquet-writer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes byte-identical files for identical tables', async () => {
    const n = 20_000;
    const build = () => makeTable('det', [
      { name: 'k', type: 'int', values: Int32Array.from({ length: n }, (_, i) => (i * 7919) % 1000) },
      { name: 'v', type: 'float', values: Float64Array.from({ length: n }, (_, i) => Math.sin(i)) },
      { name: 's', type: 'string', values: Array.from({ length: n }, (_, i) => `sym${i % 37}`) },
    ]);
    await writeParquet(build(), join(dir, 'a.parquet'));
    await writeParquet(build(), join(dir, 'b.parquet'));
    const a = readFileSync(join(dir, 'a.parquet'));
    expect(a.subarray(0, 4).toString('latin1')).toBe('PAR1');
    expect(a.equals(readFileSync(join(dir, 'b.parquet')))).toBe(true);
  });

  it('reads a file back as a table named after it', async () => {
    const path = join(dir, 'trades.parquet');
    await writeParquet(allTypes('ignored'), path);
    expectSameTable(await readParquet(path), allTypes('trades'));
  });

  it('rejects an unknown column type and unsafe integers in an int Float64Array', async () => {
    const bad = makeTable('t', [{ name: 'b', type: 'decimal', values: [] } as never]);
    await expect(tableToParquet(bad)).rejects.toThrow('table t: column b has unsupported type decimal');
    const frac = makeTable('t', [{ name: 'q', type: 'int', values: Float64Array.from([3, 0.5]) }]);
    await expect(tableToParquet(frac)).rejects.toThrow('table t: column q row 1: 0.5 is not a safe integer');
    const huge = makeTable('t', [{ name: 'q', type: 'int', values: Float64Array.from([2 ** 53]) }]);
    await expect(tableToParquet(huge)).rejects.toThrow('table t: column q row 0: 9007199254740992 is not a safe integer');
  });
});

describe('Parquet key-value metadata', () => {
  const t = makeTable('m', [{ name: 'a', type: 'int', values: Int32Array.from([1, 2, 3]) }]);
  it('is written and read back, with identical bytes from write to write', async () => {
    const md = new Map([['cascade', '{"units":{"a":"shares"}}']]);
    const first = await tableToParquet(t, md);
    for (let i = 0; i < 5; i++) expect(Buffer.from(await tableToParquet(t, md)).equals(Buffer.from(first))).toBe(true);
    const kv = await parquetKeyValueMetadata(first);
    expect(kv.get('cascade')).toBe('{"units":{"a":"shares"}}');
    expect((await parquetToTable(first, 'm')).columns[0]!.values).toEqual(Int32Array.from([1, 2, 3]));
  });
  it('refuses more than one key (parquet-wasm would write them in a random order)', async () => {
    await expect(tableToParquet(t, new Map([['a', '1'], ['b', '2']]))).rejects.toThrow('table m: give at most one metadata key (parquet-wasm orders keys randomly)');
  });
});
