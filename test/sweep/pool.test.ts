// The worker pool, through the test worker (test/sweep/fixtures/faulty-worker.ts): a run that throws and a worker
// that exits become failed outcomes at their task's index while the others complete; an abort stops cleanly; a
// worker module that cannot load stops the sweep before any run instead of failing every run, and only once however
// many workers report it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSweep } from '../../src/scenario/sweep-load.js';
import { materialize } from '../../src/sweep/execute.js';
import { runAt } from '../../src/sweep/plan.js';
import { runTasks, WorkerPoolError, type RunTask, type TaskOutcome } from '../../src/sweep/pool.js';
import { makeTempDir, removeTempDir } from '../cli/run-cli.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const FAULTY = join(FIXTURES, 'faulty-worker.ts');
const mat = materialize(loadSweep(join(FIXTURES, 'faults.yaml')));
const tasks: RunTask[] = Array.from({ length: mat.plan.runCount }, (_, id) => {
  const r = runAt(mat.plan, id);
  return { runId: id, spec: { scenario: mat.scenarios[r.pointId]!, seed: r.seed } };
});
const tmp = makeTempDir();
afterAll(() => removeTempDir(tmp));

describe('worker pool', () => {
  it('records a thrown run and a dead worker as failed outcomes; the other runs complete, placed by index', async () => {
    const seen: number[] = [];
    const res = await runTasks(tasks, { workers: 2, workerFile: FAULTY, onOutcome: (o, i) => seen.push(i) });
    expect(res.interrupted).toBe(false);
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const o = res.outcomes as TaskOutcome[];
    expect(o.map((x) => x.runId)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(o.map((x) => x.status)).toEqual(['ok', 'ok', 'failed', 'failed', 'failed', 'failed']);
    expect(o.slice(2).map((x) => (x.status === 'failed' ? x.error : ''))).toEqual([
      'RangeError: injected fault in run 2',
      'RangeError: injected fault in run 3',
      'worker died: worker exited with code: 3',
      'worker died: worker exited with code: 3',
    ]);
    const ok = o[0]!;
    expect(ok.status === 'ok' && ok.summary['trades']! > 0 && ok.wallS > 0).toBe(true);
  });

  it('stops on abort: runs cut short are not outcomes (neither ok nor failed)', async () => {
    const ac = new AbortController();
    const res = await runTasks(tasks.slice(0, 2), { workers: 1, workerFile: FAULTY, signal: ac.signal, onOutcome: () => ac.abort() });
    expect(res.interrupted).toBe(true);
    expect(res.outcomes.filter((x) => x !== undefined).length).toBe(1);
    const before = await runTasks(tasks, { workers: 1, workerFile: FAULTY, signal: AbortSignal.abort() });
    expect(before.interrupted).toBe(true);
    expect(before.outcomes.every((x) => x === undefined)).toBe(true);
  });

  it('refuses to start when the worker module cannot load', async () => {
    const bad = join(tmp, 'bad-worker.mjs');
    writeFileSync(bad, "import './missing.js';\nexport default () => 1;\nexport const ping = () => 'pong';\n");
    await expect(runTasks(tasks, { workers: 2, workerFile: bad, onWorkerError: () => undefined })).rejects.toThrow(WorkerPoolError);
    await expect(runTasks(tasks, { workers: 1, workerFile: bad, onWorkerError: () => undefined })).rejects.toThrow(
      `the sweep's workers cannot start: Error: Cannot find module '${join(tmp, 'missing.js')}' imported from ${bad}`,
    );
  });

  it('a module that cannot load in several workers stops the sweep once: the later workers’ errors are not uncaught', async () => {
    const bad = join(tmp, 'bad-worker-many.mjs');
    writeFileSync(bad, "import './missing.js';\nexport default () => 1;\nexport const ping = () => 'pong';\n");
    const uncaught: unknown[] = [];
    const catcher = (e: unknown): void => void uncaught.push(e);
    process.on('uncaughtException', catcher);
    try {
      // Each worker reports its failure; before the fix, the ones arriving while the pool was being destroyed had
      // no listener left (about 4 calls in 10 crashed the process this way).
      for (let k = 0; k < 10; k++) await expect(runTasks(tasks, { workers: 4, workerFile: bad, onWorkerError: () => undefined })).rejects.toThrow(WorkerPoolError);
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      process.off('uncaughtException', catcher);
    }
    expect(uncaught).toEqual([]);
  });
});
