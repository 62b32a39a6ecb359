import { netLoadOf } from '../model/net-load.js';
import type { BatteryParams, ResolvedHub } from '../model/resolved.js';
import type { HeldLevels, PlanView, Planner } from '../engine/planner.js';
import type { Setpoints } from '../engine/setpoints.js';
import { localMonthKey } from '../time/axis.js';
import type { DaysBefore } from './days-before.js';
import { quantile } from '../stats.js';
import { strategyName, type StrategySpec } from '../model/strategy.js';
import { sortedNetLoad } from './day-net-load.js';

/*
 * Peak shaving: a battery controller that holds the grid import at a level, and the maths of that level.
 *
 * With net load x = demand - generation and the level T_t of the step
 * (kW; where it comes from: below):
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
 * measured on the earlier days of the month (from the meter: the highest import of the window before,
 * PlanView.lastPeakImportKw, or in a batch run the same number from the engine's pass as it reaches
 * the next day, HeldLevels.levels), lowered to the import cap where T is. After a day the battery could not hold,
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
 *
 * The level it holds, and where it comes from.
 *
 * A day's level. With the day's net load x_t = demand - generation (kW), step length dt (h), a full
 * battery's usable energy E = (socMax - socMin) x eta_d (kWh), its discharge power D and charge power
 * C (kW) and round-trip efficiency eta = eta_c x eta_d, the day's level L_d is the lowest T with
 *
 *   T >= max(0, max_t x_t - D)                          the battery's power covers the highest step,
 *   sum_t (x_t - T)+ dt <= E                            the energy above T fits a full battery,
 *   sum_t (x_t - T)+ <= eta x sum_t min((T - x_t)+, C)  and can be charged back below T the same day,
 *
 * at most max(0, max_t x_t). The second is a water-filling level: with the day's values sorted from the
 * top v1 >= v2 >= ..., W = (v1 + ... + vm - E / dt) / m for the first m with W >= v(m+1); the third
 * keeps a large battery from a level it could never refill to (without it a bigger battery could set a
 * lower level, run empty and shave less). A rule that holds a level can still miss on a day heavier
 * than those it was sized on: that is what a rule costs.
 *
 * Where the threshold comes from (thresholdFrom):
 * - online (default, causal): day d recharges below T_d = the highest L_j of the `windowDays` days
 *   before d, and discharges above the highest L_j + marginShare x (P_j - L_j), with P_j the day's
 *   highest net load: a day heavier than those it was sized on then empties the battery less, at the
 *   cost of shaving less on a day like them. Without the days before the run (a rollout gives it the
 *   terrain's previous year, a run its designYear, a sweep a year drawn before each synthetic year)
 *   it learns for its first week.
 * - design-year (causal): the highest L_d over a design year, held all year: the hub on the axis of
 *   `designYear` in a run, the terrain's previous simulated year in a rollout.
 * - hindsight: the highest L_d over the very year it is scored on: a perfect-foresight bound (labelled
 *   so), since no controller knows its year's load in advance.
 * A thresholdKw is held as given; a thresholdQuantile is a quantile of the year's own net load (a bound
 * too). Every level but these two is lowered to the import cap in the steps where that is lower. On
 * top of any of them the controller remembers the import its meter has measured this billing month
 * and does not fight below it (the month's peak, above).
 */

/**
 * The highest day level over a year: the sizing rule of a designer who knows the whole year (on the
 * scored year itself: hindsight, a bound; on a design year: causal).
 *
 * The same number, to the bit, as the highest of every day's level (dailyLevels), from fewer of them:
 * a day's level lies between max(0, P_d - D) and max(0, P_d), with P_d its highest net load. So the
 * exact level of the day with the highest P_d comes first; a day whose max(0, P_d) is below the
 * highest level so far, or whose steps show in one pass that a level below it meets the day's three
 * conditions (DayLevel.surelyAtMost), both with room far above the rounding (roundingMargin), cannot
 * raise it, and its level is never worked out.
 */
export function autoThreshold(demandKw: Float64Array, generationKw: Float64Array, dayStarts: Int32Array, b: BatteryParams, dt: number): number {
  const days = Math.max(0, dayStarts.length - 1);
  const level = new DayLevel(demandKw, generationKw, dayStarts, b, dt);
  const dayMax = new Float64Array(days);
  const margin = roundingMargin(level, dayMaxima(demandKw, generationKw, dayStarts, dayMax));
  let first = 0;
  for (let d = 1; d < days; d++) if (dayMax[d] > dayMax[first]) first = d;
  let highest = 0;
  const settle = (d: number): void => {
    const l = level.level(d);
    if (l > highest) highest = l;
  };
  if (days > 0) settle(first);
  for (let d = 0; d < days; d++) {
    const p = dayMax[d];
    if (d === first || level.surelyBelow(d, p, highest, margin)) continue;
    settle(d);
  }
  return highest;
}

