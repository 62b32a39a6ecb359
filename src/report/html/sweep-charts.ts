import type { TopLevelSpec } from 'vega-lite';
import { z } from 'zod';
import { fail } from '../../errors.js';
import { SWEEP_SCHEMA_VERSION } from '../sweep-output.js';
import { SWEEP_STATISTICS } from '../../sweep/schema.js';
import { strategyLabel } from '../table.js';
import { humanLabel } from './labels.js';
import { CHART_CONFIG } from './render-svg.js';

/*
 * A sweep's results.json (hubsim sweep --out) as the sweep report reads it, and its chart: per
 * terrain, each configuration's annual cost against the spread of the target's metric over the
 * weather draws (P10 to P90, P50 marked), beside the limit the target sets.
 */

const Num = z.number().nullable();
const Stats = z.looseObject({ mean: Num, p10: Num, p50: Num, p90: Num });
const SweepRowShape = z.looseObject({
  terrain: z.string(),
  configuration: z.number().int(),
  strategy: z.string(),
  foresight: z.enum(['causal', 'perfect']),
  batteryEnergyKwh: Num,
  batteryPowerKw: Num,
  pvKwp: Num,
  importCapKw: Num,
  stats: z.record(z.string(), Stats),
  capexEur: Num,
  annualCostEur: Num,
  targetValue: Num,
  targetBound: Num,
  meetsTarget: z.boolean(),
});
const Pick = z.looseObject({ meetsTarget: z.boolean(), configuration: z.number().int(), foresight: z.enum(['causal', 'perfect']), row: SweepRowShape });

export const SweepResultsShape = z.looseObject({
  schemaVersion: z.literal(SWEEP_SCHEMA_VERSION),
  sweep: z.looseObject({
    name: z.string(),
    draws: z.looseObject({ count: z.number(), seed: z.number(), block: z.string(), sourceYears: z.array(z.number()).optional(), calendarYear: z.number().optional() }),
    target: z.looseObject({ metric: z.string(), statistic: z.enum(SWEEP_STATISTICS), atMost: z.union([z.literal('importCap'), z.number()]) }),
    economics: z.looseObject({ lifetimeYears: z.number(), discountRate: z.number() }),
  }),
  hubYears: z.number(),
  outcomeUnits: z.record(z.string(), z.string()),
  rows: z.array(SweepRowShape),
  cheapest: z.array(Pick.extend({ terrain: z.string(), causal: Pick.nullable() })),
});
export type SweepResultsJson = z.infer<typeof SweepResultsShape>;
export type SweepRowJson = z.infer<typeof SweepRowShape>;

/** Whether a parsed results.json is a sweep's (it has no `kind`; its `sweep` and `rows` say so). */
export function isSweepResults(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const j = json as { kind?: unknown; sweep?: unknown; rows?: unknown };
  return j.kind === 'sweep' || (typeof j.sweep === 'object' && j.sweep !== null && Array.isArray(j.rows));
}

/** Check a sweep's results.json (report.badResults naming the field). */
export function parseSweepResults(json: unknown, file: string): SweepResultsJson {
  const parsed = SweepResultsShape.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail('report.badResults', { file, field: issue.path.map(String).join('.') }, `not a valid results.json of hubsim sweep (schemaVersion ${SWEEP_SCHEMA_VERSION}): ${issue.message}`);
  }
  return parsed.data;
}

/** What the pick of a terrain is called in the report. */
export type PickRole = 'cheapest meeting the target' | 'cheapest causal meeting the target' | 'closest (none meets the target)' | 'closest causal (none meets the target)';

/**
 * Per terrain, the configurations the sweep chose: the cheapest meeting the target (or, when none
 * does, the closest), and when that is a perfect-foresight bound, the cheapest causal one under it
 * (what a controller can reach), as `hubsim sweep` prints them.
 */
export function picks(r: SweepResultsJson): { terrain: string; role: PickRole; row: SweepRowJson }[] {
  return r.cheapest.flatMap((c) => {
    const first = { terrain: c.terrain, role: (c.meetsTarget ? 'cheapest meeting the target' : 'closest (none meets the target)') as PickRole, row: c.row };
    if (c.foresight !== 'perfect' || c.causal === null) return [first];
    return [first, { terrain: c.terrain, role: (c.causal.meetsTarget ? 'cheapest causal meeting the target' : 'closest causal (none meets the target)') as PickRole, row: c.causal.row }];
  });
}

