// The kernel's event payload: one object shape for every kind (so the dispatcher's property reads stay
// monomorphic), built by the static constructors below. Fields unused by a kind are 0 / ''.
export const EV_EX_TIMER = 0;
export const EV_CMD = 1;
export const EV_UPDATE = 2;
export const EV_NOTICE = 3;
export const EV_WAKE = 4;
export const EV_MSG = 5;
export const EV_DAY_START = 6;
export const EV_DAY_END = 7;
export const EV_SHOCK = 8;
export const EV_SAMPLE = 9;
export const EV_NEWS = 10;

/** Command ops (EV_CMD `op`). */
export const OP_SUBMIT = 0;
export const OP_CANCEL = 1;
export const OP_MODIFY = 2;

export class SimEvent {
  constructor(
    /** Event kind (EV_*). */
    readonly k: number,
    /** The agent concerned (recipient for updates, wakes and messages). */
    readonly agent: number,
    /** Order handle (commands, updates). */
    readonly handle: number,
    /** Command op, wake tag, day, message sender, instrument of a shock. */
    readonly tag: number,
    readonly price: number,
    readonly qty: number,
    /** Open quantity after an update. */
    readonly rem: number,
    /** Update kind / reason names. */
    readonly str: string,
    readonly str2: string,
    /** Message payload or notice. */
    readonly obj: unknown,
  ) {}

  static timer(): SimEvent {
    return new SimEvent(EV_EX_TIMER, -1, -1, 0, 0, 0, 0, '', '', null);
  }
  static cmd(agent: number, handle: number, op: number, price: number, qty: number): SimEvent {
    return new SimEvent(EV_CMD, agent, handle, op, price, qty, 0, '', '', null);
  }
  static update(agent: number, handle: number, kind: string, price: number, qty: number, reason: string): SimEvent {
    return new SimEvent(EV_UPDATE, agent, handle, 0, price, qty, 0, kind, reason, null);
  }
  static notice(notice: unknown): SimEvent {
    return new SimEvent(EV_NOTICE, -1, -1, 0, 0, 0, 0, '', '', notice);
  }
  static wake(agent: number, tag: number): SimEvent {
    return new SimEvent(EV_WAKE, agent, -1, tag, 0, 0, 0, '', '', null);
  }
  static msg(from: number, to: number, msg: unknown): SimEvent {
    return new SimEvent(EV_MSG, to, -1, from, 0, 0, 0, '', '', msg);
  }
  static day(kind: typeof EV_DAY_START | typeof EV_DAY_END, day: number): SimEvent {
    return new SimEvent(kind, -1, -1, day, 0, 0, 0, '', '', null);
  }
  static shock(inst: number, size: number): SimEvent {
    return new SimEvent(EV_SHOCK, -1, -1, inst, size, 0, 0, '', '', null);
  }
  static news(inst: number): SimEvent {
    return new SimEvent(EV_NEWS, -1, -1, inst, 0, 0, 0, '', '', null);
  }
  static sample(day: number): SimEvent {
    return new SimEvent(EV_SAMPLE, -1, -1, day, 0, 0, 0, '', '', null);
  }
}