/** Every day's level L_d (kW) and highest net load P_d (kW): [levels, dayMax]. */
export function dailyLevels(demandKw: Float64Array, generationKw: Float64Array, dayStarts: Int32Array, b: BatteryParams, dt: number): [Float64Array, Float64Array] {
  const days = Math.max(0, dayStarts.length - 1);
  const levels = new Float64Array(days);
  const dayMax = new Float64Array(days);
  const day = new DayLevel(demandKw, generationKw, dayStarts, b, dt);
  for (let d = 0; d < days; d++) {
    levels[d] = day.level(d);
    dayMax[d] = day.highest;
  }
  return [levels, dayMax];
}

/**
 * The level of one day at a time (L_d above), from the net load of its steps, with the scratch
 * columns of the days' sorted values kept between days.
 */
class DayLevel {
  /** Usable energy of a full battery per step (kW x steps), its powers (kW) and round-trip efficiency. */
  readonly budget: number;
  readonly dischargeKw: number;
  readonly chargeKw: number;
  readonly roundTrip: number;
  /** No battery to speak of: a day's level is its highest net load (at least 0). */
  readonly none: boolean;
  /** The highest net load of the day last asked for (kW). */
  highest = 0;
  private readonly sorted: Float64Array;
  private readonly prefix: Float64Array;

  constructor(
    /** Demand and generation of each step of the days (kW): the net load is demand - generation. */
    private readonly demandKw: Float64Array,
    private readonly generationKw: Float64Array,
    private readonly dayStarts: Int32Array,
    b: BatteryParams,
    dt: number,
  ) {
    const usableKwh = (b.socMaxKwh - b.socMinKwh) * b.dischargeEfficiency;
    this.budget = usableKwh / dt;
    this.dischargeKw = b.dischargeKw;
    this.chargeKw = b.chargeKw;
    this.roundTrip = b.chargeEfficiency * b.dischargeEfficiency;
    this.none = usableKwh <= 0 || b.dischargeKw <= 0;
    let longest = 0;
    for (let d = 0; d + 1 < dayStarts.length; d++) longest = Math.max(longest, dayStarts[d + 1] - dayStarts[d]);
    // Both in one buffer: a typed array of more than a few values is a memory allocation of its own.
    const scratch = new Float64Array(2 * longest + 1);
    this.sorted = scratch.subarray(0, longest);
    this.prefix = scratch.subarray(longest);
  }

  /** The level of day d (kW); sets `highest` to the day's highest net load. */
  level(d: number): number {
    const { sorted, prefix } = this;
    const start = this.dayStarts[d];
    const n = this.dayStarts[d + 1] - start;
    // The day's net load, sorted ascending (docs/performance.md, "Online peak shaver").
    sortedNetLoad(this.demandKw, this.generationKw, start, n, sorted);
    const highest = n > 0 ? sorted[n - 1] : 0;
    this.highest = highest;
    if (this.none) return Math.max(0, highest);
    for (let k = 0; k < n; k++) prefix[k + 1] = prefix[k] + sorted[k];
    return dayLevelOf(sorted, n, prefix, highest, this.budget, this.dischargeKw, this.chargeKw, this.roundTrip);
  }

  /**
   * Whether day d's level is surely below q (kW), by `margin` or more: its highest net load P (>= 0)
   * is, or one pass over its steps shows q - 2 margin meets the day's three conditions (surelyAtMost).
   */
  surelyBelow(d: number, highest: number, q: number, margin: number): boolean {
    return Math.max(0, highest) < q - margin || this.surelyAtMost(d, highest, q - 2 * margin, margin);
  }

  /**
   * Whether day d's raised level, L + s (P - L)+ (raisedLevel), is surely below q (kW): P + margin is,
   * or (s < 1) L is surely at most (q - 2 margin - s P) / (1 - s), where L + s (P - L) < q; with s = 1
   * the raised level is P itself.
   */
  raisedSurelyBelow(d: number, highest: number, q: number, marginShare: number, margin: number): boolean {
    if (Math.max(0, highest) + margin < q - margin) return true;
    return highest > 0 && marginShare < 1 && this.surelyAtMost(d, highest, (q - 2 * margin - marginShare * highest) / (1 - marginShare), margin);
  }

