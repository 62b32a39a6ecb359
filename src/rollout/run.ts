import { resolve } from 'node:path';
import { runOnPool } from '../parallel/pool.js';
import { useTariffTable } from '../economics/transport-tariff.js';
import { FORECAST_WEATHER_IDS } from '../forecast/features.js';
import { findShipped, loadShipped } from '../profiles/catalogue.js';
import { provenance, rolloutAssumptions } from '../provenance/collect.js';
import { withLedger } from '../provenance/ledger.js';
import { shownPath } from '../provenance/provenance.js';
import { filledStepsOf } from '../model/resolve.js';
import { aggregate, type RolloutResult } from './aggregate.js';
import { RolloutContext } from './context.js';
import { loadRollout, type LoadedRollout } from './load.js';
import type { RolloutTask } from './task.js';

/** Every task of a rollout: one per substation (its years run in order inside), in scenario order. */
export function rolloutTasks(substations: readonly string[]): RolloutTask[] {
  return substations.map((substation, index) => ({ index, substation }));
}

export interface RolloutRunOptions {
  workers: number;
  onProgress?: (done: number, total: number) => void;
  /** Paths in the provenance are relative to this folder (default: the working directory). */
  provenanceBase?: string;
}

/**
 * Load a rollout scenario (all input errors surface here, before any worker starts), run its tasks
 * on the worker pool and aggregate. The result does not depend on the number of workers.
 */
export async function runRollout(path: string, options: RolloutRunOptions): Promise<RolloutResult> {
  // Every file read in this thread until the results are aggregated is an input (provenance).
  const { value, ledger } = await withLedger(async () => {
    const loaded = loadRollout(path);
    const ctx = await preload(loaded);
    const tasks = rolloutTasks(loaded.rollout.substations.map((s) => s.id));
    const { results, batchErrors } = await runOnPool(resolve(path), tasks, options.workers, options.onProgress, ctx.shareBaseHubs());
    const extra = batchErrors.map(({ task, message }) => ({ terrain: `(substation ${task.substation})`, year: loaded.years[0], weatherYear: loaded.rollout.weatherYears[0], strategy: '(all)', message }));
    // What was filled in the terrains' profile files: said in the results, as a run says it.
    const filled = loaded.rollout.weatherYears.flatMap((w) => loaded.rollout.terrains.flatMap((t, i) => filledStepsOf(ctx.baseHub(i, w)).map((f) => ({ terrain: t.id, weatherYear: w, ...f }))));
    const result = aggregate(loaded, results, extra);
    return { loaded, result: filled.length > 0 ? { ...result, filledSteps: filled } : result };
  });
  const base = options.provenanceBase ?? process.cwd();
  const command = ['hubsim', 'rollout', shownPath(path, base)];
  return { ...value.result, provenance: provenance(ledger, command, rolloutAssumptions(value.loaded, base), base) };
}

/**
 * Resolve every terrain and substation once in the main thread, for every weather year: this reads
 * each shipped profile once, and surfaces every profile error before a worker starts. The pool then
 * shares the profiles and the resolved terrain hubs with the workers read-only, so that no thread
 * resolves them again. Forecasters that mpc needs are trained here once (into the disk cache the
 * workers load them from).
 */
async function preload(loaded: LoadedRollout): Promise<RolloutContext> {
  const ctx = new RolloutContext(loaded);
  for (const w of loaded.rollout.weatherYears) {
    loaded.rollout.terrains.forEach((_, i) => ctx.baseHub(i, w));
    const hub = ctx.baseHub(0, w);
    loaded.rollout.substations.forEach((_, i) => ctx.background(i, w, loaded.years[0], hub.axis.steps, hub.axis.stepHours * 60));
    ctx.pricesFor(w, hub.axis.stepHours * 60);
    ctx.spreadFor(w, hub.axis.stepHours * 60);
    // The weather a forecaster reads when it forecasts this year (workers share it from here).
    if (ctx.needsForecasters()) for (const id of FORECAST_WEATHER_IDS) loadShipped(findShipped(id, w, 'forecast weather'));
  }
  useTariffTable();
  await ctx.prepareForecasters();
  return ctx;
}
