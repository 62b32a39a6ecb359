import { batteryStep, maxChargeKw, maxDischargeKw, type BatteryStep } from '../engine/battery.js';
import type { PlanView, Planner } from '../engine/planner.js';
import type { Setpoints } from '../engine/setpoints.js';
import type { ResolvedHub } from '../model/resolved.js';
import { localMonthKey } from '../time/axis.js';
import type { DayForecast } from './day-forecasts.js';
import { ForecastErrors } from './forecast-errors.js';
import { minimumPeakImport } from './optimal.js';

const DAY_MS = 86_400_000;

/** What an MPC planner forecasts with. */
export interface MpcForecasts {
  /** The day-ahead forecast each day is planned with. */
  readonly day: DayForecast;
  /** For the days `day` has too little history for (the model and last week need 7 days): same hour yesterday. */
  readonly fallback: DayForecast;
  /** The second day of a 48-hour plan; null plans 24 hours. */
  readonly secondDay: DayForecast | null;
  /** The year the day forecast was trained on, when it is a trained model whose maker said (results.json diagnostics). */
  readonly trainYear?: number;
  /**
   * The net load measured on whole UTC days before the axis (kW per step), which the forecasts above
   * read as the days before the first: the planner starts with their forecasts' misses.
   */
  readonly before?: Float64Array;
}

/*
 * Model-predictive control. At every UTC midnight (the plan for a day is made from data up to the
 * day before: day-ahead) forecast the net load of the next 24 (or 48) hours, add a safety margin,
 * and solve the exact minimum-peak problem of `optimal` on it from the measured state of charge:
 *
 *   forecast     f(h): the hub's forecast of hour h, from the days before (in a rollout or a
 *                sweep the days measured before the axis count: the controller's meter recorded
 *                them, and it starts with their forecasts' misses); on the first days of an axis
 *                without them (hubsim run), before it has the history it needs, same hour yesterday
 *                (day 0 has no history: the battery idles);
 *   margin       m = the q-quantile of that forecast's own errors (measured - forecast) over every
 *                step of the days before (forecast-errors.ts; q = marginQuantile), so a forecast
 *                that misses more plans more cautiously;
 *   plan         P = the lowest peak on f + m that ends the horizon with the battery full, or at
 *                least as full as it started when a full battery cannot be reached (a day that
 *                starts drained plans to refill for the days it cannot see);
 *   target       T = max(P, the month's peak so far): shaving below a peak already set this
 *                billing month buys nothing.
 *
 * Each step then acts on the measured net load x: discharge x - T when above the target, recharge up
 * to min(T, C) - x below it, within the battery's limits, with C the hub's import cap of the step:
 * a target above the cap (a hub short of capacity) never has the battery import above the cap to
 * refill, and the plan knows it (optimal.ts's minimum peak with the cap bounding the recharge). An
 * under-forecast plans a target that the measured load passes; the battery empties before the day's
 * peak and the rest reaches the grid, so an error costs far more than the margin that covers it.
 * What the battery cannot cover is left to the congestion guard (guard: true).
 */
export class Mpc implements Planner {
  readonly windowSteps = 1;
  private readonly step: BatteryStep;
  private readonly stepsPerDay: number;
  private readonly monthKey: Int32Array;
  private readonly monthPeak = new Map<number, number>();
  /** The forecast plus margin of the planned horizon, per step. */
  private readonly plannedKw: Float64Array;
  private readonly dayErrors: ForecastErrors;
  private readonly fallbackErrors: ForecastErrors;
  private readonly secondDayErrors: ForecastErrors | null;
  private day = -1;
  private target = Number.POSITIVE_INFINITY;
  private plans = 0;
  private readonly trainYear: number | undefined;

  constructor(
    readonly name: string,
    hub: ResolvedHub,
    forecasts: MpcForecasts,
    /** q of the margin; null plans on the forecast alone. */
    private readonly marginQuantile: number | null,
  ) {
    if (hub.axis.startMs % DAY_MS !== 0 || 24 % hub.axis.stepHours !== 0) {
      throw new Error(`mpc needs an axis that starts at a UTC midnight with steps dividing the hour (hub "${hub.name}")`);
    }
    this.step = batteryStep(hub.battery, hub.axis.stepHours);
    this.stepsPerDay = Math.round(24 / hub.axis.stepHours);
    this.plannedKw = new Float64Array(2 * this.stepsPerDay);
    this.monthKey = localMonthKey(hub.axis);
    this.trainYear = forecasts.trainYear;
    // One record of errors per forecast: a forecast used in two roles (yesterday as the fallback of
    // yesterday) has one.
    const before = forecasts.before;
    const daysBefore = before === undefined ? 0 : before.length / this.stepsPerDay;
    const days = Math.floor(hub.axis.steps / this.stepsPerDay) + daysBefore;
    const errorsOf = (f: DayForecast, known: readonly ForecastErrors[]): ForecastErrors => known.find((e) => e.forecast === f) ?? new ForecastErrors(f, this.stepsPerDay, days);
    this.dayErrors = errorsOf(forecasts.day, []);
    this.fallbackErrors = errorsOf(forecasts.fallback, [this.dayErrors]);
    this.secondDayErrors = forecasts.secondDay === null ? null : errorsOf(forecasts.secondDay, [this.dayErrors, this.fallbackErrors]);
    // The misses of the days before the axis, oldest first, as if learned at the end of each.
    if (before !== undefined) {
      for (const errors of new Set([this.dayErrors, this.fallbackErrors, this.secondDayErrors])) {
        if (errors === null) continue;
        for (let d = -daysBefore; d < 0; d++) errors.addDayBefore(d, before, (d + daysBefore) * this.stepsPerDay);
      }
    }
  }

