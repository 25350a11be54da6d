// A report table as a LaTeX `table` float that fits a 6.5 in text block and goes into a paper as it is: booktabs
// rules; numeric columns as siunitx `S` columns (aligned on the decimal marker, table-format from the cells;
// thousands separators are dropped, siunitx groups digits itself); units in the headers, never in cells; headers
// of numeric columns wrapped onto short lines; and, when the table's estimated natural width is over the text
// width, a tabularx at \linewidth whose long text columns wrap (X). Output is pure ASCII: LaTeX specials are
// escaped; `_x` / `^x` after a one-letter symbol (ρ_r, τ^−β) become \textsubscript / \textsuperscript; the Unicode
// the report uses (Greek letters, ≥, −, ×, ±, §, ·, dashes) becomes LaTeX commands, so plain pdflatex compiles it;
// any other non-ASCII character becomes '?'. Pass/fail marks print as "(pass)" / "(fail)". Needs
// \usepackage{booktabs,siunitx,tabularx}.
import { MISSING } from './format.js';
import { cellOf } from './report-table.js';
import type { ReportTable } from './report-table.js';

const MATH: Readonly<Record<string, string>> = {
  'α': '\\alpha', 'β': '\\beta', 'γ': '\\gamma', 'δ': '\\delta', 'κ': '\\kappa', 'ρ': '\\rho', 'σ': '\\sigma', 'τ': '\\tau',
  'μ': '\\mu', 'π': '\\pi', 'Δ': '\\Delta', 'ℒ': '\\mathcal{L}', '≥': '\\geq', '≤': '\\leq', '±': '\\pm', '×': '\\times',
  '÷': '\\div', '−': '-', '√': '\\surd', '≈': '\\approx', '→': '\\rightarrow', '|': '|', '<': '<', '>': '>', '·': '\\cdot',
  '\u0302': '', // combining circumflex (α̂): dropped, the hat is a nicety
};

const TEXT: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', '$': '\\$', '&': '\\&', '#': '\\#', '%': '\\%', '_': '\\_',
  '^': '\\textasciicircum{}', '~': '\\textasciitilde{}', '–': '--', '—': '---', '’': "'", '‘': '`', '“': '``', '”': "''",
  '…': '\\ldots{}', '\u00a0': '~', '\u2009': '\\,', '§': '\\S{}', 'µ': '\\ensuremath{\\mu}',
};

/** Escape characters one by one (no sub/superscripts). */
function escapeChars(text: string): string {
  let out = '';
  for (const ch of text) {
    const math = MATH[ch];
    if (math !== undefined) out += math === '' ? '' : `\\ensuremath{${math}}`;
    else out += TEXT[ch] ?? (ch.charCodeAt(0) < 128 ? ch : '?');
  }
  return out;
}

/** A sub/superscript after `_` or `^`: an optional minus, then a |…| group or a run of letters and digits. */
const SCRIPT = /^([_^])([-−]?(?:\|[^|\s]+\||[\p{L}\p{N}]+))/u;

const LETTER = /\p{L}/u;

/** Whether the character before index i is a one-letter symbol (ρ in ρ_r, a in a_b; not the t of metric_name). */
function isSymbol(text: string, i: number): boolean {
  const before = [...text.slice(0, i)];
  const last = before.at(-1);
  const prev = before.at(-2);
  return last !== undefined && LETTER.test(last) && (prev === undefined || !LETTER.test(prev));
}

/** Escape text for LaTeX text mode (see the file header). */
export function latexEscape(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const m = SCRIPT.exec(text.slice(i));
    if (m && isSymbol(text, i)) {
      out += `\\text${m[1] === '_' ? 'sub' : 'super'}script{${escapeChars(m[2]!)}}`;
      i += m[0].length;
    } else {
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      out += escapeChars(ch);
      i += ch.length;
    }
  }
  return out;
}

/** A numeric cell as siunitx reads it (no separators, ASCII minus), or null when the cell is not a plain number. */
export function siNumber(text: string): string | null {
  const t = text.replace(/,/g, '').replace(/\u2212/g, '-');
  return /^-?\d+(\.\d+)?$/.test(t) ? t : null;
}

const EMPTY = new Set([MISSING, 'n/a', '', '–', '—']);

/** Whether every cell of column `c` is a plain number (or empty / missing), with at least one number. */
function isNumeric(t: ReportTable, c: number): boolean {
  const cells = t.rows.map((r) => cellOf(r[c]!));
  return cells.some((x) => siNumber(x.text) !== null) && cells.every((x) => x.status === undefined && (EMPTY.has(x.text) || siNumber(x.text) !== null));
}

/** `table-format` of numbers: sign, integer digits, decimals (e.g. -2.2). */
function tableFormat(numbers: readonly string[]): string {
  const neg = numbers.some((n) => n.startsWith('-'));
  const ints = Math.max(1, ...numbers.map((n) => n.replace('-', '').split('.')[0]!.length));
  const decs = Math.max(0, ...numbers.map((n) => n.split('.')[1]?.length ?? 0));
  return `${neg ? '-' : ''}${ints}.${decs}`;
}

