/**
 * Day-ahead forecasts for the MPC strategies of a sweep, made as a rollout makes them:
 *
 * - model: one forecaster per terrain (and per PV size when the grid tries PV sizes: the model learns
 *   how the irradiance moves the net load, which depends on the PV), trained on its hub as described
 *   (the hub file; a rollout terrain's members not grown) on the real calendar year. The main thread
 *   trains it (or loads it from the disk cache, forecast/cache.ts) before the pool starts; every
 *   thread then loads it from the cache. A synthetic year is forecast from its own history: the net
 *   load of the 7 days before each day, the weather of the day (the De Bilt weather of the real day
 *   the draw took there: a perfect weather forecast, as everywhere in hubsim) and a fixed
 *   normalisation, the level and spread of the configuration's net load in the real calendar year.
 *   So the forecast of day d depends on the draw's days before d and on nothing after them.
 * - yesterday, last-week: the draw's own net load of the day before, or of a week before.
 *
 * The net load a forecast reads depends on a configuration's PV, not on its battery, cap or strategy:
 * a draw's forecasts are made once per PV size and kind, each day once, and shared by the
 * configurations that plan with them.
 */
import type { Forecaster } from '../forecast/forecaster.js';
import { dailyNetLoad, HISTORY_DAYS, HOURS_PER_DAY, normalisation, type Normalisation, type WeatherColumns } from '../forecast/features.js';
import { resolveHub } from '../model/resolve.js';
import type { ResolvedHub } from '../model/resolved.js';
import { alignToAxis } from '../profiles/align.js';
import { findShipped, loadShipped } from '../profiles/catalogue.js';
import { naiveDayForecast, type DayForecast, type ForecastKind } from '../strategies/day-forecasts.js';
import { dayForecastsOf } from '../strategies/registry.js';
import { yearAxis } from '../time/axis.js';
import { drawColumn } from '../weather/apply.js';
import type { WeatherDraw } from '../weather/draw.js';
import { catalogue } from '../profiles/catalogue.js';
import type { PreparedSubject } from './context.js';
import type { LoadedSweep, SweepSubject } from './load.js';
import { strategyName } from '../model/strategy.js';
import type { Assumption } from '../provenance/assumptions.js';

/** Whether a strategy of the sweep plans with the trained forecaster (mpc with forecast: model). */
export function sweepNeedsModel(loaded: LoadedSweep): boolean {
  return loaded.sweep.grid.strategies.some((s) => dayForecastsOf(s).includes('model'));
}

/** The PV sizes (kWp) a subject's configurations run with, in grid order, once each. */
function pvSizes(p: PreparedSubject): number[] {
  return [...new Set(p.configurations.map((c) => c.pvKwp ?? p.asBuiltKwp))];
}

/**
 * The year a sweep's forecasters are trained on: the latest shipped year whose days the draws do not
 * resample, so that the model never forecasts a day it learned from (null: there is none).
 */
export function sweepTrainingYear(loaded: Pick<LoadedSweep, 'sweep'>): number | null {
  const drawn = new Set(loaded.sweep.draws.sourceYears);
  const free = [...new Set(catalogue().map((e) => e.year))].filter((y) => !drawn.has(y));
  return free.length === 0 ? null : Math.max(...free);
}

/**
 * What the forecasters of mpc on the forecast model were trained on, as provenance states an
 * assumption: the sweep's training year (sweepTrainingYear).
 */
export function forecasterAssumptions(loaded: LoadedSweep): Assumption[] {
  const year = sweepTrainingYear(loaded);
  return loaded.sweep.grid.strategies
    .filter((s) => s.kind === 'mpc' && s.forecast === 'model')
    .map((s) => ({
      name: `grid.strategies[${strategyName(s)}].trainYear`,
      value: year,
      unit: 'year',
      source: 'hubsim: the latest shipped year whose days the draws do not resample, each terrain as described (README "Sweeps and weather draws")',
      defaulted: true,
    }));
}

