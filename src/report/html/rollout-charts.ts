import type { TopLevelSpec } from 'vega-lite';
import { z } from 'zod';
import { fail } from '../../errors.js';
import { ROLLOUT_SCHEMA_VERSION } from '../rollout-output.js';
import { CHART_CONFIG, interleavedDash } from './render-svg.js';
import { positiveZero } from '../format.js';

/*
 * The charts of a rollout report, from a rollout's results.json (schemaVersion 2): per-terrain bars,
 * substation peak load over the years against the capacity in service, and a waterfall of the
 * society's costs and savings per strategy.
 */

const Num = z.number().nullable();
const Row = z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()]));

export const AVOIDED_PARTS = [
  { field: 'avoidedReinforcementPvEur', label: 'reinforcement (present value)' },
  { field: 'avoidedCurtailmentEur', label: 'curtailment' },
  { field: 'avoidedImbalanceEur', label: 'imbalance' },
  { field: 'avoidedUnservedEur', label: 'unserved energy' },
  { field: 'lostShedEur', label: 'lost shed load (a cost)' },
] as const;

/**
 * The society's flows in yearTotals (docs/economics.md section 7), in the waterfall's order: hub costs
 * down, avoided costs, arbitrage and residual value up, lost shed load (a negative flow) down. CBC and GOPACS fees and the transport tariff
 * saving are transfers between the members and the grid operator and cancel in society, so they are
 * no step; the steps add up to netSocietyEur.
 */
export const SOCIETY_STEPS = [
  { field: 'capexEur', label: 'capex', sign: -1 },
  { field: 'opexEur', label: 'opex', sign: -1 },
  { field: 'avoidedReinforcementEur', label: 'avoided reinforcement', sign: 1 },
  { field: 'avoidedCurtailmentEur', label: 'avoided curtailment', sign: 1 },
  { field: 'avoidedImbalanceEur', label: 'avoided imbalance', sign: 1 },
  { field: 'avoidedUnservedEur', label: 'avoided unserved energy', sign: 1 },
  { field: 'lostShedEur', label: 'lost shed load', sign: 1 },
  { field: 'arbitrageRevenueEur', label: 'arbitrage', sign: 1 },
  { field: 'residualValueEur', label: 'residual value', sign: 1 },
] as const;
const NET_COLUMN = 'netSocietyEur';
export const NET_STEP = 'society net flow';

/** Columns added to schemaVersion 2 after its first files were written: absent there, drawn as 0. */
const LATER_COLUMNS: readonly string[] = ['lostShedEur'];
const numbers = (fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, LATER_COLUMNS.includes(f) ? Num.optional() : Num]));

export const RolloutResultsShape = z.looseObject({
  kind: z.literal('rollout'),
  name: z.string(),
  years: z.array(z.number()),
  weatherYears: z.array(z.number()),
  strategies: z.array(z.string()),
  hubYears: z.number(),
  strategyForesight: z.record(z.string(), z.enum(['causal', 'perfect'])),
  economicsConvention: z.looseObject({ baseYear: z.number(), discountRate: z.number(), currency: z.string(), timing: z.string() }),
  terrainEconomics: z.array(z.looseObject({ terrain: z.string(), substation: z.string(), strategy: z.string(), peakReductionKw: Num, ...numbers(AVOIDED_PARTS.map((p) => p.field)) })),
  terrainYears: z.array(z.looseObject({ terrain: z.string(), year: z.number(), strategy: z.string(), grantedCapKw: Num })),
  substationYears: z.array(z.looseObject({ substation: z.string(), year: z.number(), strategy: z.string(), peakLoadKw: Num, capacityInServiceKw: Num })),
  substationPurchases: z.array(Row),
  yearTotals: z.array(z.looseObject({ strategy: z.string(), year: z.number(), [NET_COLUMN]: Num, ...numbers(SOCIETY_STEPS.map((s) => s.field)) })),
  totals: z.array(z.looseObject({ strategy: z.string() }).catchall(z.unknown())),
  agendaCheck: z.array(Row),
  // Rollouts with a flex strategy: its hubs' revenue by product and the grid operator's calls (absent: none).
  flexYears: z.array(z.looseObject({ terrain: z.string(), year: z.number(), strategy: z.string() })).default([]),
});
export type RolloutResultsJson = z.infer<typeof RolloutResultsShape> & {
  totals: z.infer<typeof Row>[];
  terrainEconomics: (z.infer<typeof Row> & { terrain: string; substation: string; strategy: string; avoidedUnservedEur: number | null })[];
  yearTotals: (z.infer<typeof Row> & { strategy: string; year: number })[];
};

