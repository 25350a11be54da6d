// Priority queue of discrete events (binary min-heap). Contract: entries pop in the TOTAL order
// (time, priority, seq), lower first; seq is this queue's insertion counter, so equal time and priority
// pop FIFO. push and pop are O(log n), cancel is O(1) amortised and lazy: the entry stays in the heap
// marked dead and is skipped when it reaches the top; when dead entries outnumber live ones the heap is
// rebuilt without them (O(n), amortised O(1) per cancel), so cancel-heavy use cannot grow it unboundedly.

const INITIAL_CAPACITY = 64;
/** Compaction is skipped below this many dead entries: rebuilding a tiny heap is not worth it. */
const MIN_DEAD_TO_COMPACT = 32;

/**
 * Keys are kept struct-of-arrays in typed arrays (time: Float64Array, priority: Int32Array, seq:
 * Float64Array) next to a plain payload array; all four grow by doubling, so steady-state push/pop
 * allocates nothing on the heap side. Liveness is a bitset over seqs with a bit set once an entry is popped
 * or canceled: cancel answers exactly in O(1), and push/pop pay one bit operation instead of a hash-set
 * update (the bitset costs one bit per entry ever pushed: 1.25 MB per 10 million events).
 * Handles (seqs) are never reused, not even after {@link EventQueue.clear}. Typed-array reads carry `!`
 * because every index used is below `n`, within capacity (noUncheckedIndexedAccess cannot know that).
 */
export class EventQueue<T> {
  private times: Float64Array;
  private prios: Int32Array;
  private seqs: Float64Array;
  private payloads: (T | undefined)[];
  /** Heap entries, live and dead. */
  private n = 0;
  private nextSeq = 0;
  /** Bit `seq` set = that entry was popped or canceled. */
  private done = new Uint32Array(64);
  private liveCount = 0;
  private popTime = Number.NaN;
  private popPriority = 0;
  private popSeq = -1;

  constructor(initialCapacity = INITIAL_CAPACITY) {
    const cap = Math.max(1, Math.floor(initialCapacity));
    this.times = new Float64Array(cap);
    this.prios = new Int32Array(cap);
    this.seqs = new Float64Array(cap);
    this.payloads = new Array<T | undefined>(cap).fill(undefined);
  }

  /** Number of live (not canceled, not popped) entries. */
  get size(): number {
    return this.liveCount;
  }

  /** Time of the entry most recently returned by {@link EventQueue.pop} (NaN before the first pop). */
  get lastTime(): number {
    return this.popTime;
  }

  /** Priority of the entry most recently popped. */
  get lastPriority(): number {
    return this.popPriority;
  }

  /** Seq (handle) of the entry most recently popped (-1 before the first pop). */
  get lastSeq(): number {
    return this.popSeq;
  }

  /**
   * Adds an entry and returns its handle (its seq). Throws RangeError if time is not finite or priority
   * is not an int32.
   */
  push(time: number, priority: number, payload: T): number {
    if (!Number.isFinite(time)) throw new RangeError(`event time must be finite, got ${time}`);
    if ((priority | 0) !== priority) throw new RangeError(`event priority must be an int32, got ${priority}`);
    if (this.n === this.times.length) this.grow();
    const seq = this.nextSeq++;
    if (seq >>> 5 >= this.done.length) this.growDone();
    this.liveCount++;
    this.siftUp(this.n++, time, priority, seq, payload);
    return seq;
  }

  /**
   * Cancels a pending entry. Returns true if it was live; false if the handle was never issued, was
   * already popped, or already canceled.
   */
  cancel(handle: number): boolean {
    if (!Number.isInteger(handle) || handle < 0 || handle >= this.nextSeq || this.isDone(handle)) return false;
    this.markDone(handle);
    this.liveCount--;
    const dead = this.n - this.liveCount;
    if (dead >= MIN_DEAD_TO_COMPACT && dead > this.liveCount) this.compact();
    return true;
  }