/**
 * What a subject's forecaster for `kwp` of PV is trained on: its hub as described (the hub file; a
 * rollout terrain's members not grown) in the training year (sweepTrainingYear), with `kwp` of PV
 * on its PV profile. The model learns how the irradiance moves the net load, which depends on the PV.
 */
function trainingHub(loaded: LoadedSweep, subject: SweepSubject, p: PreparedSubject, kwp: number): ResolvedHub {
  const { hub, source } = subject.loaded;
  const year = sweepTrainingYear(loaded);
  if (year === null) throw new Error('a sweep with mpc on the model has no training year: sweep/load.ts should have refused it. This is a bug in hubsim.');
  const pv = kwp === p.asBuiltKwp ? hub.pv : kwp > 0 ? { profile: hub.pv?.profile ?? 'pv-roof', kwp } : undefined;
  return resolveHub({ hub: { ...hub, pv, axis: { stepMinutes: hub.axis.stepMinutes, year } }, source });
}

/** Train a subject's forecasters (one per PV size of its configurations), or load them from the disk cache. */
export async function subjectForecasters(loaded: LoadedSweep, subject: SweepSubject, p: PreparedSubject): Promise<Map<number, Forecaster>> {
  // Loaded on demand: TensorFlow.js takes half a second to import, and sweeps without it never need it.
  const { trainOrLoadForecaster } = await import('../forecast/forecaster.js');
  const out = new Map<number, Forecaster>();
  for (const kwp of pvSizes(p)) out.set(kwp, await trainOrLoadForecaster(trainingHub(loaded, subject, p, kwp)));
  return out;
}

/**
 * Before the pool starts: train (or load) the forecasters of every subject in this thread, into the
 * disk cache that the threads then load them from. Nothing to do without mpc on the model.
 */
export async function trainSweepForecasters(loaded: LoadedSweep, prepared: readonly PreparedSubject[]): Promise<void> {
  if (!sweepNeedsModel(loaded)) return;
  for (let i = 0; i < loaded.subjects.length; i++) await subjectForecasters(loaded, loaded.subjects[i], prepared[i]);
}

/** What a thread needs to forecast a subject's synthetic years with its model, per PV size (kWp). */
export type SubjectModel = ReadonlyMap<number, { readonly forecaster: Forecaster; readonly norm: Normalisation }>;

/**
 * A subject's forecasters and, per PV size, the normalisation they are applied with: that of the
 * configuration's net load in the real calendar year.
 */
export async function subjectModel(loaded: LoadedSweep, subject: SweepSubject, p: PreparedSubject): Promise<SubjectModel> {
  const forecasters = await subjectForecasters(loaded, subject, p);
  return new Map([...forecasters].map(([kwp, forecaster]) => [kwp, { forecaster, norm: calendarNorm(p, kwp) }]));
}

/**
 * Mean and spread of the net load demand - PV per kWp x kWp - wind in the real calendar year (members
 * grown as swept), over the days a forecast can be made for (forecast/features.ts normalisation).
 */
function calendarNorm(p: PreparedSubject, kwp: number): Normalisation {
  const { demandKw, pvPerKwp, windKw } = p.calendar;
  const generationKw = pvPerKwp.map((x, t) => x * kwp + windKw[t]);
  const load = dailyNetLoad({ ...p.base, demandKw, generationKw });
  return normalisation(load.netKw, Int32Array.from({ length: load.days - HISTORY_DAYS }, (_, k) => HISTORY_DAYS + k));
}

/** The shipped De Bilt weather of each source year, hourly on its UTC days, which a draw resamples as it does the load. */
export function sourceWeather(years: readonly number[]): WeatherColumns[] {
  return years.map((year) => {
    const axis = yearAxis(year, 60);
    const column = (id: string): Float64Array => alignToAxis(loadShipped(findShipped(id, year, 'forecast weather')), axis);
    return { temperatureC: column('temperature-debilt'), ghiWm2: column('ghi-debilt') };
  });
}

