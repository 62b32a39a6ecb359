/**
 * Text tables and prose for the terminal: the one aligner behind every table hubsim prints (run,
 * regret, rollout, compare, regress, sweep, forecast evaluate).
 *
 * - Text columns align left, figures right; a rule of dashes separates the header from the rows.
 * - A header may run over several lines ('\n'), so that a column is as wide as its figures, not its
 *   name ("peak\nimport kW").
 * - Columns may be grouped under a label written above them ("in 2035 ----------"): a block of
 *   figures that share a year, a horizon or a discounting.
 * - A table wider than the width budget is cut into parts, one under the other, each repeating the
 *   leading key columns, so that no line is longer than the budget while the key column fits.
 */

/** Width budget of terminal output, in characters. */
export const TERMINAL_WIDTH = 120;

export interface TextColumn {
  /** Header text; '\n' breaks it over lines (bottom-aligned). */
  readonly header: string;
  /** 'left' for text (names, ids), 'right' for figures (default). */
  readonly align?: 'left' | 'right';
  /** Label of the block this column belongs to; consecutive columns with the same label share it. */
  readonly group?: string;
}

export interface TextTableOptions {
  /** Leading columns repeated in every part when the table is cut (default 1). */
  readonly keys?: number;
  /** Width budget (default TERMINAL_WIDTH). */
  readonly maxWidth?: number;
}

const GAP = '  ';

/** A table with a header, a rule and rows (each as many cells as columns), as lines joined by '\n' (no trailing newline). */
export function textTable(columns: readonly TextColumn[], rows: readonly (readonly string[])[], options: TextTableOptions = {}): string {
  const keys = Math.min(options.keys ?? 1, columns.length);
  const maxWidth = options.maxWidth ?? TERMINAL_WIDTH;
  for (const row of rows) if (row.length !== columns.length) throw new Error(`a table row has ${row.length} cells for ${columns.length} columns`);
  const widths = columns.map((c, j) => Math.max(...c.header.split('\n').map((l) => l.length), ...rows.map((r) => r[j].length)));
  widenForGroups(columns, widths, [...columns.keys()]);
  return partsOf(columns, widths, keys, maxWidth)
    .map((part) => renderPart(columns, rows, widths, part))
    .join('\n\n');
}

/** Widen the last column of each group run within `part` so that its label fits over the run. */
function widenForGroups(columns: readonly TextColumn[], widths: number[], part: readonly number[]): void {
  for (const run of groupRuns(columns, part)) {
    const label = columns[run[0]].group;
    if (label === undefined) continue;
    const span = run.reduce((s, j) => s + widths[j], 0) + GAP.length * (run.length - 1);
    const need = Math.max(...label.split('\n').map((l) => l.length));
    if (need > span) widths[run[run.length - 1]] += need - span;
  }
}

/** The runs of consecutive columns (indices within `part`) sharing a group label; ungrouped columns are runs of one. */
function groupRuns(columns: readonly TextColumn[], part: readonly number[]): number[][] {
  const runs: number[][] = [];
  for (const j of part) {
    const last = runs[runs.length - 1];
    const g = columns[j].group;
    if (last !== undefined && g !== undefined && columns[last[last.length - 1]].group === g && last[last.length - 1] === j - 1) last.push(j);
    else runs.push([j]);
  }
  return runs;
}

/** Column indices of each part: the keys, then as many whole groups (or, failing that, columns) as fit. */
function partsOf(columns: readonly TextColumn[], widths: readonly number[], keys: number, maxWidth: number): number[][] {
  const keyIdx = [...Array(keys).keys()];
  const width = (idx: readonly number[]): number => idx.reduce((s, j) => s + widths[j], 0) + GAP.length * Math.max(0, idx.length - 1);
  const all = [...columns.keys()];
  if (width(all) <= maxWidth || columns.length <= keys) return [all];
  const parts: number[][] = [];
  let current = [...keyIdx];
  const flush = (): void => {
    if (current.length > keys) parts.push(current);
    current = [...keyIdx];
  };
  for (const run of groupRuns(columns, all.slice(keys))) {
    if (width([...current, ...run]) <= maxWidth) {
      current.push(...run);
      continue;
    }
    flush();
    if (width([...current, ...run]) <= maxWidth) {
      current.push(...run);
      continue;
    }
    // A group wider than the budget on its own: its columns one by one.
    for (const j of run) {
      if (width([...current, j]) > maxWidth && current.length > keys) flush();
      current.push(j);
    }
  }
  flush();
  return parts;
}

function renderPart(columns: readonly TextColumn[], rows: readonly (readonly string[])[], widths: readonly number[], part: readonly number[]): string {
  const pad = (text: string, j: number): string => (columns[j].align === 'left' ? text.padEnd(widths[j]) : text.padStart(widths[j]));
  const lines: string[] = [];
  if (part.some((j) => columns[j].group !== undefined)) {
    // Group labels over their runs, bottom-aligned; the last line of each is drawn out with dashes.
    const runs = groupRuns(columns, part).map((run) => ({
      span: run.reduce((s, j) => s + widths[j], 0) + GAP.length * (run.length - 1),
      label: (columns[run[0]].group ?? '').split('\n'),
    }));
    const rowsOfLabels = Math.max(...runs.map((g) => g.label.length));
    for (let i = 0; i < rowsOfLabels; i++) {
      const cells = runs.map(({ span, label }) => {
        const k = i - (rowsOfLabels - label.length);
        const text = label[k] ?? '';
        const last = k === label.length - 1 && text !== '';
        return last && text.length < span - 1 ? `${text} ${'-'.repeat(span - text.length - 1)}` : text.padEnd(span);
      });
      lines.push(cells.join(GAP).trimEnd());
    }
  }
  const headers = part.map((j) => columns[j].header.split('\n'));
  const height = Math.max(...headers.map((h) => h.length));
  for (let i = 0; i < height; i++) {
    lines.push(part.map((j, k) => pad(headers[k][i - (height - headers[k].length)] ?? '', j)).join(GAP).trimEnd());
  }
  lines.push(part.map((j) => '-'.repeat(widths[j])).join(GAP));
  for (const row of rows) lines.push(part.map((j) => pad(row[j], j)).join(GAP).trimEnd());
  return lines.join('\n');
}

/** Shorthand for columns: the first `left` are text, the rest figures. */
export function columnsOf(headers: readonly string[], left = 1): TextColumn[] {
  return headers.map((header, j) => ({ header, align: j < left ? 'left' : 'right' }));
}

/**
 * Prose for the terminal: `text` broken at spaces into lines of at most `width` characters, lines
 * after the first indented by `indent`. A single word longer than the width (a long path) stays whole.
 */
export function wrapText(text: string, width = TERMINAL_WIDTH, indent = '  '): string {
  return text
    .split('\n')
    .map((paragraph) => {
      // A paragraph's own leading spaces stay, and its continuation lines are indented further.
      const lead = /^ */.exec(paragraph)![0];
      const [first, ...rest] = paragraph.slice(lead.length).split(' ');
      const lines: string[] = [];
      let line = `${lead}${first}`;
      for (const word of rest) {
        if (line.length + 1 + word.length > width && line.trim() !== '') {
          lines.push(line);
          line = `${lead}${indent}${word}`;
        } else line = `${line} ${word}`;
      }
      lines.push(line);
      return lines.join('\n');
    })
    .join('\n');
}
