import { describe, expect, it } from 'vitest';
import { Kernel, Priority } from '../../src/core/kernel.js';
import type { SimTime } from '../../src/core/time.js';

/** A kernel whose dispatcher logs `name@now` and runs an optional hook per event. */
function loggingKernel(hook?: (k: Kernel<string>, ev: string, now: SimTime) => void) {
  const log: string[] = [];
  const k: Kernel<string> = new Kernel<string>((ev, now) => {
    log.push(`${ev}@${now}`);
    hook?.(k, ev, now);
  });
  return { k, log };
}

describe('Kernel ordering', () => {
  it('dispatches in (time, priority, seq) order and sets now to each event time', () => {
    const { k, log } = loggingKernel((kk, _ev, now) => expect(kk.now).toBe(now));
    k.schedule(20, Priority.Agent, 'agent20');
    k.schedule(10, Priority.Recorder, 'rec10');
    k.schedule(10, Priority.Agent, 'agentA10');
    k.schedule(10, Priority.Exchange, 'exch10');
    k.schedule(10, Priority.Delivery, 'deliv10');
    k.schedule(10, Priority.Agent, 'agentB10');
    expect(k.runUntil(100)).toBe(6);
    expect(log).toEqual(['exch10@10', 'deliv10@10', 'agentA10@10', 'agentB10@10', 'rec10@10', 'agent20@20']);
    expect(k.now).toBe(100);
    expect(k.eventsDispatched).toBe(6);
  });

  it('runs an event scheduled during dispatch at the same time and priority after the current one', () => {
    const { k, log } = loggingKernel((kk, ev, now) => {
      if (ev === 'first') kk.schedule(now, Priority.Agent, 'spawned');
    });
    k.schedule(5, Priority.Agent, 'first');
    k.schedule(5, Priority.Agent, 'second');
    k.runUntil(5);
    expect(log).toEqual(['first@5', 'second@5', 'spawned@5']);
  });

  it('runs an event scheduled during dispatch at a lower priority number before later ones at that time', () => {
    const { k, log } = loggingKernel((kk, ev, now) => {
      if (ev === 'agent') kk.schedule(now, Priority.Delivery, 'delivery');
    });
    k.schedule(5, Priority.Agent, 'agent');
    k.schedule(5, Priority.Recorder, 'rec');
    k.runUntil(10);
    expect(log).toEqual(['agent@5', 'delivery@5', 'rec@5']);
  });

  it('names priorities with exchange timers first', () => {
    expect(Priority).toEqual({ Exchange: 0, Delivery: 10, Agent: 20, Recorder: 30 });
  });
});

describe('Kernel scheduling rules', () => {
  it('rejects scheduling in the past or at a non-integer time', () => {
    const { k } = loggingKernel();
    k.runUntil(50);
    expect(() => k.schedule(49, Priority.Agent, 'late')).toThrow('cannot schedule at 49: before now (50)');
    expect(() => k.schedule(60.5, Priority.Agent, 'x')).toThrow('event time must be an integer (µs), got 60.5');
    expect(() => k.schedule(Number.NaN, Priority.Agent, 'x')).toThrow(RangeError);
    expect(k.schedule(50, Priority.Agent, 'now')).toBeGreaterThanOrEqual(0);
  });

  it('rejects a run end before now', () => {
    const { k } = loggingKernel();
    k.runUntil(10);
    expect(() => k.runUntil(9)).toThrow('cannot run until 9: before now (10)');
    expect(() => k.runUntil(Infinity)).toThrow(RangeError);
  });

  it('cancel removes a pending event and reports false once it is gone', () => {
    const { k, log } = loggingKernel();
    const a = k.schedule(1, Priority.Agent, 'a');
    const b = k.schedule(2, Priority.Agent, 'b');
    expect(k.cancel(b)).toBe(true);
    expect(k.pending).toBe(1);
    k.runUntil(10);
    expect(log).toEqual(['a@1']);
    expect(k.cancel(a)).toBe(false);
    expect(k.cancel(b)).toBe(false);
  });

  it('refuses to be re-entered from a dispatch', () => {
    const { k } = loggingKernel((kk) => kk.runUntil(100));
    k.schedule(1, Priority.Agent, 'x');
    expect(() => k.runUntil(10)).toThrow('Kernel.runUntil/step called from inside a dispatch');
  });
});

describe('Kernel runs', () => {
  it('runUntil dispatches events at tEnd and leaves later ones queued', () => {
    const { k, log } = loggingKernel();
    k.schedule(10, Priority.Agent, 'a');
    k.schedule(20, Priority.Agent, 'b');
    k.schedule(21, Priority.Agent, 'c');
    expect(k.runUntil(20)).toBe(2);
    expect(log).toEqual(['a@10', 'b@20']);
    expect(k.now).toBe(20);
    expect(k.pending).toBe(1);
    expect(k.nextTime()).toBe(21);
    expect(k.runUntil(30)).toBe(1);
    expect(k.now).toBe(30);
    expect(k.nextTime()).toBe(Infinity);
  });

  it('stop() returns after the current event, leaves now there, and a later run resumes', () => {
    const { k, log } = loggingKernel((kk, ev) => {
      if (ev === 'b') kk.stop();
    });
    for (const [t, ev] of [[1, 'a'], [2, 'b'], [2, 'b2'], [3, 'c']] as const) k.schedule(t, Priority.Agent, ev);
    expect(k.runUntil(100)).toBe(2);
    expect(log).toEqual(['a@1', 'b@2']);
    expect(k.now).toBe(2);
    expect(k.runUntil(100)).toBe(2);
    expect(log).toEqual(['a@1', 'b@2', 'b2@2', 'c@3']);
    expect(k.now).toBe(100);
    expect(k.eventsDispatched).toBe(4);
  });

  it('stop() outside a run has no effect', () => {
    const { k, log } = loggingKernel();
    k.schedule(1, Priority.Agent, 'a');
    k.stop();
    expect(k.runUntil(5)).toBe(1);
    expect(log).toEqual(['a@1']);
  });

  it('step() dispatches one event at a time and returns false when empty', () => {
    const { k, log } = loggingKernel();
    k.schedule(7, Priority.Agent, 'a');
    k.schedule(3, Priority.Agent, 'b');
    expect(k.step()).toBe(true);
    expect(k.now).toBe(3);
    expect(k.step()).toBe(true);
    expect(k.now).toBe(7);
    expect(k.step()).toBe(false);
    expect(log).toEqual(['b@3', 'a@7']);
    expect(k.eventsDispatched).toBe(2);
  });

  it('starts at the given time', () => {
    const k = new Kernel<string>(() => undefined, 1000);
    expect(k.now).toBe(1000);
    expect(() => k.schedule(999, Priority.Agent, 'x')).toThrow(RangeError);
    expect(() => new Kernel<string>(() => undefined, -1)).toThrow(RangeError);
  });
});