  /**
   * Whether day d's level is surely at most t (kW), from its highest net load P and one pass over its
   * steps, without a sort: t satisfies the three conditions of a day's level (t >= max(0, P - D),
   * A(t) <= E / dt, A(t) <= eta x R(t)) with `margin` (kW) to spare, far more than the rounding of
   * either way of adding them up. False when unsure.
   */
  surelyAtMost(d: number, highest: number, t: number, margin: number): boolean {
    if (this.none || t < margin || highest - t > this.dischargeKw - margin) return false;
    const { demandKw, generationKw } = this;
    const start = this.dayStarts[d];
    const end = this.dayStarts[d + 1];
    const c = this.chargeKw;
    let above = 0;
    let twiceRecharge = (end - start) * c;
    for (let k = start; k < end; k++) {
      // Without branches (which side of t a step is on is no pattern to predict, and Math.min and
      // Math.max branch): with the room r = t - x, (|r| - r) / 2 = (x - t)+ and (r + |r|) / 2 = r+,
      // both exact; min(r+, C) = (r+ + C - |r+ - C|) / 2, the C of every step added up front.
      const room = t - (demandKw[k] - generationKw[k]);
      const size = Math.abs(room);
      above += (size - room) * 0.5;
      const up = (room + size) * 0.5;
      twiceRecharge += up - Math.abs(up - c);
    }
    const recharge = twiceRecharge * 0.5;
    return above <= this.budget - margin && above - this.roundTrip * recharge <= -margin;
  }
}

/**
 * One day's level from its n values sorted ascending (day[0..n), and their prefix sums): the lowest
 * T >= max(0, highest - D) whose energy above T, A(T) = sum (x - T)+ (kW x steps), fits the full
 * battery's budget and can be recharged below T the same day, A(T) <= roundTrip x R(T) with
 * R(T) = sum min((T - x)+, C); at most the day's highest (>= 0). A falls and R rises with T, both
 * piecewise linear with breaks at the values x and x + C: walking up the breaks from the energy
 * level, with the sums of the values above T, below T and more than C below T kept as T passes
 * them, the root of A - roundTrip x R is found on its linear piece exactly.
 */
function dayLevelOf(day: Float64Array, n: number, prefix: Float64Array, highest: number, budget: number, dischargeKw: number, chargeKw: number, roundTrip: number): number {
  const top = Math.max(0, highest);
  let level = Math.max(0, highest - dischargeKw);
  if (aboveSorted(day, n, prefix, level) > budget) level = Math.max(level, dayLevel(day, n, prefix, budget));
  // (Not below the top, or a day without numbers, such as a forecast's first week: the top.)
  if (!(level < top)) return top;
  // Values day[i..] are at or above T (A counts them), day[j..i) are within C below it (R counts
  // T - x), day[..j) further below (R counts C).
  let i = countBelow(day, n, level);
  let j = countBelow(day, n, level - chargeKw);
  let lo = level;
  let gLo = gapAt(prefix, n, i, j, lo, chargeKw, roundTrip);
  if (gLo <= 0) return lo;
  for (;;) {
    const nextX = i < n ? day[i] : Number.POSITIVE_INFINITY;
    const nextY = j < n ? day[j] + chargeKw : Number.POSITIVE_INFINITY;
    const b = Math.min(nextX, nextY, top);
    const gB = gapAt(prefix, n, i, j, b, chargeKw, roundTrip);
    if (gB <= 0) return b === lo ? lo : lo + (gLo * (b - lo)) / (gLo - gB);
    if (b === top || (i >= n && j >= n)) return top;
    if (nextX <= nextY || j >= n) i++;
    else j++;
    lo = b;
    gLo = gB;
  }
}

/**
 * A(T) - roundTrip x R(T) at T (kW x steps), with the values day[i..n) at or above T, day[j..i)
 * within C below it and day[..j) further below (dayLevelOf), from the prefix sums.
 */
function gapAt(prefix: Float64Array, n: number, i: number, j: number, t: number, chargeKw: number, roundTrip: number): number {
  return prefix[n] - prefix[i] - t * (n - i) - roundTrip * (chargeKw * j + t * (i - j) - (prefix[i] - prefix[j]));
}

/**
 * The water-filling level of a day's n values sorted ascending: the lowest T with sum (x - T)+ =
 * budget (kW x steps), W = (v1 + ... + vm - budget) / m over the top m values for the first m with
 * W >= v(m+1).
 */
function dayLevel(day: Float64Array, n: number, prefix: Float64Array, budget: number): number {
  for (let m = 1; m < n; m++) {
    const w = (prefix[n] - prefix[n - m] - budget) / m;
    if (w >= day[n - m - 1]) return w;
  }
  return n > 0 ? (prefix[n] - budget) / n : 0;
}

