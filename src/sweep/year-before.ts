import type { StrategySpec } from '../model/strategy.js';
import type { ResolvedHub } from '../model/resolved.js';
import { endsWithHead, type DaysBefore } from '../strategies/days-before.js';
import { daysRemembered } from '../strategies/registry.js';
import { lastLocalDays, localDayIndex, localDayStarts, yearAxis } from '../time/axis.js';
import type { WeatherDraw } from '../weather/draw.js';

/*
 * The year before a synthetic year, for the days a causal controller remembers.
 *
 * An online peak shaver sizes each day's level on the days before it, the grid operator's
 * day-ahead signal for a grid-aware hub repeats the week before and learns its margin from the days
 * before that, and MPC forecasts from the days before and learns its margin from their forecasts'
 * misses (strategies/days-before.ts). In the field they start the year with the weeks their
 * meters recorded; a rollout gives them the terrain's previous simulated year. A synthetic year has
 * no real year before it. Without one every draw would begin with them learning, the battery idle
 * but for the import cap for a week, and a draw whose peak fell in those days kept it: a sizing
 * answer would inherit that week (README "Sweeps and weather draws" says by how much).
 *
 * So each draw also draws the year before its calendar year: the same block bootstrap over the same
 * source years (weather/draw.ts), as an independent stream of the same seed and draw index (stream
 * 1), so it is the same whichever thread draws it. The controllers remember its last local days (as
 * many as the sweep's strategies read; each takes its own last days of them), and a design-year
 * threshold is sized on all of it: the terrain's demand as grown to the sweep year, the
 * configuration's generation and the rest of the substation on the days drawn. None of them is a day
 * of the year scored.
 */

/** A subject's remembered days: where they lie, and their columns for the current draw and configuration. */
export interface RememberedDays extends DaysBefore {
  /** The first remembered step on the year before's axis (UTC days of stepsPerDay steps from 1 January). */
  readonly fromStep: number;
  /** Each remembered step's step in the joined source columns, for the current draw. */
  readonly source: Int32Array;
  /** Written per draw (demand, the substation's other load) and per configuration (generation). */
  readonly demandKw: Float64Array;
  readonly generationKw: Float64Array;
}

/**
 * Where a subject's remembered days lie (the last local days before the calendar year of `base`),
 * for the strategies of its configurations; null when none reads a day before its run.
 * `substation`: whether the subject has a substation (its other load is remembered too).
 */
export function rememberedDaysOf(base: ResolvedHub, strategies: readonly StrategySpec[], substation: boolean): RememberedDays | null {
  const remembered = Math.max(0, ...strategies.map(daysRemembered));
  if (remembered === 0) return null;
  const year = new Date(base.axis.startMs).getUTCFullYear() - 1;
  const axis = yearAxis(year, base.axis.stepHours * 60);
  const { from: fromStep, dayStarts } = lastLocalDays(localDayStarts(localDayIndex(axis)), remembered);
  const steps = axis.steps - fromStep;
  return {
    dayStarts,
    fromStep,
    source: new Int32Array(steps),
    demandKw: new Float64Array(steps),
    generationKw: new Float64Array(steps),
    substationOtherKw: substation ? new Float64Array(steps) : null,
    endsWithHead: endsWithHead(axis),
  };
}

/**
 * The remembered days of one draw of the year before (`before`), from the source years' columns laid
 * end to end (`offsets`; the demand and, with a substation, its other load): into days.source,
 * days.demandKw and days.substationOtherKw.
 */
export function drawRememberedDays(days: RememberedDays, before: WeatherDraw, offsets: readonly number[], stepsPerDay: number, demandKw: Float64Array, substationOtherKw: Float64Array | null): void {
  const { source, fromStep } = days;
  for (let h = 0; h < source.length; h++) {
    const t = fromStep + h;
    const d = Math.floor(t / stepsPerDay);
    source[h] = offsets[before.sourceYear[d]] + before.sourceDay[d] * stepsPerDay + (t - d * stepsPerDay);
    days.demandKw[h] = demandKw[source[h]];
  }
  if (days.substationOtherKw !== null && substationOtherKw !== null) for (let h = 0; h < source.length; h++) days.substationOtherKw[h] = substationOtherKw[source[h]];
}

/**
 * The remembered days' generation with a configuration's PV (kWp x PV per kWp, plus the wind when the
 * source years have any, as the drawn year's generation): into days.generationKw.
 */
export function rememberedGeneration(days: RememberedDays, kwp: number, pvPerKwp: Float64Array, windKw: Float64Array | null): void {
  const { source, generationKw } = days;
  for (let h = 0; h < source.length; h++) {
    const pv = pvPerKwp[source[h]] * kwp;
    generationKw[h] = windKw === null ? pv : pv + windKw[source[h]];
  }
}
