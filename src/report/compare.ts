import { z } from 'zod';
import { fail } from '../errors.js';
import { METRICS } from '../results/metrics.js';
import { roundNumber, shownText } from './format.js';
import { columnsOf, textTable, wrapText } from './text-table.js';
import { BOUND_NOTE, boundsOf, strategyLabel } from './table.js';
import { rowsShown } from './rows-shown.js';
import { SCHEMA_VERSION } from './json.js';
import { ROLLOUT_SCHEMA_VERSION } from './rollout-output.js';
import { TERRAIN_ECONOMICS, TOTALS, type Column, type Table } from './rollout-tables.js';
import { columnType } from './results-schema.js';

/*
 * `hubsim compare A B`, the pure part: two parsed results.json (of two rollouts, or of two `hubsim
 * run`s) -> a comparison object (what --json prints) -> the terminal text. Reading folders and
 * running scenarios is the CLI's business (src/cli/compare.ts).
 */

export const COMPARE_SCHEMA_VERSION = 2;

type Cell = number | string | boolean | null;
type Row = Record<string, Cell>;

/** A rollout's results.json, as much of it as the comparison reads. */
export interface ParsedRollout {
  readonly kind: 'rollout';
  readonly name: string;
  readonly totals: readonly Row[];
  readonly terrainEconomics: readonly Row[];
  /** Terrain ids, in the file's order. */
  readonly terrains: readonly string[];
  /** The strategies that are perfect-foresight bounds (strategyForesight "perfect"). */
  readonly bounds: readonly string[];
  readonly failures: number;
  /** Its economicsConvention (base year, discount rate, value of lost load, ...); null in a file without one. */
  readonly convention: Readonly<Record<string, unknown>> | null;
}

/** A `hubsim run` results.json, as much of it as the comparison reads. */
export interface ParsedRun {
  readonly kind: 'run';
  readonly name: string;
  /** Strategy name -> metric name -> value, in the file's order. */
  readonly strategies: ReadonlyMap<string, Readonly<Record<string, number | null>>>;
  /** The strategies that are perfect-foresight bounds (foresight "perfect"). */
  readonly bounds: readonly string[];
  readonly failures: number;
}

export type ParsedResults = ParsedRollout | ParsedRun;

// Lenient on purpose: a results folder written by an older hubsim of the same schemaVersion may lack a
// column added since; its values compare as null. Unknown keys are ignored.
const CellValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);
const RunShape = z.looseObject({
  hub: z.looseObject({ name: z.string() }),
  strategies: z.record(z.string(), z.looseObject({ metrics: z.record(z.string(), z.number().nullable()) })),
});

function shapeError(file: string, error: z.ZodError, what: string): never {
  const issue = error.issues[0];
  const field = issue.path.map(String).join('.');
  fail('compare.badResults', { file, field }, `not a valid ${what} results.json: ${issue.message}`);
}

/**
 * Recognise and check a results.json: a rollout's (`kind: "rollout"`) or `hubsim run`'s (`hub` and
 * `strategies.<name>.metrics`). `file` names it in errors (compare.unknownKind,
 * compare.oldSchemaVersion, compare.unknownSchemaVersion, compare.badResults). A rollout of an older
 * schemaVersion is refused rather than compared: its columns changed meaning (schemaVersion 1 had an
 * undiscounted avoided reinforcement and a single NPV), so a difference would compare unlike figures.
 */