/**
 * Check a rollout's results.json (report.badResults naming the field): one of an older schemaVersion
 * is refused in one line rather than drawn from columns that changed meaning.
 */
export function parseRolloutResults(json: unknown, file: string): RolloutResultsJson {
  const version = typeof json === 'object' && json !== null ? (json as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (version !== ROLLOUT_SCHEMA_VERSION) {
    fail('report.badResults', { file, field: 'schemaVersion' }, `is ${JSON.stringify(version ?? null)}; this hubsim reports rollout results of schemaVersion ${ROLLOUT_SCHEMA_VERSION}: rerun the rollout with it`);
  }
  const parsed = RolloutResultsShape.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail('report.badResults', { file, field: issue.path.map(String).join('.') }, `not a valid rollout results.json: ${issue.message}`);
  }
  return parsed.data as RolloutResultsJson;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 900;

function terrainOrder(r: RolloutResultsJson): string[] {
  return [...new Set(r.terrainEconomics.map((t) => t.terrain))];
}

/** Peak reduction in the last horizon year per terrain, one bar per strategy. */
export function terrainPeakSpec(r: RolloutResultsJson): TopLevelSpec {
  return {
    $schema: SCHEMA,
    config: CHART_CONFIG,
    width: WIDTH,
    height: 260,
    data: { values: r.terrainEconomics.map((t) => ({ terrain: t.terrain, strategy: t.strategy, kw: t.peakReductionKw ?? 0 })) },
    mark: 'bar',
    encoding: {
      x: { field: 'terrain', type: 'nominal', sort: terrainOrder(r), title: null, axis: { labelAngle: -45 } },
      xOffset: { field: 'strategy', type: 'nominal', sort: r.strategies },
      y: { field: 'kw', type: 'quantitative', title: `peak reduction in ${r.years[r.years.length - 1]} (kW)` },
      color: { field: 'strategy', type: 'nominal', sort: r.strategies },
    },
  } as TopLevelSpec;
}

/** Avoided costs per terrain, stacked by kind, one row of bars per strategy; lost shed load, a cost, below zero. */
export function terrainAvoidedSpec(r: RolloutResultsJson): TopLevelSpec {
  const values = r.terrainEconomics.flatMap((t) => AVOIDED_PARTS.map((p) => ({ terrain: t.terrain, strategy: t.strategy, part: p.label, meur: ((t[p.field] as number | null) ?? 0) / 1e6 })));
  return {
    $schema: SCHEMA,
    config: CHART_CONFIG,
    data: { values },
    facet: { row: { field: 'strategy', type: 'nominal', sort: r.strategies, title: null } },
    spec: {
      width: WIDTH,
      height: 150,
      mark: 'bar',
      encoding: {
        x: { field: 'terrain', type: 'nominal', sort: terrainOrder(r), title: null, axis: { labelAngle: -45 } },
        y: { field: 'meur', type: 'quantitative', title: 'EUR M' },
        color: { field: 'part', type: 'nominal', title: 'avoided, or lost', sort: AVOIDED_PARTS.map((p) => p.label) },
      },
    },
  } as TopLevelSpec;
}

/** Vega's tableau10 colours, for strategies next to the grey of without-hubs. */
const PALETTE = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];
const SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'triangle-down', 'cross', 'triangle-left', 'triangle-right'];
export const WITHOUT_HUBS = 'without-hubs';
export const PEAK_LOAD = 'peak load';
export const CAPACITY_IN_SERVICE = 'capacity in service';
/** A point of the substation chart: `x` is the year on a continuous axis (a year spans x = year to year + 1). */
export interface SubstationPoint {
  readonly substation: string;
  readonly variant: string;
  readonly quantity: typeof PEAK_LOAD | typeof CAPACITY_IN_SERVICE;
  readonly year: number;
  readonly x: number;
  readonly mw: number | null;
}

