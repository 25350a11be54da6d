// The sweep directory's durable state: manifest.json (what sweep, plan and shard it holds) and runs.jsonl, an
// append-only log with one JSON line per finished run. Each line is written with one write(2) as the run ends, so
// it survives the process being killed (kill -9 included); fsyncs run off the main thread, one covering every line
// appended since the last (group commit), so a machine crash loses at most the last milliseconds and a 3 ms fsync
// never sits between two runs. On reopening, a torn last line is cut off; the last record of a run id wins (a
// retried failure). Resuming a directory started from another sweep file, plan or shard is refused.
import { closeSync, existsSync, fsync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Shard } from './shard.js';
import { MANIFEST_FILE, writeFileAtomic } from '../io/durable.js';

export const RUNS_LOG = 'runs.jsonl';

/** One finished run. Metrics that are not finite numbers are kept (NaN, ±Infinity). */
export interface RunRecord {
  readonly run_id: number;
  readonly point_id: number;
  readonly replicate: number;
  readonly counterfactual: string;
  readonly seed: number;
  readonly status: 'ok' | 'failed';
  /** '' for an ok run; otherwise the error's one-line message. */
  readonly error: string;
  /** Seconds inside the worker (NaN when the worker died; 0 for a copy). */
  readonly wall_s: number;
  readonly summary: Readonly<Record<string, number>>;
  /** Set on a copy: the run_id of the identical earlier run whose result this record repeats. */
  readonly computed_by?: number;
}

/** What makes two sweep directories the same sweep (or shard of it). */
export interface StoreIdentity {
  readonly sweepSha256: string;
  readonly planSha256: string;
  readonly shard: Shard;
  /** The runs copied from identical earlier runs ([point, variant, source point]; plan.ts); a sweep always sets it
   * (a manifest without it copied none), other users of the store leave it out. */
  readonly runCopies?: readonly (readonly number[])[];
}

/** How to open the directory: a new one, continue an existing one (or start it), or replace an old sweep. */
export type OpenMode = 'new' | 'resume' | 'force';

/** A directory that cannot be used as asked; the message is the whole explanation. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

/** An open sweep directory: the runs already finished, and the log to append to. */
export class SweepStore {
  private fd: number;
  /** An fsync is running; `dirty`: lines were appended after it started. */
  private syncing: Promise<void> | undefined;
  private dirty = false;
  private syncError: Error | undefined;

  private constructor(
    readonly dir: string,
    /** The last record of each finished run, by run id. */
    readonly done: Map<number, RunRecord>,
    /** Whether the directory held an earlier, interrupted session. */
    readonly resumed: boolean,
  ) {
    this.fd = openSync(join(dir, RUNS_LOG), 'a');
  }

  /**
   * Open `dir` for the sweep `identity`. 'new' needs a missing or empty directory; 'resume' continues a matching
   * sweep (or starts one if there is none); 'force' deletes an earlier sweep's directory first. A fresh start
   * writes `manifest` (which must carry the identity). @throws StoreError
   */
  static open(dir: string, identity: StoreIdentity, mode: OpenMode, manifest: Record<string, unknown>, names: StoreNames = SWEEP_NAMES): SweepStore {
    const started = existsSync(join(dir, MANIFEST_FILE));
    if (mode === 'resume' && started) {
      checkIdentity(dir, readManifest(dir), identity, names);
      return new SweepStore(dir, readLog(dir, { repair: true }).byRun, true);
    }
    if (existsSync(dir) && readdirSync(dir).length > 0) {
      if (mode === 'new') throw new StoreError(`${dir} already exists; pass --resume to continue that ${names.job}, or --force to start it over`);
      if (!started) throw new StoreError(`${dir} is not empty and holds no ${names.job} (no ${MANIFEST_FILE}); refusing to delete it`);
      rmSync(dir, { recursive: true, force: true });
    }
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    return new SweepStore(dir, new Map(), false);
  }

  /** Append one finished run (one write) and start an fsync unless one is running (it is then redone after). */
  append(r: RunRecord): void {
    if (this.syncError !== undefined) throw this.syncError;
    const bytes = Buffer.from(formatRecordLine(r), 'utf8');
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off);
    this.done.set(r.run_id, r);
    this.sync();
  }

  private sync(): void {
    if (this.syncing !== undefined) {
      this.dirty = true;
      return;
    }
    this.syncing = new Promise((resolve) =>
      fsync(this.fd, (err) => {
        if (err) this.syncError ??= err;
        this.syncing = undefined;
        if (this.dirty) {
          this.dirty = false;
          this.sync();
        }
        resolve();
      }),
    );
  }

  /** Wait for running fsyncs, fsync once more and close the log. @throws the first fsync error */
  async close(): Promise<void> {
    while (this.syncing !== undefined) await this.syncing;
    if (this.fd >= 0) {
      fsyncSync(this.fd);
      closeSync(this.fd);
    }
    this.fd = -1;
    if (this.syncError !== undefined) throw this.syncError;
  }
}

/** How store messages name the job and its input file (a sweep and its sweep file, by default). */
export interface StoreNames {
  /** 'sweep', 'attribution', … */
  readonly job: string;
  /** 'sweep file', 'scenario file', … */
  readonly file: string;
  /** What else the plan depends on, said when the file is unchanged but the plan is not. */
  readonly planInputs: string;
}

