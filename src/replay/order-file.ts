// Parse and validate an order file for `cascade replay` in one pass, before anything runs, so a bad row stops the
// replay before a single fill is written. Columns (any order, named by the header):
//   t_us,instrument,action,order_id,side,type,price,qty
// action submit|cancel|modify; side buy|sell; type limit|market|ioc|fok; price empty for market orders.
// Rows become struct-of-arrays columns; external order ids (any non-empty text) map to dense indices. Fields may be
// quoted as in RFC 4180 ("a,b", "say ""hi""", line breaks inside quotes); a cancel or modify must name the
// instrument its order was submitted on.
import { LIMIT, MARKET, IOC, FOK, BUY, SELL, MAX_INT32 } from '../market/order.js';

export const ACTION_SUBMIT = 0;
export const ACTION_CANCEL = 1;
export const ACTION_MODIFY = 2;
const ACTIONS = new Map([['submit', ACTION_SUBMIT], ['cancel', ACTION_CANCEL], ['modify', ACTION_MODIFY]]);
const SIDES = new Map([['buy', BUY], ['sell', SELL]]);
const TYPES = new Map([['limit', LIMIT], ['market', MARKET], ['ioc', IOC], ['fok', FOK]]);
const COLUMNS = ['t_us', 'instrument', 'action', 'order_id', 'side', 'type', 'price', 'qty'] as const;

/** A row that failed validation: its 1-based line and the message. */
export interface BadRow {
  line: number;
  message: string;
}

/** The parsed, valid rows of an order file. */
export interface OrderFile {
  n: number;
  line: Int32Array;
  t: Float64Array;
  inst: Int32Array;
  action: Uint8Array;
  /** Dense index of the external order id (see `ids`). */
  ord: Int32Array;
  side: Uint8Array;
  type: Uint8Array;
  price: Int32Array;
  qty: Int32Array;
  /** Instrument symbols in order of first appearance, with the first limit price seen for each (0 if none). */
  instruments: string[];
  firstPrice: number[];
  /** External order ids by dense index. */
  ids: string[];
  /** Rows skipped as invalid (only with skipInvalid; otherwise parsing stops at the first). */
  skipped: BadRow[];
}

/** Thrown for the first bad row when invalid rows are not skipped. */
export class OrderFileError extends Error {
  constructor(readonly row: BadRow) {
    super(`line ${row.line}: ${row.message}`);
  }
}

/** Parse `text`; throws OrderFileError at the first bad row unless `skipInvalid`. */
export function parseOrderFile(text: string, skipInvalid: boolean): OrderFile {
  const lines = text.includes('"') ? csvRecords(text) : splitLines(text).map((l, i) => ({ line: i + 1, cells: l.replace(/\r$/, '').split(',') }));
  if (lines.length === 0) throw new OrderFileError({ line: 1, message: `empty file: expected a header ${COLUMNS.join(',')}` });
  const col = headerColumns(lines[0]!.cells);
  const cap = lines.length;
  const f: OrderFile = {
    n: 0, line: new Int32Array(cap), t: new Float64Array(cap), inst: new Int32Array(cap), action: new Uint8Array(cap),
    ord: new Int32Array(cap), side: new Uint8Array(cap), type: new Uint8Array(cap), price: new Int32Array(cap),
    qty: new Int32Array(cap), instruments: [], firstPrice: [], ids: [], skipped: [],
  };
  const st: ParseState = { instIndex: new Map(), idIndex: new Map(), ordInst: [], lastT: 0 };
  for (let i = 1; i < lines.length; i++) {
    const { line, cells } = lines[i]!;
    if (cells.length === 1 && cells[0]!.trim() === '') continue;
    const message = parseRow(cells, col, f, st, line);
    if (message === null) continue;
    if (!skipInvalid) throw new OrderFileError({ line, message });
    f.skipped.push({ line, message });
  }
  return f;
}

/** One CSV record: the line it starts on (1-based) and its fields, unquoted. */
interface CsvRecord {
  line: number;
  cells: string[];
}

/** RFC 4180 records: fields separated by commas, optionally quoted ("" is a quote; quotes may hold , and newlines). */
export function csvRecords(text: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  let cells: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === ',') {
      cells.push(field);
      field = '';
    } else if (ch === '\n') {
      cells.push(field.replace(/\r$/, ''));
      out.push({ line: start, cells });
      cells = [];
      field = '';
      start = ++line;
    } else field += ch;
  }
  if (field !== '' || cells.length > 0) {
    cells.push(field.replace(/\r$/, ''));
    out.push({ line: start, cells });
  }
  return out;
}

