import type { TopLevelSpec } from 'vega-lite';
import { fail, quote } from '../../errors.js';
import { amsterdamWallMs } from '../../time/amsterdam.js';
import { HOUR_MS, localDayIndex, stepMs, timeMsAt } from '../../time/axis.js';
import type { HubReportData } from './hub-data.js';
import { CHART_CONFIG, interleavedDash } from './render-svg.js';

/*
 * The charts of a hub report, as Vega-Lite specifications with their data inline. The data is
 * prepared here (sorting, counting, choosing the week); drawing is vega-lite's.
 */

/** The uncontrolled collective connection's curve name in every chart. */
export const NO_CONTROL = 'no control (demand - PV - wind)';
const DAY_MS = 24 * HOUR_MS;
const WIDTH = 900;

/** Points kept of a load-duration curve: enough for the eye, and the page stays small. */
export const LDC_POINTS = 400;

export interface DurationPoint {
  readonly curve: string;
  readonly hours: number;
  readonly kw: number;
}

/**
 * A load-duration curve: the grid exchange sorted from highest to lowest against the time it is
 * reached or exceeded. Sampled at LDC_POINTS evenly spaced ranks that always include the first
 * (the peak) and the last (the lowest value), so the ends are exact.
 */
export function durationCurve(curve: string, values: Float64Array, stepHours: number, points = LDC_POINTS): DurationPoint[] {
  const sorted = Float64Array.from(values).sort().reverse();
  const n = sorted.length;
  const k = Math.min(points, n);
  const out: DurationPoint[] = [];
  for (let i = 0; i < k; i++) {
    const idx = k === 1 ? 0 : Math.round((i * (n - 1)) / (k - 1));
    out.push({ curve, hours: (idx + 1) * stepHours, kw: sorted[idx] });
  }
  return out;
}

/** Curves before (no control) and after each strategy; a baseline strategy is the no-control curve itself. */
export function durationCurves(d: HubReportData): DurationPoint[] {
  const controlled = d.strategies.filter((s) => s.kind !== 'baseline');
  return [durationCurve(NO_CONTROL, d.netKw, d.axis.stepHours), ...controlled.map((s) => durationCurve(s.name, s.gridKw, d.axis.stepHours))].flat();
}

function curveNames(d: HubReportData): string[] {
  return [NO_CONTROL, ...d.strategies.filter((s) => s.kind !== 'baseline').map((s) => s.name)];
}

/**
 * The curves of a chart as line layers with dashes that take turns (interleavedDash): two strategies
 * that act alike (peak shaving with and without its guard, self-consumption and no control at the top
 * of the curve) draw the same path, and with solid lines the later would hide the earlier. Under the
 * dashes each curve is also drawn faint and solid, so a curve that runs alone reads as one line.
 */
function curveLayers(names: readonly string[], encoding: object, strokeWidth: number): object[] {
  const only = (name: string) => [{ filter: { field: 'curve', equal: name } }];
  return [
    ...names.map((name) => ({ transform: only(name), mark: { type: 'line', strokeWidth: 1, opacity: 0.35 }, encoding })),
    ...names.map((name, i) => ({ transform: only(name), mark: { type: 'line', strokeWidth, ...interleavedDash(i, names.length) }, encoding })),
  ];
}

