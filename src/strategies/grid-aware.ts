import type { PlanView, Planner } from '../engine/planner.js';
import type { Setpoints } from '../engine/setpoints.js';
import type { BatteryParams, ResolvedHub } from '../model/resolved.js';
import type { StrategySpec } from '../model/strategy.js';
import { quantileSorted } from '../stats.js';
import { jointMinimumPeak } from './joint-peak.js';
import { netLoadOf } from '../model/net-load.js';
import { lastLocalDays } from '../time/axis.js';
import { dailyLevels } from './peak-shaving.js';
import type { DaysBefore } from './days-before.js';

type GridAwareSpec = Extract<StrategySpec, { kind: 'grid-aware' }>;

/*
 * Grid-aware hubs: batteries that lower their substation's coincident load, not their own peak.
 *
 * The substation carries the background load bg_t (households, other customers: an input of the
 * rollout) and its terrains' grid exchange. A hub that shaves its own peak may discharge when the
 * substation is quiet and recharge when it is busy, and so raise the substation's peak; a grid-aware
 * hub acts on the substation's load instead. Two forms:
 *
 * - joint (perfect foresight, a bound): all hubs of a substation at once, the exact minimum of
 *   max_t (bg_t + other terrains_t + sum_i (x_i,t + p_i,t)) with every battery's own limits, each
 *   ending at least as full as it started (joint-peak.ts; HiGHS with two or more batteries). Each
 *   hub then runs that schedule (batteryKw) through the engine's physics. A battery recharges only
 *   under its hub's own import cap in force, as `optimal`'s does: room at the substation is no
 *   licence to import above the hub's connection or contract.
 *
 * - day-ahead (causal): the grid operator's congestion signal. For local day d it forecasts the
 *   substation's load without hubs, F_t, as the load measured one week before (the same weekday and
 *   hour), and each hub's own net load x^_i,t the same way. With the hubs' batteries merged into one
 *   (energies and powers summed, the lowest efficiencies), it takes the lowest level P_d that battery
 *   could hold F at that day (the recharge-aware day level of peak-shaving.ts) and sends hub i the
 *   import level
 *
 *     a_i,t = x^_i,t + w_i (P_d - F_t),     w_i = dischargeKw_i / sum_j dischargeKw_j,
 *
 *   so that, were the forecast right, the hubs together hold the substation at P_d: they discharge
 *   where F is above it and recharge where it is below. The hub discharges above a_i,t and recharges
 *   only below b_i,t = a_i,t - w_i m_d, on its measured load: its own forecast error falls on its
 *   battery, not on the substation. Both levels are lowered to the hub's own import cap in force
 *   where that is lower, as peak shaving's are: room at the substation is no licence to import above
 *   the hub's own connection or contract (a rollout counts import above the granted cap as energy
 *   not served), so a hub recharges only below its cap and discharges to hold its import at it.
 *
 *   The recharge margin m_d (kW) guards against the operator's own forecast error: a week-old
 *   forecast runs low on a cold morning, and hubs recharging into the room it saw would add their
 *   charge to a load already above what was forecast, and can lift the substation above its peak
 *   without hubs. m_d is the q-quantile (marginQuantile) of the operator's worst under-forecast of
 *   each of the MARGIN_WINDOW_DAYS days before d that had a forecast,
 *
 *     u_k = max_{t in day k} (L_t - F_t),     m_d = max(0, quantile_q { u_k : d - 28 <= k < d }),
 *
 *   with L the substation's load without hubs as measured; 0 while no day has been measured against
 *   a forecast. The hubs together then recharge only where F_t < P_d - m_d. Without a week of history
 *   (the first seven days, unless the days before the year are given: dayAheadSignal's memory, which
 *   a rollout gives from its second year and a sweep from a drawn year before) there is no
 *   signal: the hub discharges only above its import cap, if any, and does not recharge. The signal
 *   of a day uses only loads measured before the day.
 */

/** Days of the operator's forecast errors the recharge margin is learned from. */
const MARGIN_WINDOW_DAYS = 28;

/**
 * The days before a year the day-ahead signal reads when it has them (days-before.ts): the week its
 * forecast repeats, the MARGIN_WINDOW_DAYS whose misses set the recharge margin, and the head of a
 * local day they may end with (a UTC year's last hour), whose steps are forecast but which is no day
 * of the margin's.
 */
