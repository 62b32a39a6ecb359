/**
 * The day-ahead net-load forecaster of a hub, for other code (model-predictive control, evaluation):
 *
 *   const f = await trainOrLoadForecaster(hub);
 *   f.forecastDay(40); // Float64Array(24): net load (kW) of UTC day 40, from data up to day 39
 *
 * The model (model.ts) learns, per hub, the correction to the mean of the same hour over the last 7
 * days from the features of features.ts. It trains on every forecastable day outside the held-out
 * weeks: weeks are 7-day blocks from the axis start (week w = days 7w..7w+6), and by default every
 * 4th week is held out (w = 3, 7, 11, ..., 51: 13 weeks, 91 days of 2023) for evaluation. The
 * normalisation is computed on the training days only. A trained model is cached on disk
 * (cache.ts) under the sha256 of its training data and settings, so a second run loads it.
 */
import { join } from 'node:path';
import type { ResolvedHub } from '../model/resolved.js';
import { TFJS_VERSION, useBackend, type BackendName } from './backend.js';
import { cacheKey, defaultForecastCacheDir, readCachedModel, writeCachedModel } from './cache.js';
import {
  buildFeatures,
  dailyNetLoad,
  HISTORY_DAYS,
  HOURS_PER_DAY,
  joinMeasuredBefore,
  joinWeatherBefore,
  normalisation,
  shippedWeather,
  type DailyNetLoad,
  type FeatureSet,
  type MeasuredBefore,
  type Normalisation,
  type WeatherColumns,
} from './features.js';
import { predictRow, trainMlp, type MlpSettings, type MlpWeights } from './model.js';

export { naiveForecast, type NaiveKind } from './naive.js';

/** Bumped whenever features.ts or the training changes, so old cache entries are not reused. */
const FEATURES_VERSION = 'features-3';

export interface ForecasterOptions {
  /** Seed of the initial weights and the batch order (default 1). */
  readonly seed?: number;
  /** Training passes over the data (default 60). */
  readonly epochs?: number;
  /** Hidden layer widths (default [128, 64]). */
  readonly hidden?: readonly number[];
  readonly batchSize?: number;
  readonly learningRate?: number;
  /** L2 penalty on the weights (default 3e-3). */
  readonly l2?: number;
  /** Hold out every n-th week (weeks n-1, 2n-1, ...) from training; 0 holds out none (default 4). */
  readonly heldOutEvery?: number;
  /** Weather forecast columns on the hub's hours (default: the shipped De Bilt actuals, a perfect forecast). */
  readonly weather?: WeatherColumns;
  /** Cache folder (default HUBSIM_CACHE_DIR/forecast or ./.hubsim-cache/forecast); null: no cache. */
  readonly cacheDir?: string | null;
  /** TensorFlow.js backend (default: HUBSIM_TF_BACKEND, else the best that loads). */
  readonly backend?: BackendName | 'auto';
}

export interface Forecaster {
  readonly hubName: string;
  /** Whole UTC days of the hub's axis; days HISTORY_DAYS .. days-1 can be forecast. */
  readonly days: number;
  readonly firstDay: number;
  /** The hub's hourly net load (kW), days x 24: the actuals the forecasts are made from. */
  readonly netKw: Float64Array;
  readonly trainingDays: Int32Array;
  readonly heldOutDays: Int32Array;
  readonly backend: BackendName;
  /** True when the weights came from the disk cache. */
  readonly fromCache: boolean;
  /** Wall time spent training, or loading from the cache (s). */
  readonly seconds: number;
  /** The cache folder of this model, or null without a cache. */
  readonly cachePath: string | null;
  readonly weights: MlpWeights;
  /** Net load forecast (kW) of the 24 hours of UTC day `day`, from data up to day - 1. */
  forecastDay(day: number): Float64Array;
  /**
   * The same trained model applied to another hub's own history (the hub in the year it is scored,
   * or the same terrain in a later year of a rollout, its members grown): features are built from
   * that hub's net load, normalised by a level known before the year (ApplyOptions.norm).
   */
  applyTo(other: ResolvedHub, options?: ApplyOptions): (day: number) => Float64Array | null;
}

