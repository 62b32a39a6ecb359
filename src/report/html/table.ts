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

/**
 * An HTML table. Every cell carries data-row and data-col (the row's key and the column's name), so
 * a test can find any value and compare it with results.json.
 */
export function tableHtml(id: string, columns: readonly { key: string; title: string }[], rows: readonly { key: string; cells: readonly TableCell[] }[]): string {
  const head = `<tr>${columns.map((c) => `<th>${escapeHtml(c.title)}</th>`).join('')}</tr>`;
  const body = rows
    .map((r) => {
      const tds = r.cells.map((v, j) => `<td${typeof v === 'number' ? ' class="num"' : ''} data-row="${escapeHtml(r.key)}" data-col="${escapeHtml(columns[j].key)}">${escapeHtml(cellText(v))}</td>`);
      return `<tr>${tds.join('')}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table data-table="${escapeHtml(id)}">\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table></div>`;
}