export function parseResults(json: unknown, file: string): ParsedResults {
  const obj = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  const isRollout = obj?.kind === 'rollout';
  const isRun = obj !== undefined && obj.kind === undefined && typeof obj.hub === 'object' && typeof obj.strategies === 'object' && !Array.isArray(obj.strategies);
  if (obj === undefined || (!isRollout && !isRun)) {
    fail('compare.unknownKind', { file }, 'is neither the results.json of a rollout (kind: "rollout") nor that of hubsim run (hub and strategies.<name>.metrics)');
  }
  const expected = isRollout ? ROLLOUT_SCHEMA_VERSION : SCHEMA_VERSION;
  const version = obj.schemaVersion;
  if (isRollout && typeof version === 'number' && Number.isInteger(version) && version >= 1 && version < expected) {
    fail('compare.oldSchemaVersion', { file, field: 'schemaVersion' }, `is ${version}, from an older hubsim whose economics columns mean other things (docs/economics.md); this hubsim compares rollouts of schemaVersion ${expected}: rerun that rollout with it, or give its scenario file`);
  }
  if (version !== expected) {
    fail('compare.unknownSchemaVersion', { file, field: 'schemaVersion' }, `is ${JSON.stringify(version ?? null)}; this hubsim reads ${isRollout ? 'rollout' : 'run'} results of schemaVersion ${expected}`);
  }
  if (isRollout) {
    const parsed = RolloutShape.safeParse(obj);
    if (!parsed.success) shapeError(file, parsed.error, 'rollout');
    const d = parsed.data;
    const terrains = unique([...(d.terrainYears ?? []).map((r) => r.terrain), ...d.terrainEconomics.map((r) => r.terrain)]);
    return { kind: 'rollout', name: d.name, totals: d.totals, terrainEconomics: d.terrainEconomics, terrains, bounds: [...boundsOf(obj)], failures: d.failures?.length ?? 0, convention: d.economicsConvention ?? null };
  }
  const parsed = RunShape.safeParse(obj);
  if (!parsed.success) shapeError(file, parsed.error, 'hubsim run');
  const strategies = new Map(Object.entries(parsed.data.strategies).map(([name, s]) => [name, s.metrics]));
  return { kind: 'run', name: parsed.data.hub.name, strategies, bounds: [...boundsOf(obj)], failures: 0 };
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

/** One input of the comparison. */
export interface Side {
  /** Name of the rollout scenario or the hub. */
  readonly name: string;
  /** The folder or scenario file it came from. */
  readonly source: string;
  /** Number of failed jobs in it (their figures are missing from the tables). */
  readonly failures: number;
  /** Its strategies that are perfect-foresight bounds. */
  readonly bounds: readonly string[];
}

/** A value in A and in B and the difference B - A (null when either is null). */
export interface Diff {
  readonly a: number | null;
  readonly b: number | null;
  readonly delta: number | null;
}

export interface TotalsDiff extends Diff {
  readonly strategy: string;
  readonly column: string;
  readonly unit: string;
  /** input (a scenario input restated, such as capex) or simulated. */
  readonly basis: string;
}

export interface TerrainDiff extends Diff {
  readonly terrain: string;
  readonly strategy: string;
  readonly column: string;
  readonly unit: string;
  /** input or simulated, as terrain-economics.csv's column. */
  readonly basis: string;
}

export interface MetricDiff extends Diff {
  readonly strategy: string;
  readonly metric: string;
  readonly unit: string;
  /** input (the hub file restated, such as its import cap) or simulated. */
  readonly basis: string;
}

/** Two rollouts: every numeric totals column per strategy in both; the TERRAIN_COMPARED figures per terrain x strategy in both. */
export interface RolloutComparison {
  readonly schemaVersion: typeof COMPARE_SCHEMA_VERSION;
  readonly kind: 'rollout';
  readonly a: Side;
  readonly b: Side;
  readonly totals: TotalsDiff[];
  readonly terrains: TerrainDiff[];
  readonly onlyInA: { strategies: string[]; terrains: string[] };
  readonly onlyInB: { strategies: string[]; terrains: string[] };
  /** The strategies that are perfect-foresight bounds in A or B: labelled "(bound)" wherever printed. */
  readonly bounds: string[];
  /**
   * The settings of the money convention in which A and B differ (economicsConvention: base year,
   * discount rate, value of lost load, planning rules, ...), each with its value in A and in B: their
   * present values and NPVs are then in different money, and B - A mixes them.
   */
  readonly conventionDiffers: ConventionDiff[];
}

/** A setting of economicsConvention that differs between A and B (its source texts apart). */
export interface ConventionDiff {
  readonly field: string;
  readonly a: unknown;
  readonly b: unknown;
}

/**
 * The convention's settings that differ: every field but the sources (where a figure comes from) and
 * the currency line (it restates the base year).
 */
function conventionDiffers(a: ParsedRollout['convention'], b: ParsedRollout['convention']): ConventionDiff[] {
  if (a === null || b === null) return [];
  const fields = unique([...Object.keys(a), ...Object.keys(b)]).filter((f) => !f.endsWith('Source') && f !== 'currency');
  return fields.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f])).map((field) => ({ field, a: a[field] ?? null, b: b[field] ?? null }));
}

