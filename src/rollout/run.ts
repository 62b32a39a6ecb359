import { resolve } from 'node:path';
import { runOnPool } from '../parallel/pool.js';
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
}

/**
 * Load a rollout scenario (all input errors surface here, before any worker starts), run its tasks
 * on the worker pool and aggregate. The result does not depend on the number of workers.
 */
export async function runRollout(path: string, options: RolloutRunOptions): Promise<RolloutResult> {
  const loaded = loadRollout(path);
  const ctx = await preload(loaded);
  const tasks = rolloutTasks(loaded.rollout.substations.map((s) => s.id));
  const { results, batchErrors } = await runOnPool(resolve(path), tasks, options.workers, options.onProgress, ctx.shareBaseHubs());
  const extra = batchErrors.map(({ task, message }) => ({ terrain: `(substation ${task.substation})`, year: loaded.years[0], weatherYear: loaded.rollout.weatherYears[0], strategy: '(all)', message }));
  return aggregate(loaded, results, extra);
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
  }
  await ctx.prepareForecasters();
  return ctx;
}