/** A day-ahead forecast that makes each day once (the configurations of a draw ask for the same days). */
function once(forecast: DayForecast, days: number): DayForecast {
  const made: (Float64Array | null | undefined)[] = new Array(days);
  return (day) => {
    if (!Number.isInteger(day) || day < 0 || day >= days) return forecast(day);
    let f = made[day];
    if (f === undefined) made[day] = f = forecast(day);
    return f;
  };
}

/** The forecasts of one synthetic year of one subject (see the module comment). */
export class DrawForecasts {
  private readonly made = new Map<number, Map<ForecastKind, DayForecast>>();
  private weather: WeatherColumns | null = null;
  private weatherBefore: WeatherColumns | null = null;

  constructor(
    private readonly draw: WeatherDraw,
    private readonly model: SubjectModel | null,
    private readonly weatherSources: () => readonly WeatherColumns[],
    /** Scratch columns for the drawn weather (days x 24 hours), overwritten by the next draw. */
    private readonly weatherOut: WeatherColumns,
    /** The year drawn before this one (sweep/year-before.ts), whose last days the forecasts read; null: none. */
    private readonly drawBefore: WeatherDraw | null = null,
  ) {}

  /**
   * The forecast of `kind` for this draw's configurations with `kwp` of PV, made from the first such
   * hub asked with, and from the net load measured before it (netBefore: the last MPC_MEMORY_DAYS UTC
   * days of the year drawn before, with that PV) when the draw has a year before.
   */
  get(kind: ForecastKind, kwp: number, hub: ResolvedHub, netBefore?: Float64Array): DayForecast {
    let byKind = this.made.get(kwp);
    if (byKind === undefined) this.made.set(kwp, (byKind = new Map()));
    let f = byKind.get(kind);
    if (f === undefined) {
      const days = Math.floor((hub.axis.steps * hub.axis.stepHours) / HOURS_PER_DAY);
      byKind.set(kind, (f = once(this.make(kind, kwp, hub, netBefore), days)));
    }
    return f;
  }

  private make(kind: ForecastKind, kwp: number, hub: ResolvedHub, netBefore: Float64Array | undefined): DayForecast {
    if (kind !== 'model') return naiveDayForecast(hub, kind, netBefore === undefined ? undefined : { netKw: netBefore, weather: null });
    const model = this.model?.get(kwp);
    if (model === undefined) throw new Error(`the forecaster of hub "${hub.name}" with ${kwp} kWp of PV is not prepared: await SweepContext.prepareForecasts first`);
    const before = netBefore === undefined ? undefined : { netKw: netBefore, weather: this.drawnWeatherBefore(netBefore.length / Math.round(24 / hub.axis.stepHours)) };
    return model.forecaster.applyTo(hub, { weather: this.drawnWeather(), norm: model.norm, before });
  }

  /** The weather of the real days the year before took, hour by hour, on its last `days` UTC days. */
  private drawnWeatherBefore(days: number): WeatherColumns {
    if (this.weatherBefore === null) {
      if (this.drawBefore === null) throw new Error('a sweep draw has days before but no year drawn before: a bug in hubsim');
      const sources = this.weatherSources();
      const draw = this.drawBefore;
      const hours = draw.sourceDay.length * HOURS_PER_DAY;
      const last = (column: (w: WeatherColumns) => Float64Array): Float64Array =>
        drawColumn(draw, sources.map(column), HOURS_PER_DAY, new Float64Array(hours)).slice(hours - days * HOURS_PER_DAY);
      this.weatherBefore = { temperatureC: last((w) => w.temperatureC), ghiWm2: last((w) => w.ghiWm2) };
    }
    return this.weatherBefore;
  }

  /** The weather of the real days this draw took, hour by hour. */
  private drawnWeather(): WeatherColumns {
    if (this.weather === null) {
      const sources = this.weatherSources();
      const out = this.weatherOut;
      drawColumn(this.draw, sources.map((w) => w.temperatureC), HOURS_PER_DAY, out.temperatureC);
      drawColumn(this.draw, sources.map((w) => w.ghiWm2), HOURS_PER_DAY, out.ghiWm2);
      this.weather = out;
    }
    return this.weather;
  }
}