export const SWEEP_NAMES: StoreNames = {
  job: 'sweep',
  file: 'sweep file',
  planInputs: 'its base scenario or a file that scenario extends changed, or --replicates differs',
};

function checkIdentity(dir: string, m: Record<string, unknown>, want: StoreIdentity, names: StoreNames): void {
  const shard = m['shard'] as Shard | undefined;
  const cannot = `cannot resume ${dir}:`;
  const restart = 'start over with --force, or use another --out';
  if (m['sweepSha256'] !== want.sweepSha256) {
    const was = String(m['sweepSha256']).slice(0, 12);
    const hashes = `sha256 ${was}… then, ${want.sweepSha256.slice(0, 12)}… now`;
    throw new StoreError(`${cannot} the ${names.file} changed since that ${names.job} started (${hashes}); restore the file, or ${restart}`);
  }
  if (m['planSha256'] !== want.planSha256) {
    throw new StoreError(`${cannot} the same ${names.file} now gives a different plan (${names.planInputs}); ${restart}`);
  }
  if (shard?.index !== want.shard.index || shard.count !== want.shard.count) {
    throw new StoreError(`${cannot} it holds shard ${shard?.index}/${shard?.count}, not ${want.shard.index}/${want.shard.count}`);
  }
  if (want.runCopies !== undefined) {
    const had = (m['runCopies'] ?? []) as unknown[];
    if (JSON.stringify(had) === JSON.stringify(want.runCopies)) return;
    if (had.length === 0) throw new StoreError(`${cannot} it was started running every run, identical ones included (--no-dedup, or an earlier cascade); resume it with --no-dedup, or ${restart}`);
    if (want.runCopies.length === 0) throw new StoreError(`${cannot} it was started running identical runs once; resume it without --no-dedup, or ${restart}`);
    throw new StoreError(`${cannot} it records other identical runs than this plan has (an earlier cascade?); ${restart}`);
  }
}

/** The parsed manifest.json of a sweep directory. @throws StoreError */
export function readManifest(dir: string): Record<string, unknown> {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) throw new StoreError(`${dir} is not a sweep directory (no ${MANIFEST_FILE})`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new StoreError(`${path}: not valid JSON (${(e as Error).message})`);
  }
}

/** The finished runs logged in `dir`: the last record per run id, ascending by run id. @throws StoreError */
export function readRecords(dir: string): RunRecord[] {
  return [...readLog(dir, { repair: false }).byRun.values()].sort((a, b) => a.run_id - b.run_id);
}

/**
 * Read runs.jsonl. A last line without its newline is a write cut short by a crash: dropped, and with `repair`
 * cut from the file so appends start on a clean line. Any other bad line is an error naming it.
 */
function readLog(dir: string, opts: { repair: boolean }): { byRun: Map<number, RunRecord> } {
  const path = join(dir, RUNS_LOG);
  const byRun = new Map<number, RunRecord>();
  if (!existsSync(path)) return { byRun };
  const text = readFileSync(path, 'utf8');
  const end = text.lastIndexOf('\n') + 1;
  if (end < text.length && opts.repair) {
    const fd = openSync(path, 'r+');
    try {
      ftruncateSync(fd, Buffer.byteLength(text.slice(0, end), 'utf8'));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  const lines = text.slice(0, end).split('\n');
  lines.pop();
  lines.forEach((line, i) => {
    const r = decodeRecord(line);
    if (r === undefined) throw new StoreError(`${path}:${i + 1}: not a run record; the log is damaged`);
    byRun.set(r.run_id, r);
  });
  return { byRun };
}

/** JSON cannot hold NaN or ±Infinity: such numbers are written as the strings "NaN", "Infinity", "-Infinity". */
function encodeNumber(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

function decodeNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return Number(v);
  return undefined;
}

/** A record as its log line (JSON and a newline). */
export function formatRecordLine(r: RunRecord): string {
  return `${JSON.stringify(encodeRecord(r))}\n`;
}

function encodeRecord(r: RunRecord): Record<string, unknown> {
  const summary: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(r.summary)) summary[k] = encodeNumber(v);
  return { ...r, wall_s: encodeNumber(r.wall_s), summary };
}

function decodeRecord(line: string): RunRecord | undefined {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const ints = ['run_id', 'point_id', 'replicate', 'seed'].map((k) => o[k]);
  if (!ints.every((x) => Number.isSafeInteger(x))) return undefined;
  if ((o['status'] !== 'ok' && o['status'] !== 'failed') || typeof o['error'] !== 'string' || typeof o['counterfactual'] !== 'string') return undefined;
  const wall = decodeNumber(o['wall_s']);
  const raw = o['summary'];
  if (wall === undefined || raw === null || typeof raw !== 'object') return undefined;
  const summary: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw)) {
    const x = decodeNumber(v);
    if (x === undefined) return undefined;
    summary[k] = x;
  }
  const computedBy = o['computed_by'];
  if (computedBy !== undefined && !Number.isSafeInteger(computedBy)) return undefined;
  const [runId, pointId, replicate, seed] = ints as number[];
  return {
    run_id: runId!, point_id: pointId!, replicate: replicate!, counterfactual: o['counterfactual'] as string, seed: seed!,
    status: o['status'] as 'ok' | 'failed', error: o['error'] as string, wall_s: wall, summary,
    ...(computedBy === undefined ? {} : { computed_by: computedBy as number }),
  };
}