/** How applyTo sees the other hub. */
export interface ApplyOptions {
  /** Weather forecast columns on the other hub's hours (default: the shipped De Bilt weather of its axis year). */
  readonly weather?: WeatherColumns;
  /**
   * The level and spread its net load is normalised by (default: those the model was trained with,
   * of the hub and year it learned on). Never the other hub's own over the year it forecasts: that
   * would hold a little of the days after each day. So each day's forecast depends only on the net
   * load of the days before it, that day's weather and data from before the year (a rollout passes
   * the terrain's previous year, grown as it was then).
   */
  readonly norm?: Normalisation;
  /**
   * The days measured before the other hub's axis, with their weather: the forecasts of its first
   * days read them as the days before (and days before the axis can be forecast too, from the days
   * before them: a controller's misses there are what it starts its margin from). Day d of the axis
   * gets the same forecast with or without them once d >= HISTORY_DAYS.
   */
  readonly before?: MeasuredBefore;
}

/**
 * Chosen on the three example hubs (2023, held-out weeks): 60 epochs of batches of 64 with an L2 penalty
 * of 3e-3 generalised best of the settings tried (epochs 30-150, batches 32-267, hidden [64, 32] to
 * [256, 64], L2 1e-5 to 1e-2, dropout 0.2-0.3); the training time per hub is in README's Benchmark.
 */
const DEFAULTS = { seed: 1, epochs: 60, hidden: [128, 64], batchSize: 64, learningRate: 1e-3, l2: 3e-3, heldOutEvery: 4 } as const;

/** Whether `day` lies in a held-out week (see the module comment). */
export function isHeldOutDay(day: number, heldOutEvery: number): boolean {
  return heldOutEvery > 0 && Math.floor(day / 7) % heldOutEvery === heldOutEvery - 1;
}

/** Split the forecastable days of an axis into training and held-out days. */
export function splitDays(days: number, heldOutEvery: number): { trainingDays: Int32Array; heldOutDays: Int32Array } {
  const train: number[] = [];
  const held: number[] = [];
  for (let d = HISTORY_DAYS; d < days; d++) (isHeldOutDay(d, heldOutEvery) ? held : train).push(d);
  return { trainingDays: Int32Array.from(train), heldOutDays: Int32Array.from(held) };
}

