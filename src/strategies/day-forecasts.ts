import { naiveForecast } from '../forecast/naive.js';
import { dailyNetLoad, HISTORY_DAYS } from '../forecast/features.js';
import type { ResolvedHub } from '../model/resolved.js';
import type { StrategySpec } from '../model/strategy.js';

type MpcSpec = Extract<StrategySpec, { kind: 'mpc' }>;

/** A day-ahead forecast: the 24 hourly net loads (kW) of UTC day `day`, from data up to day - 1; null when there is too little history. */
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

/** Each hub's prepared forecasts, with the year a trained one learnt from when its maker said. */
const prepared = new WeakMap<ResolvedHub, Map<ForecastKind, { readonly forecast: DayForecast; readonly trainYear?: number }>>();

/** Train (or load from the cache) what a hub's MPC planners forecast with. */
export async function prepareDayForecast(hub: ResolvedHub, kind: ForecastKind): Promise<void> {
  if (prepared.get(hub)?.has(kind)) return;
  if (kind === 'model') {
    // Loaded on demand: the forecaster brings TensorFlow.js, which takes half a second to import,
    // and every worker thread of a rollout or sweep would pay it whether it runs mpc or not.
    const { trainOrLoadForecaster } = await import('../forecast/forecaster.js');
    const f = await trainOrLoadForecaster(hub);
    setDayForecast(hub, kind, (day) => (day >= HISTORY_DAYS && day < f.days ? f.forecastDay(day) : null));
  } else setDayForecast(hub, kind, naiveDayForecast(hub, kind));
}

/** A naive day-ahead forecast from the hub's own history (no training, so it can be made at once). */
export function naiveDayForecast(hub: ResolvedHub, kind: 'yesterday' | 'last-week'): DayForecast {
  const { netKw, days } = dailyNetLoad(hub);
  const lag = kind === 'yesterday' ? 1 : 7;
  return (day) => (day >= lag && day < days ? naiveForecast(kind, netKw, day) : null);
}

/**
 * Give a hub's MPC planners a forecast made elsewhere (a rollout applies a terrain's trained model to
 * each year; hubsim run trains it on trainYear), with the year it was trained on when it was trained.
 */
export function setDayForecast(hub: ResolvedHub, kind: ForecastKind, forecast: DayForecast, trainYear?: number): void {
  let byKind = prepared.get(hub);
  if (byKind === undefined) prepared.set(hub, (byKind = new Map()));
  byKind.set(kind, { forecast, trainYear });
}

/** The year a hub's forecast of a kind was trained on, when its maker said (undefined otherwise). */
export function dayForecastTrainYear(hub: ResolvedHub, kind: ForecastKind): number | undefined {
  return prepared.get(hub)?.get(kind)?.trainYear;
}

/** Whether a hub's forecast of a kind is prepared already. */
export function hasDayForecast(hub: ResolvedHub, kind: ForecastKind): boolean {
  return prepared.get(hub)?.has(kind) ?? false;
}

/** The prepared forecast (a bug when prepareDayForecast was not awaited first). */
export function dayForecast(hub: ResolvedHub, kind: ForecastKind): DayForecast {
  const f = prepared.get(hub)?.get(kind);
  if (f === undefined) throw new Error(`the ${kind} forecast of hub "${hub.name}" is not prepared: await prepareStrategies() first`);
  return f.forecast;
}