/** The number of the n sorted values day[0..n) below t (strictly). */
function countBelow(day: Float64Array, n: number, t: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (day[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** sum over the day of (x - T)+ (kW x steps), from the sorted values and their prefix sums. */
function aboveSorted(day: Float64Array, n: number, prefix: Float64Array, t: number): number {
  const k = countBelow(day, n, t);
  return prefix[n] - prefix[k] - t * (n - k);
}

/**
 * The level an online controller discharges above, from a day's level L and highest net load P (kW):
 * L + marginShare x (P - L)+, the level raised by a share of the depth the battery shaved that day.
 */
function raisedLevel(levelKw: number, highestKw: number, marginShare: number): number {
  return levelKw + marginShare * (highestKw > levelKw ? highestKw - levelKw : 0);
}

/** Days an online controller without history learns before it shaves (a full weekly cycle). */
export const LEARNING_DAYS = 7;

/**
 * The online level of each day (kW): the highest level of the `windowDays` days before it, the days
 * of `history` (the levels of the days just before the first, oldest first) included. Without history
 * the controller learns for its first LEARNING_DAYS days (+Infinity: the battery shaves only above the
 * import cap): sized on a day or two, the level would come from a holiday or a weekend and fail on
 * the first working day. Reads only the days before the day it sets. Into `out` (a new column when
 * not given).
 */
export function onlineDayLevels(
  levels: Float64Array,
  windowDays: number,
  history: Float64Array | null = null,
  out: Float64Array = new Float64Array(levels.length),
): Float64Array {
  const days = levels.length;
  windowMaxima(levels, days, 0, 0, windowDays, history, out);
  if (history === null || history.length === 0) out.fill(Number.POSITIVE_INFINITY, 0, Math.min(days, LEARNING_DAYS));
  return out;
}

/**
 * The highest of a column over each window read (days j - windowDays .. j - 1, for j from `first` to
 * days - 1), into out[j]: the days from `lowest` of `values` and the days of `history` before the
 * first (oldest first: days -before .. -1); -Infinity for a window without days. As the window moves
 * it keeps its highest value and the last day that has it, and looks among the window's days again
 * only when that day leaves the window.
 */
function windowMaxima(values: Float64Array, days: number, lowest: number, first: number, windowDays: number, history: Float64Array | null, out: Float64Array): void {
  const before = history?.length ?? 0;
  let top = Number.NEGATIVE_INFINITY;
  let topDay = 0;
  for (let j = lowest; j < days; j++) {
    if (j >= first) {
      const from = j - windowDays;
      if (j === first || topDay < from) {
        top = Number.NEGATIVE_INFINITY;
        topDay = from - 1;
        for (let h = Math.max(-before, from); h < 0; h++) {
          if (history![h + before] >= top) {
            top = history![h + before];
            topDay = h;
          }
        }
        for (let d = Math.max(lowest, from); d < j; d++) {
          if (values[d] >= top) {
            top = values[d];
            topDay = d;
          }
        }
      }
      out[j] = top;
    }
    if (values[j] >= top) {
      top = values[j];
      topDay = j;
    }
  }
}

/**
 * The online levels of each day (kW), as onlineDayLevels gives them from every day's level and, when
 * marginShare > 0, from every day's level raised by the margin, L_d + marginShare x (P_d - L_d)+:
 * the levels it recharges below (charge) and discharges above (discharge; null when marginShare is 0).
 *
 * The same numbers, to the bit, from fewer day levels. A day's level matters only where it is the
 * highest of a window, and it lies between max(0, P_d - D) and max(0, P_d). So: first the exact
 * level of the day with the highest P_d in each window (usually its highest level too); with those
 * and the lower bounds of the other days, a lower bound of each window's highest level; a day whose
 * level is surely below that bound in every window it is in (its highest net load is, or one pass
 * over its steps shows the bound satisfies its three conditions with room to spare) cannot be the
 * highest of any, and its level is never worked out (-Infinity stands for it). Nor is that of a day
 * that is in no window read: the last day, and the days before the first week of a controller that
 * learns.
 */
export function onlineLevels(
  demandKw: Float64Array,
  generationKw: Float64Array,
  dayStarts: Int32Array,
  b: BatteryParams,
  dt: number,
  windowDays: number,
  marginShare: number,
  history: { raised: Float64Array; full: Float64Array } | null,
): { charge: Float64Array; discharge: Float64Array | null } {
  const days = Math.max(0, dayStarts.length - 1);
  const before = history?.full.length ?? 0;
  // The columns of days below are views of two buffers (a typed array of more than a few values is
  // a memory allocation of its own).
  const work = new Float64Array(7 * days);
  const column = (k: number): Float64Array => work.subarray(k * days, (k + 1) * days);
  const counts = new Int32Array(3 * (days + 1));
  const indices = (k: number): Int32Array => counts.subarray(k * (days + 1), (k + 1) * (days + 1));
  const levels = column(0).fill(Number.NEGATIVE_INFINITY);
  const raised = marginShare === 0 ? null : column(1).fill(Number.NEGATIVE_INFINITY);
  const dayMax = column(2);
  const level = new DayLevel(demandKw, generationKw, dayStarts, b, dt);
  // The windows read: those of the days from `first` (a controller without history learns first).
  const first = before > 0 ? 0 : LEARNING_DAYS;
  // The days they hold.
  const lowest = Math.max(0, first - windowDays);
  const highest = days - 2;
  const exact = indices(0);
  const margin = roundingMargin(level, dayMaxima(demandKw, generationKw, dayStarts, dayMax));
  if (!Number.isFinite(margin)) {
    for (let d = lowest; d <= highest; d++) settleDay(d, level, marginShare, dayMax, levels, raised, exact);
  } else {
    // The exact level of the day with the highest P_d of each window read (a monotone queue).
    const queue = indices(1);
    let head = 0;
    let tail = 0;
    for (let j = lowest; j < days; j++) {
      if (j >= first) {
        while (head < tail && queue[head] < j - windowDays) head++;
        if (head < tail && exact[queue[head]] === 0) settleDay(queue[head], level, marginShare, dayMax, levels, raised, exact);
      }
      while (head < tail && dayMax[queue[tail - 1]] <= dayMax[j]) tail--;
      queue[tail++] = j;
    }
    // A lower bound of each window's highest level (and raised level): the exact levels so far, and
    // max(0, P_d - D) for the others (raised, less the margin).
    const lowerL = column(3);
    const lowerR = column(4);
    for (let d = lowest; d <= highest; d++) {
      if (exact[d] === 1) {
        lowerL[d] = levels[d];
        if (raised !== null) lowerR[d] = raised[d];
        continue;
      }
      const p = dayMax[d];
      const lo = Math.max(0, p - level.dischargeKw);
      lowerL[d] = lo;
      lowerR[d] = raisedLevel(lo, p, marginShare) - margin;
    }
    const boundL = windowHighest(lowerL, lowest, first, windowDays, history?.full ?? null, column(5));
    const boundR = raised === null ? null : windowHighest(lowerR, lowest, first, windowDays, history?.raised ?? null, column(6));
    // Each day against the lowest bound of the windows it is in (days d + 1 .. d + windowDays).
    head = 0;
    tail = 0;
    const queueR = indices(2);
    let headR = 0;
    let tailR = 0;
    let next = first;
    for (let d = lowest; d <= highest; d++) {
      const last = Math.min(days - 1, d + windowDays);
      for (; next <= last; next++) {
        while (head < tail && boundL[queue[tail - 1]] >= boundL[next]) tail--;
        queue[tail++] = next;
        if (boundR !== null) {
          while (headR < tailR && boundR[queueR[tailR - 1]] >= boundR[next]) tailR--;
          queueR[tailR++] = next;
        }
      }
      while (queue[head] <= d) head++;
      if (boundR !== null) while (queueR[headR] <= d) headR++;
      if (exact[d] === 1) continue;
      const p = dayMax[d];
      const q = boundL[queue[head]];
      if (!level.surelyBelow(d, p, q, margin)) {
        settleDay(d, level, marginShare, dayMax, levels, raised, exact);
        continue;
      }
      if (boundR === null) continue;
      const qr = boundR[queueR[headR]];
      if (!level.raisedSurelyBelow(d, p, qr, marginShare, margin)) settleDay(d, level, marginShare, dayMax, levels, raised, exact);
    }
  }
  // The two results in one buffer too.
  const out = new Float64Array((raised === null ? 1 : 2) * days);
  return {
    charge: onlineDayLevels(levels, windowDays, history?.full ?? null, out.subarray(0, days)),
    discharge: raised === null ? null : onlineDayLevels(raised, windowDays, history?.raised ?? null, out.subarray(days)),
  };
}

/**
 * Each day's highest net load P_d (kW, into dayMax; 0 for a day without steps), and the scale of the
 * rounding in adding up a day's values: the largest |net load| (kW) times the longest day (steps).
 */
function dayMaxima(demandKw: Float64Array, generationKw: Float64Array, dayStarts: Int32Array, dayMax: Float64Array): number {
  let largest = 0;
  let longest = 0;
  for (let d = 0; d < dayMax.length; d++) {
    const start = dayStarts[d];
    const end = dayStarts[d + 1];
    let top = Number.NEGATIVE_INFINITY;
    for (let t = start; t < end; t++) {
      const x = demandKw[t] - generationKw[t];
      if (x > top) top = x;
      if (-x > largest) largest = -x;
    }
    dayMax[d] = end > start ? top : 0;
    if (top > largest) largest = top;
    if (end - start > longest) longest = end - start;
  }
  return longest * largest;
}

/**
 * Room (kW) far above the rounding of a day's sums (about n^2 x 1e-16 of the values, for `scale`
 * from dayMaxima) and of the level's interpolation (divided by the slope of its gap, at least
 * min(1, eta)): a day shown lower by this much is surely lower. +Infinity when no day can be shown
 * lower (no battery to speak of, or none that gives back energy): every level is then worked out.
 */
function roundingMargin(level: DayLevel, scale: number): number {
  if (level.none || level.roundTrip <= 0) return Number.POSITIVE_INFINITY;
  return (1e-9 * (scale + level.budget + level.dischargeKw + level.chargeKw)) / Math.min(1, level.roundTrip);
}

/** Work out day d's level (and raised level) exactly into `levels` (and `raised`), and mark it in `exact`. */
function settleDay(d: number, level: DayLevel, marginShare: number, dayMax: Float64Array, levels: Float64Array, raised: Float64Array | null, exact: Int32Array): void {
  const l = level.level(d);
  levels[d] = l;
  if (raised !== null) raised[d] = raisedLevel(l, dayMax[d], marginShare);
  exact[d] = 1;
}

/**
 * The highest of `values` over each window read (days j - windowDays .. j - 1 for j >= first, the
 * days of `history` before the first included), for the days from `lowest`; -Infinity elsewhere
 * (into `out`).
 */
function windowHighest(values: Float64Array, lowest: number, first: number, windowDays: number, history: Float64Array | null, out: Float64Array): Float64Array {
  const days = values.length;
  out.fill(Number.NEGATIVE_INFINITY);
  windowMaxima(values, days, lowest, first, windowDays, history, out);
  return out;
}

/**
 * The levels of the days before the first (kW, oldest first), as an online controller starts with
 * them (onlineLevels' `history`): as sized (full) and raised by the margin (raised, L_d + marginShare x
 * (P_d - L_d)+; the same column as full when marginShare is 0), from those days' demand and generation
 * (the days of `dayStarts`). Every window of the days from the first holds the last days of the
 * history, so a day whose level is below the highest of the days after it is the highest of no
 * window: it stays -Infinity, and its level is never worked out (shown lower by its highest net load
 * or one pass over its steps, as in onlineLevels). The windows' highest values are the same numbers,
 * to the bit, as from every day's level.
 */
export function historyLevels(demandKw: Float64Array, generationKw: Float64Array, dayStarts: Int32Array, b: BatteryParams, dt: number, marginShare: number): { raised: Float64Array; full: Float64Array } {
  const days = Math.max(0, dayStarts.length - 1);
  const columns = new Float64Array((marginShare === 0 ? 2 : 3) * days).fill(Number.NEGATIVE_INFINITY);
  const full = columns.subarray(0, days);
  const raised = marginShare === 0 ? full : columns.subarray(2 * days);
  const dayMax = columns.subarray(days, 2 * days);
  const level = new DayLevel(demandKw, generationKw, dayStarts, b, dt);
  const margin = roundingMargin(level, dayMaxima(demandKw, generationKw, dayStarts, dayMax));
  const sure = Number.isFinite(margin);
  // The highest exact level (and raised level) of the days after d.
  let afterL = Number.NEGATIVE_INFINITY;
  let afterR = Number.NEGATIVE_INFINITY;
  for (let d = days - 1; d >= 0; d--) {
    const p = dayMax[d];
    let needed = !sure || !level.surelyBelow(d, p, afterL, margin);
    if (!needed && marginShare > 0) needed = !level.raisedSurelyBelow(d, p, afterR, marginShare, margin);
    if (!needed) continue;
    const l = level.level(d);
    full[d] = l;
    if (l > afterL) afterL = l;
    if (marginShare === 0) continue;
    raised[d] = raisedLevel(l, p, marginShare);
    if (raised[d] > afterR) afterR = raised[d];
  }
  return { raised, full };
}

/** A peak-shaving spec. */
type PeakShavingSpec = Extract<StrategySpec, { kind: 'peak-shaving' }>;

/** What a threshold is sized on besides the scored year, prepared for a hub, by strategy name. */
interface Prepared {
  /** design-year: the highest day level of the design year (kW). */
  designKw?: number;
  /** online: the levels of the days before the first (kW), oldest first: raised by the margin, and as sized. */
  history?: { raised: Float64Array; full: Float64Array };
}
const prepared = new WeakMap<ResolvedHub, Map<string, Prepared>>();

function preparedFor(hub: ResolvedHub, spec: PeakShavingSpec): Prepared {
  let byName = prepared.get(hub);
  if (byName === undefined) prepared.set(hub, (byName = new Map()));
  const name = strategyName(spec);
  let p = byName.get(name);
  if (p === undefined) byName.set(name, (p = {}));
  return p;
}

/**
 * How many local days before its run a peak shaver of `spec` reads: the whole year before
 * (+Infinity) for a design-year threshold, windowDays for an online one, none (0) for a threshold
 * given or sized in hindsight, and for any other strategy.
 */
export function peakShavingMemoryDays(spec: StrategySpec): number {
  if (spec.kind !== 'peak-shaving' || spec.thresholdKw !== undefined || spec.thresholdQuantile !== undefined) return 0;
  if (spec.thresholdFrom === 'design-year') return Number.POSITIVE_INFINITY;
  return spec.thresholdFrom === 'online' ? spec.windowDays : 0;
}

/**
 * Give a peak shaver the days before its run, up to the start of the run (`before`: kW per step of its
 * demand and generation, its local days): a design-year threshold is sized on all of them (the year
 * before); an online one starts with the levels of the last windowDays whole days of them in memory
 * instead of learning its first week. Nothing for a threshold given or sized in hindsight.
 */
export function prepareYearBefore(hub: ResolvedHub, spec: PeakShavingSpec, before: DaysBefore, dt: number): void {
  if (spec.thresholdKw !== undefined || spec.thresholdQuantile !== undefined) return;
  const { demandKw, generationKw, dayStarts } = before;
  if (spec.thresholdFrom === 'design-year') preparedFor(hub, spec).designKw = autoThreshold(demandKw, generationKw, dayStarts, hub.battery, dt);
  else if (spec.thresholdFrom === 'online') {
    // Whole local days: the head of a local day at the end (a UTC year's last hour) is left out.
    const days = dayStarts.length - 1 - (before.endsWithHead && dayStarts.length > 1 ? 1 : 0);
    const starts = dayStarts.subarray(Math.max(0, days - spec.windowDays), days + 1);
    preparedFor(hub, spec).history = historyLevels(demandKw, generationKw, starts, hub.battery, dt, spec.marginShare);
  }
}

/**
 * The level of each step (kW) a peak shaver discharges above, before its memory of the month's peak
 * (see the file header): +Infinity on a step without a threshold (an online threshold's first week).
 */
export function peakShavingThreshold(spec: PeakShavingSpec, hub: ResolvedHub): Float64Array {
  const { dischargeAboveKw, cappedByImportCap } = peakShavingLevels(spec, hub);
  const out = new Float64Array(hub.axis.steps);
  for (let d = 0; d < dischargeAboveKw.length; d++) out.fill(dischargeAboveKw[d], hub.dayStarts[d], hub.dayStarts[d + 1]);
  if (cappedByImportCap) for (let t = 0; t < out.length; t++) if (hub.importCapKw[t] < out[t] && out[t] !== Number.POSITIVE_INFINITY) out[t] = hub.importCapKw[t];
  return out;
}

/**
 * The levels of each local day (kW) a peak shaver discharges above and recharges below (one array,
 * the same object, when they are one level), and whether they are lowered to the import cap of each
 * step where that is lower: every level but a given thresholdKw or thresholdQuantile is.
 */
export function peakShavingLevels(spec: PeakShavingSpec, hub: ResolvedHub): { dischargeAboveKw: Float64Array; chargeBelowKw: Float64Array; cappedByImportCap: boolean } {
  const given = spec.thresholdKw !== undefined || spec.thresholdQuantile !== undefined;
  if (!given && spec.thresholdFrom === 'online') {
    const history = prepared.get(hub)?.get(strategyName(spec))?.history ?? null;
    const { charge, discharge } = onlineLevels(hub.demandKw, hub.generationKw, hub.dayStarts, hub.battery, hub.axis.stepHours, spec.windowDays, spec.marginShare, history);
    return { dischargeAboveKw: discharge ?? charge, chargeBelowKw: charge, cappedByImportCap: true };
  }
  const level = new Float64Array(Math.max(0, hub.dayStarts.length - 1));
  if (spec.thresholdKw !== undefined) {
    level.fill(spec.thresholdKw);
    return { dischargeAboveKw: level, chargeBelowKw: level, cappedByImportCap: false };
  }
  if (spec.thresholdQuantile !== undefined) {
    level.fill(quantile(netLoadOf(hub), spec.thresholdQuantile));
    return { dischargeAboveKw: level, chargeBelowKw: level, cappedByImportCap: false };
  }
  if (spec.thresholdFrom === 'hindsight') level.fill(autoThreshold(hub.demandKw, hub.generationKw, hub.dayStarts, hub.battery, hub.axis.stepHours));
  else {
    const design = prepared.get(hub)?.get(strategyName(spec))?.designKw;
    if (design === undefined) throw new Error(`peak shaving "${strategyName(spec)}" sizes its threshold on a design year, but none was prepared for hub "${hub.name}". This is a bug in hubsim.`);
    level.fill(design);
  }
  return { dischargeAboveKw: level, chargeBelowKw: level, cappedByImportCap: true };
}

const monthsOfDays = new WeakMap<Int32Array, Int32Array>();

/** The billing month of each local day (Europe/Amsterdam), from the month of its first step; one per axis (its dayStarts). */
export function dayMonths(hub: ResolvedHub): Int32Array {
  let out = monthsOfDays.get(hub.dayStarts);
  if (out !== undefined) return out;
  const months = localMonthKey(hub.axis);
  const days = hub.dayStarts.length - 1;
  out = new Int32Array(Math.max(0, days));
  for (let d = 0; d < days; d++) out[d] = months[hub.dayStarts[d]];
  monthsOfDays.set(hub.dayStarts, out);
  return out;
}

/**
 * The peak shaver of one run (the file header says what it does). It plans the same levels as a
 * planner's windows (plan) or, in a batch run, inside the engine's held-level pass (heldLevels): a
 * local day's levels are set as the meter's peak of the day before is known either way.
 */
export class PeakShaving implements Planner, HeldLevels {
  readonly windowSteps = 0;
  /** One planning window per local day: the month's peak is read from the meter between days. */
  readonly windowStarts: Int32Array;
  readonly heldLevels: HeldLevels = this;
  readonly guardsCaps = false;
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
    const { hub, from, to } = view;
    out.clear(from, to);
    const day = this.dayOf(from, view.lastPeakImportKw);
    if (this.dischargeAboveKw[day] === Number.POSITIVE_INFINITY) this.learning(hub, from, to, out.writeAll('dischargeAboveKw'), out.writeAll('chargeBelowKw'));
    else if (this.chargeBelowKw === this.dischargeAboveKw && this.shareBelow === 1) {
      // One level both ways: the engine's fast held-level pass.
      const hold = out.writeAll('holdKw');
      this.held(hub, day, from, to, hold, hold, null);
    } else this.held(hub, day, from, to, out.writeAll('dischargeAboveKw'), out.writeAll('chargeBelowKw'), null);
  }

  levels(hub: ResolvedHub, from: number, to: number, lastPeakImportKw: number, above: Float64Array, below: Float64Array, level: Float64Array): boolean {
    const day = this.dayOf(from, lastPeakImportKw);
    if (this.dischargeAboveKw[day] !== Number.POSITIVE_INFINITY) return this.held(hub, day, from, to, above, below, level);
    this.learning(hub, from, to, above, below);
    return false;
  }

  /**
   * The local day of the window from `from`, with what the meter measured in the window before
   * counted for the day it was in, and the month's peak before the day when a new day starts.
   */
  private dayOf(from: number, lastPeakImportKw: number): number {
    if (this.planned && lastPeakImportKw > this.dayPeakKw) this.dayPeakKw = lastPeakImportKw;
    this.planned = true;
    const day = this.dayIndex[from];
    if (day !== this.day) {
      const sameMonth = this.day >= 0 && this.dayMonth[day] === this.dayMonth[this.day];
      this.monthPeakKw = sameMonth ? Math.max(this.monthPeakKw, this.dayPeakKw) : 0;
      this.dayPeakKw = 0;
      this.day = day;
    }
    return day;
  }

  /** No level yet: keep import below the cap, do not recharge. */
  private learning(hub: ResolvedHub, from: number, to: number, above: Float64Array, below: Float64Array): void {
    above.set(hub.importCapKw.subarray(from, to), from);
    below.fill(Number.NEGATIVE_INFINITY, from, to);
  }

  /**
   * The day's levels, no lower than the month's peak, in [from, to): discharge above (`above`) and
   * recharge below (`below`; one column for both is one level held both ways). Where they are the
   * same in every step (not lowered to a cap below them) and `level` is given, into level[0] and
   * level[1] instead, and true.
   */
  private held(hub: ResolvedHub, day: number, from: number, to: number, outAbove: Float64Array, outBelow: Float64Array, level: Float64Array | null): boolean {
    const cap = hub.importCapKw;
    const m = this.monthPeakKw;
    const above = this.dischargeAboveKw[day];
    const below = this.chargeBelowKw[day];
    // max(min(level, cap), min(month, cap)) = min(max(level, month), cap). With one level (the same
    // column, a share of 1) both writes are the same number: c = a and c x 1 = c.
    const a = above > m ? above : m;
    const c = below > m ? below : m;
    const s = this.shareBelow;
    // A day's levels written step by step (docs/performance.md, "Online peak shaver").
    if (!this.cappedByImportCap || a <= hub.importCapLowestKw) {
      const cs = c * s;
      if (level !== null) {
        level[0] = a;
        level[1] = cs;
        return true;
      }
      for (let t = from; t < to; t++) {
        outAbove[t] = a;
        outBelow[t] = cs;
      }
      return false;
    }
    for (let t = from; t < to; t++) {
      outAbove[t] = cap[t] < a ? cap[t] : a;
      outBelow[t] = (cap[t] < c ? cap[t] : c) * s;
    }
    return false;
  }
}