export const DAY_AHEAD_MEMORY_DAYS = 7 + MARGIN_WINDOW_DAYS + 1;

/** What a grid-aware hub was told to do for a run: an explicit battery schedule, or import levels. */
export type GridSignal = { readonly kind: 'schedule'; readonly batteryKw: Float64Array } | ({ readonly kind: 'levels' } & DayAheadLevels);

/**
 * A hub's day-ahead import levels (kW): discharge above importKw, recharge only below rechargeKw
 * (<= importKw), both at most the hub's import cap; where there is no signal, the import cap
 * (+Infinity without one) and -Infinity (the battery only holds the cap there).
 */
export interface DayAheadLevels {
  readonly importKw: Float64Array;
  readonly rechargeKw: Float64Array;
}

const signals = new WeakMap<ResolvedHub, Map<string, GridSignal>>();

/** Hand a hub the signal its strategy `name` runs with (the rollout, which knows the substation, does). */
export function prepareGridSignal(hub: ResolvedHub, name: string, signal: GridSignal): void {
  let byName = signals.get(hub);
  if (byName === undefined) signals.set(hub, (byName = new Map()));
  byName.set(name, signal);
}

/** The signal prepared for a hub's strategy; an error when there is none (outside a rollout). */
export function gridSignal(hub: ResolvedHub, name: string): GridSignal {
  const signal = signals.get(hub)?.get(name);
  if (signal === undefined) throw new Error(`grid-aware strategy "${name}" on hub "${hub.name}" has no substation signal: it runs in rollouts only`);
  return signal;
}

/**
 * The grid operator's day-ahead forecast of a load: what was measured one week (168 h) before, the
 * same weekday and hour (into `out`); in the first week from the steps before the column (`before`,
 * ending where it begins), NaN where those are not given either.
 */
export function weekBefore(loadKw: Float64Array, dt: number, out: Float64Array, before?: Float64Array): Float64Array {
  const week = Math.round(168 / dt);
  const h = before?.length ?? 0;
  for (let t = 0; t < loadKw.length; t++) out[t] = t >= week ? loadKw[t - week] : t - week + h >= 0 ? before![t - week + h] : Number.NaN;
  return out;
}

/**
 * Every battery's schedule at the joint minimum of the substation's peak (kW, > 0 charging), each
 * recharging under its hub's import cap importCapKw[i].
 */
export function jointSchedules(
  backgroundKw: Float64Array,
  netKw: readonly Float64Array[],
  batteries: readonly BatteryParams[],
  importCapKw: readonly Float64Array[],
  dt: number,
): Float64Array[] {
  return jointMinimumPeak(backgroundKw, netKw, batteries, dt, importCapKw).batteryKw;
}

/**
 * What the grid operator measured before a year, for its day-ahead signal (DAY_AHEAD_MEMORY_DAYS local
 * days, ending where the year begins): the substation's load without hubs and each hub's net load
 * (kW per step), and the days' starts in those columns (the last entry their end).
 */
export interface SignalMemory {
  readonly substationKw: Float64Array;
  readonly ownKw: readonly Float64Array[];
  readonly dayStarts: Int32Array;
  /** Whether the last day is only the head of a local day (DaysBefore.endsWithHead): no day of the margin's. */
  readonly endsWithHead: boolean;
}

/**
 * The day-ahead signal of a year (dayAheadLevels) from what the operator measures: the substation's
 * load without hubs (measuredKw) and each hub's net load (ownKw), each forecast by the week before
 * (weekBefore). With `memory`, the days before the year, the forecasts and the recharge margin's
 * misses run on over them as over any day, so the year's first week has a signal and a margin; without,
 * its first week has none. The levels of the year's steps (into `column`'s columns; views of them with
 * a memory).
 */
