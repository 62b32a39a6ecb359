import type { Planner } from '../engine/planner.js';
import type { ResolvedHub } from '../model/resolved.js';
import { PeakShavingStrategy, strategyName, type StrategyKind, type StrategySpec } from '../model/strategy.js';
import { Baseline } from './baseline.js';
import { CongestionGuard } from './congestion-guard.js';
import { dayAheadPrices } from '../profiles/prices.js';
import { loadHighs } from './highs.js';
import { dayForecast, dayForecastTrainYear, forecastKindsOf, measuredBefore, MPC_MEMORY_DAYS, mpcForecastKinds, prepareDayForecast, type ForecastKind } from './day-forecasts.js';
import { FlexStack } from './flex.js';
import { FLEX_MEMORY_DAYS, flexMemory, rememberDaysBefore } from './flex-forecast.js';
import { aloneSignal, DAY_AHEAD_MEMORY_DAYS, GridAware, gridSignal, prepareGridSignal } from './grid-aware.js';
import { endsWithHead, type DaysBefore } from './days-before.js';
import { Lp } from './lp.js';
import { Mpc } from './mpc.js';
import { Optimal } from './optimal.js';
import { autoThreshold, dayMonths, PeakShaving, peakShavingLevels, peakShavingMemoryDays, prepareYearBefore } from './peak-shaving.js';
import { SelfConsumption } from './self-consumption.js';

type PeakShavingSpec = Extract<StrategySpec, { kind: 'peak-shaving' }>;

type Factory<K extends StrategyKind> = (spec: Extract<StrategySpec, { kind: K }>, hub: ResolvedHub, name: string) => Planner;

const FACTORIES: { [K in StrategyKind]: Factory<K> } = {
  baseline: (_spec, _hub, name) => new Baseline(name),
  'peak-shaving': (spec, hub, name) => {
    const { dischargeAboveKw, chargeBelowKw, cappedByImportCap } = peakShavingLevels(spec, hub);
    return new PeakShaving(name, dischargeAboveKw, chargeBelowKw, cappedByImportCap, spec.rechargeBelowShare, hub.dayIndex, hub.dayStarts, dayMonths(hub));
  },
  'self-consumption': (_spec, _hub, name) => new SelfConsumption(name),
  congestion: (_spec, _hub, name) => new CongestionGuard(name, new Baseline(name)),
  optimal: (_spec, _hub, name) => new Optimal(name),
  lp: (spec, hub, name) => new Lp(name, spec, hub, spec.energyPrices ? dayAheadPrices(hub.axis) : null),
  flex: (spec, hub, name) => {
    const arbitrage = spec.arbitrage && hub.flexMarket?.arbitrage != null;
    const { dischargeAboveKw, chargeBelowKw } = flexLevels(spec, hub);
    const forecast = spec.plan === 'forecast';
    const memory = forecast ? flexMemory(hub, name) : null;
    return new FlexStack(name, { dischargeAboveKw, chargeBelowKw, forecast, marginQuantile: spec.marginQuantile, memory, gopacs: spec.gopacs, arbitrage, pricesEurPerMwh: arbitrage ? dayAheadPrices(hub.axis) : null }, spec.guard);
  },
  'grid-aware': (_spec, hub, name) => new GridAware(name, gridSignal(hub, name)),
  mpc: (spec, hub, name) => {
    const kinds = mpcForecastKinds(spec);
    // In hubsim run a designYear's last days are its memory (hub-job.ts); a rollout or sweep sets its own.
    const memory = spec.designYear;
    const forecasts = {
      day: dayForecast(hub, kinds.day, memory),
      fallback: dayForecast(hub, kinds.fallback, memory),
      secondDay: kinds.secondDay === null ? null : dayForecast(hub, kinds.secondDay, memory),
      trainYear: dayForecastTrainYear(hub, kinds.day, memory),
      before: measuredBefore(hub, memory),
    };
    return new Mpc(name, hub, forecasts, spec.marginQuantile);
  },
};

/**
 * The peak shaver whose levels a flex strategy holds (priority 2): with plan forecast and no
 * thresholdKw, the online peak shaver with its defaults, under the flex strategy's name (so the days
 * before a run are remembered for it: prepareDaysBefore); null for a level held as given or sized on
 * the year itself.
 */
export function flexShaver(spec: Extract<StrategySpec, { kind: 'flex' }>): PeakShavingSpec | null {
  if (spec.plan !== 'forecast' || spec.thresholdKw !== undefined) return null;
  return PeakShavingStrategy.parse({ kind: 'peak-shaving', name: strategyName(spec) });
}

/** A flex strategy's levels per local day (kW): discharge above the first, refill below the second. */
function flexLevels(spec: Extract<StrategySpec, { kind: 'flex' }>, hub: ResolvedHub): { dischargeAboveKw: Float64Array; chargeBelowKw: Float64Array } {
  const shaver = flexShaver(spec);
  if (shaver !== null) return peakShavingLevels(shaver, hub);
  const days = Math.max(0, hub.dayStarts.length - 1);
  // Held as given, or (plan perfect) sized on the year scored: a bound, as flex then plans each day
  // with its own load.
  const level = new Float64Array(days).fill(spec.thresholdKw ?? autoThreshold(hub.demandKw, hub.generationKw, hub.dayStarts, hub.battery, hub.axis.stepHours));
  return { dischargeAboveKw: level, chargeBelowKw: level };
}

