import type { Planner } from '../engine/planner.js';
import type { BatteryParams, ResolvedHub } from '../model/resolved.js';
import { strategyName, type StrategyKind, type StrategySpec } from '../model/strategy.js';
import { quantile } from '../stats.js';
import { Baseline } from './baseline.js';
import { CongestionGuard } from './congestion-guard.js';
import { dayAheadPrices } from '../profiles/prices.js';
import { loadHighs } from './highs.js';
import { dayForecast, prepareDayForecast } from './day-forecasts.js';
import { FlexStack } from './flex.js';
import { Lp } from './lp.js';
import { Mpc } from './mpc.js';
import { Optimal } from './optimal.js';
import { PeakShaving } from './peak-shaving.js';
import { SelfConsumption } from './self-consumption.js';

/** A peak-shaving threshold: one level, lowered to the import cap in the steps where that is lower. */
export interface ThresholdLevel {
  readonly levelKw: number;
  readonly cappedByImportCap: boolean;
}

type Factory<K extends StrategyKind> = (spec: Extract<StrategySpec, { kind: K }>, hub: ResolvedHub, name: string) => Planner;

/**
 * Peak-shaving threshold: thresholdKw; or a quantile of the uncontrolled net import; or by default
 * the sizing rule of autoThreshold, lowered to the import cap in the steps where that is lower.
 */
export function peakShavingLevel(spec: Extract<StrategySpec, { kind: 'peak-shaving' }>, hub: ResolvedHub): ThresholdLevel {
  if (spec.thresholdKw !== undefined) return { levelKw: spec.thresholdKw, cappedByImportCap: false };
  if (spec.thresholdQuantile !== undefined) {
    const net = new Float64Array(hub.axis.steps);
    for (let t = 0; t < net.length; t++) net[t] = hub.demandKw[t] - hub.generationKw[t];
    return { levelKw: quantile(net, spec.thresholdQuantile), cappedByImportCap: false };
  }
  return { levelKw: autoThreshold(hub.demandKw, hub.generationKw, hub.dayStarts, hub.battery, hub.axis.stepHours), cappedByImportCap: true };
}

/** The threshold of each step (kW), as the peak-shaving planner applies it. */
export function peakShavingThreshold(spec: Extract<StrategySpec, { kind: 'peak-shaving' }>, hub: ResolvedHub): Float64Array {
  const { levelKw, cappedByImportCap } = peakShavingLevel(spec, hub);
  const out = new Float64Array(hub.axis.steps).fill(levelKw);
  if (cappedByImportCap) for (let t = 0; t < out.length; t++) out[t] = Math.min(levelKw, hub.importCapKw[t]);
  return out;
}

/**
 * The default threshold, derived from the profile the way a designer sizes a peak shaver: the lowest
 * T such that on every local day the energy above T fits in what a full battery can deliver,
 * E = (socMax - socMin) x eta_d, and the highest excess fits the discharge power. Per day, with the
 * day's values sorted from the top v1 >= v2 >= ..., T_d = (v1 + ... + vm - E/dt) / m for the first m
 * with T_d >= v(m+1) (water-filling); T is the highest T_d. It knows nothing of when the battery can
 * recharge, so unlike `optimal` it can miss: that is what a rule costs. The net load is
 * demand - generation, read from the two columns (no column of its own: a hub-year of a rule
 * strategy costs a fraction of a millisecond, and an 8760-step allocation is a visible part of it),
 * and only the days whose highest net load exceeds the level found so far are looked at.
 */