export function dayAheadSignal(
  memory: SignalMemory | null,
  measuredKw: Float64Array,
  ownKw: readonly Float64Array[],
  batteries: readonly BatteryParams[],
  importCapKw: readonly Float64Array[],
  dayStarts: Int32Array,
  dt: number,
  marginQuantile: number | null,
  column: (steps: number) => Float64Array = (n) => new Float64Array(n),
): DayAheadLevels[] {
  const n = measuredKw.length;
  const forecastKw = weekBefore(measuredKw, dt, column(n), memory?.substationKw);
  const own = ownKw.map((x, i) => weekBefore(x, dt, column(n), memory?.ownKw[i]));
  // The operator's misses on the days before, as on any day (their first week has no forecast).
  let earlierWorst: Float64Array | null = null;
  if (memory !== null && marginQuantile !== null) {
    const before = memory.substationKw;
    // Whole local days only: the head of one at the end (a UTC year's last hour) is no day of the margin's.
    const whole = memory.endsWithHead ? memory.dayStarts.subarray(0, memory.dayStarts.length - 1) : memory.dayStarts;
    earlierWorst = worstUnderForecasts(weekBefore(before, dt, column(before.length)), before, whole);
  }
  return dayAheadLevels(forecastKw, measuredKw, own, batteries, importCapKw, dayStarts, dt, marginQuantile, column, earlierWorst);
}

/**
 * Each hub's import levels per step from the day-ahead signal (kW; DayAheadLevels).
 * forecastKw: the operator's forecast of the substation's load without hubs for each step (NaN where
 * it has none); measuredKw: that load as measured (the recharge margin's errors, of days before the
 * day signalled only); ownForecastKw: each hub's forecast of its own net load (the same week-old
 * values); importCapKw: each hub's import cap in force per step (+Infinity: none), which both levels
 * never exceed; marginQuantile: q of the recharge margin, null for none. `column` supplies the hubs'
 * level columns and two working columns. earlierWorst: the worst under-forecast of each day before the
 * first (worstUnderForecasts, oldest first), which the first days' margins are learned from too.
 */
export function dayAheadLevels(
  forecastKw: Float64Array,
  measuredKw: Float64Array,
  ownForecastKw: readonly Float64Array[],
  batteries: readonly BatteryParams[],
  importCapKw: readonly Float64Array[],
  dayStarts: Int32Array,
  dt: number,
  marginQuantile: number | null,
  column: (steps: number) => Float64Array = (n) => new Float64Array(n),
  earlierWorst: Float64Array | null = null,
): DayAheadLevels[] {
  const n = forecastKw.length;
  const levels = ownForecastKw.map(() => ({ importKw: column(n), rechargeKw: column(n) }));
  const totalPower = batteries.reduce((s, b) => s + b.dischargeKw, 0);
  if (totalPower <= 0) {
    for (const [i, out] of levels.entries()) {
      out.importKw.set(importCapKw[i]);
      out.rechargeKw.fill(Number.NEGATIVE_INFINITY);
    }
    return levels;
  }
  const merged = mergedBattery(batteries);
  const [dayLevels] = dailyLevels(forecastKw, column(n).fill(0), dayStarts, merged, dt);
  // The room below the day's level, P_d - F_t, the same for every hub; NaN on a day without a signal
  // (no level, or a step without a forecast).
  const room = column(n);
  const days = dayStarts.length - 1;
  const signalled = new Uint8Array(Math.max(0, days));
  for (let d = 0; d < days; d++) signalled[d] = roomOfDay(forecastKw, dayLevels[d], dayStarts[d], dayStarts[d + 1], room) ? 1 : 0;
  const margins = marginQuantile === null ? new Float64Array(Math.max(0, days)) : rechargeMargins(forecastKw, measuredKw, dayStarts, marginQuantile, earlierWorst);
  for (const [i, b] of batteries.entries()) {
    const { importKw, rechargeKw } = levels[i];
    const cap = importCapKw[i];
    const w = b.dischargeKw / totalPower;
    // No signal: hold the cap only. The import cap where it is lower than the levels.
    importKw.set(cap);
    rechargeKw.fill(Number.NEGATIVE_INFINITY);
    for (let d = 0; d < days; d++) if (signalled[d] === 1) shareOfRoom(ownForecastKw[i], w, room, w * margins[d], cap, importKw, rechargeKw, dayStarts[d], dayStarts[d + 1]);
  }
  return levels;
}

/**
 * The recharge margin of each day (kW): the q-quantile of the worst under-forecasts
 * u_k = max (measured - forecast) of the MARGIN_WINDOW_DAYS days before it that had a forecast in
 * every step, at least 0; 0 while there is none. `earlierWorst`: u_k of the days before the first
 * (oldest first; NaN for a day without a forecast), which the window starts with.
 */