/**
 * Load what the strategies need before they run: HiGHS for lp and the joint grid-aware plan (loaded
 * once per thread), and for mpc
 * the day-ahead forecasts of each hub (a model is trained, or loaded from the disk cache).
 */
export async function prepareStrategies(specs: readonly StrategySpec[], hubs: readonly ResolvedHub[] = []): Promise<void> {
  if (specs.some((s) => s.kind === 'lp' || (s.kind === 'grid-aware' && s.plan === 'joint'))) await loadHighs();
  for (const spec of specs) {
    if (spec.kind !== 'mpc') continue;
    for (const hub of hubs) for (const kind of forecastKindsOf(spec)) await prepareDayForecast(hub, kind, spec.designYear);
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

/**
 * The day-ahead forecasts a strategy plans with, which a caller that makes them itself (a sweep, per
 * synthetic year) gives each hub with setDayForecast before createPlanner; none for most strategies.
 */
export function dayForecastsOf(spec: StrategySpec): readonly ForecastKind[] {
  return spec.kind === 'mpc' ? forecastKindsOf(spec) : [];
}

/**
 * Give a hub's strategy what its substation tells it, when the hub is the only controlled one on it
 * and the rest of the substation's load (background and uncontrolled terrains) is `otherKw`: the
 * grid-aware signal (grid-aware.ts aloneSignal); nothing for a strategy that acts on its own load.
 * A caller that knows the substation (a sweep of a rollout's terrains) calls it before createPlanner,
 * with the days before the year when it has them (their substationOtherKw given).
 */
export function prepareSubstation(spec: StrategySpec, hub: ResolvedHub, otherKw: Float64Array, before: DaysBefore | null = null): void {
  if (spec.kind === 'grid-aware') prepareGridSignal(hub, strategyName(spec), aloneSignal(spec, otherKw, hub, before));
}

/**
 * How many local days before its run a strategy reads when a caller has them (days-before.ts): a
 * design-year peak shaver the whole year before (+Infinity), an online one its windowDays, the
 * grid-aware day-ahead signal the week its forecast repeats and the days its recharge margin is
 * learned on, a causal flex strategy its levels' window or FLEX_MEMORY_DAYS; 0 for every other
 * strategy.
 */
export function daysRemembered(spec: StrategySpec): number {
  if (spec.kind === 'grid-aware') return spec.plan === 'day-ahead' ? DAY_AHEAD_MEMORY_DAYS : 0;
  // MPC reads whole UTC days: the last local day before a UTC year is its first hour of 1 January.
  if (spec.kind === 'mpc') return MPC_MEMORY_DAYS + 1;
  if (spec.kind === 'flex') return Math.max(peakShavingMemoryDays(flexShaver(spec) ?? spec), spec.plan === 'forecast' ? FLEX_MEMORY_DAYS : 0);
  return peakShavingMemoryDays(spec);
}

/**
 * Give a hub's strategy the days before its run, before createPlanner: a peak shaver sizes a
 * design-year threshold on them, or starts an online one with their levels in memory; a causal flex
 * strategy forecasts its first week from them and starts its margin with their misses (FlexMemory).
 * (The grid-aware signal takes them with its substation: prepareSubstation.)
 */
export function prepareDaysBefore(spec: StrategySpec, hub: ResolvedHub, before: DaysBefore): void {
  const shaver = peakShaverOf(spec);
  if (shaver !== null) prepareYearBefore(hub, shaver, before, hub.axis.stepHours);
  if (spec.kind === 'flex' && spec.plan === 'forecast') rememberDaysBefore(hub, strategyName(spec), before);
}

/**
 * Give a hub's strategy its previous year (a rollout's terrain in the year before, `hubsim run`'s
 * designYear) as the days before its run (prepareDaysBefore), for the strategies that remember them
 * from a year: a peak shaver (its own or a causal flex strategy's levels) and a causal flex
 * strategy's first week's forecasts and margin.
 */
export function preparePreviousYear(spec: StrategySpec, hub: ResolvedHub, previous: ResolvedHub): void {
  if (!remembersPreviousYear(spec)) return;
  prepareDaysBefore(spec, hub, { dayStarts: previous.dayStarts, demandKw: previous.demandKw, generationKw: previous.generationKw, substationOtherKw: null, endsWithHead: endsWithHead(previous.axis) });
}

/** Whether preparePreviousYear gives a strategy anything: a peak shaver of its own, or a causal flex strategy. */
export function remembersPreviousYear(spec: StrategySpec): boolean {
  return peakShaverOf(spec) !== null || (spec.kind === 'flex' && spec.plan === 'forecast');
}

/** The peak shaver a strategy runs, whose levels learn from the days before: its own, or a causal flex strategy's (flexShaver); null for the others. */
export function peakShaverOf(spec: StrategySpec): PeakShavingSpec | null {
  if (spec.kind === 'peak-shaving') return spec;
  return spec.kind === 'flex' ? flexShaver(spec) : null;
}
