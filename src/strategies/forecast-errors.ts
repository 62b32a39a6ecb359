import { mergeSortedInto, quantileSorted } from '../stats.js';
import type { DayForecast } from './day-forecasts.js';

/** Days of errors a margin is learned from at the least. */
export const MARGIN_MIN_DAYS = 7;

/*
 * The errors of one day-ahead forecast on the days already measured, and a quantile of them: the
 * safety margin MPC adds to that forecast.
 *
 * The error of a step is e = x - f (kW): measured net load minus the forecast of its hour (an
 * hourly forecast holds for every step of the hour), so e > 0 where the forecast ran low. Each day
 * d - 1 is added once it is over, at the start of day d; the margin for day d is the p-quantile of
 * the errors of every step of the days before d (linear between the sorted errors, stats.ts). A
 * day the forecast could not be made for (too little history) adds nothing. A controller given the
 * days measured before its axis starts with their errors (addDayBefore). Until a week of days
 * is in (one cycle of working days and weekend) the margin is 0: the errors of a few days say little
 * (same hour yesterday on the Monday after New Year's Day misses a whole working day).
 *
 * The errors are kept sorted in one column: a day's errors are sorted and merged in from the top
 * (no allocation after construction).
 */
export class ForecastErrors {
  private readonly sorted: Float64Array;
  private readonly dayErrors: Float64Array;
  private count = 0;
  private days = 0;
  private lastDay = -1;
  private last: Float64Array | null = null;

  constructor(
    readonly forecast: DayForecast,
    private readonly stepsPerDay: number,
    days: number,
  ) {
    this.sorted = new Float64Array(days * stepsPerDay);
    this.dayErrors = new Float64Array(stepsPerDay);
  }

  /** The forecast of a day (the last one asked for is kept: the plan asks on day d, addDay on day d + 1). */
  forecastOf(day: number): Float64Array | null {
    if (day !== this.lastDay) {
      this.last = this.forecast(day);
      this.lastDay = day;
    }
    return this.last;
  }

  /** Add the errors of UTC day `day` from the measured net load (demand - generation), all of whose steps are past. */
  addDay(day: number, demandKw: Float64Array, generationKw: Float64Array): void {
    const f = this.forecastOf(day);
    if (f === null) return;
    const n = this.stepsPerDay;
    const perHour = n / 24;
    const from = day * n;
    const e = this.dayErrors;
    for (let k = 0; k < n; k++) e[k] = demandKw[from + k] - generationKw[from + k] - f[Math.floor(k / perHour)];
    this.merge();
  }

  /**
   * Add the errors of a day measured before the axis (day < 0, -1 the last), from its net load
   * (demand - generation, kW per step) at netKw[from, from + steps per day).
   */
  addDayBefore(day: number, netKw: Float64Array, from: number): void {
    const f = this.forecastOf(day);
    if (f === null) return;
    const n = this.stepsPerDay;
    const perHour = n / 24;
    const e = this.dayErrors;
    for (let k = 0; k < n; k++) e[k] = netKw[from + k] - f[Math.floor(k / perHour)];
    this.merge();
  }

  /** Sort the day's errors into the record. */
  private merge(): void {
    const n = this.stepsPerDay;
    const e = this.dayErrors;
    e.sort();
    this.count = mergeSortedInto(this.sorted, this.count, e, n);
    this.days++;
  }

  /** The p-quantile (0 <= p <= 1) of the errors added so far (kW); 0 before MARGIN_MIN_DAYS days are in. */
  quantileKw(p: number): number {
    return this.days < MARGIN_MIN_DAYS ? 0 : quantileSorted(this.sorted.subarray(0, this.count), p);
  }
}