export function rechargeMargins(forecastKw: Float64Array, measuredKw: Float64Array, dayStarts: Int32Array, q: number, earlierWorst: Float64Array | null = null): Float64Array {
  const own = worstUnderForecasts(forecastKw, measuredKw, dayStarts);
  const e = earlierWorst?.length ?? 0;
  const worst = e === 0 ? own : new Float64Array(e + own.length);
  if (e > 0) {
    worst.set(earlierWorst!);
    worst.set(own, e);
  }
  const days = worst.length;
  // The window's worst under-forecasts, kept sorted as it moves a day at a time (day d - 1 in,
  // day d - 1 - MARGIN_WINDOW_DAYS out).
  const margins = new Float64Array(days);
  const window = new Float64Array(MARGIN_WINDOW_DAYS);
  let count = 0;
  for (let d = 1; d < days; d++) {
    const out = d - 1 - MARGIN_WINDOW_DAYS;
    if (out >= 0 && !Number.isNaN(worst[out])) {
      let i = 0;
      while (window[i] !== worst[out]) i++;
      window.copyWithin(i, i + 1, count--);
    }
    const u = worst[d - 1];
    if (!Number.isNaN(u)) {
      let i = count++;
      for (; i > 0 && window[i - 1] > u; i--) window[i] = window[i - 1];
      window[i] = u;
    }
    if (count > 0) margins[d] = Math.max(0, quantileSorted(window.subarray(0, count), q));
  }
  return e === 0 ? margins : margins.subarray(e);
}

/** The worst under-forecast of each day (kW), max over its steps of measured - forecast; NaN for a day with a step without a forecast. */
export function worstUnderForecasts(forecastKw: Float64Array, measuredKw: Float64Array, dayStarts: Int32Array): Float64Array {
  const days = Math.max(0, dayStarts.length - 1);
  const worst = new Float64Array(days);
  for (let d = 0; d < days; d++) {
    let u = Number.NEGATIVE_INFINITY;
    for (let t = dayStarts[d]; t < dayStarts[d + 1] && !Number.isNaN(u); t++) {
      const e = measuredKw[t] - forecastKw[t];
      u = Number.isNaN(e) || e > u ? e : u;
    }
    worst[d] = u;
  }
  return worst;
}

/** room = level - forecast over the steps from..to of a day (true), or NaN there when the day has no signal (false). */
function roomOfDay(forecastKw: Float64Array, level: number, from: number, to: number, room: Float64Array): boolean {
  let known = !Number.isNaN(level);
  for (let t = from; t < to && known; t++) known = !Number.isNaN(forecastKw[t]);
  if (!known) {
    room.fill(Number.NaN, from, to);
    return false;
  }
  for (let t = from; t < to; t++) room[t] = level - forecastKw[t];
  return true;
}

/**
 * A hub's levels in the steps from..to of a signalled day: its own forecast plus its share w of the
 * room below the level to discharge above, and that less its share `cut` of the margin to recharge
 * below, each at most the import cap of the step.
 */
function shareOfRoom(own: Float64Array, w: number, room: Float64Array, cut: number, capKw: Float64Array, importKw: Float64Array, rechargeKw: Float64Array, from: number, to: number): void {
  for (let t = from; t < to; t++) {
    const level = own[t] + w * room[t];
    const cap = capKw[t];
    importKw[t] = level < cap ? level : cap;
    rechargeKw[t] = level - cut < cap ? level - cut : cap;
  }
}

/**
 * The signal of one grid-aware hub whose substation's other load is known in full: otherKw, the
 * background plus every other terrain's exchange, none of them controlled (a sweep sizes one terrain
 * at a time). With one battery the two plans above become:
 *
 * - joint: the exact single-battery minimum of max_t (other_t + x_t + p_t) (joint-peak.ts, which
 *   takes the greedy and bisection of optimal.ts for one battery);
 * - day-ahead: the operator forecasts the substation's load without the hub's battery, other_t + x_t,
 *   and the hub its own net load x_t, both as measured a week before, and sends the levels
 *   a_t = x^_t + (P_d - F_t) and a_t - m_d (w = 1), m_d from its errors on other_t + x_t as measured.
 *   Given the days before the year (`before`, with the substation's other load: days-before.ts), the
 *   forecast and its misses run on over them, so the first week has a signal and a margin too;
 *   without them the first week has no signal.
 *
 * A battery that cannot move power idles (no level).
 */
