/** A table as hubsim prints it (src/report/text-table.ts): each column's header (its lines joined by a space) and cells. */
export interface PrintedTable {
  readonly headers: string[];
  readonly rows: string[][];
}

const RULE = /^-+( {2}-+)*$/;

/**
 * The tables in terminal text. The rule of dashes under a table's headers gives each column's span;
 * the lines above it that keep to the columns are the headers, and the lines under it that keep to
 * them, to a blank line, a note (prose across the columns) or the headers of a table cut into parts,
 * the rows.
 */
export function printedTables(text: string): PrintedTable[] {
  const lines = text.split('\n');
  const tables: PrintedTable[] = [];
  lines.forEach((line, k) => {
    if (!RULE.test(line)) return;
    const spans = [...line.matchAll(/-+/g)].map((m) => [m.index!, m.index! + m[0].length] as const);
    // A header line has spaces in every gap between the columns and nothing past the last; a title
    // or a block label above the headers runs across the gaps.
    const fitsColumns = (l: string): boolean => l.length <= spans[spans.length - 1][1] && spans.every(([, b], j) => j === spans.length - 1 || l.slice(b, spans[j + 1][0]).trim() === '');
    const above: string[] = [];
    for (let i = k - 1; i >= 0 && lines[i].trim() !== '' && fitsColumns(lines[i]); i--) above.unshift(lines[i]);
    const headers = spans.map(([a, b]) => above.map((l) => l.slice(a, b).trim()).filter((x) => x !== '').join(' '));
    const rows: string[][] = [];
    // A row keeps to the columns too; a note printed under the table (prose across the gaps) ends it.
    for (let i = k + 1; i < lines.length && lines[i].trim() !== '' && fitsColumns(lines[i]) && !RULE.test(lines[i + 1] ?? ''); i++) rows.push(spans.map(([a, b]) => lines[i].slice(a, b).trim()));
    tables.push({ headers, rows });
  });
  return tables;
}

/** Terminal prose with its line breaks (and the indent of continuation lines) undone. */
export const unwrapped = (text: string): string => text.replace(/\n +/g, ' ');
