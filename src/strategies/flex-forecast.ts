import type { PlanView } from '../engine/planner.js';
import { stepCalendar } from '../flex/blocks.js';
import type { ResolvedHub } from '../model/resolved.js';
import { mergeSortedInto, quantileSorted } from '../stats.js';
import { DAY_MS, stepMs } from '../time/axis.js';
import type { DaysBefore } from './days-before.js';
import { MARGIN_MIN_DAYS } from './forecast-errors.js';

/**
 * The net load (kW) the day [start, end) is planned on, into `out` (index t - start): the day's own
 * (known: perfect foresight), or a forecast from the days before it: in each step the higher of the
 * day before and of the same weekday a week before at the same local clock time (ClockDay), so that
 * the energy reserved for the levels is not sold on a day lighter than the last week's like day.
 * The run's first week reads the days before the run where it has them (`memory`), else the day
 * before alone (a week before the axis), and its first day, with no day before, is planned as if its
 * load were above the levels all day (+Infinity): everything is reserved for them, nothing sold or
 * bid from the battery. `from` gets the step of the day before each step reads (-1: none, or a day
 * before the run).
 */
export function plannedNetLoad(view: PlanView, start: number, end: number, forecast: boolean, out: Float64Array, from: Int32Array, clock: ClockDay, memory: FlexMemory | null = null): Float64Array {
  if (!forecast) {
    for (let t = start; t < end; t++) {
      out[t - start] = view.demandKw[t] - view.generationKw[t];
      from[t - start] = t;
    }
    return out;
  }
  return sameClockForecast(view, 1, start, end, out, from, clock, memory);
}

/**
 * The forecast of the day [start, end) that a bid made a whole day ahead can know (a GOPACS lead of
 * 23-24 hours: the day before's step at the same clock time is not measured when the bid is made):
 * in each step the higher of two days before and a week before at the same local clock time, into
 * `out`, the steps of two days before into `from`; none (+Infinity, -1) on the first two days
 * without the days before the run.
 */
export function earlierForecast(view: PlanView, start: number, end: number, out: Float64Array, from: Int32Array, clock: ClockDay, memory: FlexMemory | null = null): Float64Array {
  return sameClockForecast(view, 2, start, end, out, from, clock, memory);
}

/**
 * In each step of the day [start, end) the higher of `back` days before and a week before at the same
 * local clock time, into `out`, the steps of `back` days before into `from` (-1 for a day before the
 * run); a day before the run is read from `memory`, the first alone where it lacks the week before
 * (a week before the axis without memory), none (+Infinity, -1) where it lacks the first.
 */
function sameClockForecast(view: PlanView, back: number, start: number, end: number, out: Float64Array, from: Int32Array, clock: ClockDay, memory: FlexMemory | null): Float64Array {
  const d = view.hub.dayIndex[start];
  const remembered = memory === null ? 0 : memory.dayStarts.length - 1;
  if (d - back < -remembered) {
    out.fill(Number.POSITIVE_INFINITY, 0, end - start);
    from.fill(-1, 0, end - start);
    return out;
  }
  const read = (day: number, higher: boolean, steps: Int32Array | null): void => {
    if (day >= 0) sameClockOf(view, clock, day, start, end, out, higher, steps);
    else rememberedClockOf(memory!, remembered + day, clock, start, end, out, higher, steps);
  };
  read(d - back, false, from);
  if (d - 7 >= -remembered) read(d - 7, true, null);
  return out;
}

/**
 * Day k of the days before the run (`memory`) read into the day [start, end) as sameClockOf reads a day
 * of the run: the days before are whole local days at the end of a year, whose clock has no change,
 * so clock slot s is the day's step s (its last step for a slot it lacks). `from` gets -1: no step of
 * the run (a bid offers no flexible load it has not measured in the run).
 */
function rememberedClockOf(memory: FlexMemory, k: number, clock: ClockDay, start: number, end: number, out: Float64Array, higher: boolean, from: Int32Array | null): void {
  const first = memory.dayStarts[k];
  const last = memory.dayStarts[k + 1] - 1;
  for (let t = start; t < end; t++) {
    const u = Math.min(first + clock.slot[t], last);
    const x = memory.netKw[u];
    if (!higher || x > out[t - start]) out[t - start] = x;
    if (from !== null) from[t - start] = -1;
  }
}

/**
 * The steps of one local day by wall-clock slot (StepCalendar.slot): a day-ahead forecast copies the
 * day before at the same local time, not at the same step index, which would be an hour off on and
 * after a 23- or 25-hour day and after a UTC axis's first local day (23 hours, from 01:00).
 */