  /** Removes and returns the first live entry's payload (undefined if none); sets lastTime/Priority/Seq. */
  pop(): T | undefined {
    while (this.n > 0) {
      const seq = this.seqs[0]!;
      const time = this.times[0]!;
      const priority = this.prios[0]!;
      const payload = this.payloads[0];
      this.removeRoot();
      if (!this.isDone(seq)) {
        this.markDone(seq);
        this.liveCount--;
        this.popTime = time;
        this.popPriority = priority;
        this.popSeq = seq;
        return payload;
      }
    }
    return undefined;
  }

  /** Time of the first live entry, or Infinity if there is none. Discards dead entries at the top. */
  peekTime(): number {
    while (this.n > 0 && this.isDone(this.seqs[0]!)) this.removeRoot();
    return this.n > 0 ? this.times[0]! : Infinity;
  }

  /** Drops every entry (payload references included). Handle numbering continues, so old handles stay dead. */
  clear(): void {
    this.payloads.fill(undefined, 0, this.n);
    for (let i = 0; i < this.n; i++) this.markDone(this.seqs[i]!);
    this.n = 0;
    this.liveCount = 0;
  }

  /** True if a's key (at index a) is strictly below the key (t, p, s). */
  private lessAt(a: number, t: number, p: number, s: number): boolean {
    const ta = this.times[a]!;
    if (ta !== t) return ta < t;
    const pa = this.prios[a]!;
    if (pa !== p) return pa < p;
    return this.seqs[a]! < s;
  }

  private place(i: number, t: number, p: number, s: number, payload: T | undefined): void {
    this.times[i] = t;
    this.prios[i] = p;
    this.seqs[i] = s;
    this.payloads[i] = payload;
  }

  private moveTo(to: number, from: number): void {
    this.place(to, this.times[from]!, this.prios[from]!, this.seqs[from]!, this.payloads[from]);
  }

  /** Hole-based sift-up: parents move down until the new key fits, then it is written once. */
  private siftUp(i: number, t: number, p: number, s: number, payload: T | undefined): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.lessAt(parent, t, p, s)) break;
      this.moveTo(i, parent);
      i = parent;
    }
    this.place(i, t, p, s, payload);
  }

  private siftDown(i: number, t: number, p: number, s: number, payload: T | undefined): void {
    const half = this.n >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      const right = child + 1;
      if (right < this.n && this.lessAt(right, this.times[child]!, this.prios[child]!, this.seqs[child]!)) {
        child = right;
      }
      if (!this.lessAt(child, t, p, s)) break;
      this.moveTo(i, child);
      i = child;
    }
    this.place(i, t, p, s, payload);
  }

  private removeRoot(): void {
    const last = --this.n;
    if (last > 0) {
      this.siftDown(0, this.times[last]!, this.prios[last]!, this.seqs[last]!, this.payloads[last]);
    }
    this.payloads[last] = undefined;
  }

  /** Rebuilds the heap from its live entries only (Floyd's bottom-up heapify, O(n)). */
  private compact(): void {
    let w = 0;
    for (let r = 0; r < this.n; r++) {
      if (!this.isDone(this.seqs[r]!)) {
        if (w !== r) this.moveTo(w, r);
        w++;
      }
    }
    this.payloads.fill(undefined, w, this.n);
    this.n = w;
    for (let i = (w >> 1) - 1; i >= 0; i--) {
      this.siftDown(i, this.times[i]!, this.prios[i]!, this.seqs[i]!, this.payloads[i]);
    }
  }

  private isDone(seq: number): boolean {
    return (this.done[seq >>> 5]! & (1 << (seq & 31))) !== 0;
  }

  private markDone(seq: number): void {
    this.done[seq >>> 5]! |= 1 << (seq & 31);
  }

  private growDone(): void {
    const next = new Uint32Array(this.done.length * 2);
    next.set(this.done);
    this.done = next;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const times = new Float64Array(cap);
    const prios = new Int32Array(cap);
    const seqs = new Float64Array(cap);
    times.set(this.times);
    prios.set(this.prios);
    seqs.set(this.seqs);
    this.times = times;
    this.prios = prios;
    this.seqs = seqs;
    this.payloads.length = cap;
    this.payloads.fill(undefined, this.n, cap);
  }
}
