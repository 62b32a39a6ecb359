import type { PlanView, Planner } from '../engine/planner.js';
import type { Setpoints } from '../engine/setpoints.js';

/**
 * Rule-based peak shaving. With net load x = demand - generation and the level T_t of the step
 * (kW; see peak-threshold.ts for where it comes from):
 *   x > T: discharge min(x - T, what the battery can give);
 *   x < T: recharge min(T - x, what the battery can take), so the recharge never lifts import above T.
 * That is a battery controller holding the grid exchange at T, so the plan is the level T itself
 * (holdKw = T) and the engine's physics applies it to the value measured in each step.
 *
 * An online level is sized on the days before, and a day heavier than those would empty the battery
 * before its peak: the controller discharges only above (1 + marginShare) x T, keeping energy back,
 * and recharges below T itself (a margin on the recharge side would lift the import it draws to
 * refill by the same share).
 *
 * The month's peak. A kWmax the meter has already measured this billing month is paid whatever the
 * battery does later, and the annual peak is at least that high: the controller does not fight below
 * it. Each local day it discharges above and recharges below no less than M, the highest import
 * measured on the earlier days of the month (from the meter: PlanView.lastPeakImportKw, read as the
 * day's windows end), lowered to the import cap where T is. After a day the battery could not hold,
 * it keeps its energy for import above what the month has already reached instead of emptying itself
 * below it again, and refills up to M.
 *
 * With two thresholds (rechargeBelowShare s < 1), like OpenEMS's peak-shaving controller: recharge
 * only below s x the recharge level and idle between, so that a battery that has just shaved a peak
 * does not draw import up to the level again at once.
 *
 * A step without a level (+Infinity: an online threshold's first day, before any history) discharges
 * only above the import cap, if any, and does not recharge. Each day's levels are set from data
 * before the day and the meter's readings before it: later data never changes an earlier step (a
 * test checks this), and planning step by step gives the same run as planning day by day.
 */
export class PeakShaving implements Planner {
  readonly windowSteps = 0;
  /** One planning window per local day: the month's peak is read from the meter between days. */
  readonly windowStarts: Int32Array;
  private readonly shareBelow: number;
  /** The highest import of the month before today (kW), of today so far, and today's local day. */
  private monthPeakKw = 0;
  private dayPeakKw = 0;
  private day = -1;
  private planned = false;

  constructor(
    readonly name: string,
    /** The level of each local day it discharges above (kW), before the month's peak; +Infinity: none. */
    private readonly dischargeAboveKw: Float64Array,
    /** The level of each local day it recharges below (kW), before the month's peak; the same array for one level. */
    private readonly chargeBelowKw: Float64Array,
    /** Whether the levels (and the month's peak) are lowered to the import cap of each step where that is lower. */
    private readonly cappedByImportCap: boolean,
    /** rechargeBelowShare: recharge below this share of the level (1: hold the level both ways). */
    rechargeBelowShare: number,
    /** The local day of each step, the first step of each day, and the billing month of each day. */
    private readonly dayIndex: Int32Array,
    dayStarts: Int32Array,
    private readonly dayMonth: Int32Array,
  ) {
    this.windowStarts = dayStarts;
    this.shareBelow = rechargeBelowShare;
  }

  plan(view: PlanView, out: Setpoints): void {
    const { from, to } = view;
    out.clear(from, to);
    // What the meter measured in the window before counts for the day it was in.
    if (this.planned && view.lastPeakImportKw > this.dayPeakKw) this.dayPeakKw = view.lastPeakImportKw;
    this.planned = true;
    const day = this.dayIndex[from];
    if (day !== this.day) {
      const sameMonth = this.day >= 0 && this.dayMonth[day] === this.dayMonth[this.day];
      this.monthPeakKw = sameMonth ? Math.max(this.monthPeakKw, this.dayPeakKw) : 0;
      this.dayPeakKw = 0;
      this.day = day;
    }
    const cap = view.hub.importCapKw;
    const capped = this.cappedByImportCap;
    const m = this.monthPeakKw;
    const above = this.dischargeAboveKw[day];
    if (above === Number.POSITIVE_INFINITY) {
      // No level yet: keep import below the cap, do not recharge.
      out.writeAll('dischargeAboveKw').set(cap.subarray(from, to), from);
      out.writeAll('chargeBelowKw').fill(Number.NEGATIVE_INFINITY, from, to);
      return;
    }
    const below = this.chargeBelowKw[day];
    if (this.chargeBelowKw === this.dischargeAboveKw && this.shareBelow === 1) {
      // One level both ways: the engine's fast held-level pass.
      const hold = out.writeAll('holdKw');
      const held = above > m ? above : m;
      // A day's level written step by step (docs/performance.md, "Online peak shaver").
      if (!capped || held <= view.hub.importCapLowestKw) for (let t = from; t < to; t++) hold[t] = held;
      else for (let t = from; t < to; t++) hold[t] = cap[t] < held ? cap[t] : held;
      return;
    }
    // max(min(level, cap), min(month, cap)) = min(max(level, month), cap), as above.
    const outAbove = out.writeAll('dischargeAboveKw');
    const outBelow = out.writeAll('chargeBelowKw');
    const a = above > m ? above : m;
    const c = below > m ? below : m;
    const s = this.shareBelow;
    if (!capped || a <= view.hub.importCapLowestKw) {
      const cs = c * s;
      for (let t = from; t < to; t++) {
        outAbove[t] = a;
        outBelow[t] = cs;
      }
      return;
    }
    for (let t = from; t < to; t++) {
      outAbove[t] = cap[t] < a ? cap[t] : a;
      outBelow[t] = (cap[t] < c ? cap[t] : c) * s;
    }
  }
}
