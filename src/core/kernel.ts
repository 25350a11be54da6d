// The discrete-event loop. Contract: events are dispatched in the total order (time, priority, seq) of
// ./event-queue.ts, seq counted per kernel, so an event scheduled during dispatch at the current time and
// priority runs after the current one (FIFO). `now` never decreases: scheduling before `now` throws.
// The kernel holds one dispatcher given at construction and allocates nothing per event; what an event
// means is the dispatcher's business (sim/world.ts), the kernel only orders and delivers.

import { EventQueue } from './event-queue.js';
import type { SimTime } from './time.js';

/**
 * Named priorities, lower runs first at equal time. The exchange's own timers (auction uncross, halt
 * start/end, phase changes) go first because a rule change at time t must already be in force when
 * orders delivered at t are handled: an order arriving at the uncross instant belongs to the continuous
 * session, one arriving as a halt starts must be refused. Deliveries (latency-delayed messages to and
 * from agents) come next, then agents' own wake-ups, and the recorder last so it sees the settled state.
 */
export const Priority = { Exchange: 0, Delivery: 10, Agent: 20, Recorder: 30 } as const;
export type Priority = (typeof Priority)[keyof typeof Priority];

/** Receives each event with the time it fires (equal to `kernel.now` during the call). */
export type Dispatcher<E> = (event: E, now: SimTime) => void;

/** A discrete-event loop over events of type E. See the file header for the ordering contract. */
export class Kernel<E> {
  private readonly queue: EventQueue<E>;
  private readonly dispatch: Dispatcher<E>;
  private time: SimTime;
  private dispatched = 0;
  private stopRequested = false;
  private running = false;

  /** `start` is the initial `now` (default 0). */
  constructor(dispatch: Dispatcher<E>, start: SimTime = 0) {
    if (!Number.isSafeInteger(start) || start < 0) throw new RangeError(`start time must be a non-negative integer, got ${start}`);
    this.queue = new EventQueue<E>();
    this.dispatch = dispatch;
    this.time = start;
  }

  /** Current simulation time: the time of the event being dispatched, or where the last run stopped. */
  get now(): SimTime {
    return this.time;
  }

  /** Total events dispatched since construction. */
  get eventsDispatched(): number {
    return this.dispatched;
  }

  /** Events scheduled and not yet dispatched or canceled. */
  get pending(): number {
    return this.queue.size;
  }

  /** Time of the next pending event, or Infinity if none. */
  nextTime(): SimTime {
    return this.queue.peekTime();
  }

  /**
   * Schedules `event` at `time` (integer µs, >= now) with a priority (see {@link Priority}; any int32).
   * Returns a handle for {@link Kernel.cancel}. Throws RangeError for a past or non-integer time.
   */
  schedule(time: SimTime, priority: number, event: E): number {
    if (!Number.isSafeInteger(time)) throw new RangeError(`event time must be an integer (µs), got ${time}`);
    if (time < this.time) throw new RangeError(`cannot schedule at ${time}: before now (${this.time})`);
    return this.queue.push(time, priority, event);
  }

  /** Cancels a scheduled event; true if it was still pending. */
  cancel(handle: number): boolean {
    return this.queue.cancel(handle);
  }

  /**
   * Dispatches, in order, every event with time <= tEnd, including ones scheduled along the way, then
   * sets now = tEnd. If {@link Kernel.stop} is called during a dispatch, returns right after that event
   * and leaves now at its time, so a later run resumes with nothing skipped. Returns the number of events
   * dispatched by this call. Throws RangeError if tEnd is not an integer >= now, Error if re-entered.
   */
  runUntil(tEnd: SimTime): number {
    if (!Number.isSafeInteger(tEnd)) throw new RangeError(`run end must be an integer (µs), got ${tEnd}`);
    if (tEnd < this.time) throw new RangeError(`cannot run until ${tEnd}: before now (${this.time})`);
    this.enter();
    const before = this.dispatched;
    try {
      while (!this.stopRequested && this.queue.peekTime() <= tEnd) this.dispatchNext();
      if (!this.stopRequested) this.time = tEnd;
    } finally {
      this.leave();
    }
    return this.dispatched - before;
  }

  /** Dispatches the next event, if any; returns false when none is pending. Throws Error if re-entered. */
  step(): boolean {
    if (this.queue.peekTime() === Infinity) return false;
    this.enter();
    try {
      this.dispatchNext();
    } finally {
      this.leave();
    }
    return true;
  }

  /** Asks the running {@link Kernel.runUntil} to return after the current event. No effect outside a run. */
  stop(): void {
    if (this.running) this.stopRequested = true;
  }

  /** Pops the next live event (the caller has checked there is one), advances now, dispatches. */
  private dispatchNext(): void {
    const event = this.queue.pop() as E;
    this.time = this.queue.lastTime;
    this.dispatched++;
    this.dispatch(event, this.time);
  }

  private enter(): void {
    if (this.running) throw new Error('Kernel.runUntil/step called from inside a dispatch');
    this.running = true;
    this.stopRequested = false;
  }

  private leave(): void {
    this.running = false;
    this.stopRequested = false;
  }
}
