import { isoUtc, timeMsAt } from '../time/axis.js';
import { METRICS } from '../results/metrics.js';
import type { HubResult, StrategyResult } from '../results/result.js';
import { csvCell } from './format.js';
import { SERIES_COLUMNS } from './series.js';

/** The leading columns of metrics.csv; the metric columns follow in METRICS order. */
export const METRICS_CSV_KEYS = [
  { name: 'hub', unit: '-', description: 'Name of the hub.' },
  { name: 'strategy', unit: '-', description: 'Name of the strategy run.' },
  { name: 'kind', unit: '-', description: 'Kind of the strategy (baseline, peak-shaving, self-consumption, congestion, optimal, lp, mpc or flex; grid-aware, which needs its substation, runs only in rollouts and sweeps).' },
  { name: 'foresight', unit: '-', description: 'causal: decides from data before each step (and forecasts made from it); perfect: a perfect-foresight bound (optimal, lp, flex with plan perfect, peak shaving sized in hindsight or on a quantile of its own year; in rollouts and sweeps also grid-aware with the joint plan, grid-aware-joint), which no controller reaches.' },
] as const;

/** metrics.csv: one tidy row per hub x strategy; each metric at its unit's resolution (format.ts). */
export function metricsCsv(results: readonly HubResult[]): string {
  const header = [...METRICS_CSV_KEYS.map((k) => k.name), ...METRICS.map((m) => m.name)];
  const lines = [header.join(',')];
  for (const hr of results) {
    for (const r of hr.results) {
      const keys = [hr.hub.name, r.strategy, r.kind, r.foresight].map((v) => csvCell(v));
      lines.push([...keys, ...METRICS.map((m) => csvCell(r.metrics[m.name], m.unit))].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** series-<strategy>.csv: one row per step; each column at its unit's resolution (format.ts). */
export function seriesCsv(hr: HubResult, r: StrategyResult): string {
  const { hub } = hr;
  const columns = SERIES_COLUMNS.filter((c) => c.when === undefined || c.when(hub, r.run));
  const cols = columns.map((c) => c.values(hub, r.run));
  const units = columns.map((c) => c.unit);
  const lines = [['time_utc', ...columns.map((c) => c.name)].join(',')];
  for (let t = 0; t < hub.axis.steps; t++) {
    let line = isoUtc(timeMsAt(hub.axis, t));
    for (let j = 0; j < cols.length; j++) line += `,${csvCell(cols[j][t], units[j])}`;
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}

