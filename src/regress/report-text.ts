import type { LeafValue } from './flatten.js';
import type { Change, Comparison } from './compare-values.js';
import type { Tolerance } from './tolerance.js';
import { columnsOf, textTable, wrapText } from '../report/text-table.js';
import { BOUND_NOTE, strategyLabel } from '../report/table.js';
import { leafUnit, unitText } from './units.js';
import { ROLLOUT_TABLES } from '../report/rollout-tables.js';

/** Rows shown in the terminal; --json has them all. */
export const MAX_TEXT_ROWS = 60;

const STATUS: Record<Change['kind'], string> = { drifted: 'DRIFT', missing: 'MISSING', moved: 'ok', added: 'new' };
// Failures first, then the changes within tolerance, then the values only the new results have.
const ORDER: Record<Change['kind'], number> = { drifted: 0, missing: 1, moved: 2, added: 3 };

function cell(v: LeafValue | undefined): string {
  if (v === undefined) return '-';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function tolText(t: Tolerance | null): string {
  return t === null ? 'exact' : `abs ${t.abs} rel ${t.rel}`;
}

function deltaText(c: Change): string {
  if (c.delta === null) return '-';
  const pct = typeof c.old === 'number' && c.old !== 0 ? ` (${((100 * c.delta) / Math.abs(c.old)).toPrecision(3)}%)` : '';
  return `${Number(c.delta.toPrecision(6))}${pct}`;
}

/**
 * How far a change moved against what its tolerance allows (|delta| / max(abs, rel x |old|)); a
 * change without a numeric delta (text, a missing or new value) weighs as the largest.
 */
function weight(c: Change): number {
  if (c.delta === null || c.tolerance === null || typeof c.old !== 'number') return Number.POSITIVE_INFINITY;
  const allowed = Math.max(c.tolerance.abs, c.tolerance.rel * Math.abs(c.old));
  return allowed > 0 ? Math.abs(c.delta) / allowed : Math.abs(c.delta) > 0 ? Number.POSITIVE_INFINITY : 0;
}

/**
 * A value's place in results.json as the table names it: the table and the metric, or for the blocks
 * that restate the input (the hub, the economic convention, the sweep file, a sweep's pick) its whole
 * path without the rows' identities (hub.axis.steps, sweep.target.metric).
 */
function shownPath(c: Change): string {
  if (c.table === 'strategies' || c.table === 'rows' || ROLLOUT_TABLES.some((t) => t.key === c.table)) return `${c.table}.${c.metric}`;
  return c.key.replace(/\[[^\]]*\]/g, '');
}

/**
 * The terminal report: a table of what moved (failures first and, within each status, the largest
 * move against its tolerance first; each value's unit, "(input)" for an input restated; a
 * perfect-foresight strategy marked "(bound)") and one summary line.
 */
export function regressText(cmp: Comparison, baselineDir: string, bounds: ReadonlySet<string> = new Set(), inputsChanged = 0): string {
  // A stable sort: changes of equal weight keep the order of results.json.
  const sorted = [...cmp.changes].sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || (weight(a) === weight(b) ? 0 : weight(b) > weight(a) ? 1 : -1));
  const shown = sorted.slice(0, MAX_TEXT_ROWS);
  const lines: string[] = [];
  if (shown.length > 0) {
    const columns = columnsOf(['status', 'metric', 'unit', 'terrain or hub', 'strategy', 'old', 'new', 'delta', 'tolerance'], 9);
    const label = (strategy: string): string => strategyLabel(strategy, bounds.has(strategy) ? 'perfect' : 'causal');
    const rows = shown.map((c) => [STATUS[c.kind], shownPath(c), unitText(leafUnit(c.table, c.metric, c.key)), c.where, label(c.strategy), cell(c.old), cell(c.new), deltaText(c), tolText(c.tolerance)]);
    // One change per line, however wide, so that the listing can be searched line by line (grep DRIFT).
    lines.push(textTable(columns, rows, { maxWidth: Infinity }));
    lines.push(
      wrapText(
        'old, new, delta and the tolerance\'s abs in the unit ("-": text, or no unit); "(input)": an input restated (the scenario\'s, the hub file\'s, the sweep file\'s); the other figures are simulated, or text',
      ),
    );
    if (shown.some((c) => bounds.has(c.strategy))) lines.push(BOUND_NOTE);
    if (sorted.length > shown.length) lines.push(`... and ${sorted.length - shown.length} more (--json lists them all)`);
  }
  const count = (k: Change['kind']): number => cmp.changes.filter((c) => c.kind === k).length;
  // One verdict for the check: changed input files fail it as drifted values do (listed above it).
  const verdict = cmp.failed > 0 || inputsChanged > 0 ? 'FAIL' : 'ok';
  const why = inputsChanged > 0 ? `: ${inputsChanged} input file(s) differ from the baseline's (listed above); if intended, check the values and rerun with --allow-input-change, or record them with --update` : '';
  lines.push(
    wrapText(`regress ${baselineDir}: ${verdict}${why}`),
    wrapText(
      `  ${cmp.compared} values compared: ${count('drifted')} drifted beyond tolerance, ${count('missing')} missing, ` +
        `${count('moved')} moved within tolerance, ${count('added')} new (--update records them)`,
    ),
  );
  return `${lines.join('\n')}\n`;
}