/** Train the hub's forecaster, or load it from the cache when the same data and settings were trained before. */
export async function trainOrLoadForecaster(hub: ResolvedHub, options: ForecasterOptions = {}): Promise<Forecaster> {
  const load = dailyNetLoad(hub);
  const weather = options.weather ?? shippedWeather(load);
  const heldOutEvery = options.heldOutEvery ?? DEFAULTS.heldOutEvery;
  const { trainingDays, heldOutDays } = splitDays(load.days, heldOutEvery);
  if (trainingDays.length === 0) throw new Error(`hub "${hub.name}" has no training days outside the held-out weeks`);
  const norm = normalisation(load.netKw, trainingDays);
  const features = buildFeatures(load, weather, norm);
  const settings: MlpSettings = {
    hidden: options.hidden ?? DEFAULTS.hidden,
    epochs: options.epochs ?? DEFAULTS.epochs,
    batchSize: options.batchSize ?? DEFAULTS.batchSize,
    learningRate: options.learningRate ?? DEFAULTS.learningRate,
    l2: options.l2 ?? DEFAULTS.l2,
    seed: options.seed ?? DEFAULTS.seed,
  };
  const backend = await useBackend(options.backend);

  const { x, y } = trainingRows(features, trainingDays);
  const cacheRoot = options.cacheDir === undefined ? defaultForecastCacheDir() : options.cacheDir;
  const key = cacheKey([FEATURES_VERSION, TFJS_VERSION, backend, JSON.stringify(settings), JSON.stringify(norm), trainingDays, x, y]);
  const cachePath = cacheRoot === null ? null : join(cacheRoot, key);

  const started = performance.now();
  const cached = cachePath === null ? undefined : readCachedModel(cachePath);
  let weights: MlpWeights;
  if (cached !== undefined && sameShape(cached.weights, features.inputSize, settings)) {
    weights = cached.weights;
  } else {
    weights = trainMlp(x, y, trainingDays.length, features.inputSize, HOURS_PER_DAY, settings);
    if (cachePath !== null) {
      writeCachedModel(cachePath, weights, { hub: hub.name, backend, tfjs: TFJS_VERSION, settings, norm, trainingDays: trainingDays.length, trainSeconds: (performance.now() - started) / 1000 });
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return makeForecaster(hub.name, load, features, weights, { trainingDays, heldOutDays, backend, fromCache: cached !== undefined && weights === cached.weights, seconds, cachePath });
}

function sameShape(w: MlpWeights, inputSize: number, s: MlpSettings): boolean {
  const want = [inputSize, ...s.hidden, HOURS_PER_DAY];
  return w.sizes.length === want.length && w.sizes.every((n, k) => n === want[k]);
}

/** The input and target rows of the given days, packed. */
function trainingRows(f: FeatureSet, days: Int32Array): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(days.length * f.inputSize);
  const y = new Float32Array(days.length * HOURS_PER_DAY);
  days.forEach((d, i) => {
    x.set(f.inputs.subarray(d * f.inputSize, (d + 1) * f.inputSize), i * f.inputSize);
    y.set(f.targets.subarray(d * HOURS_PER_DAY, (d + 1) * HOURS_PER_DAY), i * HOURS_PER_DAY);
  });
  return { x, y };
}

function makeForecaster(
  hubName: string,
  load: DailyNetLoad,
  features: FeatureSet,
  weights: MlpWeights,
  rest: Pick<Forecaster, 'trainingDays' | 'heldOutDays' | 'backend' | 'fromCache' | 'seconds' | 'cachePath'>,
): Forecaster {
  const { days, netKw } = load;
  return {
    hubName,
    days,
    firstDay: HISTORY_DAYS,
    netKw,
    weights,
    ...rest,
    applyTo(other: ResolvedHub, options: ApplyOptions = {}): (day: number) => Float64Array | null {
      const otherLoad = dailyNetLoad(other);
      const weather = options.weather ?? shippedWeather(otherLoad);
      const { before } = options;
      if (before !== undefined && before.weather === null) throw new Error(`the days before hub "${other.name}" have no weather for the forecast model: a bug in hubsim`);
      const load = before === undefined ? otherLoad : joinMeasuredBefore(otherLoad, before.netKw, other.axis.stepHours);
      const shift = load.days - otherLoad.days;
      const otherFeatures = buildFeatures(load, before === undefined ? weather : joinWeatherBefore(before.weather!, weather), options.norm ?? features.norm);
      return (day) => (Number.isInteger(day) && day + shift >= HISTORY_DAYS && day < otherLoad.days ? forecastWith(weights, otherFeatures, day + shift) : null);
    },
    forecastDay(day: number): Float64Array {
      if (!Number.isInteger(day) || day < HISTORY_DAYS || day >= days) {
        throw new RangeError(`forecastDay(${day}): days ${HISTORY_DAYS} to ${days - 1} can be forecast (each needs the ${HISTORY_DAYS} days before it)`);
      }
      return forecastWith(weights, features, day);
    },
  };
}

/** The model's forecast of one day from a feature set: the baseline plus the predicted correction. */
function forecastWith(weights: MlpWeights, features: FeatureSet, day: number): Float64Array {
  const correction = predictRow(weights, features.inputs.subarray(day * features.inputSize, (day + 1) * features.inputSize));
  const out = new Float64Array(HOURS_PER_DAY);
  for (let h = 0; h < HOURS_PER_DAY; h++) out[h] = features.baselineKw[day * HOURS_PER_DAY + h] + features.norm.scaleKw * correction[h];
  return out;
}
