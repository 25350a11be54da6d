// A report table as GitHub-flavoured Markdown: the caption in bold, a pipe table with aligned columns (right-aligned
// numbers), pass/fail marks as ✓ / ✗, and the note in italics. Pipes and backslashes in cells are escaped.
import { cellOf } from './report-table.js';
import type { ReportTable } from './report-table.js';

/** Escape a cell for a Markdown table. */
export function markdownEscape(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** The Markdown of `t`. */
export function tableToMarkdown(t: ReportTable): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const rows = t.rows.map((r) =>
    line(r.map((c) => {
      const cell = cellOf(c);
      const mark = cell.status === 'pass' ? ' ✓' : cell.status === 'fail' ? ' ✗' : '';
      return markdownEscape(cell.text) + mark;
    })),
  );
  return [
    `**${markdownEscape(t.caption)}**`,
    '',
    line(t.columns.map((c) => markdownEscape(c.label))),
    line(t.columns.map((c) => (c.align === 'r' ? '---:' : ':---'))),
    ...rows,
    ...(t.note ? ['', `*${markdownEscape(t.note)}*`] : []),
    '',
  ].join('\n');
}