  diagnostics(): Record<string, number | string> {
    return this.trainYear === undefined ? { plans: this.plans } : { plans: this.plans, forecastTrainYear: this.trainYear };
  }

  plan(view: PlanView, out: Setpoints): void {
    out.clear(view.from, view.to);
    const { hub } = view;
    const t = view.from;
    const day = Math.floor(t / this.stepsPerDay);
    if (day !== this.day) {
      this.day = day;
      if (day > 0) this.learn(day - 1, view);
      this.target = this.dayTarget(hub, day, view.socKwh, this.monthPeak.get(this.monthKey[t]) ?? 0);
    }
    const x = view.demandKw[t] - view.generationKw[t];
    let p: number;
    if (this.target === Number.POSITIVE_INFINITY) p = 0;
    else if (x > this.target) {
      const m = maxDischargeKw(this.step, view.socKwh);
      p = -(x - this.target < m ? x - this.target : m);
    } else {
      const m = maxChargeKw(this.step, view.socKwh);
      const cap = hub.importCapKw[t];
      const headroom = (cap < this.target ? cap : this.target) - x;
      p = headroom <= 0 ? 0 : headroom < m ? headroom : m;
    }
    out.writeAll('batteryKw')[t] = p;
    const grid = x + p;
    const k = this.monthKey[t];
    if (grid > (this.monthPeak.get(k) ?? 0)) this.monthPeak.set(k, grid);
  }

  /** Add the errors of the day just over (every step of it is before the view's step). */
  private learn(day: number, view: PlanView): void {
    this.dayErrors.addDay(day, view.demandKw, view.generationKw);
    if (this.fallbackErrors !== this.dayErrors) this.fallbackErrors.addDay(day, view.demandKw, view.generationKw);
    const second = this.secondDayErrors;
    if (second !== null && second !== this.dayErrors && second !== this.fallbackErrors) second.addDay(day, view.demandKw, view.generationKw);
  }

  private marginKw(errors: ForecastErrors): number {
    return this.marginQuantile === null ? 0 : errors.quantileKw(this.marginQuantile);
  }

  /** The peak target of a day from its forecast plus margin (hourly forecasts repeated over shorter steps). */
  private dayTarget(hub: ResolvedHub, day: number, socKwh: number, monthPeak: number): number {
    let errors = this.dayErrors;
    let first = errors.forecastOf(day);
    if (first === null) {
      errors = this.fallbackErrors;
      first = errors.forecastOf(day);
    }
    if (first === null) return Number.POSITIVE_INFINITY;
    const perHour = this.stepsPerDay / 24;
    let n = 0;
    const fill = (hourly: Float64Array, marginKw: number): void => {
      for (let h = 0; h < 24; h++) for (let q = 0; q < perHour; q++) this.plannedKw[n++] = hourly[h] + marginKw;
    };
    fill(first, this.marginKw(errors));
    const secondErrors = this.secondDayErrors;
    const second = secondErrors?.forecastOf(day + 1) ?? null;
    if (secondErrors !== null && second !== null && (day + 2) * this.stepsPerDay <= hub.axis.steps) fill(second, this.marginKw(secondErrors));
    this.plans++;
    const b = hub.battery;
    const dt = hub.axis.stepHours;
    // The hub's import cap over the horizon planned (+Infinity without a cap).
    const from = day * this.stepsPerDay;
    const cap = hub.importCapKw.subarray(from, from + n);
    let best = minimumPeakImport(this.plannedKw, 0, n, b, dt, socKwh, b.socMaxKwh, cap);
    if (!best.endConditionMet) best = minimumPeakImport(this.plannedKw, 0, n, b, dt, socKwh, socKwh, cap);
    return Math.max(best.peakKw, monthPeak);
  }
}