/** The line that says the money conventions differ: numbers with their values, texts by name. */
function conventionLine(diffs: readonly ConventionDiff[]): string {
  const each = diffs.map((d) => (typeof d.a === 'number' || typeof d.b === 'number' ? `${d.field} ${String(d.a)} in A, ${String(d.b)} in B` : `${d.field} differs`));
  return wrapText(`money conventions differ (economicsConvention): ${each.join('; ')}; their present values and NPVs are in different money, so B - A mixes them: rerun one side with the other's settings to compare them`);
}

/** Two `hubsim run`s: every metric per strategy in both. */
export interface RunComparison {
  readonly schemaVersion: typeof COMPARE_SCHEMA_VERSION;
  readonly kind: 'run';
  readonly a: Side;
  readonly b: Side;
  readonly metrics: MetricDiff[];
  readonly onlyInA: { strategies: string[] };
  readonly onlyInB: { strategies: string[] };
  /** The strategies that are perfect-foresight bounds in A or B: labelled "(bound)" wherever printed. */
  readonly bounds: string[];
}

export type Comparison = RolloutComparison | RunComparison;

/**
 * The numeric columns of totals.csv, compared per strategy: among them the NPVs of society, the grid
 * operator and the members, avoided reinforcement (present value), avoided unserved energy, capacity
 * freed, the substations' and the hubs' peak reductions.
 */
export const TOTALS_COMPARED = TOTALS.columns.filter((c) => columnType(c) === 'number');

/** The named columns of a table, in the order given; a name the table lacks is a bug. */
function columnsNamed<T>(table: Table<T>, names: readonly string[]): Column<T>[] {
  return names.map((name) => {
    const col = table.columns.find((c) => c.name === name);
    if (col === undefined) throw new Error(`${table.file} has no column ${name}`);
    return col;
  });
}

/**
 * The terrain-economics.csv columns compared per terrain x strategy: the NPV of each perspective, the
 * attributed avoided reinforcement (present value), avoided unserved energy, lost shed load, capacity
 * freed (empty for a hub short of capacity), the terrain's part in lowering its substation's peak, its
 * own peak reduction.
 */
export const TERRAIN_COMPARED = columnsNamed(TERRAIN_ECONOMICS, [
  'npvSocietyEur',
  'npvGridOperatorEur',
  'npvMembersEur',
  'avoidedReinforcementPvEur',
  'avoidedUnservedEur',
  'lostShedEur',
  'capacityFreedMw',
  'substationPeakLoweredKw',
  'peakReductionKw',
]);

/**
 * A rollout results.json as compare reads it: a compared column may be missing (an older file of the
 * same schemaVersion) or null, but where it is given it is a number, as in the CSV; any other column
 * is read as it is.
 */
