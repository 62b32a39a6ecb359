/*
 * A results.json (of `hubsim run`, a rollout or a sweep) as a flat list of leaves, each with a stable key,
 * so two of them can be compared value by value without knowing their columns. That keeps regress
 * generic: a metric or a rollout column added later is compared as soon as it is in results.json.
 *
 * Arrays of objects (the rollout tables, a sweep's rows) are keyed by each row's identity, not its
 * position, so a reordered or extended table still lines up: the identity is every text field of the
 * row (terrain, substation, strategy, ...) but its prose, plus the numeric fields that name a period
 * (year, weatherYear); where that leaves two rows alike, the number of a sweep's configuration too
 * (a sweep's rows of one terrain and strategy differ only in it; its cheapest picks, one per terrain,
 * keep the configuration chosen as a value, so a changed choice shows as a moved value).
 */

import { isRecord } from '../record.js';

export type LeafValue = number | string | boolean | null;

export interface Leaf {
  /** Unique key: the path with each row's identity, e.g. `terrainYears[terrain=a,year=2026,strategy=x].npvEur`. */
  readonly key: string;
  /** The top-level results.json key the value sits under (terrainYears, totals, strategies, hub, ...). */
  readonly table: string;
  /** The field name: a metric or a column; inside a table row, its path in the row (a sweep row's `stats.peakImportKw.p90`). */
  readonly metric: string;
  /** Identity fields of the enclosing rows, plus `strategy` for the entries of a `strategies` object. */
  readonly ids: Readonly<Record<string, string>>;
  readonly value: LeafValue;
}

/** Numeric fields that identify a row rather than measure something. */
const PERIOD_FIELDS = new Set(['year', 'weatherYear']);

/** Numeric fields that identify a row among rows the fields above leave alike. */
const NUMBERED_FIELDS = new Set([...PERIOD_FIELDS, 'configuration']);

/**
 * Text fields that state the row's figures in words (the agenda check's implied assumption and its
 * note quote simulated numbers): neither part of a row's identity, which would then change whenever
 * a figure moved within its tolerance, nor compared, since the numbers they quote are.
 */
const PROSE_FIELDS = new Set(['impliedAssumption', 'note']);

/**
 * Text fields that state a property of another identity field (a strategy's foresight follows from
 * the strategy): compared as values, not part of a row's identity, so a baseline recorded before a
 * rollout's tables had the field still lines up row by row (the field then counts as new).
 */
const ATTRIBUTE_FIELDS = new Set(['foresight']);

function identity(row: Record<string, unknown>, numbered: ReadonlySet<string>): [string, string][] {
  return Object.entries(row)
    .filter(([k, v]) => !PROSE_FIELDS.has(k) && !ATTRIBUTE_FIELDS.has(k) && (typeof v === 'string' || (numbered.has(k) && typeof v === 'number')))
    .map(([k, v]) => [k, String(v)]);
}

function segmentOf(pairs: readonly [string, string][]): string {
  return `[${pairs.map(([k, v]) => `${k}=${v}`).join(',')}]`;
}

interface Walk {
  readonly path: string;
  readonly table: string;
  readonly ids: Record<string, string>;
  readonly out: Leaf[];
  /** Inside a table row: the path of the value in the row, its metric. */
  readonly inRow?: string;
}

function visit(value: unknown, name: string, w: Walk): void {
  if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      // The entries of `strategies` (hubsim run) are named by their strategy.
      const ids = name === 'strategies' && isRecord(v) ? { ...w.ids, strategy: k } : w.ids;
      const inRow = w.inRow === undefined ? undefined : `${w.inRow}.${k}`;
      visit(v, inRow ?? k, { ...w, path: `${w.path}.${k}`, ids, inRow });
    }
    return;
  }
  if (Array.isArray(value) && value.length > 0 && value.every(isRecord)) {
    const rows = value as Record<string, unknown>[];
    const distinct = (numbered: ReadonlySet<string>): boolean => new Set(rows.map((r) => segmentOf(identity(r, numbered)))).size === rows.length;
    const numbered = distinct(PERIOD_FIELDS) ? PERIOD_FIELDS : NUMBERED_FIELDS;
    const segments = rows.map((r) => segmentOf(identity(r, numbered)));
    // Rows without a unique identity fall back to their position.
    const unique = new Set(segments).size === segments.length;
    rows.forEach((row, i) => {
      const pairs = identity(row, numbered);
      const rowIds = { ...w.ids, ...Object.fromEntries(pairs) };
      const seg = unique ? segments[i] : `[${i}]`;
      for (const [k, v] of Object.entries(row)) {
        if (PROSE_FIELDS.has(k) || pairs.some(([p]) => p === k)) continue;
        visit(v, k, { ...w, path: `${w.path}${seg}.${k}`, ids: rowIds, inRow: k });
      }
    });
    return;
  }
  // A number, text, boolean or null; an array of those (years, strategies) compares as one value.
  const leafValue: LeafValue = Array.isArray(value) ? JSON.stringify(value) : (value as LeafValue);
  w.out.push({ key: w.path, table: w.table, metric: name, ids: w.ids, value: leafValue });
}

/** Every leaf of a results.json document, in document order. */
export function flattenResults(doc: Record<string, unknown>): Leaf[] {
  const out: Leaf[] = [];
  // Provenance is not a result: its inputs are checked by hash (regress/inputs.ts); its version,
  // command and assumptions describe the run, and the results they lead to are compared here.
  for (const [k, v] of Object.entries(doc)) if (k !== 'provenance') visit(v, k, { path: k, table: k, ids: {}, out });
  return out;
}
