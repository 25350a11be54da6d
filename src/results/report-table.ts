// The format-neutral table of a report: a name (the file stem), a caption, columns with alignment, and rows of
// already-formatted cells, each optionally marked pass / fail / n/a. latex.ts, markdown.ts and report-html.ts turn
// the same object into booktabs LaTeX, GitHub Markdown and HTML, so the numbers agree in every output.

export type CellStatus = 'pass' | 'fail' | 'na';

export interface Cell {
  readonly text: string;
  readonly status?: CellStatus;
}

/** A cell: plain text, or text with a pass/fail mark. */
export type CellInput = string | Cell;

export interface TableColumn {
  readonly label: string;
  readonly align: 'l' | 'r';
}

export interface ReportTable {
  /** File stem: tables/<name>.tex and tables/<name>.md. */
  readonly name: string;
  readonly caption: string;
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly CellInput[])[];
  /** A note printed under the table. */
  readonly note?: string;
}

export function cellOf(c: CellInput): Cell {
  return typeof c === 'string' ? { text: c } : c;
}

/** A pass/fail cell from a boolean (null → n/a). */
export function statusCell(text: string, pass: boolean | null): Cell {
  return { text, status: pass === null ? 'na' : pass ? 'pass' : 'fail' };
}

/** Check every row has one cell per column. @throws Error naming the table and row */
export function checkTable(t: ReportTable): ReportTable {
  t.rows.forEach((r, i) => {
    if (r.length !== t.columns.length) throw new Error(`table ${t.name}: row ${i} has ${r.length} cells, expected ${t.columns.length}`);
  });
  return t;
}
