import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from '../../src/core/event-queue.js';

/** Pops everything, returning payloads in order. */
function drain<T>(q: EventQueue<T>): T[] {
  const out: T[] = [];
  while (q.size > 0) out.push(q.pop() as T);
  return out;
}

describe('EventQueue ordering', () => {
  it('orders by time, then priority, then insertion (FIFO ties)', () => {
    const q = new EventQueue<string>();
    q.push(5, 20, 'c');
    q.push(5, 10, 'b');
    q.push(1, 30, 'a');
    q.push(5, 20, 'd');
    q.push(5, 10, 'b2');
    q.push(9, 0, 'e');
    expect(drain(q)).toEqual(['a', 'b', 'b2', 'c', 'd', 'e']);
  });

  it('pops 1000 equal keys in insertion order, across growth from capacity 1', () => {
    const q = new EventQueue<number>(1);
    for (let i = 0; i < 1000; i++) q.push(7, 3, i);
    expect(drain(q)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('exposes the popped keys and returns undefined / Infinity when empty', () => {
    const q = new EventQueue<string>();
    expect(q.lastSeq).toBe(-1);
    expect(q.peekTime()).toBe(Infinity);
    expect(q.pop()).toBeUndefined();
    q.push(10, 0, 'x');
    const h = q.push(4, -2, 'y');
    expect(q.peekTime()).toBe(4);
    expect(q.pop()).toBe('y');
    expect([q.lastTime, q.lastPriority, q.lastSeq]).toEqual([4, -2, h]);
  });

  it('rejects a non-finite time or a non-int32 priority', () => {
    const q = new EventQueue<number>();
    expect(() => q.push(Number.NaN, 0, 1)).toThrow('event time must be finite, got NaN');
    expect(() => q.push(Infinity, 0, 1)).toThrow(RangeError);
    expect(() => q.push(1, 1.5, 1)).toThrow('event priority must be an int32, got 1.5');
    expect(() => q.push(1, 2 ** 31, 1)).toThrow(RangeError);
    expect(q.size).toBe(0);
  });
});

describe('EventQueue cancellation', () => {
  it('skips canceled entries and reports handle states exactly', () => {
    const q = new EventQueue<string>();
    const a = q.push(1, 0, 'a');
    const b = q.push(2, 0, 'b');
    const c = q.push(3, 0, 'c');
    expect(q.cancel(a)).toBe(true);
    expect(q.cancel(a)).toBe(false);
    expect(q.size).toBe(2);
    expect(q.peekTime()).toBe(2);
    expect(q.pop()).toBe('b');
    expect(q.cancel(b)).toBe(false); // already popped
    expect(q.cancel(99)).toBe(false); // never issued
    expect(q.cancel(-1)).toBe(false);
    expect(q.cancel(c)).toBe(true);
    expect(q.size).toBe(0);
    expect(q.pop()).toBeUndefined();
    expect(q.lastSeq).toBe(b);
  });

  it('compacts dead entries, so a re-armed watchdog does not grow the heap', () => {
    const q = new EventQueue<string>();
    q.push(1, 0, 'tick');
    let watchdog = q.push(1e9, 0, 'watchdog');
    for (let i = 0; i < 10_000; i++) {
      q.cancel(watchdog);
      watchdog = q.push(1e9 + i, 0, 'watchdog');
    }
    // Internal heap length (live + dead): bounded by the compaction rule, not by the 10 000 cancels.
    const heapEntries = (q as unknown as { n: number }).n;
    expect(heapEntries).toBeLessThanOrEqual(2 + 32);
    expect(drain(q)).toEqual(['tick', 'watchdog']);
    expect(q.lastTime).toBe(1e9 + 9_999);
  });

  it('keeps the total order across a compaction', () => {
    const q = new EventQueue<number>();
    const handles = Array.from({ length: 100 }, (_, i) => q.push((i * 37) % 10, i % 3, i));
    for (const h of handles) if (h % 4 !== 0) q.cancel(h); // 75 dead, 25 live: compacts
    expect((q as unknown as { n: number }).n).toBeLessThan(100);
    const want = handles.filter((h) => h % 4 === 0)
      .sort((a, b) => (a * 37) % 10 - (b * 37) % 10 || (a % 3) - (b % 3) || a - b);
    expect(drain(q)).toEqual(want);
  });

  it('clear drops everything and old handles stay dead', () => {
    const q = new EventQueue<number>();
    const h = q.push(1, 0, 1);
    q.clear();
    expect(q.size).toBe(0);
    expect(q.peekTime()).toBe(Infinity);
    expect(q.cancel(h)).toBe(false);
    const h2 = q.push(2, 0, 2);
    expect(h2).toBeGreaterThan(h);
    expect(drain(q)).toEqual([2]);
  });
});

/** `cancel` picks any handle ever issued (live, popped or canceled); `cancelLive` picks a live one. */
type Op =
  | { kind: 'push'; time: number; priority: number }
  | { kind: 'pop' }
  | { kind: 'cancel' | 'cancelLive'; pick: number };

function opArb(weights: { push: number; pop: number; cancel: number; cancelLive: number }): fc.Arbitrary<Op> {
  return fc.oneof(
    { weight: weights.push, arbitrary: fc.record({ kind: fc.constant('push' as const), time: fc.integer({ min: 0, max: 20 }), priority: fc.integer({ min: -2, max: 2 }) }) },
    { weight: weights.pop, arbitrary: fc.record({ kind: fc.constant('pop' as const) }) },
    { weight: weights.cancel, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(1000) }) },
    { weight: weights.cancelLive, arbitrary: fc.record({ kind: fc.constant('cancelLive' as const), pick: fc.nat(1000) }) },
  );
}

interface ModelEntry { time: number; priority: number; seq: number; state: 'live' | 'popped' | 'canceled' }

function modelPop(model: ModelEntry[]): ModelEntry | undefined {
  let best: ModelEntry | undefined;
  for (const e of model) {
    if (e.state !== 'live') continue;
    if (best === undefined || e.time < best.time || (e.time === best.time && (e.priority < best.priority
      || (e.priority === best.priority && e.seq < best.seq)))) best = e;
  }
  if (best !== undefined) best.state = 'popped';
  return best;
}

function runAgainstModel(ops: readonly Op[]): void {
  const q = new EventQueue<number>(2);
  const model: ModelEntry[] = [];
  for (const op of ops) {
    if (op.kind === 'push') {
      const seq = q.push(op.time, op.priority, model.length);
      expect(seq).toBe(model.length);
      model.push({ time: op.time, priority: op.priority, seq, state: 'live' });
    } else if (op.kind === 'pop') {
      const want = modelPop(model);
      expect(q.pop()).toBe(want?.seq);
      if (want !== undefined) expect([q.lastTime, q.lastPriority, q.lastSeq]).toEqual([want.time, want.priority, want.seq]);
    } else {
      const pool = op.kind === 'cancel' ? model : model.filter((e) => e.state === 'live');
      if (pool.length === 0) continue;
      const e = pool[op.pick % pool.length] as ModelEntry;
      expect(q.cancel(e.seq)).toBe(e.state === 'live');
      if (e.state === 'live') e.state = 'canceled';
    }
    const live = model.filter((e) => e.state === 'live');
    expect(q.size).toBe(live.length);
    expect(q.peekTime()).toBe(live.length === 0 ? Infinity : Math.min(...live.map((e) => e.time)));
  }
  const rest: number[] = [];
  for (let e = modelPop(model); e !== undefined; e = modelPop(model)) rest.push(e.seq);
  expect(drain(q)).toEqual(rest);
}

describe('EventQueue against a naive sorted model', () => {
  it('random push/pop/cancel sequences pop exactly the model order', () => {
    const ops = fc.array(opArb({ push: 5, pop: 3, cancel: 3, cancelLive: 0 }), { maxLength: 400 });
    fc.assert(fc.property(ops, runAgainstModel), { numRuns: 300 });
  });

  it('cancel-heavy sequences (which trigger heap compaction) pop exactly the model order', () => {
    const ops = fc.array(opArb({ push: 6, pop: 1, cancel: 1, cancelLive: 5 }), { minLength: 150, maxLength: 400 });
    fc.assert(fc.property(ops, runAgainstModel), { numRuns: 80 });
  });
});