export interface ClockDay {
  readonly slot: Uint16Array;
  /** For each slot of the day read, its step: the first of a slot the day has twice (October), the step before a slot it lacks (March), its first step for the slots before it begins. */
  readonly bySlot: Int32Array;
}

/** The net load of local day `day` at the same clock times as the day [start, end), into out (or the higher of it and out's: higher), and the steps read into `from`. */
function sameClockOf(view: PlanView, clock: ClockDay, day: number, start: number, end: number, out: Float64Array, higher: boolean, from: Int32Array | null): void {
  const { slot, bySlot } = clock;
  const first = view.hub.dayStarts[day];
  bySlot.fill(-1);
  for (let u = view.hub.dayStarts[day + 1] - 1; u >= first; u--) bySlot[slot[u]] = u;
  let last = first;
  for (let s = 0; s < bySlot.length; s++) {
    if (bySlot[s] < 0) bySlot[s] = last;
    else last = bySlot[s];
  }
  for (let t = start; t < end; t++) {
    const u = bySlot[slot[t]];
    const x = view.demandKw[u] - view.generationKw[u];
    if (!higher || x > out[t - start]) out[t - start] = x;
    if (from !== null) from[t - start] = u;
  }
}

/** The clock slots of a hub's axis and room for one day's steps by slot (`reuse` when it fits the axis). */
export function clockDayOf(hub: ResolvedHub, reuse?: ClockDay): ClockDay {
  const slot = stepCalendar(hub.axis).slot;
  const slots = Math.round(DAY_MS / stepMs(hub.axis));
  return reuse !== undefined && reuse.slot === slot && reuse.bySlot.length === slots ? reuse : { slot, bySlot: new Int32Array(slots) };
}

/** Local days of misses the causal plan's margin is learned from: the online levels' window. */
export const MISS_WINDOW_DAYS = 28;

/**
 * The misses of the causal plan's forecast over its last `windowDays` local days, kept sorted: in each
 * step e = measured net load - forecast (kW), e > 0 where the forecast ran low. A day's misses are
 * added once it is over, at the start of the next (a day planned without a forecast, the first,
 * adds none); the day leaving the window is taken out. The reserve the plan keeps for the levels
 * rests on the forecast plus their p-quantile, at least 0 and none until MARGIN_MIN_DAYS days are
 * in (MPC's margin, forecast-errors.ts, over a window as long as the online levels'). One column
 * holds the window sorted; a day comes in by a merge from the top and leaves by one pass.
 */
export class ForecastMisses {
  private readonly sorted: Float64Array;
  /** The window's days' misses, sorted, one slot of maxSteps per day (a ring), and their counts. */
  private readonly ring: Float64Array;
  private readonly ringCount: Int32Array;
  private count = 0;
  private days = 0;
  private next = 0;

  constructor(
    private readonly windowDays: number,
    private readonly maxSteps: number,
  ) {
    this.sorted = new Float64Array(windowDays * maxSteps);
    this.ring = new Float64Array(windowDays * maxSteps);
    this.ringCount = new Int32Array(windowDays);
  }

  /** Add a day's misses: measured net load over [start, start + n) less the forecast planned[0, n). */
  addDay(demandKw: Float64Array, generationKw: Float64Array, start: number, planned: Float64Array, n: number): void {
    const day = this.nextDay(n);
    for (let k = 0; k < n; k++) day[k] = demandKw[start + k] - generationKw[start + k] - planned[k];
    this.commit(day, n);
  }

  /** Add a day's misses measured before the run (missesBefore: one day's, in any order). */
  addMisses(misses: Float64Array): void {
    const n = Math.min(misses.length, this.maxSteps);
    const day = this.nextDay(n);
    day.set(misses.subarray(0, n));
    this.commit(day, n);
  }

  /** The ring's slot for the next day's n misses, the day it held taken out of the window. */
  private nextDay(n: number): Float64Array {
    const at = this.next * this.maxSteps;
    if (this.days >= this.windowDays) this.remove(at, this.ringCount[this.next]);
    return this.ring.subarray(at, at + n);
  }

  /** Sort the next day's misses in the ring and merge them into the window. */
  private commit(day: Float64Array, n: number): void {
    const slot = this.next;
    day.sort();
    this.ringCount[slot] = n;
    this.count = mergeSortedInto(this.sorted, this.count, day, n);
    this.next = (slot + 1) % this.windowDays;
    if (this.days < this.windowDays) this.days++;
  }

  /** The margin (kW): the p-quantile of the misses in the window, at least 0; 0 until MARGIN_MIN_DAYS days are in. */
  marginKw(p: number): number {
    if (this.days < MARGIN_MIN_DAYS || this.count === 0) return 0;
    const q = quantileSorted(this.sorted.subarray(0, this.count), p);
    return q > 0 ? q : 0;
  }

