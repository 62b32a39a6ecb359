import { humanLabel } from './labels.js';
import { escapeHtml } from './page.js';
import { shownText } from '../format.js';

/*
 * The one table formatter of the HTML reports. A table has readable headers with units (the JSON
 * name in data-name), shows each number rounded to its size and its unit's resolution (the exact
 * results.json value in data-value), leaves out what has no value anywhere (saying so under the
 * table), and is split into parts of columns, the key columns repeated, so that no part is wider
 * than the page.
 */

export type TableCell = number | string | boolean | null | undefined;

/** A column or a row heading: its JSON name, the label shown, its unit and what it means. */
export interface Heading {
  readonly name: string;
  readonly label: string;
  /** Unit of the numbers under (or beside) it; undefined: the row's unit. */
  readonly unit?: string;
  readonly description?: string;
}

export interface HtmlRow {
  /** Names the row in data-row (a test finds a value by data-row and data-col). */
  readonly key: string;
  /** A row heading (a transposed table: one row per quantity), shown first. */
  readonly head?: Heading;
  /** Unit of the row's numbers, for columns without a unit of their own. */
  readonly unit?: string;
  readonly cells: readonly TableCell[];
}

export interface HtmlTable {
  readonly id: string;
  readonly columns: readonly Heading[];
  /** The first `keyColumns` columns name the row; every part repeats them, and they are never left out. */
  readonly keyColumns?: number;
  readonly rows: readonly HtmlRow[];
  /** The header over the row headings of a transposed table. */
  readonly headTitle?: string;
}

/** A heading from a JSON name and unit, labelled by humanLabel. */
export function heading(name: string, unit: string, description?: string, basis?: string): Heading {
  return { name, label: humanLabel(name, unit, basis), unit, description };
}

/**
 * A number exactly as results.json holds it (JSON.stringify of the parsed value gives the same
 * digits), so the report's tables and results.json cannot disagree; null (no value) is "-".
 */
