import type { TopLevelSpec } from 'vega-lite';
import { z } from 'zod';
import { fail } from '../../errors.js';
import { CHART_CONFIG } from './render-svg.js';

/*
 * The charts of a rollout report, from a rollout's results.json: per-terrain bars, substation load
 * over the years against capacity, and a waterfall of costs and savings per strategy.
 */

const Num = z.number().nullable();
const Row = z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()]));
export const RolloutResultsShape = z.looseObject({
  kind: z.literal('rollout'),
  name: z.string(),
  years: z.array(z.number()),
  weatherYears: z.array(z.number()),
  strategies: z.array(z.string()),
  hubYears: z.number(),
  terrainEconomics: z.array(z.looseObject({ terrain: z.string(), strategy: z.string(), peakReductionKw: Num, avoidedReinforcementEur: Num, avoidedCurtailmentEur: Num, avoidedImbalanceEur: Num })),
  substationYears: z.array(z.looseObject({ substation: z.string(), year: z.number(), strategy: z.string(), peakLoadKw: Num, safeCapacityKw: Num, capacityKw: Num })),
  yearTotals: z.array(z.looseObject({ strategy: z.string(), year: z.number(), netCashFlowEur: Num })),
  totals: z.array(z.looseObject({ strategy: z.string(), capexEur: Num, opexEur: Num, avoidedReinforcementEur: Num }).catchall(z.unknown())),
});
export type RolloutResultsJson = z.infer<typeof RolloutResultsShape> & { totals: z.infer<typeof Row>[] };

export function parseRolloutResults(json: unknown, file: string): RolloutResultsJson {
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

export const AVOIDED_PARTS = [
  { field: 'avoidedReinforcementEur', label: 'reinforcement' },
  { field: 'avoidedCurtailmentEur', label: 'curtailment' },
  { field: 'avoidedImbalanceEur', label: 'imbalance' },
] as const;

/** Avoided costs over the horizon per terrain, stacked by kind, one row of bars per strategy. */
export function terrainAvoidedSpec(r: RolloutResultsJson): TopLevelSpec {
  const values = r.terrainEconomics.flatMap((t) => AVOIDED_PARTS.map((p) => ({ terrain: t.terrain, strategy: t.strategy, part: p.label, meur: (t[p.field] ?? 0) / 1e6 })));
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
        y: { field: 'meur', type: 'quantitative', title: 'avoided cost (EUR M)' },
        color: { field: 'part', type: 'nominal', title: 'avoided', sort: AVOIDED_PARTS.map((p) => p.label) },
      },
    },
  } as TopLevelSpec;
}

/** Vega's tableau10 colours, for strategies next to fixed colours. */
const PALETTE = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];

export const SAFE_CAPACITY = 'safe capacity as built';
export const CAPACITY_WITHOUT_HUBS = 'capacity after reinforcement, without hubs';

/** Per substation: the peak load each year without hubs and with each strategy, against its capacity. */
export function substationLoadSpec(r: RolloutResultsJson): TopLevelSpec {
  const values: object[] = [];
  for (const s of r.substationYears) {
    values.push({ substation: s.substation, year: s.year, series: s.strategy, mw: (s.peakLoadKw ?? 0) / 1000, capacity: false });
    if (s.strategy === 'without-hubs') {
      values.push({ substation: s.substation, year: s.year, series: SAFE_CAPACITY, mw: (s.safeCapacityKw ?? 0) / 1000, capacity: true });
      values.push({ substation: s.substation, year: s.year, series: CAPACITY_WITHOUT_HUBS, mw: (s.capacityKw ?? 0) / 1000, capacity: true });
    }
  }
  return {
    $schema: SCHEMA,
    config: CHART_CONFIG,
    data: { values },
    facet: { field: 'substation', type: 'nominal', title: null },
    columns: 3,
    spec: {
      width: 270,
      height: 180,
      mark: { type: 'line', point: true, strokeWidth: 1.5 },
      encoding: {
        x: { field: 'year', type: 'ordinal', title: 'year' },
        y: { field: 'mw', type: 'quantitative', title: 'MW' },
        // Strategies in the usual palette; without hubs grey; the two capacities black and light grey.
        color: {
          field: 'series',
          type: 'nominal',
          title: null,
          scale: { domain: ['without-hubs', ...r.strategies, SAFE_CAPACITY, CAPACITY_WITHOUT_HUBS], range: ['#7f7f7f', ...r.strategies.map((_, i) => PALETTE[i % PALETTE.length]), '#000000', '#b0b0b0'] },
        },
        strokeDash: { field: 'capacity', type: 'nominal', legend: null },
      },
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

/** yearTotals columns that are costs (drawn down); every other EUR column is a saving or revenue. */
const COST_COLUMNS = new Set(['capexEur', 'opexEur']);
const NET_COLUMN = 'netCashFlowEur';
/** Label of the step that shows what the named columns leave of the net (absent when they explain it). */
export const OTHER_STEP = 'other (net - steps)';

function stepLabel(column: string): string {
  return column.replace(/Eur$/, '').replace(/([A-Z])/g, ' $1').toLowerCase();
}

/**
 * The horizon's undiscounted cash flow per strategy as a waterfall: the sum over the years of every
 * EUR column of yearTotals (capex and opex down, avoided costs and any revenue up, so a column added
 * later shows up by itself), ending at the sum of netCashFlowEur. Should the steps not add up to the
 * net (a new cost column, say), an explicit "other" step shows the difference rather than a chart
 * that does not close.
 */
export function waterfallSteps(r: RolloutResultsJson): WaterfallStep[] {
  const out: WaterfallStep[] = [];
  const columns = Object.keys(r.yearTotals[0] ?? {}).filter((k) => k.endsWith('Eur') && k !== NET_COLUMN);
  for (const strategy of r.strategies) {
    const years = r.yearTotals.filter((y) => y.strategy === strategy) as Record<string, unknown>[];
    const sum = (f: string): number => years.reduce((a, y) => a + (typeof y[f] === 'number' ? (y[f] as number) : 0), 0);
    const parts: [string, number][] = columns.map((c) => [stepLabel(c), COST_COLUMNS.has(c) ? -sum(c) : sum(c)]);
    const net = sum(NET_COLUMN);
    const explained = parts.reduce((a, [, v]) => a + v, 0);
    // results.json rounds to 12 digits; a difference above a cent per million is not rounding.
    if (Math.abs(net - explained) > 1e-8 * Math.max(1, Math.abs(net))) parts.push([OTHER_STEP, net - explained]);
    let level = 0;
    parts.forEach(([step, eur], order) => {
      out.push({ strategy, step, order, eur, start: level, end: level + eur, total: false });
      level += eur;
    });
    out.push({ strategy, step: 'net cash flow', order: parts.length, eur: net, start: 0, end: net, total: true });
  }
  return out;
}

export function waterfallSpec(r: RolloutResultsJson): TopLevelSpec {
  const values = waterfallSteps(r).map((s) => ({ ...s, startM: s.start / 1e6, endM: s.end / 1e6, label: (s.eur / 1e6).toFixed(1), kind: s.total ? 'net' : s.eur < 0 ? 'cost' : 'saving' }));
  const steps = values.filter((v) => v.strategy === values[0]?.strategy).map((v) => v.step);
  return {
    $schema: SCHEMA,
    config: CHART_CONFIG,
    data: { values },
    facet: { column: { field: 'strategy', type: 'nominal', sort: r.strategies, title: null } },
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
