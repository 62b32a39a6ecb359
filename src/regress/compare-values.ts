import { roundNumber } from '../report/format.js';
import type { Leaf, LeafValue } from './flatten.js';
import { toleranceFor, withinTolerance, type Tolerance, type TolerancesFile } from './tolerance.js';

/*
 * Baseline leaves against fresh leaves. A number moves within its tolerance or drifts; text, a
 * boolean or null must stay equal. A value the baseline has and the new results lack is drift (an
 * answer disappeared); a value only the new results have is listed as added but does not fail the
 * check: a metric added to hubsim is not a changed answer, and `--update` records it.
 */

export type ChangeKind = 'drifted' | 'missing' | 'added' | 'moved';

/** One value that is not byte-equal to the baseline. */
export interface Change {
  readonly kind: ChangeKind;
  readonly key: string;
  readonly table: string;
  readonly metric: string;
  /** The terrain, substation or hub (with the year for per-year rows), '-' when none. */
  readonly where: string;
  readonly strategy: string;
  readonly old: LeafValue | undefined;
  readonly new: LeafValue | undefined;
  /** new - old for two numbers, else null. */
  readonly delta: number | null;
  /** The tolerance applied to a number, null for text, booleans and nulls (they must be equal). */
  readonly tolerance: Tolerance | null;
}

export interface Comparison {
  /** Values in the baseline. */
  readonly compared: number;
  /** Every value that is not exactly equal, in baseline order then added ones. */
  readonly changes: readonly Change[];
  /** Drifted or missing: the check fails. */
  readonly failed: number;
}

/** Where a value sits: its terrain, substation or hub (and member), with its year, or a sweep's configuration number. */
function whereOf(leaf: Leaf, hubName: string | undefined): string {
  // A hub's member is named by its id after the hub (twelve members' peaks are twelve rows).
  const member = leaf.table === 'hub' && leaf.ids.id !== undefined ? ` member ${leaf.ids.id}` : '';
  const place = leaf.ids.terrain ?? leaf.ids.substation ?? `${hubName ?? '-'}${member}`;
  if (leaf.ids.configuration !== undefined) return `${place} configuration ${leaf.ids.configuration}`;
  return leaf.ids.year === undefined ? place : `${place} ${leaf.ids.year}`;
}

function change(kind: ChangeKind, leaf: Leaf, oldV: LeafValue | undefined, newV: LeafValue | undefined, tol: Tolerance | null, hubName: string | undefined): Change {
  // Rounded to the 12 significant digits of results.json, as compare's deltas: no float noise in --json.
  const delta = typeof oldV === 'number' && typeof newV === 'number' ? roundNumber(newV - oldV) : null;
  return { kind, key: leaf.key, table: leaf.table, metric: leaf.metric, where: whereOf(leaf, hubName), strategy: leaf.ids.strategy ?? '-', old: oldV, new: newV, delta, tolerance: tol };
}

/** Compare the leaves of a baseline with those of a new run. `hubName` names the hub of a `run` baseline. */
export function compareLeaves(baseline: readonly Leaf[], fresh: readonly Leaf[], tolerances: TolerancesFile | undefined, hubName?: string): Comparison {
  const byKey = new Map(fresh.map((l) => [l.key, l]));
  const changes: Change[] = [];
  for (const old of baseline) {
    const now = byKey.get(old.key);
    byKey.delete(old.key);
    const tol = typeof old.value === 'number' ? toleranceFor(tolerances, { table: old.table, metric: old.metric, strategy: old.ids.strategy }) : null;
    if (now === undefined) {
      changes.push(change('missing', old, old.value, undefined, tol, hubName));
      continue;
    }
    if (Object.is(now.value, old.value) || now.value === old.value) continue;
    const bothNumbers = typeof old.value === 'number' && typeof now.value === 'number';
    const ok = bothNumbers && tol !== null && withinTolerance(old.value as number, now.value as number, tol);
    changes.push(change(ok ? 'moved' : 'drifted', old, old.value, now.value, tol, hubName));
  }
  for (const added of byKey.values()) changes.push(change('added', added, undefined, added.value, null, hubName));
  return { compared: baseline.length, changes, failed: changes.filter((c) => c.kind === 'drifted' || c.kind === 'missing').length };
}
