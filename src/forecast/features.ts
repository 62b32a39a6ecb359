/**
 * Inputs and targets of the day-ahead net-load forecast, one row per day, as flat Float32Array
 * matrices (row-major, no object per hour or per day).
 *
 * Days are UTC days of 24 hourly steps (day d is hours [24d, 24d + 24) of the axis, which must start
 * at a UTC midnight). A local Europe/Amsterdam day would follow the working day one hour more
 * closely, but has 23 or 25 hours twice a year; the calendar features below are those of the UTC
 * date, which is the local date for all but the last one or two hours of the day.
 *
 * The forecast for day d uses only what is known at the end of day d - 1 (and the weather forecast):
 *
 *   - the net load of the 7 previous days, 168 values, standardised: (net - mean) / standard
 *     deviation over the training days. (Dividing by the mean |net load| alone leaves a datacenter's
 *     lags at 1.00 +- 0.04 (one standard deviation), nearly a constant, and training then stalled
 *     for some seeds.)
 *   - calendar: day of week one-hot (7), the day of the year as sin/cos (2), Dutch public holiday
 *     flags for day d, d - 1 and d - 7 (3: a holiday in the lags explains a dip there; calendar.ts);
 *   - the day's hourly weather forecast: temperature (24) and global horizontal irradiance (24),
 *     and the irradiance of days d - 1 and d - 7 (48), against which the model reads how much PV
 *     the lags held. As the "forecast" we use the measured KNMI De Bilt weather of that day (shipped
 *     profiles temperature-debilt and ghi-debilt): a perfect weather forecast, which flatters the
 *     model compared with a real day-ahead weather forecast. There is no wind input: nothing shipped
 *     measures wind speed other than the hub's own wind-onshore output, which would be its answer.
 *
 * The hub's PV kWp and wind rating are constant for one hub, and the model is trained per hub, so
 * they carry no information and are not inputs.
 *
 * Target: the day's 24 hourly net loads minus a baseline, the mean of the same hour over the 7
 * previous days, divided by the standard deviation. The model learns the correction to that
 * baseline (weekday against weekend, PV against the irradiance, the trend of the last hours).
 */
import { fail, quote } from '../errors.js';
import type { ResolvedHub } from '../model/resolved.js';
import { alignToAxis, type AxisRole } from '../profiles/align.js';
import { findShipped, loadShipped } from '../profiles/catalogue.js';
import { HOUR_MS, makeAxis, type TimeAxis } from '../time/axis.js';
import { isDutchHoliday } from '../time/calendar.js';

export const HOURS_PER_DAY = 24;
/** Days of net load the forecast looks back; the first forecastable day of an axis is this one. */
export const HISTORY_DAYS = 7;
const DAY_MS = HOURS_PER_DAY * HOUR_MS;

/** A hub's net load (demand - generation, kW) on whole UTC days of 24 hourly steps. */
export interface DailyNetLoad {
  /** The first hour (UTC ms), a UTC midnight. */
  readonly startMs: number;
  readonly days: number;
  /** days x 24 hourly values (kW), hour h of day d at 24d + h. */
  readonly netKw: Float64Array;
}

/** Hourly weather forecast columns on the same hours as the net load (days x 24). */
export interface WeatherColumns {
  readonly temperatureC: Float64Array;
  readonly ghiWm2: Float64Array;
}

/** The rows of the forecast problem for every day of an axis; rows of days < HISTORY_DAYS are zero. */
export interface FeatureSet {
  readonly days: number;
  readonly inputSize: number;
  /** days x inputSize, row-major. */
  readonly inputs: Float32Array;
  /** days x 24: (net load - baseline) / scaleKw. */
  readonly targets: Float32Array;
  /** days x 24: the baseline the model corrects (kW), the mean of the same hour over the 7 days before. */
  readonly baselineKw: Float64Array;
  readonly norm: Normalisation;
}

/** Lags are (net - centreKw) / scaleKw; targets are (net - baseline) / scaleKw. */
export interface Normalisation {
  readonly centreKw: number;
  readonly scaleKw: number;
}

/** Offsets of the groups in an input row, for readers of the features (and tests). */
export const LAYOUT = {
  lags: 0,
  dayOfWeek: 168,
  season: 175,
  holidays: 177,
  temperature: 180,
  ghi: 204,
  ghiYesterday: 228,
  ghiLastWeek: 252,
  size: 276,
} as const;

