import { naiveForecast } from '../forecast/naive.js';
import { dailyNetLoad, HISTORY_DAYS, joinMeasuredBefore, type MeasuredBefore, type WeatherColumns } from '../forecast/features.js';
import { netLoadOfSteps } from '../model/net-load.js';
import type { ResolvedHub } from '../model/resolved.js';
import type { StrategySpec } from '../model/strategy.js';
import type { DaysBefore } from './days-before.js';

type MpcSpec = Extract<StrategySpec, { kind: 'mpc' }>;

/**
 * A day-ahead forecast: the 24 hourly net loads (kW) of UTC day `day`, from data up to day - 1; null
 * when there is too little history. With days measured before the axis, a negative day is one of
 * those (day -1 the last), forecast from the days before it.
 */
export type DayForecast = (day: number) => Float64Array | null;

export type ForecastKind = 'model' | 'yesterday' | 'last-week';

/** The forecasts an MPC strategy plans with: its own, same hour yesterday for the days its own cannot forecast yet, and last week for the second day of a 48-hour plan. */
export function mpcForecastKinds(spec: Pick<MpcSpec, 'forecast' | 'horizonHours'>): { day: ForecastKind; fallback: ForecastKind; secondDay: ForecastKind | null } {
  return { day: spec.forecast, fallback: 'yesterday', secondDay: spec.horizonHours === 48 ? 'last-week' : null };
}

/** Every forecast kind an MPC strategy needs prepared, once each. */
export function forecastKindsOf(spec: Pick<MpcSpec, 'forecast' | 'horizonHours'>): ForecastKind[] {
  const k = mpcForecastKinds(spec);
  return [...new Set([k.day, k.fallback, ...(k.secondDay === null ? [] : [k.secondDay])])];
}

/**
 * Which days before its axis a hub's MPC remembers: in hubsim run the year of an MPC's designYear,
 * whose last days stand in for the days measured before the year scored (MPCs of one hub with
 * different designYears keep their own forecasts); undefined: none, or the days a rollout or sweep
 * set with setMeasuredBefore.
 */
export type Memory = number | undefined;

const keyOf = (kind: ForecastKind, memory: Memory): string => (memory === undefined ? kind : `${kind}@${memory}`);

/** Each hub's prepared forecasts by kind and memory, with the year a trained one learnt from when its maker said. */
const prepared = new WeakMap<ResolvedHub, Map<string, { readonly forecast: DayForecast; readonly trainYear?: number }>>();

/** Train (or load from the cache) what a hub's MPC planners forecast with. */
export async function prepareDayForecast(hub: ResolvedHub, kind: ForecastKind, memory?: Memory): Promise<void> {
  if (prepared.get(hub)?.has(keyOf(kind, memory))) return;
  if (memory !== undefined) throw new Error(`the ${kind} forecast of hub "${hub.name}" remembering ${memory} is not prepared: prepareEarlierYears first (a bug in hubsim)`);
  if (kind === 'model') {
    // Loaded on demand: the forecaster brings TensorFlow.js, which takes half a second to import,
    // and every worker thread of a rollout or sweep would pay it whether it runs mpc or not.
    const { trainOrLoadForecaster } = await import('../forecast/forecaster.js');
    const f = await trainOrLoadForecaster(hub);
    setDayForecast(hub, kind, (day) => (day >= HISTORY_DAYS && day < f.days ? f.forecastDay(day) : null));
  } else setDayForecast(hub, kind, naiveDayForecast(hub, kind));
}

/**
 * A naive day-ahead forecast from the hub's own history (no training, so it can be made at once), and
 * from the days measured before its axis when given.
 */
export function naiveDayForecast(hub: ResolvedHub, kind: 'yesterday' | 'last-week', before?: MeasuredBefore): DayForecast {
  const own = dailyNetLoad(hub);
  const { netKw, days } = before === undefined ? own : joinMeasuredBefore(own, before.netKw, hub.axis.stepHours);
  const shift = days - own.days;
  const lag = kind === 'yesterday' ? 1 : 7;
  return (day) => (day + shift >= lag && day < own.days ? naiveForecast(kind, netKw, day + shift) : null);
}

/**
 * UTC days before its axis an MPC controller remembers: the last week, which its first week is
 * forecast from (the model and last week read seven days back) and whose own forecasts' misses its
 * margin starts from (a margin is learned once a week of misses is in: forecast-errors.ts), and the
 * week before it, which those forecasts read.
 */
