// Writing a sweep's outputs: each table as `<name>.parquet` and `<name>.csv`, each file written to a temp sibling,
// fsynced and renamed into place (a reader never sees half a table), then manifest.json last, so a manifest saying
// "complete" is only ever next to complete tables. Each Parquet file carries the sweep's identity and the columns'
// units as key-value metadata (data-contract.ts).
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnTable } from '../core/table.js';
import { fsyncDir, MANIFEST_FILE, writeFileAtomic } from '../io/durable.js';
import { writeCsv } from './csv-writer.js';
import { sweepParquetMetadata } from './data-contract.js';
import { writeParquet } from './parquet-writer.js';

/** Write the tables, then the manifest (pretty JSON), into the existing directory `dir`; returns the file names. */
export async function writeSweepOutputs(dir: string, tables: readonly ColumnTable[], manifest: Record<string, unknown>): Promise<string[]> {
  const names: string[] = [];
  for (const t of tables) {
    const suffix = `.tmp-${process.pid}`;
    const parquet = join(dir, `${t.name}.parquet`);
    await writeParquet(t, parquet + suffix, sweepParquetMetadata(t, manifest));
    renameSync(parquet + suffix, parquet);
    const csv = join(dir, `${t.name}.csv`);
    writeCsv(t, csv + suffix);
    renameSync(csv + suffix, csv);
    names.push(`${t.name}.parquet`, `${t.name}.csv`);
  }
  fsyncDir(dir);
  writeFileAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return [...names, MANIFEST_FILE];
}
