/**
 * The naive day-ahead forecasts that a model must beat to be worth its training:
 *
 *   - same hour yesterday:  forecast[d][h] = net[d - 1][h]
 *   - same hour last week:  forecast[d][h] = net[d - 7][h]
 *
 * Both use only what is known at the end of day d - 1.
 */
import { HOURS_PER_DAY } from './features.js';

export type NaiveKind = 'yesterday' | 'last-week';

export const NAIVE_KINDS: readonly NaiveKind[] = ['yesterday', 'last-week'];

/** How many days back each naive forecast looks. */
export const NAIVE_LAG_DAYS: Readonly<Record<NaiveKind, number>> = { yesterday: 1, 'last-week': 7 };

/**
 * The naive forecast of day `day` (24 hourly values, kW) from an hourly net-load column that starts
 * at the first hour of day 0. A day without the history it needs is a programming error.
 *
 * @example naiveForecast('yesterday', netKw, 3) // netKw[48..72)
 */
export function naiveForecast(kind: NaiveKind, netKw: ArrayLike<number>, day: number): Float64Array {
  const lag = NAIVE_LAG_DAYS[kind];
  if (!Number.isInteger(day) || day < lag || (day + 1) * HOURS_PER_DAY > netKw.length) {
    throw new RangeError(`naive forecast "${kind}" of day ${day} needs days ${day - lag} to ${day} in a series of ${netKw.length / HOURS_PER_DAY} days`);
  }
  const out = new Float64Array(HOURS_PER_DAY);
  const from = (day - lag) * HOURS_PER_DAY;
  for (let h = 0; h < HOURS_PER_DAY; h++) out[h] = netKw[from + h];
  return out;
}