/** The target as a phrase: "P90 peak import (kW) at most the import cap". */
export function targetText(r: SweepResultsJson): string {
  const t = r.sweep.target;
  const label = humanLabel(t.metric, r.outcomeUnits[t.metric] ?? '');
  return `${t.statistic === 'mean' ? 'mean' : t.statistic.toUpperCase()} ${label} at most ${t.atMost === 'importCap' ? 'the import cap' : t.atMost.toLocaleString('en-US')}`;
}

const POINT_KINDS = ['meets the target', 'misses the target', 'chosen'] as const;
/** A configuration's foresight as the chart's legend names it: a bound is drawn faint. */
const FORESIGHT_KINDS = ['causal', 'perfect-foresight bound'] as const;
const LEGEND = { orient: 'bottom', direction: 'horizontal' } as const;

/**
 * Cost against target, one panel per terrain: each configuration at its annual cost (x), its target
 * metric over the draws as a bar from P10 to P90 with P50 as a tick, and the point the target
 * compares (its statistic) coloured by whether it meets the limit; the chosen configurations ringed;
 * a perfect-foresight bound's point faint (its own legend), its strategy named "(bound)" in its label.
 * The limit is a dashed line. Each terrain has its own scales (a campus costs more than a park).
 */
export function costTargetSpec(r: SweepResultsJson): TopLevelSpec {
  const t = r.sweep.target;
  const chosen = new Set(picks(r).map((p) => `${p.terrain}/${p.row.configuration}`));
  const values = r.rows.map((row) => {
    const s = row.stats[t.metric];
    const isChosen = chosen.has(`${row.terrain}/${row.configuration}`);
    return {
      terrain: row.terrain,
      configuration: row.configuration,
      strategy: strategyLabel(row.strategy, row.foresight),
      foresight: row.foresight === 'perfect' ? FORESIGHT_KINDS[1] : FORESIGHT_KINDS[0],
      keur: (row.annualCostEur ?? 0) / 1000,
      p10: s?.p10 ?? null,
      p50: s?.p50 ?? null,
      p90: s?.p90 ?? null,
      target: row.targetValue,
      limit: row.targetBound,
      kind: isChosen ? 'chosen' : row.meetsTarget ? POINT_KINDS[0] : POINT_KINDS[1],
    };
  });
  // The chosen configurations drawn last: one that ties with another (the optimum without a battery is
  // no control, as is peak shaving without one) would otherwise hide under it.
  values.sort((a, b) => Number(a.kind === 'chosen') - Number(b.kind === 'chosen'));
  const terrains = [...new Set(r.rows.map((x) => x.terrain))];
  const metric = humanLabel(t.metric, r.outcomeUnits[t.metric] ?? '');
  const x = { field: 'keur', type: 'quantitative', title: 'annual cost (EUR thousand/yr)', scale: { zero: false } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CHART_CONFIG,
    data: { values },
    facet: { field: 'terrain', type: 'nominal', title: null, sort: terrains },
    columns: Math.min(3, terrains.length),
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: terrains.length === 1 ? 700 : 280,
      height: 200,
      layer: [
        { mark: { type: 'rule', strokeWidth: 1.5, color: '#888' }, encoding: { x, y: { field: 'p10', type: 'quantitative', title: metric, scale: { zero: false } }, y2: { field: 'p90' } } },
        { mark: { type: 'tick', orient: 'horizontal', color: '#555', size: 10 }, encoding: { x, y: { field: 'p50', type: 'quantitative' } } },
        {
          mark: { type: 'point', filled: true, size: 45 },
          encoding: {
            x,
            y: { field: 'target', type: 'quantitative' },
            // Colour and shape say the same (one legend), so the kinds differ without colour too.
            color: { field: 'kind', type: 'nominal', title: null, scale: { domain: [...POINT_KINDS], range: ['#2ca02c', '#d62728', '#1f77b4'] }, legend: LEGEND },
            shape: { field: 'kind', type: 'nominal', title: null, scale: { domain: [...POINT_KINDS], range: ['circle', 'cross', 'diamond'] }, legend: LEGEND },
            opacity: { field: 'foresight', type: 'ordinal', title: null, scale: { domain: [...FORESIGHT_KINDS], range: [1, 0.35] }, legend: LEGEND },
            tooltip: [
              { field: 'strategy', type: 'nominal', title: 'strategy' },
              { field: 'configuration', type: 'quantitative', title: 'configuration' },
            ],
          },
        },
        { mark: { type: 'rule', strokeDash: [4, 4], color: '#c00' }, encoding: { y: { field: 'limit', type: 'quantitative', aggregate: 'max' } } },
      ],
    },
  } as TopLevelSpec;
}
