import { simulate } from '../engine/simulate.js';
import type { LoadedHub } from '../model/load.js';
import { resolveHub } from '../model/resolve.js';
import type { ResolvedHub } from '../model/resolved.js';
import { designYearOf, type StrategySpec } from '../model/strategy.js';
import { strategyResult, type HubResult } from '../results/result.js';
import { fail } from '../errors.js';
import type { AxisRole } from '../profiles/align.js';
import { scoredYear } from '../model/checks.js';
import { catalogue } from '../profiles/catalogue.js';
import { dailyNetLoad, shippedWeather, type MeasuredBefore } from '../forecast/features.js';
import { hasDayForecast, lastDaysMeasured, MPC_MEMORY_DAYS, naiveDayForecast, setDayForecast, setMeasuredBefore } from '../strategies/day-forecasts.js';
import { createPlanner, preparePreviousYear, remembersPreviousYear } from '../strategies/registry.js';

/**
 * The hub file on another year's axis (its shipped shapes of that year; a file profile must cover it,
 * or be refused naming `role`, why that year is read).
 */
export function hubInYear(loaded: LoadedHub, year: number, role?: AxisRole): ResolvedHub {
  return resolveHub({ hub: { ...loaded.hub, axis: { stepMinutes: loaded.hub.axis.stepMinutes, year } }, source: loaded.source }, role);
}

/**
 * Give the strategies that learn from an earlier year that year (a controller knows only the years
 * before the one it runs in):
 * - a peak shaver with a designYear: a design-year threshold is sized on it; an online one starts
 *   with its last windowDays days in memory instead of learning;
 * - an MPC with the forecast model: its forecaster is trained on the hub in trainYear (default the
 *   latest earlier year with shipped profiles) and applied to the year scored, so it never learns
 *   from the days it forecasts;
 * - an MPC with a designYear: it starts with the last MPC_MEMORY_DAYS days of that year in memory,
 *   its forecasts (the naive ones and the model's) made with them, kept apart from those of the
 *   hub's MPCs without a designYear or with another one.
 * Call before prepareStrategies (which prepares what is left).
 */
export async function prepareEarlierYears(loaded: LoadedHub, hub: ResolvedHub, strategies: readonly StrategySpec[]): Promise<void> {
  const scored = scoredYear(loaded.hub);
  for (const spec of strategies) {
    // A strategy of the hub file has a field to name; a kind given by --strategy or --regret has none.
    const i = loaded.hub.strategies?.indexOf(spec) ?? -1;
    const own = i >= 0;
    // A design year set in the hub file names its field; one from the command line, the option.
    const designField = own ? `strategies[${i}].designYear` : '--design-year';
    const designRole = (year: number, reason: string): AxisRole => ({ reason: `${reason} (${designField})`, advice: `set ${designField} to a year before ${scored} that the file covers, or set reuseYear: true on the profile to map its metered year onto ${year}` });
    // A peak shaver is designed on, or starts with the last days of, its designYear; a causal flex
    // strategy's first week's forecasts, margin and levels start with them.
    const designYear = designYearOf(spec);
    if (remembersPreviousYear(spec) && designYear !== undefined) {
      const reason = spec.kind === 'flex' ? `flex's forecasts, margin and levels remember the last days of ${designYear}` : `the peak shaver is designed on ${designYear}`;
      preparePreviousYear(spec, hub, hubInYear(loaded, designYear, designRole(designYear, reason)));
    }
    if (spec.kind !== 'mpc') continue;
    // The days before: the last days of designYear, a stand-in for those measured before the year scored.
    const memory = spec.designYear;
    const naiveNeeded = memory !== undefined && !hasDayForecast(hub, 'yesterday', memory);
    const modelNeeded = spec.forecast === 'model' && !hasDayForecast(hub, 'model', memory);
    let before: MeasuredBefore | undefined;
    if (memory !== undefined && (naiveNeeded || modelNeeded)) {
      const role = designRole(memory, `MPC remembers the last days of ${memory}`);
      const yearBefore = hubInYear(loaded, memory, role);
      before = lastDaysMeasured(yearBefore, MPC_MEMORY_DAYS, modelNeeded ? shippedWeather(dailyNetLoad(yearBefore), role) : null);
    }
    if (naiveNeeded) {
      for (const kind of ['yesterday', 'last-week'] as const) setDayForecast(hub, kind, naiveDayForecast(hub, kind, before), undefined, memory);
      setMeasuredBefore(hub, before!.netKw, memory);
    }
    if (modelNeeded) {
      const earlier = [...new Set(catalogue().map((e) => e.year))].filter((y) => y < scored);
      const year = spec.trainYear ?? (earlier.length > 0 ? Math.max(...earlier) : undefined);
      if (year === undefined) {
        fail('hub.missingField', own ? { file: loaded.source.path, line: loaded.source.lineOf(['strategies', i]), field: `strategies[${i}].trainYear` } : { file: loaded.source.path }, `mpc with forecast model trains its forecaster on a year before the one scored (${scored}), and hubsim ships no earlier profiles; give trainYear (with file profiles that cover it), or a naive forecast`);
      }
      const { trainOrLoadForecaster } = await import('../forecast/forecaster.js');
      const forecaster = await trainOrLoadForecaster(hubInYear(loaded, year, trainingRole(spec.trainYear, year, scored, own ? i : undefined)));
      setDayForecast(hub, 'model', forecaster.applyTo(hub, { before }), year, memory);
    }
  }
}
/**
 * The training year as an error names it when a file does not cover it: the field that sets it (the
 * hub file's strategy, or the default year of one added on the command line) and what to do. With
 * reuseYear the forecaster learns the metered year's own load, mapped onto the training year.
 */
function trainingRole(trainYear: number | undefined, year: number, scored: number, index: number | undefined): AxisRole {
  const field = index === undefined ? 'trainYear' : `strategies[${index}].trainYear`;
  const reason = `the MPC forecaster trains on ${year} (${field}${trainYear === undefined ? ', default the latest earlier shipped year' : ''})`;
  const reuse = `set reuseYear: true on the profile (to map its metered year onto ${year})`;
  const advice = index === undefined ? `supply a file that covers ${year} too, or ${reuse}` : `set ${field} to a year before ${scored} that the file covers, or ${reuse}`;
  return { reason, advice };
}

/** Run the given strategies (default: the hub's own list) on one resolved hub, in order. */
export function runHub(hub: ResolvedHub, strategies: readonly StrategySpec[] = hub.strategies): HubResult {
  const results = strategies.map((spec) => strategyResult(hub, spec, simulate(hub, createPlanner(spec, hub))));
  return { hub, results };
}
