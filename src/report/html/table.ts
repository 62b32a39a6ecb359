import { escapeHtml } from './page.js';

export type TableCell = number | string | boolean | null | undefined;

/**
 * A number exactly as results.json holds it (JSON.stringify of the parsed value gives the same
 * digits), so the report's tables and results.json cannot disagree; null (does not apply) is "-".
 */
export function cellText(v: TableCell): string {
  if (v === null || v === undefined) return '-';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Fraction digits shown for a number of this size: whole kW and EUR from 100 up, three significant digits below. */
function shownDigits(v: number): number {
  const a = Math.abs(v);
  if (Number.isInteger(v) || a >= 100) return 0;
  if (a >= 10) return 1;
  if (a >= 1) return 2;
  return a === 0 ? 0 : Math.min(6, 2 - Math.floor(Math.log10(a)));
}

/**
 * A number as a reader wants it in a table: rounded to its size, with thousands separators (the exact
 * value is in data-value); a calendar year (a column named year or ...Year) as it is written, 2026 not
 * 2,026; a value that rounds to zero as 0, never -0.
 */
export function shownText(v: number, column = ''): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && /(^y|Y)ear$/.test(column)) return String(v);
  const d = shownDigits(v);
  const text = v.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: d });
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/**
 * An HTML table. Every cell carries data-row and data-col (the row's key and the column's name), and a
 * number also data-value, exactly as results.json holds it (cellText; its title shows it on hover),
 * while the cell shows it rounded (shownText); so a test can find any value and compare it with
 * results.json.
 */
export function tableHtml(id: string, columns: readonly { key: string; title: string }[], rows: readonly { key: string; cells: readonly TableCell[] }[]): string {
  const head = `<tr>${columns.map((c) => `<th>${escapeHtml(c.title)}</th>`).join('')}</tr>`;
  const body = rows
    .map((r) => {
      const tds = r.cells.map((v, j) => {
        const where = `data-row="${escapeHtml(r.key)}" data-col="${escapeHtml(columns[j].key)}"`;
        if (typeof v !== 'number') return `<td ${where}>${escapeHtml(cellText(v))}</td>`;
        const exact = escapeHtml(cellText(v));
        return `<td class="num" ${where} data-value="${exact}" title="${exact}">${escapeHtml(shownText(v, columns[j].key))}</td>`;
      });
      return `<tr>${tds.join('')}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table data-table="${escapeHtml(id)}">\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table></div>`;
}