export function cellText(v: TableCell): string {
  if (v === null || v === undefined) return '-';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

const empty = (v: TableCell): boolean => v === null || v === undefined;

/**
 * Width budget of one table part (px): the page's text column is 1,200 px wide at most (page.ts);
 * the estimate below is rough, so a margin is kept. The browser test measures the real widths.
 */
const PART_BUDGET_PX = 1_050;
/** Estimated width of a character at the tables' 0.85em font (px), and a cell's padding and border. */
const CHAR_PX = 7.6;
const CELL_PAD_PX = 18;

/** The widest piece of text that cannot wrap: the longest word. */
const longestWord = (s: string): number => Math.max(0, ...s.split(/[\s-]+/).map((w) => w.length));

/** A header cell: the label shown, the JSON name in data-name, the meaning on hover. */
function headingHtml(h: Heading, scope: 'col' | 'row'): string {
  const title = h.description !== undefined ? ` title="${escapeHtml(h.description)}"` : '';
  return `<th scope="${scope}" data-name="${escapeHtml(h.name)}"${title}>${escapeHtml(h.label)}</th>`;
}

function cellHtml(row: HtmlRow, column: Heading, v: TableCell): string {
  const where = `data-row="${escapeHtml(row.key)}" data-col="${escapeHtml(column.name)}"`;
  if (typeof v !== 'number') return `<td ${where}>${escapeHtml(cellText(v))}</td>`;
  const exact = escapeHtml(cellText(v));
  return `<td class="num" ${where} data-value="${exact}" title="${exact}">${escapeHtml(shownText(v, column.unit ?? row.unit ?? ''))}</td>`;
}

/** The text a cell shows, for the width estimate. */
function shown(row: HtmlRow, column: Heading, v: TableCell): string {
  return typeof v === 'number' ? shownText(v, column.unit ?? row.unit ?? '') : cellText(v);
}

/** Columns [0, keys) and value columns split into parts that fit PART_BUDGET_PX side by side with the keys. */
function parts(columns: readonly Heading[], keys: number, rows: readonly HtmlRow[], headed: boolean): number[][] {
  const width = (j: number): number => {
    const c = columns[j];
    // A header wraps between words; numbers do not wrap, text wraps between words.
    const cells = rows.map((r) => (typeof r.cells[j] === 'number' ? shown(r, c, r.cells[j]).length : longestWord(shown(r, c, r.cells[j]))));
    return Math.max(longestWord(c.label) * 1.1, ...cells) * CHAR_PX + CELL_PAD_PX;
  };
  const headWidth = headed ? Math.max(...rows.map((r) => longestWord(r.head?.label ?? '')), 12) * CHAR_PX * 1.1 + CELL_PAD_PX : 0;
  let keyWidth = headWidth;
  for (let j = 0; j < keys; j++) keyWidth += width(j);
  const out: number[][] = [];
  let part: number[] = [];
  let used = keyWidth;
  for (let j = keys; j < columns.length; j++) {
    const w = width(j);
    if (part.length > 0 && used + w > PART_BUDGET_PX) {
      out.push(part);
      part = [];
      used = keyWidth;
    }
    part.push(j);
    used += w;
  }
  if (part.length > 0 || out.length === 0) out.push(part);
  return out;
}

/**
 * An HTML table (one or more parts). Every cell carries data-row and data-col (the row's key and the
 * column's JSON name), and a number also data-value, exactly as results.json holds it (cellText; its
 * title shows it on hover), while the cell shows it rounded (shownText); so a test can find any value
 * and compare it with results.json. Headers carry the JSON name in data-name and the meaning in title.
 * A value column, or a headed row, with no value in any cell is left out and named under the table.
 */
export function tableHtml(t: HtmlTable): string {
  const keys = t.keyColumns ?? 0;
  const headed = t.rows.some((r) => r.head !== undefined);
  const rows = t.rows.filter((r) => r.head === undefined || r.cells.some((v) => !empty(v)));
  const leftOut: Heading[] = t.rows.filter((r) => !rows.includes(r)).map((r) => r.head!);
  const kept: number[] = [];
  t.columns.forEach((c, j) => {
    if (j < keys || rows.length === 0 || rows.some((r) => !empty(r.cells[j]))) kept.push(j);
    else leftOut.push(c);
  });
  const columns = kept.map((j) => t.columns[j]);
  const cellsOf = (r: HtmlRow): TableCell[] => kept.map((j) => r.cells[j]);
  const view = rows.map((r) => ({ ...r, cells: cellsOf(r) }));
  const split = parts(columns, keys, view, headed);
  const tables = split.map((part, p) => {
    const cols = [...Array.from({ length: keys }, (_, j) => j), ...part];
    const corner = headed ? `<th>${escapeHtml(t.headTitle ?? '')}</th>` : '';
    const head = `<tr>${corner}${cols.map((j) => headingHtml(columns[j], 'col')).join('')}</tr>`;
    const body = view
      .map((r) => {
        const rowHead = headed ? headingHtml(r.head ?? { name: r.key, label: r.key }, 'row') : '';
        return `<tr>${rowHead}${cols.map((j) => cellHtml(r, columns[j], r.cells[j])).join('')}</tr>`;
      })
      .join('\n');
    const caption = split.length > 1 ? `<caption>part ${p + 1} of ${split.length}</caption>\n` : '';
    return `<div class="table-wrap"><table data-table="${escapeHtml(t.id)}" data-part="${p + 1}">\n${caption}<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table></div>`;
  });
  if (leftOut.length > 0) {
    const names = leftOut.map((h) => `<span data-name="${escapeHtml(h.name)}"${h.description !== undefined ? ` title="${escapeHtml(h.description)}"` : ''}>${escapeHtml(h.label)}</span>`).join(', ');
    tables.push(`<p class="left-out" data-table="${escapeHtml(t.id)}">Not shown, no value in any ${headed ? 'column' : 'row'}: ${names}.</p>`);
  }
  return tables.join('\n');
}