/**
 * The hub's hourly net load on whole UTC days. Sub-hourly axes are averaged to hours (power is a
 * mean over the step, so the hourly mean keeps the energy); a partial last day is dropped.
 */
export function dailyNetLoad(hub: ResolvedHub): DailyNetLoad {
  const { axis } = hub;
  const perHour = Math.round(1 / axis.stepHours);
  if (axis.stepHours > 1 || Math.abs(perHour * axis.stepHours - 1) > 1e-9 || axis.startMs % DAY_MS !== 0) {
    fail('forecast.unsupportedAxis', { field: 'axis' }, `the day-ahead forecast needs an axis that starts at a UTC midnight with steps of at most an hour that divide the hour; hub ${quote(hub.name)} has ${axis.stepHours * 60}-minute steps from ${new Date(axis.startMs).toISOString()}`);
  }
  const days = Math.floor(axis.steps / perHour / HOURS_PER_DAY);
  if (days <= HISTORY_DAYS) {
    fail('forecast.tooShort', { field: 'axis' }, `the day-ahead forecast needs more than ${HISTORY_DAYS} whole days of data; hub ${quote(hub.name)} has ${days}`);
  }
  const netKw = new Float64Array(days * HOURS_PER_DAY);
  for (let h = 0; h < netKw.length; h++) {
    let sum = 0;
    for (let k = 0; k < perHour; k++) {
      const t = h * perHour + k;
      sum += hub.demandKw[t] - hub.generationKw[t];
    }
    netKw[h] = sum / perHour;
  }
  return { startMs: axis.startMs, days, netKw };
}

/**
 * What a controller measured before an axis, for its day-ahead forecasts: the net load of whole UTC
 * days ending where the axis begins (kW per step, the axis's step length) and the weather of their
 * hours (null when only naive forecasts read them).
 */
export interface MeasuredBefore {
  readonly netKw: Float64Array;
  readonly weather: WeatherColumns | null;
}

/**
 * A net load on whole UTC days with the days measured before it joined in front (its first day that
 * many days earlier), their sub-hourly steps averaged to hours as dailyNetLoad averages them.
 */
export function joinMeasuredBefore(load: DailyNetLoad, netKwBefore: Float64Array, stepHours: number): DailyNetLoad {
  const perHour = Math.round(1 / stepHours);
  const hours = netKwBefore.length / perHour;
  if (!Number.isInteger(hours / HOURS_PER_DAY)) throw new Error(`the net load measured before an axis must cover whole UTC days; got ${netKwBefore.length} steps of ${stepHours} h`);
  const netKw = new Float64Array(hours + load.netKw.length);
  for (let h = 0; h < hours; h++) {
    let sum = 0;
    for (let k = 0; k < perHour; k++) sum += netKwBefore[h * perHour + k];
    netKw[h] = sum / perHour;
  }
  netKw.set(load.netKw, hours);
  const days = hours / HOURS_PER_DAY;
  return { startMs: load.startMs - days * DAY_MS, days: load.days + days, netKw };
}

/** Weather columns with those of the days before joined in front. */
export function joinWeatherBefore(before: WeatherColumns, weather: WeatherColumns): WeatherColumns {
  const join = (a: Float64Array, b: Float64Array): Float64Array => {
    const out = new Float64Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  };
  return { temperatureC: join(before.temperatureC, weather.temperatureC), ghiWm2: join(before.ghiWm2, weather.ghiWm2) };
}

/**
 * The shipped KNMI De Bilt temperature and irradiance of the net load's year, on its hours: the
 * measured weather, used as a perfect day-ahead weather forecast; `role` says why that year is read
 * when it is not the hub's.
 */
export function shippedWeather(load: DailyNetLoad, role?: AxisRole): WeatherColumns {
  const [temperature, ghi] = FORECAST_WEATHER_IDS;
  const year = new Date(load.startMs).getUTCFullYear();
  const axis: TimeAxis = makeAxis(load.startMs, 60, load.days * HOURS_PER_DAY);
  const column = (id: string): Float64Array => alignToAxis(loadShipped(findShipped(id, year, 'forecast weather', undefined, undefined, role)), axis);
  return { temperatureC: column(temperature), ghiWm2: column(ghi) };
}

