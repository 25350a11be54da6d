// Shards: `--shard i/N` runs the runs with run_id % N == i, and fills the rows of the later runs identical to them
// (see shardRunIds). The index may be `auto`, taken from the scheduler's environment: SLURM_ARRAY_TASK_ID (a Slurm
// job array) or JOB_COMPLETION_INDEX (a Kubernetes Indexed Job). The count is always explicit, since a resubmitted
// subset of an array (`--array=1,3`) does not know the whole.

export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The whole sweep as one shard. */
export const WHOLE_SWEEP: Shard = Object.freeze({ index: 0, count: 1 });

/** Environment variables that may carry the shard index, in the order they are tried. */
export const SHARD_INDEX_ENV = ['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX'] as const;

/** A bad `--shard` value; the message says what was expected. */
export class ShardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardError';
  }
}

const WHOLE = /^\d+$/;

/** Parse `i/N` or `auto/N` (index from the environment). @throws ShardError */
export function parseShard(text: string, env: Readonly<Record<string, string | undefined>>): Shard {
  const m = /^([^/]+)\/([^/]+)$/.exec(text.trim());
  if (m === null) throw new ShardError(`--shard must be i/N (e.g. 3/16) or auto/N, got "${text}"`);
  const [, iText, nText] = m as unknown as [string, string, string];
  if (!WHOLE.test(nText) || Number(nText) < 1) throw new ShardError(`--shard ${text}: N must be a positive whole number`);
  const count = Number(nText);
  if (iText !== 'auto' && !WHOLE.test(iText)) throw new ShardError(`--shard ${text}: i must be a whole number or auto`);
  const index = iText === 'auto' ? indexFromEnv(env, text) : Number(iText);
  if (index >= count) throw new ShardError(`--shard ${text}: the index must be below ${count} (shards are numbered 0..${count - 1})`);
  return { index, count };
}

function indexFromEnv(env: Readonly<Record<string, string | undefined>>, text: string): number {
  for (const name of SHARD_INDEX_ENV) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    if (!WHOLE.test(v)) throw new ShardError(`--shard ${text}: ${name}="${v}" is not a whole number`);
    return Number(v);
  }
  throw new ShardError(`--shard ${text}: neither ${SHARD_INDEX_ENV.join(' nor ')} is set; give the index explicitly`);
}

/** Whether a run belongs to the shard. */
export function inShard(runId: number, shard: Shard): boolean {
  return runId % shard.count === shard.index;
}

/**
 * The run ids of a shard, ascending. A run that copies an identical earlier run (`sourceOf(id)` ≠ id) belongs to the
 * shard of that run, which computes it once and fills both rows: the shard of run id is sourceOf(id) % N.
 */
export function shardRunIds(runCount: number, shard: Shard, sourceOf?: (runId: number) => number): number[] {
  const out: number[] = [];
  if (sourceOf === undefined) {
    for (let id = shard.index; id < runCount; id += shard.count) out.push(id);
  } else {
    for (let id = 0; id < runCount; id++) if (sourceOf(id) % shard.count === shard.index) out.push(id);
  }
  return out;
}

/** `i/N` as written on the command line. */
export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