export function autoThreshold(demandKw: Float64Array, generationKw: Float64Array, dayStarts: Int32Array, b: BatteryParams, dt: number): number {
  const days = dayStarts.length - 1;
  if (days <= 0) return 0;
  // One pass for the days' highest net loads, day by day.
  const dayMax = new Float64Array(days);
  let maxNet = 0;
  let top = 0;
  for (let d = 0; d < days; d++) {
    const end = dayStarts[d + 1];
    let highest = Number.NEGATIVE_INFINITY;
    for (let t = dayStarts[d]; t < end; t++) {
      const x = demandKw[t] - generationKw[t];
      if (x > highest) highest = x;
    }
    dayMax[d] = highest;
    if (highest > maxNet) {
      maxNet = highest;
      top = d;
    }
  }
  const usableKwh = (b.socMaxKwh - b.socMinKwh) * b.dischargeEfficiency;
  if (usableKwh <= 0 || b.dischargeKw <= 0) return maxNet;
  const budget = usableKwh / dt;
  // A day's energy above T is at most its steps x (its highest - T): a day where that is clearly
  // within the budget (a margin far above rounding) needs no look at its steps.
  const clearlyWithin = budget * (1 - 1e-9);
  let threshold = Math.max(0, maxNet - b.dischargeKw);
  // T is the highest level over the days, whatever the order they are visited in. The day of the
  // highest net load goes first, so that most days' maxima are below T already and are skipped.
  let scratch = new Float64Array(0);
  for (let k = -1; k < days; k++) {
    const d = k < 0 ? top : k;
    if (k === top || dayMax[d] <= threshold) continue;
    const start = dayStarts[d];
    const end = dayStarts[d + 1];
    if ((end - start) * (dayMax[d] - threshold) < clearlyWithin) continue;
    let above = 0;
    for (let t = start; t < end; t++) {
      const x = demandKw[t] - generationKw[t];
      if (x > threshold) above += x - threshold;
    }
    if (above <= budget) continue;
    if (scratch.length < end - start) scratch = new Float64Array(end - start);
    const day = scratch.subarray(0, end - start);
    for (let t = start; t < end; t++) day[t - start] = demandKw[t] - generationKw[t];
    threshold = dayLevel(day.sort(), budget);
  }
  return Math.min(threshold, maxNet);
}

/** Water-filling level of one day (values sorted ascending): energy above it equals the budget. */
function dayLevel(day: Float64Array, budget: number): number {
  let sum = 0;
  for (let j = day.length - 1; j > 0; j--) {
    sum += day[j];
    const level = (sum - budget) / (day.length - j);
    if (level >= day[j - 1]) return level;
  }
  return (sum + day[0] - budget) / day.length;
}

const FACTORIES: { [K in StrategyKind]: Factory<K> } = {
  baseline: (_spec, _hub, name) => new Baseline(name),
  'peak-shaving': (spec, hub, name) => new PeakShaving(name, peakShavingLevel(spec, hub)),
  'self-consumption': (_spec, _hub, name) => new SelfConsumption(name),
  congestion: (_spec, _hub, name) => new CongestionGuard(name, new Baseline(name)),
  optimal: (_spec, _hub, name) => new Optimal(name),
  lp: (spec, hub, name) => new Lp(name, spec, hub, spec.energyPrices ? dayAheadPrices(hub.axis) : null),
  flex: (spec, hub, name) => {
    const arbitrage = spec.arbitrage && hub.flexMarket?.arbitrage != null;
    const levelKw = spec.thresholdKw ?? peakShavingLevel({ kind: 'peak-shaving', guard: false }, hub).levelKw;
    return new FlexStack(name, { levelKw, gopacs: spec.gopacs, arbitrage, pricesEurPerMwh: arbitrage ? dayAheadPrices(hub.axis) : null }, spec.guard);
  },
  mpc: (spec, hub, name) => new Mpc(name, hub, dayForecast(hub, spec.forecast), spec.horizonHours === 48 ? dayForecast(hub, 'last-week') : null),
};

/**
 * Load what the strategies need before they run: HiGHS for lp (loaded once per thread), and for mpc
 * the day-ahead forecasts of each hub (a model is trained, or loaded from the disk cache).
 */
export async function prepareStrategies(specs: readonly StrategySpec[], hubs: readonly ResolvedHub[] = []): Promise<void> {
  if (specs.some((s) => s.kind === 'lp')) await loadHighs();
  for (const spec of specs) {
    if (spec.kind !== 'mpc') continue;
    for (const hub of hubs) {
      await prepareDayForecast(hub, spec.forecast);
      if (spec.horizonHours === 48) await prepareDayForecast(hub, 'last-week');
    }
  }
}

/** A fresh planner for one run of a strategy on a hub (planners keep state within a run). */
export function createPlanner(spec: StrategySpec, hub: ResolvedHub): Planner {
  const name = strategyName(spec);
  const factory = FACTORIES[spec.kind] as Factory<typeof spec.kind>;
  const planner = factory(spec as never, hub, name);
  // The flex stack guards itself: its shedding level also delivers cleared GOPACS bids.
  return 'guard' in spec && spec.guard && spec.kind !== 'flex' ? new CongestionGuard(name, planner) : planner;
}