/**
 * The points of the substation chart (MW): each year's peak load in the middle of the year, and the
 * capacity in service from the start of the year (when a reinforcement goes into service) to the start
 * of the next, so the last year's capacity is repeated at the end of the horizon to close its step.
 */
export function substationLoadPoints(r: RolloutResultsJson): SubstationPoint[] {
  const mw = (kw: number | null): number | null => (kw === null ? null : kw / 1000);
  const last = r.years[r.years.length - 1];
  return r.substationYears.flatMap((s): SubstationPoint[] => {
    const at = { substation: s.substation, variant: s.strategy, year: s.year };
    const capacity = { ...at, quantity: CAPACITY_IN_SERVICE, mw: mw(s.capacityInServiceKw) } as const;
    return [
      { ...at, quantity: PEAK_LOAD, x: s.year + 0.5, mw: mw(s.peakLoadKw) },
      { ...capacity, x: s.year },
      ...(s.year === last ? [{ ...capacity, x: s.year + 1 }] : []),
    ];
  });
}

/**
 * Per substation: its peak load each year (thin lines, a hollow marker per variant) against its
 * capacity in service (thick step lines: the capacity steps up at the start of the year a
 * reinforcement comes into service), without hubs and with each strategy, each variant on its own
 * grid. Colour and marker say the variant, line width the quantity; the dashes of the variants take
 * turns (interleavedDash). Each substation has its own MW scale.
 */
export function substationLoadSpec(r: RolloutResultsJson): TopLevelSpec {
  const variants = [WITHOUT_HUBS, ...r.strategies];
  const legend = { title: null, orient: 'bottom', direction: 'horizontal', columns: Math.min(variants.length, 4) };
  const color = { field: 'variant', type: 'nominal', scale: { domain: variants, range: ['#7f7f7f', ...r.strategies.map((_, i) => PALETTE[i % PALETTE.length])] }, legend };
  const width = { type: 'ordinal', scale: { domain: [PEAK_LOAD, CAPACITY_IN_SERVICE], range: [1.5, 3.5] }, legend: { ...legend, columns: 2, symbolType: 'stroke' } };
  const only = (variant: string, quantity: string) => [{ filter: { and: [{ field: 'variant', equal: variant }, { field: 'quantity', equal: quantity }] } }];
  // Each peak-load line also faint and solid under the dashes, so a line that runs alone reads as one.
  const faint = variants.map((variant) => ({ transform: only(variant, PEAK_LOAD), mark: { type: 'line', strokeWidth: 1, opacity: 0.35 }, encoding: { color } }));
  const dashed = variants.flatMap((variant, i) => {
    const dash = interleavedDash(i, variants.length);
    return [
      { transform: only(variant, CAPACITY_IN_SERVICE), mark: { type: 'line', interpolate: 'step-after', opacity: 0.6, ...dash }, encoding: { color, strokeWidth: { ...width, datum: CAPACITY_IN_SERVICE } } },
      { transform: only(variant, PEAK_LOAD), mark: { type: 'line', ...dash }, encoding: { color, strokeWidth: { ...width, datum: PEAK_LOAD } } },
      {
        transform: only(variant, PEAK_LOAD),
        mark: { type: 'point', filled: false, size: 40, strokeWidth: 1.2 },
        encoding: { color, shape: { field: 'variant', type: 'nominal', scale: { domain: variants, range: variants.map((_, k) => SHAPES[k % SHAPES.length]) }, legend } },
      },
    ];
  });
  const layer = [...faint, ...dashed];
  const first = r.years[0];
  const last = r.years[r.years.length - 1];
  return {
    $schema: SCHEMA,
    config: CHART_CONFIG,
    data: { values: substationLoadPoints(r) },
    facet: { field: 'substation', type: 'nominal', title: null },
    columns: 3,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 270,
      height: 180,
      encoding: {
        // A year is the interval [year, year + 1), labelled in its middle.
        x: { field: 'x', type: 'quantitative', title: 'year', scale: { domain: [first, last + 1], nice: false, zero: false }, axis: { values: r.years.map((y) => y + 0.5), labelExpr: 'floor(datum.value)', grid: false } },
        // Not from zero: a step of a reinforcement is small next to a substation's load.
        y: { field: 'mw', type: 'quantitative', title: 'MW', scale: { zero: false } },
      },
      layer,
    },
  } as TopLevelSpec;
}