const compared = (columns: readonly { readonly name: string }[]): Record<string, z.ZodType> => Object.fromEntries(columns.map((c) => [c.name, z.number().nullable().optional()]));
const RolloutShape = z.looseObject({
  name: z.string(),
  totals: z.array(z.object({ strategy: z.string(), ...compared(TOTALS_COMPARED) }).catchall(CellValue)),
  terrainEconomics: z.array(z.object({ terrain: z.string(), strategy: z.string(), ...compared(TERRAIN_COMPARED) }).catchall(CellValue)),
  terrainYears: z.array(z.looseObject({ terrain: z.string() })).optional(),
  failures: z.array(z.unknown()).optional(),
  economicsConvention: z.record(z.string(), z.unknown()).optional(),
});

const num = (v: Cell | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function diff(a: number | null, b: number | null): Diff {
  return { a, b, delta: a === null || b === null ? null : roundNumber(b - a) };
}

const only = (xs: readonly string[], ys: readonly string[]): string[] => xs.filter((x) => !ys.includes(x));

/**
 * Compare two parsed results of the same kind (a rollout with a rollout, a run with a run;
 * compare.kindMismatch otherwise). Strategies and terrains are matched by name, in A's order.
 */
export function compareResults(a: ParsedResults, b: ParsedResults, sourceA: string, sourceB: string): Comparison {
  const sideA: Side = { name: a.name, source: sourceA, failures: a.failures, bounds: a.bounds };
  const sideB: Side = { name: b.name, source: sourceB, failures: b.failures, bounds: b.bounds };
  if (a.kind === 'rollout' && b.kind === 'rollout') return compareRollouts(a, b, sideA, sideB);
  if (a.kind === 'run' && b.kind === 'run') return compareRuns(a, b, sideA, sideB);
  checkSameKind(a.kind, b.kind, sourceA, sourceB);
  throw new Error('unreachable: the kinds differ, so checkSameKind threw');
}

/** compare.kindMismatch unless both inputs are rollouts or both are `hubsim run` results. */
export function checkSameKind(kindA: ParsedResults['kind'], kindB: ParsedResults['kind'], sourceA: string, sourceB: string): void {
  if (kindA === kindB) return;
  const what = (kind: ParsedResults['kind']): string => (kind === 'rollout' ? 'a rollout' : 'a hubsim run result');
  fail('compare.kindMismatch', {}, `A (${sourceA}) is ${what(kindA)} and B (${sourceB}) is ${what(kindB)}; compare two rollouts or two hubsim run results`);
}

function compareRollouts(a: ParsedRollout, b: ParsedRollout, sideA: Side, sideB: Side): RolloutComparison {
  const strategiesA = unique(a.totals.map((r) => r.strategy as string));
  const strategiesB = unique(b.totals.map((r) => r.strategy as string));
  const strategies = strategiesA.filter((s) => strategiesB.includes(s));
  const totals: TotalsDiff[] = [];
  for (const strategy of strategies) {
    const ra = a.totals.find((r) => r.strategy === strategy)!;
    const rb = b.totals.find((r) => r.strategy === strategy)!;
    for (const col of TOTALS_COMPARED) totals.push({ strategy, column: col.name, unit: col.unit, basis: col.basis, ...diff(num(ra[col.name]), num(rb[col.name])) });
  }
  const terrains: TerrainDiff[] = [];
  const inB = new Set(b.terrains);
  const common = a.terrains.filter((t) => inB.has(t));
  // Each side's rows by terrain and strategy, the first of each as Array.find gives it (a national rollout has 10^4).
  const index = (rows: readonly Row[]): Map<string, Row> => {
    const m = new Map<string, Row>();
    for (const r of rows) {
      const key = `${r.terrain}\u0000${r.strategy}`;
      if (!m.has(key)) m.set(key, r);
    }
    return m;
  };
  const econA = index(a.terrainEconomics);
  const econB = index(b.terrainEconomics);
  for (const terrain of common) {
    for (const strategy of strategies) {
      const ra = econA.get(`${terrain}\u0000${strategy}`);
      const rb = econB.get(`${terrain}\u0000${strategy}`);
      if (ra === undefined || rb === undefined) continue;
      for (const col of TERRAIN_COMPARED) terrains.push({ terrain, strategy, column: col.name, unit: col.unit, basis: col.basis, ...diff(num(ra[col.name]), num(rb[col.name])) });
    }
  }
  return {
    schemaVersion: COMPARE_SCHEMA_VERSION,
    kind: 'rollout',
    a: sideA,
    b: sideB,
    totals,
    terrains,
    onlyInA: { strategies: only(strategiesA, strategiesB), terrains: only(a.terrains, b.terrains) },
    onlyInB: { strategies: only(strategiesB, strategiesA), terrains: only(b.terrains, a.terrains) },
    bounds: unique([...a.bounds, ...b.bounds]),
    conventionDiffers: conventionDiffers(a.convention, b.convention),
  };
}

function compareRuns(a: ParsedRun, b: ParsedRun, sideA: Side, sideB: Side): RunComparison {
  const strategiesA = [...a.strategies.keys()];
  const strategiesB = [...b.strategies.keys()];
  const metrics: MetricDiff[] = [];
  for (const strategy of strategiesA.filter((s) => strategiesB.includes(s))) {
    const ma = a.strategies.get(strategy)!;
    const mb = b.strategies.get(strategy)!;
    for (const m of METRICS) metrics.push({ strategy, metric: m.name, unit: m.unit, basis: m.basis, ...diff(num(ma[m.name]), num(mb[m.name])) });
  }
  return {
    schemaVersion: COMPARE_SCHEMA_VERSION,
    kind: 'run',
    a: sideA,
    b: sideB,
    metrics,
    onlyInA: { strategies: only(strategiesA, strategiesB) },
    onlyInB: { strategies: only(strategiesB, strategiesA) },
    bounds: unique([...a.bounds, ...b.bounds]),
  };
}

function sideLine(label: string, s: Side): string {
  return wrapText(`${label}: ${s.name} (${s.source})${s.failures > 0 ? `, ${s.failures} failed job(s) left out` : ''}`);
}

/**
 * A strategy as the comparison prints it: "(bound)" when it is a perfect-foresight bound wherever it
 * is (in both, or in the one side that has it); "(bound in A)" or "(bound in B)" when it is one on
 * that side only (the same name with another foresight, such as a peak shaver's hindsight threshold
 * in B against an online one in A), so a causal figure is never marked a bound.
 */
function named(c: Comparison, strategy: string): string {
  if (!c.bounds.includes(strategy)) return strategy;
  return boundOnOneSide(c, strategy) ? `${strategy} (bound in ${c.a.bounds.includes(strategy) ? 'A' : 'B'})` : strategyLabel(strategy, 'perfect');
}

/** Whether a strategy in both A and B is a perfect-foresight bound in one of them only. */
function boundOnOneSide(c: Comparison, strategy: string): boolean {
  const inBoth = !c.onlyInA.strategies.includes(strategy) && !c.onlyInB.strategies.includes(strategy);
  return inBoth && c.a.bounds.includes(strategy) !== c.b.bounds.includes(strategy);
}

/** The line under the bound note when a strategy is a bound on one side only. */
const ONE_SIDE_NOTE = '(bound in A), (bound in B): the same strategy name is a perfect-foresight bound on that side only, causal on the other';

function onlyLines(c: Comparison): string[] {
  const lists: [string, string[]][] = [
    ['strategies only in A', c.onlyInA.strategies.map((x) => named(c, x))],
    ['strategies only in B', c.onlyInB.strategies.map((x) => named(c, x))],
  ];
  if (c.kind === 'rollout') lists.push(['terrains only in A', c.onlyInA.terrains], ['terrains only in B', c.onlyInB.terrains]);
  const lines = lists.filter(([, xs]) => xs.length > 0).map(([label, xs]) => wrapText(`${label}: ${xs.join(', ')}`));
  return lines.length > 0 ? lines : [c.kind === 'rollout' ? 'A and B have the same strategies and terrains' : 'A and B have the same strategies'];
}

/** The terminal text of a comparison. */
export function comparisonText(c: Comparison): string {
  const label = (strategy: string): string => named(c, strategy);
  const out = [sideLine('A', c.a), sideLine('B', c.b)];
  if (c.kind === 'rollout' && c.conventionDiffers.length > 0) out.push(conventionLine(c.conventionDiffers));
  if (c.kind === 'rollout') {
    out.push('', 'totals per strategy (totals.csv)');
    const rows = c.totals.map((d) => [label(d.strategy), d.column, d.unit, d.basis, shownText(d.a, d.unit), shownText(d.b, d.unit), shownText(d.delta, d.unit)]);
    out.push(rows.length > 0 ? textTable(columnsOf(['strategy', 'column', 'unit', 'basis', 'A', 'B', 'B - A'], 4), rows, { keys: 2 }) : '(no strategy in both)');
    out.push('', 'per terrain and strategy, B - A (terrain-economics.csv; figures simulated except those marked "(input)")');
    // The column's name in terrain-economics.csv over its unit; a table wider than the terminal is
    // cut into parts that repeat terrain and strategy.
    const header = ['terrain', 'strategy', ...TERRAIN_COMPARED.map((col) => `${col.name}\n${col.unit}${col.basis === 'input' ? ' (input)' : ''}`)];
    // Each difference by terrain, strategy and column, found once (a national rollout has 10^5).
    const byKey = new Map(c.terrains.map((d) => [`${d.terrain}\u0000${d.strategy}\u0000${d.column}`, d]));
    // Up to 40 terrains every one; beyond, the 20 whose society NPV differs most between A and B (rows-shown.ts).
    const npvChange = new Map<string, number>();
    for (const d of c.terrains) if (d.column === 'npvSocietyEur') npvChange.set(d.terrain, Math.max(npvChange.get(d.terrain) ?? 0, Math.abs(d.delta ?? 0)));
    const terrains = unique(c.terrains.map((d) => d.terrain));
    const shown = new Set(rowsShown(terrains, (t) => [npvChange.get(t) ?? 0]));
    const trows: string[][] = [];
    for (const key of unique(c.terrains.filter((d) => shown.has(d.terrain)).map((d) => `${d.terrain}\u0000${d.strategy}`))) {
      const [terrain, strategy] = key.split('\u0000');
      const cells = TERRAIN_COMPARED.map((col) => shownText(byKey.get(`${key}\u0000${col.name}`)?.delta ?? null, col.unit));
      trows.push([terrain, label(strategy), ...cells]);
    }
    out.push(trows.length > 0 ? textTable(columnsOf(header, 2), trows, { keys: 2 }) : '(no terrain and strategy in both)');
    if (shown.size < terrains.length) out.push(wrapText(`${shown.size} of ${terrains.length.toLocaleString('en-US')} terrains shown, those whose society NPV differs most between A and B; --json lists every one`));
  } else {
    out.push('', 'metrics per strategy (metrics.csv)');
    const rows = c.metrics.map((d) => [label(d.strategy), d.metric, d.unit, d.basis, shownText(d.a, d.unit), shownText(d.b, d.unit), shownText(d.delta, d.unit)]);
    out.push(rows.length > 0 ? textTable(columnsOf(['strategy', 'metric', 'unit', 'basis', 'A', 'B', 'B - A'], 4), rows, { keys: 2 }) : '(no strategy in both)');
  }
  out.push('', ...onlyLines(c));
  if (c.bounds.length > 0) out.push(BOUND_NOTE);
  if (c.bounds.some((x) => boundOnOneSide(c, x))) out.push(wrapText(ONE_SIDE_NOTE));
  return `${out.join('\n')}\n`;
}
