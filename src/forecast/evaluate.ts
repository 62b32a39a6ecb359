/**
 * Forecast skill on the held-out days: mean absolute error (kW) of the model and of the naive
 * forecasts over the same hours, and as a share of the mean |net load| of those hours.
 */
import type { Forecaster } from './forecaster.js';
import { HOURS_PER_DAY } from './features.js';
import { NAIVE_KINDS, naiveForecast, type NaiveKind } from './naive.js';

export type ForecastMethod = 'model' | NaiveKind;

export interface ForecastScore {
  readonly method: ForecastMethod;
  readonly maeKw: number;
  /** MAE / mean |net load| of the evaluated hours x 100. */
  readonly maePercent: number;
}

export interface ForecastEvaluation {
  readonly days: number;
  readonly hours: number;
  readonly meanAbsNetKw: number;
  readonly scores: readonly ForecastScore[];
  /** The model's MAE is below that of every naive forecast. */
  readonly modelBeatsNaive: boolean;
}

/** MAE of forecast against actual over the given days; `forecast(day)` gives 24 values. */
export function meanAbsoluteError(netKw: Float64Array, days: ArrayLike<number>, forecast: (day: number) => Float64Array): number {
  let sum = 0;
  for (let i = 0; i < days.length; i++) {
    const d = days[i];
    const f = forecast(d);
    for (let h = 0; h < HOURS_PER_DAY; h++) sum += Math.abs(netKw[d * HOURS_PER_DAY + h] - f[h]);
  }
  return days.length === 0 ? Number.NaN : sum / (days.length * HOURS_PER_DAY);
}

/** Score the model and both naive forecasts on the given days (default: the held-out days). */
export function evaluateForecaster(f: Forecaster, days: ArrayLike<number> = f.heldOutDays): ForecastEvaluation {
  let abs = 0;
  for (let i = 0; i < days.length; i++) for (let h = 0; h < HOURS_PER_DAY; h++) abs += Math.abs(f.netKw[days[i] * HOURS_PER_DAY + h]);
  const hours = days.length * HOURS_PER_DAY;
  const meanAbsNetKw = abs / hours;
  const score = (method: ForecastMethod, forecast: (day: number) => Float64Array): ForecastScore => {
    const maeKw = meanAbsoluteError(f.netKw, days, forecast);
    return { method, maeKw, maePercent: (100 * maeKw) / meanAbsNetKw };
  };
  const scores = [score('model', (d) => f.forecastDay(d)), ...NAIVE_KINDS.map((k) => score(k, (d) => naiveForecast(k, f.netKw, d)))];
  const modelBeatsNaive = scores.slice(1).every((s) => scores[0].maeKw < s.maeKw);
  return { days: days.length, hours, meanAbsNetKw, scores, modelBeatsNaive };
}