/** Split a header into lines of at most `width` characters (at spaces) for a stacked header cell. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const w of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + w.length <= width) lines[lines.length - 1] = `${last} ${w}`;
    else lines.push(w);
  }
  return lines;
}

function stacked(lines: readonly string[], align: 'c' | 'l' | 'r'): string {
  return lines.length === 1 ? latexEscape(lines[0]!) : `\\begin{tabular}[b]{@{}${align}@{}}${lines.map(latexEscape).join(' \\\\ ')}\\end{tabular}`;
}

/** The text block a table must fit (6.5 in) and the rough width of one character of \small text. */
const TEXT_WIDTH_PT = 468;
const CHAR_PT = 5.2;
const COLSEP_PT = 8;
/** Numeric headers wrap at this many characters; text columns longer than this wrap in a wide table. */
const HEADER_CHARS = 12;
const WRAP_CHARS = 18;

interface ColumnPlan {
  readonly spec: string;
  readonly header: string;
  readonly cell: (text: string) => string;
  /** Estimated natural width, points. */
  readonly width: number;
}

function planColumn(t: ReportTable, c: number, wide: boolean): ColumnPlan {
  const col = t.columns[c]!;
  const texts = t.rows.map((r) => {
    const cell = cellOf(r[c]!);
    return cell.text + (cell.status === 'pass' ? ' (pass)' : cell.status === 'fail' ? ' (fail)' : '');
  });
  if (isNumeric(t, c)) {
    const nums = texts.map(siNumber).filter((x): x is string => x !== null);
    const lines = wrapWords(col.label, HEADER_CHARS);
    const chars = Math.max(...lines.map((l) => l.length), ...nums.map((n) => n.length));
    return { spec: `S[table-format=${tableFormat(nums)}]`, header: `{${stacked(lines, 'c')}}`, cell: (x) => siNumber(x) ?? `{${latexEscape(x === '' ? MISSING : x)}}`, width: chars * CHAR_PT + COLSEP_PT };
  }
  const longest = Math.max(col.label.length, ...texts.map((x) => x.length));
  if (wide && longest > WRAP_CHARS) {
    const align = col.align === 'r' ? '\\raggedleft' : '\\raggedright';
    return { spec: `>{${align}\\arraybackslash}X`, header: latexEscape(col.label), cell: latexEscape, width: WRAP_CHARS * CHAR_PT + COLSEP_PT };
  }
  // A text column's header wraps only in a wide table, and never below its widest cell.
  const lines = wide ? wrapWords(col.label, Math.max(HEADER_CHARS, ...texts.map((x) => x.length))) : [col.label];
  return { spec: col.align, header: stacked(lines, col.align), cell: latexEscape, width: Math.max(...lines.map((l) => l.length), ...texts.map((x) => x.length)) * CHAR_PT + COLSEP_PT };
}

/** The LaTeX of `t` (a table float with caption and label tab:<name>) fitted to a 6.5 in text block. */
export function tableToLatex(t: ReportTable): string {
  const natural = t.columns.map((_, c) => planColumn(t, c, false));
  const wide = natural.reduce((a, p) => a + p.width, 0) > TEXT_WIDTH_PT;
  let plans = wide ? t.columns.map((_, c) => planColumn(t, c, true)) : natural;
  const tabularx = wide && plans.some((p) => p.spec.endsWith('X'));
  if (!tabularx) plans = natural;
  const row = (cells: readonly string[]): string => `${cells.join(' & ')} \\\\`;
  const body = t.rows.map((r) => row(r.map((c, i) => {
    const cell = cellOf(c);
    const mark = cell.status === 'pass' ? ' (pass)' : cell.status === 'fail' ? ' (fail)' : '';
    return plans[i]!.cell(cell.text + mark);
  })));
  const spec = plans.map((p) => p.spec).join('');
  return [
    `% ${t.name}: generated by cascade report; needs \\usepackage{booktabs,siunitx,tabularx}`,
    '\\begin{table}[htbp]',
    '\\centering',
    '\\small',
    '\\setlength{\\tabcolsep}{4pt}',
    `\\caption{${latexEscape(t.caption)}}`,
    `\\label{tab:${t.name}}`,
    tabularx ? `\\begin{tabularx}{\\linewidth}{${spec}}` : `\\begin{tabular}{${spec}}`,
    '\\toprule',
    row(plans.map((p) => p.header)),
    '\\midrule',
    ...body,
    '\\bottomrule',
    tabularx ? '\\end{tabularx}' : '\\end{tabular}',
    ...(t.note ? [`\\par\\smallskip{\\footnotesize ${latexEscape(t.note)}}`] : []),
    '\\end{table}',
    '',
  ].join('\n');
}

/**
 * A minimal standalone document \input-ing the given table files in a 6.5 in text block (US letter with 1 in
 * margins), which is what the report's tests compile and check for overfull boxes.
 */
export function latexTestDocument(tableFiles: readonly string[]): string {
  return [
    '\\documentclass[letterpaper]{article}',
    '\\usepackage[textwidth=6.5in,textheight=9in]{geometry}',
    '\\usepackage{booktabs,siunitx,tabularx}',
    '\\begin{document}',
    ...tableFiles.map((f) => `\\input{${f}}`),
    '\\end{document}',
    '',
  ].join('\n');
}