export function aloneSignal(spec: GridAwareSpec, otherKw: Float64Array, hub: ResolvedHub, before: DaysBefore | null = null): GridSignal {
  const n = hub.axis.steps;
  const dt = hub.axis.stepHours;
  const b = hub.battery;
  if (!(b.capacityKwh > 0 && (b.chargeKw > 0 || b.dischargeKw > 0))) return idleSignal(n);
  const netKw = netLoadOf(hub);
  if (spec.plan === 'joint') return { kind: 'schedule', batteryKw: jointSchedules(otherKw, [netKw], [b], [hub.importCapKw], dt)[0] };
  const substationKw = new Float64Array(n);
  for (let t = 0; t < n; t++) substationKw[t] = otherKw[t] + netKw[t];
  let memory: SignalMemory | null = null;
  if (before !== null && before.substationOtherKw !== null) {
    // The last DAY_AHEAD_MEMORY_DAYS of the days before: the substation's load without the battery and the hub's net load.
    const { from, dayStarts } = lastLocalDays(before.dayStarts, DAY_AHEAD_MEMORY_DAYS);
    const own = new Float64Array(before.demandKw.length - from);
    const load = new Float64Array(own.length);
    for (let t = 0; t < own.length; t++) {
      own[t] = before.demandKw[from + t] - before.generationKw[from + t];
      load[t] = before.substationOtherKw[from + t] + own[t];
    }
    memory = { substationKw: load, ownKw: [own], dayStarts, endsWithHead: before.endsWithHead };
  }
  const [levels] = dayAheadSignal(memory, substationKw, [netKw], [b], [hub.importCapKw], hub.dayStarts, dt, spec.marginQuantile);
  return { kind: 'levels', ...levels };
}

/** The signal of a hub whose battery idles: no level, in the two columns given or new ones. */
export function idleSignal(steps: number, importKw: Float64Array = new Float64Array(steps), rechargeKw: Float64Array = new Float64Array(steps)): GridSignal {
  return { kind: 'levels', importKw: importKw.fill(Number.POSITIVE_INFINITY), rechargeKw: rechargeKw.fill(Number.NEGATIVE_INFINITY) };
}

/** The batteries as one: energies, powers and limits summed, the lowest efficiencies. */
function mergedBattery(batteries: readonly BatteryParams[]): BatteryParams {
  let capacityKwh = 0;
  let socMinKwh = 0;
  let socMaxKwh = 0;
  let socInitialKwh = 0;
  let chargeKw = 0;
  let dischargeKw = 0;
  for (const b of batteries) {
    capacityKwh += b.capacityKwh;
    socMinKwh += b.socMinKwh;
    socMaxKwh += b.socMaxKwh;
    socInitialKwh += b.socInitialKwh;
    chargeKw += b.chargeKw;
    dischargeKw += b.dischargeKw;
  }
  return {
    capacityKwh,
    socMinKwh,
    socMaxKwh,
    socInitialKwh,
    chargeKw,
    dischargeKw,
    chargeEfficiency: Math.min(...batteries.map((b) => b.chargeEfficiency)),
    dischargeEfficiency: Math.min(...batteries.map((b) => b.dischargeEfficiency)),
    selfDischargePerHour: Math.max(...batteries.map((b) => b.selfDischargePerHour)),
  };
}

/** A planner that carries out its substation signal over the whole axis. */
export class GridAware implements Planner {
  readonly windowSteps = 0;

  constructor(
    readonly name: string,
    private readonly signal: GridSignal,
  ) {}

  plan(view: PlanView, out: Setpoints): void {
    const { from, to } = view;
    out.clear(from, to);
    if (this.signal.kind === 'schedule') {
      out.writeAll('batteryKw').set(this.signal.batteryKw.subarray(from, to), from);
      return;
    }
    // The levels are columns of the whole axis already: the battery follows them, nothing is copied.
    out.follow('dischargeAboveKw', this.signal.importKw);
    out.follow('chargeBelowKw', this.signal.rechargeKw);
  }
}