interface ParseState {
  instIndex: Map<string, number>;
  idIndex: Map<string, number>;
  /** Instrument index of each order (by dense order index). */
  ordInst: number[];
  lastT: number;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function headerColumns(header: readonly string[]): Int32Array {
  const names = header.map((s, i) => (i === 0 ? s.replace(/^\uFEFF/, '') : s).trim());
  const col = new Int32Array(COLUMNS.length);
  COLUMNS.forEach((c, k) => {
    const at = names.indexOf(c);
    if (at < 0) throw new OrderFileError({ line: 1, message: `missing column "${c}" in the header (expected ${COLUMNS.join(',')})` });
    col[k] = at;
  });
  return col;
}

/** Parse one row into `f` (appending it), or return why it is invalid (nothing appended). */
function parseRow(cells: readonly string[], col: Int32Array, f: OrderFile, st: ParseState, line: number): string | null {
  const cell = (k: number): string => (cells[col[k]!] ?? '').trim();
  const t = /^\d+$/.test(cell(0)) ? Number(cell(0)) : NaN;
  if (!Number.isSafeInteger(t)) return `t_us must be a non-negative integer, got "${clip(cell(0))}"`;
  if (t < st.lastT) return `t_us ${t} is earlier than the previous row's ${st.lastT} (rows must be in time order)`;
  const action = ACTIONS.get(cell(2));
  if (action === undefined) return `action must be submit, cancel or modify, got "${clip(cell(2))}"`;
  const instrument = cell(1);
  if (instrument === '') return 'instrument is empty';
  const ext = cell(3);
  if (ext === '') return 'order_id is empty';
  let ord = st.idIndex.get(ext);
  let side = 0;
  let type = 0;
  let price = 0;
  let qty = 0;
  if (action === ACTION_SUBMIT) {
    if (ord !== undefined) return `duplicate order id "${clip(ext)}"`;
    const s = SIDES.get(cell(4));
    if (s === undefined) return `side must be buy or sell, got "${clip(cell(4))}"`;
    const ty = TYPES.get(cell(5));
    if (ty === undefined) return `type must be limit, market, ioc or fok, got "${clip(cell(5))}"`;
    side = s;
    type = ty;
    if (type !== MARKET) {
      const p = parsePositiveInt(cell(6));
      if (p === null) return `price must be a positive integer for a ${cell(5)} order, got "${clip(cell(6))}"`;
      price = p;
    }
    const q = parsePositiveInt(cell(7));
    if (q === null) return `qty must be a positive integer, got "${clip(cell(7))}"`;
    qty = q;
  } else {
    if (ord === undefined) return `unknown order id "${clip(ext)}" (never submitted)`;
    const on = f.instruments[st.ordInst[ord]!]!;
    if (on !== instrument) return `order "${clip(ext)}" was submitted on ${clip(on)}, not ${clip(instrument)} (a ${cell(2)} must name its order's instrument)`;
    if (action === ACTION_MODIFY) {
      const p = parsePositiveInt(cell(6));
      if (p === null) return `price must be a positive integer for a modify, got "${clip(cell(6))}"`;
      const q = parsePositiveInt(cell(7));
      if (q === null) return `qty must be a positive integer for a modify, got "${clip(cell(7))}"`;
      price = p;
      qty = q;
    }
  }
  let inst = st.instIndex.get(instrument);
  if (inst === undefined) {
    inst = f.instruments.length;
    f.instruments.push(instrument);
    f.firstPrice.push(0);
    st.instIndex.set(instrument, inst);
  }
  if (ord === undefined) {
    ord = f.ids.length;
    f.ids.push(ext);
    st.idIndex.set(ext, ord);
    st.ordInst.push(inst);
  }
  if (f.firstPrice[inst] === 0 && price > 0) f.firstPrice[inst] = price;
  const i = f.n++;
  st.lastT = t;
  f.line[i] = line;
  f.t[i] = t;
  f.inst[i] = inst;
  f.action[i] = action;
  f.ord[i] = ord;
  f.side[i] = side;
  f.type[i] = type;
  f.price[i] = price;
  f.qty[i] = qty;
  return null;
}

/** User text quoted in a message: at most 40 characters. */
function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}...` : s;
}

function parsePositiveInt(s: string): number | null {
  if (!/^\d+$/.test(s)) return null;
  const v = Number(s);
  return v >= 1 && v <= MAX_INT32 ? v : null;
}