export function ldcSpec(d: HubReportData): TopLevelSpec {
  const cap = d.results.strategies[d.strategies[0].name].metrics.importCapKw;
  const layers: object[] = [
    {
      data: { values: durationCurves(d) },
      layer: curveLayers(curveNames(d), {
        x: { field: 'hours', type: 'quantitative', title: 'hours the grid exchange is at or above (h)' },
        y: { field: 'kw', type: 'quantitative', title: 'grid exchange (kW, > 0 import)' },
        color: { field: 'curve', type: 'nominal', title: 'strategy', scale: { domain: curveNames(d) } },
      }, 1.5),
    },
  ];
  if (cap !== null && cap !== undefined) layers.push({ data: { values: [{ cap }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#c00' }, encoding: { y: { field: 'cap', type: 'quantitative' } } });
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: CHART_CONFIG, width: WIDTH, height: 320, layer: layers } as TopLevelSpec;
}

export interface HeatCell {
  readonly strategy: string;
  /** Local (Europe/Amsterdam) day of the axis, 1 = the first. */
  readonly day: number;
  readonly hour: number;
  /** Time above the import cap in this local day and hour (h; up to 1, or 2 in the autumn's repeated hour). */
  readonly hours: number;
}

/**
 * Time above the import cap per local day and hour, per strategy: the steps flagged "import above
 * cap" (flag bit 1, the same flags hoursAboveImportCap counts) times the step length. Only cells
 * with some time above the cap are listed.
 */
export function capHeatmap(d: HubReportData): HeatCell[] {
  const days = localDayIndex(d.axis);
  const out: HeatCell[] = [];
  for (const s of d.strategies) {
    const cells = new Map<number, number>();
    for (let t = 0; t < d.axis.steps; t++) {
      if ((s.flags[t] & 1) === 0) continue;
      const hour = new Date(amsterdamWallMs(timeMsAt(d.axis, t))).getUTCHours();
      const key = days[t] * 24 + hour;
      cells.set(key, (cells.get(key) ?? 0) + d.axis.stepHours);
    }
    for (const [key, hours] of [...cells].sort((a, b) => a[0] - b[0])) out.push({ strategy: s.name, day: Math.floor(key / 24) + 1, hour: key % 24, hours });
  }
  return out;
}

export function heatmapSpec(d: HubReportData, cells: readonly HeatCell[]): TopLevelSpec {
  const lastDay = localDayIndex(d.axis)[d.axis.steps - 1] + 1;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CHART_CONFIG,
    data: { values: cells.map((c) => ({ ...c, dayEnd: c.day + 1 })) },
    facet: { row: { field: 'strategy', type: 'nominal', title: null, sort: d.strategies.map((s) => s.name) } },
    spec: {
      width: WIDTH,
      height: 120,
      mark: 'rect',
      encoding: {
        x: { field: 'day', type: 'quantitative', title: 'local day of the year', scale: { domain: [1, lastDay + 1] } },
        x2: { field: 'dayEnd' },
        y: { field: 'hour', type: 'ordinal', title: 'local hour', scale: { domain: Array.from({ length: 24 }, (_, h) => h) }, axis: { values: [0, 6, 12, 18] } },
        color: { field: 'hours', type: 'quantitative', title: 'h above cap', scale: { scheme: 'orangered', domainMin: 0 } },
      },
    },
  } as TopLevelSpec;
}

/** The steps [from, to) of the week shown: 7 local days from a local midnight. */
export interface WeekWindow {
  readonly from: number;
  readonly to: number;
}

function firstStepAtOrAfter(d: HubReportData, wallMs: number): number {
  for (let t = 0; t < d.axis.steps; t++) if (amsterdamWallMs(timeMsAt(d.axis, t)) >= wallMs) return t;
  return d.axis.steps;
}

/**
 * The week shown: from `week` (YYYY-MM-DD, a local date), or by default from the local midnight three
 * days before the highest uncontrolled import, so the peak sits mid-week. Clamped into the axis.
 */
export function weekWindow(d: HubReportData, week?: string): WeekWindow {
  const perWeek = Math.round((7 * DAY_MS) / stepMs(d.axis));
  let startWall: number;
  if (week !== undefined) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(week);
    startWall = m === null ? NaN : Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    // Date.UTC rolls 2023-13-01 over into 2024; a real date reads back the same.
    if (Number.isFinite(startWall) && new Date(startWall).toISOString().slice(0, 10) !== week) startWall = NaN;
    const first = Math.floor(amsterdamWallMs(d.axis.startMs) / DAY_MS) * DAY_MS;
    const last = amsterdamWallMs(timeMsAt(d.axis, d.axis.steps - 1));
    if (!Number.isFinite(startWall) || startWall < first || startWall >= last) fail('report.badWeek', { field: '--week' }, `${quote(week)} is not a date (YYYY-MM-DD) within the run's axis`);
  } else {
    let peak = 0;
    for (let t = 1; t < d.axis.steps; t++) if (d.netKw[t] > d.netKw[peak]) peak = t;
    startWall = (Math.floor(amsterdamWallMs(timeMsAt(d.axis, peak)) / DAY_MS) - 3) * DAY_MS;
  }
  const from = Math.max(0, Math.min(firstStepAtOrAfter(d, startWall), d.axis.steps - perWeek));
  return { from, to: Math.min(d.axis.steps, from + perWeek) };
}

export function weekSpec(d: HubReportData, w: WeekWindow): TopLevelSpec {
  const grid: object[] = [];
  const soc: object[] = [];
  const price: object[] = [];
  const cap: object[] = [];
  for (let t = w.from; t < w.to; t++) {
    const time = amsterdamWallMs(timeMsAt(d.axis, t));
    grid.push({ time, curve: NO_CONTROL, kw: d.netKw[t] });
    for (const s of d.strategies) {
      if (s.kind === 'baseline') continue;
      grid.push({ time, curve: s.name, kw: s.gridKw[t] });
      soc.push({ time, curve: s.name, kwh: s.socKwh[t] });
    }
    price.push({ time, eurPerMwh: d.pricesEurPerMwh[t] });
    if (Number.isFinite(d.importCapKw[t])) cap.push({ time, kw: d.importCapKw[t] });
  }
  // Times are Europe/Amsterdam wall clock held as UTC, shown on a UTC scale: the axis reads local time
  // on any machine, whatever its time zone.
  const x = { field: 'time', type: 'temporal', scale: { type: 'utc' }, title: 'local time (Europe/Amsterdam)', axis: { format: '%a %d %b', tickCount: 7 } };
  const color = { field: 'curve', type: 'nominal', title: 'strategy', scale: { domain: curveNames(d) } };
  const gridLayers: object[] = [{ data: { values: grid }, layer: curveLayers(curveNames(d), { x, y: { field: 'kw', type: 'quantitative', title: 'grid import (kW)' }, color }, 1.5) }];
  const socNames = d.strategies.filter((s) => s.kind !== 'baseline').map((s) => s.name);
  if (cap.length > 0) gridLayers.push({ data: { values: cap }, mark: { type: 'line', strokeDash: [4, 4], color: '#c00' }, encoding: { x, y: { field: 'kw', type: 'quantitative' } } });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CHART_CONFIG,
    resolve: { scale: { color: 'shared' } },
    vconcat: [
      { width: WIDTH, height: 220, title: 'grid import (import cap dashed)', layer: gridLayers },
      // Only strategies that drive the battery have a state of charge (baseline does not): without one, no panel.
      ...(socNames.length === 0
        ? []
        : [{ width: WIDTH, height: 160, title: 'battery state of charge', data: { values: soc }, layer: curveLayers(socNames, { x, y: { field: 'kwh', type: 'quantitative', title: 'stored energy (kWh)' }, color }, 1.5) }]),
      { width: WIDTH, height: 140, title: 'NL day-ahead price', data: { values: price }, mark: { type: 'line', strokeWidth: 1.2, color: '#555' }, encoding: { x, y: { field: 'eurPerMwh', type: 'quantitative', title: 'EUR/MWh' } } },
    ],
  } as TopLevelSpec;
}