export interface WaterfallStep {
  readonly strategy: string;
  readonly step: string;
  readonly order: number;
  /** The step's amount (EUR): negative for costs. */
  readonly eur: number;
  readonly start: number;
  readonly end: number;
  readonly total: boolean;
}

/** Label of the step that shows what the named steps leave of the net (absent when they explain it). */
export const OTHER_STEP = 'other (net - steps)';

/**
 * The society's undiscounted flows over the horizon per strategy as a waterfall: each SOCIETY_STEPS
 * column of yearTotals summed over the years (capex and opex down, avoided costs, arbitrage and
 * residual value up), ending at the sum of netSocietyEur. Should the steps not add up to the net (a
 * society flow added to yearTotals but not here), an explicit "other" step shows the difference rather
 * than a chart that does not close.
 */
export function waterfallSteps(r: RolloutResultsJson): WaterfallStep[] {
  const out: WaterfallStep[] = [];
  for (const strategy of r.strategies) {
    const years = r.yearTotals.filter((y) => y.strategy === strategy);
    const sum = (f: string): number => years.reduce((a, y) => a + (typeof y[f] === 'number' ? (y[f] as number) : 0), 0);
    const parts: [string, number][] = SOCIETY_STEPS.map((s) => [s.label, s.sign * sum(s.field)]);
    const net = sum(NET_COLUMN);
    const explained = parts.reduce((a, [, v]) => a + v, 0);
    // results.json rounds to 12 digits; a difference above a cent per million is not rounding.
    if (Math.abs(net - explained) > 1e-8 * Math.max(1, Math.abs(net))) parts.push([OTHER_STEP, net - explained]);
    let level = 0;
    parts.forEach(([step, eur], order) => {
      out.push({ strategy, step, order, eur, start: level, end: level + eur, total: false });
      level += eur;
    });
    out.push({ strategy, step: NET_STEP, order: parts.length, eur: net, start: 0, end: net, total: true });
  }
  return out;
}

export function waterfallSpec(r: RolloutResultsJson): TopLevelSpec {
  const values = waterfallSteps(r).map((s) => ({ ...s, startM: s.start / 1e6, endM: s.end / 1e6, label: positiveZero((s.eur / 1e6).toFixed(1)), kind: s.total ? 'net' : s.eur < 0 ? 'cost' : 'saving' }));
  const steps = values.filter((v) => v.strategy === values[0]?.strategy).map((v) => v.step);
  return {
    $schema: SCHEMA,
    config: CHART_CONFIG,
    data: { values },
    // Three strategies a row: five side by side would not fit a 1,400 px page.
    facet: { field: 'strategy', type: 'nominal', sort: r.strategies, title: null },
    columns: 3,
    spec: {
      width: 260,
      height: 260,
      encoding: { x: { field: 'step', type: 'nominal', sort: steps, title: null, axis: { labelAngle: -40 } } },
      layer: [
        {
          mark: 'bar',
          encoding: {
            y: { field: 'startM', type: 'quantitative', title: 'EUR M over the horizon (undiscounted)' },
            y2: { field: 'endM' },
            color: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['cost', 'saving', 'net'], range: ['#d62728', '#2ca02c', '#1f77b4'] } },
          },
        },
        { mark: { type: 'text', dy: -6, fontSize: 10 }, encoding: { y: { field: 'endM', type: 'quantitative' }, text: { field: 'label' } } },
      ],
    },
  } as TopLevelSpec;
}