/** The shipped profiles a forecaster reads as its weather: temperature and irradiance at De Bilt. */
export const FORECAST_WEATHER_IDS = ['temperature-debilt', 'ghi-debilt'] as const;

/**
 * Mean and standard deviation of the net load over the given days (kW), the normalisation of the
 * features. A constant net load gets a scale of 1 kW, so that dividing by it is harmless.
 */
export function normalisation(netKw: Float64Array, days: ArrayLike<number>): Normalisation {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < days.length; i++) for (let h = 0; h < HOURS_PER_DAY; h++, n++) sum += netKw[days[i] * HOURS_PER_DAY + h];
  const centreKw = n === 0 ? 0 : sum / n;
  let sq = 0;
  for (let i = 0; i < days.length; i++) for (let h = 0; h < HOURS_PER_DAY; h++) sq += (netKw[days[i] * HOURS_PER_DAY + h] - centreKw) ** 2;
  const std = n === 0 ? 0 : Math.sqrt(sq / n);
  return { centreKw, scaleKw: std > 1e-9 ? std : 1 };
}

/** Fill the inputs and targets of every day from HISTORY_DAYS on (see the module comment for the layout). */
export function buildFeatures(load: DailyNetLoad, weather: WeatherColumns, norm: Normalisation): FeatureSet {
  const { days, netKw, startMs } = load;
  const { centreKw, scaleKw } = norm;
  const n = LAYOUT.size;
  if (weather.temperatureC.length < days * HOURS_PER_DAY || weather.ghiWm2.length < days * HOURS_PER_DAY) {
    throw new Error(`weather columns cover fewer than the ${days * HOURS_PER_DAY} hours of the net load`);
  }
  const inputs = new Float32Array(days * n);
  const targets = new Float32Array(days * HOURS_PER_DAY);
  const baselineKw = new Float64Array(days * HOURS_PER_DAY);
  for (let d = HISTORY_DAYS; d < days; d++) {
    const row = d * n;
    const h0 = d * HOURS_PER_DAY;
    for (let k = 0; k < HISTORY_DAYS * HOURS_PER_DAY; k++) inputs[row + LAYOUT.lags + k] = (netKw[h0 - HISTORY_DAYS * HOURS_PER_DAY + k] - centreKw) / scaleKw;

    const dayMs = startMs + d * DAY_MS;
    inputs[row + LAYOUT.dayOfWeek + new Date(dayMs).getUTCDay()] = 1;
    const yearStart = Date.UTC(new Date(dayMs).getUTCFullYear(), 0, 1);
    const angle = (2 * Math.PI * (dayMs - yearStart)) / (365.25 * DAY_MS);
    inputs[row + LAYOUT.season] = Math.sin(angle);
    inputs[row + LAYOUT.season + 1] = Math.cos(angle);
    inputs[row + LAYOUT.holidays] = isDutchHoliday(dayMs) ? 1 : 0;
    inputs[row + LAYOUT.holidays + 1] = isDutchHoliday(dayMs - DAY_MS) ? 1 : 0;
    inputs[row + LAYOUT.holidays + 2] = isDutchHoliday(dayMs - HISTORY_DAYS * DAY_MS) ? 1 : 0;

    for (let h = 0; h < HOURS_PER_DAY; h++) {
      // Temperature around 10 °C in steps of 10 °C; irradiance in kW/m² (0 to about 0.9).
      inputs[row + LAYOUT.temperature + h] = (weather.temperatureC[h0 + h] - 10) / 10;
      inputs[row + LAYOUT.ghi + h] = weather.ghiWm2[h0 + h] / 1000;
      inputs[row + LAYOUT.ghiYesterday + h] = weather.ghiWm2[h0 - HOURS_PER_DAY + h] / 1000;
      inputs[row + LAYOUT.ghiLastWeek + h] = weather.ghiWm2[h0 - HISTORY_DAYS * HOURS_PER_DAY + h] / 1000;
      let b = 0;
      for (let k = 1; k <= HISTORY_DAYS; k++) b += netKw[h0 - k * HOURS_PER_DAY + h];
      b /= HISTORY_DAYS;
      baselineKw[h0 + h] = b;
      targets[d * HOURS_PER_DAY + h] = (netKw[h0 + h] - b) / scaleKw;
    }
  }
  return { days, inputSize: n, inputs, targets, baselineKw, norm };
}
