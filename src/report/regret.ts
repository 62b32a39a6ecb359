import { tariffCost } from '../economics/tariff.js';
import { dayAheadPrices } from '../profiles/prices.js';
import { MPC_MEMORY_DAYS } from '../strategies/day-forecasts.js';
import type { HubResult } from '../results/result.js';
import { foresight, StrategySpec } from '../model/strategy.js';
import { fmt } from './format.js';
import { strategyLabel } from './table.js';
import { columnsOf, textTable, wrapText } from './text-table.js';

/** The forecast-regret set: perfect foresight, MPC with the model, MPC with each naive forecast. */
export const REGRET_STRATEGIES = [
  { kind: 'optimal', name: 'perfect-foresight', guard: false },
  { kind: 'mpc', name: 'mpc-model', forecast: 'model', horizonHours: 24, guard: false },
  { kind: 'mpc', name: 'mpc-last-week', forecast: 'last-week', horizonHours: 24, guard: false },
  { kind: 'mpc', name: 'mpc-yesterday', forecast: 'yesterday', horizonHours: 24, guard: false },
] as const;

export interface RegretRow {
  strategy: string;
  peakImportKw: number;
  hoursAboveImportCap: number;
  energyShedKwh: number;
  costEur: number;
  /** Against perfect foresight: the price of not knowing the future. */
  extraPeakKw: number;
  extraCostEur: number;
  /** The UTC day of the axis (0 = the first) whose step sets peakImportKw (the first such step). */
  peakDay: number;
}

/**
 * The days at the start of a year whose MPC plans rest on what it remembers from before the year
 * (its first week's forecasts and its first margin read the days before: MPC_MEMORY_DAYS): a peak
 * there says more about that memory than about the forecaster.
 */
export const START_DAYS = MPC_MEMORY_DAYS;

/**
 * Forecast regret of a hub: peak, exceedance hours and tariff cost (kWmax + day-ahead energy) under
 * perfect foresight and under MPC with each forecast, and the differences. mpc-model against
 * perfect-foresight is the price of uncertainty; mpc-last-week or mpc-yesterday against mpc-model is
 * what the forecaster is worth.
 */
export function regretRows(hr: HubResult): RegretRow[] {
  const prices = dayAheadPrices(hr.hub.axis);
  const rows = hr.results.map((r) => ({
    strategy: r.strategy,
    peakImportKw: r.metrics.peakImportKw ?? 0,
    hoursAboveImportCap: r.metrics.hoursAboveImportCap ?? 0,
    energyShedKwh: r.metrics.energyShedKwh ?? 0,
    costEur: tariffCost(hr.hub, r.run.recorder.gridKw, prices).totalEur,
    extraPeakKw: 0,
    extraCostEur: 0,
    peakDay: peakDayOf(r.run.recorder.gridKw, hr.hub.axis.stepHours),
  }));
  const ref = rows.find((r) => r.strategy === 'perfect-foresight') ?? rows[0];
  for (const r of rows) {
    r.extraPeakKw = r.peakImportKw - ref.peakImportKw;
    r.extraCostEur = r.costEur - ref.costEur;
  }
  return rows;
}

/** The UTC day of the first step with the highest import. */
function peakDayOf(gridKw: Float64Array, stepHours: number): number {
  let at = 0;
  for (let t = 1; t < gridKw.length; t++) if (gridKw[t] > gridKw[at]) at = t;
  return Math.floor((at * stepHours) / 24);
}

/**
 * What the perfect-foresight row is: `optimal`, the exact minimum of the peak import with the year
 * known. It bounds the peak; its cost is that plan's, not the lowest there is (flattening the peak
 * buys energy in dearer hours too), so an MPC can cost less and +cost be negative.
 */
export const PERFECT_FORESIGHT_NOTE =
  'perfect-foresight: the exact minimum peak import with the year known (optimal), a bound on peak import, not on cost: its cost is that plan\'s, so +cost below 0 means cheaper than the min-peak plan, not better than perfect foresight';

/** Each regret strategy's foresight, from its spec: the perfect-foresight row is a bound, labelled "(bound)" like every bound. */
const REGRET_FORESIGHT = new Map<string, 'causal' | 'perfect'>(REGRET_STRATEGIES.map((s) => [s.name, foresight(StrategySpec.parse(s))]));

/** The forecast-regret table: one row per strategy, + against perfect foresight. */
export function regretTable(rows: RegretRow[]): string {
  const columns = columnsOf(['strategy', 'peak import\nkW', 'h > import\ncap', 'shed\nkWh', 'cost\nEUR', '+peak\nkW', '+cost\nEUR']);
  const body = rows.map((r) => [strategyLabel(r.strategy, REGRET_FORESIGHT.get(r.strategy)), fmt(r.peakImportKw), fmt(r.hoursAboveImportCap, 2), fmt(r.energyShedKwh), fmt(r.costEur), fmt(r.extraPeakKw), fmt(r.extraCostEur)]);
  const title = wrapText('forecast regret, battery only (every figure simulated; cost: kWmax at EUR 3/kW/month (input) + energy at the NL day-ahead prices (input); + against perfect foresight)');
  const early = rows.filter((r) => REGRET_FORESIGHT.get(r.strategy) === 'causal' && r.peakDay < START_DAYS).map((r) => `${r.strategy} (day ${r.peakDay + 1})`);
  const start = early.length === 0 ? '' : `${wrapText(`${early.join(', ')}: peak import in the first ${START_DAYS} days of the year, whose plans rest on the days before it (none in hubsim run, or --design-year's stand-in): how the MPCs rank there says more about that start than about the forecaster (README, mpc)`)}\n`;
  return `${title}\n${textTable(columns, body)}\n${wrapText(PERFECT_FORESIGHT_NOTE)}\n${start}`;
}