export const MPC_MEMORY_DAYS = 2 * HISTORY_DAYS;

/** The net load each hub's MPC planners measured before its axis (kW per step of whole UTC days), by memory. */
const measured = new WeakMap<ResolvedHub, Map<Memory, Float64Array>>();

/**
 * Give a hub's MPC planners the net load measured before its axis (its forecasts, made with the same
 * days, are set with setDayForecast under the same memory): they start the year with the misses of
 * those days' forecasts.
 */
export function setMeasuredBefore(hub: ResolvedHub, netKw: Float64Array, memory?: Memory): void {
  let byMemory = measured.get(hub);
  if (byMemory === undefined) measured.set(hub, (byMemory = new Map()));
  byMemory.set(memory, netKw);
}

/** The net load a hub's MPC planners measured before its axis (kW per step), when given. */
export function measuredBefore(hub: ResolvedHub, memory?: Memory): Float64Array | undefined {
  return measured.get(hub)?.get(memory);
}

/**
 * The net load of the last MPC_MEMORY_DAYS whole UTC days of the days before a run (kW per step): they
 * end where the run begins, on a UTC midnight.
 */
export function mpcNetBefore(before: DaysBefore, stepsPerDay: number): Float64Array {
  const n = MPC_MEMORY_DAYS * stepsPerDay;
  const to = before.demandKw.length;
  if (to < n) throw new Error(`the days before a run hold ${to} steps, fewer than the ${n} MPC remembers: a bug in hubsim`);
  return netLoadOfSteps(before.demandKw, before.generationKw, to - n, to);
}

/**
 * What a controller measured in the last `days` whole UTC days of a hub's axis, for the axis after it:
 * the net load demand - generation per step, and the weather of those hours from `weather` (the
 * hourly weather of the hub's whole UTC days; null when no forecast model reads it).
 */
export function lastDaysMeasured(hub: ResolvedHub, days: number, weather: WeatherColumns | null): MeasuredBefore {
  const stepsPerDay = Math.round(24 / hub.axis.stepHours);
  const whole = Math.floor(hub.axis.steps / stepsPerDay);
  if (whole < days) throw new Error(`hub "${hub.name}" has ${whole} whole UTC days, fewer than the ${days} a controller remembers: a bug in hubsim`);
  const netKw = netLoadOfSteps(hub.demandKw, hub.generationKw, (whole - days) * stepsPerDay, whole * stepsPerDay);
  const hours = (whole - days) * 24;
  const slice = (c: Float64Array): Float64Array => c.slice(hours, hours + days * 24);
  return { netKw, weather: weather === null ? null : { temperatureC: slice(weather.temperatureC), ghiWm2: slice(weather.ghiWm2) } };
}

/**
 * Give a hub's MPC planners a forecast made elsewhere (a rollout applies a terrain's trained model to
 * each year; hubsim run trains it on trainYear), with the year it was trained on when it was trained.
 */
export function setDayForecast(hub: ResolvedHub, kind: ForecastKind, forecast: DayForecast, trainYear?: number, memory?: Memory): void {
  let byKind = prepared.get(hub);
  if (byKind === undefined) prepared.set(hub, (byKind = new Map()));
  byKind.set(keyOf(kind, memory), { forecast, trainYear });
}

/** The year a hub's forecast of a kind was trained on, when its maker said (undefined otherwise). */
export function dayForecastTrainYear(hub: ResolvedHub, kind: ForecastKind, memory?: Memory): number | undefined {
  return prepared.get(hub)?.get(keyOf(kind, memory))?.trainYear;
}

/** Whether a hub's forecast of a kind is prepared already. */
export function hasDayForecast(hub: ResolvedHub, kind: ForecastKind, memory?: Memory): boolean {
  return prepared.get(hub)?.has(keyOf(kind, memory)) ?? false;
}

/** The prepared forecast (a bug when prepareDayForecast was not awaited first). */
export function dayForecast(hub: ResolvedHub, kind: ForecastKind, memory?: Memory): DayForecast {
  const f = prepared.get(hub)?.get(keyOf(kind, memory));
  if (f === undefined) throw new Error(`the ${kind} forecast of hub "${hub.name}" is not prepared: await prepareStrategies() first`);
  return f.forecast;
}