  /** Take the sorted misses ring[at, at + n) out of the window (equal values are alike: any of them goes). */
  private remove(at: number, n: number): void {
    const s = this.sorted;
    const out = this.ring;
    let j = 0;
    let w = 0;
    for (let i = 0; i < this.count; i++) {
      if (j < n && s[i] === out[at + j]) j++;
      else s[w++] = s[i];
    }
    this.count = w;
  }
}

/**
 * What a causal flex strategy remembers of the days before its run (days-before.ts): the net load of
 * the last local days before it, whole days only (the head of a local day at their end, a UTC year's
 * last hour, is left out: DaysBefore.endsWithHead), from which the
 * forecasts of the run's first week read, and the misses of the forecast over the last
 * MISS_WINDOW_DAYS of them, which its margin starts with.
 */
export interface FlexMemory {
  /** Net load (kW per step) of the last LAST_WEEK_DAYS whole local days before the run, oldest first. */
  readonly netKw: Float64Array;
  /** Their starts in netKw (days + 1 entries). */
  readonly dayStarts: Int32Array;
  /** The forecast's misses over the last MISS_WINDOW_DAYS whole days before the run, one column per day, oldest first (missesBefore). */
  readonly misses: readonly Float64Array[];
}

/** Days of net load the first week's forecasts read: the week before. */
const LAST_WEEK_DAYS = 7;

/**
 * Local days before a run a causal flex strategy asks for: the window of misses, the week before its
 * first day, and the head of a local day they may end with.
 */
export const FLEX_MEMORY_DAYS = MISS_WINDOW_DAYS + LAST_WEEK_DAYS + 1;

/** The memory of the days before a run (FlexMemory). */
export function flexMemoryOf(before: DaysBefore): FlexMemory {
  // Whole local days: the head of a local day at the end (a UTC year's last hour) is left out.
  const head = before.endsWithHead ? 1 : 0;
  const whole = Math.max(0, before.dayStarts.length - 1 - head);
  const first = Math.max(0, whole - LAST_WEEK_DAYS);
  const from = before.dayStarts[first];
  const to = before.dayStarts[whole];
  const netKw = new Float64Array(to - from);
  for (let u = from; u < to; u++) netKw[u - from] = before.demandKw[u] - before.generationKw[u];
  const dayStarts = before.dayStarts.slice(first, whole + 1).map((s) => s - from);
  return { netKw, dayStarts, misses: missesBefore(before, whole) };
}

/**
 * The misses a causal plan would have measured over the last MISS_WINDOW_DAYS of the first `days`
 * local days of `before` (the whole days before a run), oldest first, one column per day: each day
 * forecast as plannedNetLoad forecasts a day of the run, in each step the higher of the day before
 * and a week before (the day before alone in the first week of the days before; the first has no
 * forecast and no misses), less the measured net load. The days before a run are the last weeks of a
 * year, whose days have the same clock: a step reads the same step of the day it copies (a day
 * shorter than the day forecast, its last step for those it lacks).
 */
export function missesBefore(before: DaysBefore, days = before.dayStarts.length - 1): Float64Array[] {
  const { dayStarts, demandKw, generationKw } = before;
  const out: Float64Array[] = [];
  const net = (day: number, k: number): number => {
    const u = Math.min(dayStarts[day] + k, dayStarts[day + 1] - 1);
    return demandKw[u] - generationKw[u];
  };
  for (let d = Math.max(1, days - MISS_WINDOW_DAYS); d < days; d++) {
    const start = dayStarts[d];
    const misses = new Float64Array(dayStarts[d + 1] - start);
    for (let k = 0; k < misses.length; k++) {
      const forecast = d >= 7 ? Math.max(net(d - 1, k), net(d - 7, k)) : net(d - 1, k);
      misses[k] = demandKw[start + k] - generationKw[start + k] - forecast;
    }
    out.push(misses);
  }
  return out;
}

/** The memories of the days before the run remembered for a hub's causal flex strategies, by strategy name. */
const remembered = new WeakMap<ResolvedHub, Map<string, FlexMemory>>();

/** Give a hub's causal flex strategy `name` the days before its run: its first week's forecasts and its margin start from them. */
export function rememberDaysBefore(hub: ResolvedHub, name: string, before: DaysBefore): void {
  let byName = remembered.get(hub);
  if (byName === undefined) remembered.set(hub, (byName = new Map()));
  byName.set(name, flexMemoryOf(before));
}

/** The memory of the days before the run remembered for a hub's flex strategy `name`; null: none (it learns its first week). */
export function flexMemory(hub: ResolvedHub, name: string): FlexMemory | null {
  return remembered.get(hub)?.get(name) ?? null;
}
