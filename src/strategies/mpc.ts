import { batteryStep, maxChargeKw, maxDischargeKw, type BatteryStep } from '../engine/battery.js';
import type { PlanView, Planner } from '../engine/planner.js';
import type { Setpoints } from '../engine/setpoints.js';
import type { ResolvedHub } from '../model/resolved.js';
import { localMonthKey } from '../time/axis.js';
import type { DayForecast } from './day-forecasts.js';
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
}

/*
 * Model-predictive control. At every UTC midnight (the plan for a day is made from data up to the
 * day before: day-ahead), forecast the net load of the next 24 (or 48) hours and solve the exact
 * minimum-peak problem of `optimal` on the forecast, from the measured state of charge and ending the
 * horizon with the battery full, or at least as full as it started when a full battery cannot be
 * reached (a day that starts drained plans to refill for the days it cannot see). The plan's first
 * day is committed as a peak target P = max(that minimum, the
 * month's peak so far: shaving below it buys nothing). Each step then acts on the measured net load
 * x: discharge x - P when above the target, recharge up to P - x below it, within the battery's
 * limits. What the forecast missed is left to the congestion guard (guard: true). The first days of
 * the axis, before the forecast has the history it needs, are planned with same hour yesterday; day
 * 0 has no history at all: the battery idles.
 */
export class Mpc implements Planner {
  readonly windowSteps = 1;
  private readonly step: BatteryStep;
  private readonly stepsPerDay: number;
  private readonly monthKey: Int32Array;
  private readonly monthPeak = new Map<number, number>();
  private readonly forecastKw: Float64Array;
  private day = -1;
  private target = Number.POSITIVE_INFINITY;
  private plans = 0;

  constructor(
    readonly name: string,
    hub: ResolvedHub,
    private readonly forecasts: MpcForecasts,
  ) {
    if (hub.axis.startMs % DAY_MS !== 0 || 24 % hub.axis.stepHours !== 0) {
      throw new Error(`mpc needs an axis that starts at a UTC midnight with steps dividing the hour (hub "${hub.name}")`);
    }
    this.step = batteryStep(hub.battery, hub.axis.stepHours);
    this.stepsPerDay = Math.round(24 / hub.axis.stepHours);
    this.forecastKw = new Float64Array(2 * this.stepsPerDay);
    this.monthKey = localMonthKey(hub.axis);
  }

  diagnostics(): Record<string, number | string> {
    return { plans: this.plans };
  }

  plan(view: PlanView, out: Setpoints): void {
    out.clear(view.from, view.to);
    const { hub } = view;
    const t = view.from;
    const day = Math.floor(t / this.stepsPerDay);
    if (day !== this.day) {
      this.day = day;
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
      p = this.target - x < m ? this.target - x : m;
    }
    out.writeAll('batteryKw')[t] = p;
    const grid = x + p;
    const k = this.monthKey[t];
    if (grid > (this.monthPeak.get(k) ?? 0)) this.monthPeak.set(k, grid);
  }

  /** The peak target of a day from its forecast (hourly forecasts repeated over shorter steps). */
  private dayTarget(hub: ResolvedHub, day: number, socKwh: number, monthPeak: number): number {
    const first = this.forecasts.day(day) ?? this.forecasts.fallback(day);
    if (first === null) return Number.POSITIVE_INFINITY;
    const perHour = this.stepsPerDay / 24;
    let n = 0;
    const fill = (hourly: Float64Array): void => {
      for (let h = 0; h < 24; h++) for (let q = 0; q < perHour; q++) this.forecastKw[n++] = hourly[h];
    };
    fill(first);
    const second = this.forecasts.secondDay?.(day + 1) ?? null;
    if (second !== null && (day + 2) * this.stepsPerDay <= hub.axis.steps) fill(second);
    this.plans++;
    const b = hub.battery;
    const dt = hub.axis.stepHours;
    let best = minimumPeakImport(this.forecastKw, 0, n, b, dt, socKwh, b.socMaxKwh);
    if (!best.endConditionMet) best = minimumPeakImport(this.forecastKw, 0, n, b, dt, socKwh);
    return Math.max(best.peakKw, monthPeak);
  }
}
