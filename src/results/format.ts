// Number formatting shared by every table and caption of a report, so one quantity always prints the same way:
// percentages with 2 decimals, counts as integers with thousands separators, money with 3 significant digits and
// a scale word (k, mn, bn, tn), ratios with 3 significant digits. Negative numbers use the Unicode minus (as d3
// and therefore the figures do); a missing value (NaN, null, ±Infinity) prints as an en dash.

/** The text shown for a value that is missing or not finite. */
export const MISSING = '–';

const MINUS = '\u2212';

function signed(text: string): string {
  return text.startsWith('-') ? MINUS + text.slice(1) : text;
}

function finite(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** `x` with `sig` significant digits, no exponent for |x| in [1e-4, 1e15), trailing zeros kept (3.10). */
export function formatSig(x: number | null | undefined, sig = 3): string {
  if (!finite(x)) return MISSING;
  if (x === 0) return '0';
  const digits = Math.max(0, sig - 1 - Math.floor(Math.log10(Math.abs(x))));
  if (Math.abs(x) < 1e-4 || Math.abs(x) >= 1e15) return signed(x.toExponential(sig - 1));
  return signed(addThousands(x.toFixed(Math.min(digits, 20))));
}

/** A swept parameter's value: integers below a million as written (10, 250000), anything else 3 significant digits. */
export function formatParam(x: number | string): string {
  if (typeof x === 'string') return x;
  return Number.isInteger(x) && Math.abs(x) < 1e6 ? signed(String(x)) : formatSig(x, 3);
}

/** A fraction as a percentage: 0.0865 → "8.65%", −0.0865 → "−8.65%". */
export function formatPct(x: number | null | undefined, decimals = 2): string {
  if (!finite(x)) return MISSING;
  return signed((x * 100).toFixed(decimals)) + '%';
}

/** An integer count with thousands separators: 98484 → "98,484". Non-integers are rounded. */
export function formatCount(x: number | null | undefined): string {
  if (!finite(x)) return MISSING;
  return signed(addThousands(Math.round(x).toFixed(0)));
}

/** A multiple: 4.2 → "4.20×". */
export function formatMultiple(x: number | null | undefined): string {
  return finite(x) ? `${formatSig(x, 3)}×` : MISSING;
}

const SCALES: readonly (readonly [number, string])[] = [
  [1e12, 'tn'],
  [1e9, 'bn'],
  [1e6, 'mn'],
  [1e3, 'k'],
];

/** The scale for a set of money values: divisor and word, chosen by the largest magnitude (1 and '' below 1000). */
export function moneyScale(maxAbs: number): { readonly div: number; readonly word: string } {
  for (const [div, word] of SCALES) if (Math.abs(maxAbs) >= div) return { div, word };
  return { div: 1, word: '' };
}

/** Money with 3 significant digits and its own scale: 3662912000, 'KRW' → "3.66 bn KRW". */
export function formatMoney(x: number | null | undefined, currency: string): string {
  if (!finite(x)) return MISSING;
  const { div, word } = moneyScale(x);
  const unit = word ? `${word} ${currency}` : currency;
  return `${formatSig(x / div, 3)} ${unit}`;
}

/** Insert ',' every three digits in the integer part of a plain decimal string. */
function addThousands(s: string): string {
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const dot = body.indexOf('.');
  const int = dot < 0 ? body : body.slice(0, dot);
  const frac = dot < 0 ? '' : body.slice(dot);
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + grouped + frac;
}

/**
 * Values of one kind that share a table column or row, with the unit taken out of the cells (for a header): pct →
 * percent with 2 decimals, unit '%'; money → one scale for all (the largest magnitude's), unit e.g. 'bn KRW';
 * multiple → unit '×'; counts with separators; other numbers with 4 significant digits.
 */
export function formatColumn(kind: 'pct' | 'count' | 'money' | 'multiple' | 'ticks' | 'number', values: readonly (number | null | undefined)[], currency: string): { unit: string; cells: string[] } {
  const ok = values.filter(finite);
  switch (kind) {
    case 'pct':
      return { unit: '%', cells: values.map((x) => (finite(x) ? signed((x * 100).toFixed(2)) : MISSING)) };
    case 'money': {
      const { div, word } = moneyScale(ok.reduce((m, x) => Math.max(m, Math.abs(x)), 0));
      return { unit: `${word ? `${word} ` : ''}${currency}`, cells: values.map((x) => (finite(x) ? formatSig(x / div, 3) : MISSING)) };
    }
    case 'multiple':
      return { unit: '×', cells: values.map((x) => formatSig(x, 3)) };
    case 'count':
      return { unit: '', cells: values.map((x) => formatCount(x)) };
    case 'ticks':
      return { unit: 'ticks', cells: values.map((x) => formatSig(x, 2)) };
    case 'number':
      return { unit: '', cells: values.map((x) => formatSig(x, 4)) };
  }
}

/** `label (unit)`, or the label alone for no unit. */
export function withUnit(label: string, unit: string): string {
  return unit === '' ? label : `${label} (${unit})`;
}
