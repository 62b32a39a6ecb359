import { z } from 'zod';
import { fail } from '../../errors.js';
import { dayAheadPrices } from '../../profiles/prices.js';
import type { HubResult } from '../../results/result.js';
import { makeAxis, type TimeAxis } from '../../time/axis.js';
import { csvNumber } from '../format.js';
import { SERIES_COLUMNS } from '../series.js';

/*
 * What a hub report draws: results.json of `hubsim run` (its metrics, shown as they are) and, per
 * strategy, the per-step columns of series-<strategy>.csv. Both ways of making a report give the same
 * columns: `hubsim run --out --report` from the run in memory (rounded to the 12 digits the CSV
 * has) and `hubsim report DIR` from the CSV files, so the two pages are byte-identical.
 */

export const RunResultsShape = z.looseObject({
  hub: z.looseObject({
    name: z.string(),
    axis: z.object({ start: z.string(), stepMinutes: z.number().positive(), steps: z.number().int().positive() }),
  }),
  metricUnits: z.record(z.string(), z.string()),
  strategies: z
    .record(z.string(), z.looseObject({ kind: z.string(), foresight: z.enum(['causal', 'perfect']).optional(), metrics: z.record(z.string(), z.number().nullable()) }))
    .refine((s) => Object.keys(s).length > 0, 'has no strategy'),
});
export type RunResultsJson = z.infer<typeof RunResultsShape>;

/** The per-step columns a report needs, by their series CSV names. */
export const REPORT_COLUMNS = ['demand_kw', 'pv_kw', 'wind_kw', 'import_cap_kw', 'grid_kw', 'soc_kwh', 'flags'] as const;
export type ReportColumn = (typeof REPORT_COLUMNS)[number];
export type StrategyColumns = Readonly<Record<ReportColumn, Float64Array>>;

export interface StrategySeries {
  readonly name: string;
  readonly kind: string;
  readonly gridKw: Float64Array;
  readonly socKwh: Float64Array;
  readonly flags: Float64Array;
}

export interface HubReportData {
  readonly results: RunResultsJson;
  readonly axis: TimeAxis;
  /** demand - PV - wind: the grid exchange without any control (what the baseline strategy imports). */
  readonly netKw: Float64Array;
  /** NaN where there is no cap. */
  readonly importCapKw: Float64Array;
  readonly strategies: readonly StrategySeries[];
  readonly pricesEurPerMwh: Float64Array;
}

/** Check a parsed results.json of hubsim run; `file` names it in errors. */
export function parseRunResults(json: unknown, file: string): RunResultsJson {
  const parsed = RunResultsShape.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail('report.badResults', { file, field: issue.path.map(String).join('.') }, `not a valid results.json of hubsim run: ${issue.message}`);
  }
  return parsed.data;
}

export function axisOf(results: RunResultsJson): TimeAxis {
  const { start, stepMinutes, steps } = results.hub.axis;
  return makeAxis(Date.parse(start), stepMinutes, steps);
}

/** Assemble the report data from results.json and each strategy's columns (in results.json's strategy order). */
export function hubReportData(results: RunResultsJson, columns: ReadonlyMap<string, StrategyColumns>): HubReportData {
  const axis = axisOf(results);
  const names = Object.keys(results.strategies);
  const first = columns.get(names[0])!;
  const netKw = new Float64Array(axis.steps);
  for (let t = 0; t < axis.steps; t++) netKw[t] = first.demand_kw[t] - first.pv_kw[t] - first.wind_kw[t];
  const strategies = names.map((name) => {
    const c = columns.get(name)!;
    return { name, kind: results.strategies[name].kind, gridKw: c.grid_kw, socKwh: c.soc_kwh, flags: c.flags };
  });
  return { results, axis, netKw, importCapKw: first.import_cap_kw, strategies, pricesEurPerMwh: dayAheadPrices(axis) };
}

/** The report columns of a run held in memory, rounded as series CSV rounds them. */
export function columnsFromRun(result: HubResult): Map<string, StrategyColumns> {
  const out = new Map<string, StrategyColumns>();
  for (const r of result.results) {
    const cols = {} as Record<ReportColumn, Float64Array>;
    for (const name of REPORT_COLUMNS) {
      const col = SERIES_COLUMNS.find((c) => c.name === name)!;
      const values = col.values(result.hub, r.run);
      const arr = new Float64Array(values.length);
      for (let t = 0; t < values.length; t++) arr[t] = Number.isFinite(values[t]) ? csvNumber(values[t], col.unit) : NaN;
      cols[name] = arr;
    }
    out.set(r.strategy, cols);
  }
  return out;
}
