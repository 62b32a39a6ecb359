import { resolve } from 'node:path';
import { useTariffTable } from '../economics/transport-tariff.js';
import { FORECAST_WEATHER_IDS } from '../forecast/features.js';
import { findShipped, loadShipped } from '../profiles/catalogue.js';
import { recordKnown, sha256Hex, withLedger } from '../provenance/ledger.js';
import { changedInputs, type Study, type ThreadStudy } from '../run/study.js';
import { prepareStrategies } from '../strategies/registry.js';
import { VERSION } from '../version.js';
import { RolloutContext, type JobPlanner, type SharedBaseHub } from './context.js';
import { loadRollout, type LoadedRollout } from './load.js';
import { runTask } from './run-task.js';
import type { RolloutTask, TaskResult } from './task.js';

/*
 * A rollout as a study of the run layer (run/study.ts). A batch is one substation over the whole
 * horizon (its terrains' years run in order: a year's grid and grants depend on the years before),
 * its result that substation's rows (TaskResult). The threads share the shipped profiles and the
 * terrain hubs the main thread resolved, so no thread reads or resolves them again.
 *
 * This file is also the rollout's thread module: the run layer's worker entry imports it (compiled,
 * as THREAD_MODULE) and calls openStudy; a queue worker calls prepareStudy first.
 */

/** This module, compiled, as a path inside the hubsim package: what threads and queue workers import. */
export const THREAD_MODULE = 'dist/rollout/study.js';

/** A loaded rollout with the hash of its inputs: the scenario file and the hub files it reads, and the hubsim version. */
export interface HashedRollout {
  readonly loaded: LoadedRollout;
  readonly hash: string;
}

/**
 * Load a rollout scenario and hash its inputs. The files read are still recorded in the ledger open
 * around the call (provenance), as a plain loadRollout records them.
 */
export async function loadHashedRollout(path: string): Promise<HashedRollout> {
  const { value: loaded, ledger } = await withLedger(() => loadRollout(path));
  const reads = [...ledger.inputs.values()];
  for (const read of reads) recordKnown(read);
  const hash = sha256Hex(`hubsim ${VERSION}\n${reads.map((r) => r.sha256).join('\n')}`);
  return { loaded, hash };
}

/** Every task of a rollout: one per substation (its years run in order inside), in scenario order. */
export function rolloutTasks(substations: readonly string[]): RolloutTask[] {
  return substations.map((substation, index) => ({ index, substation }));
}

/**
 * Resolve every terrain and substation once in this thread, for every weather year: this reads each
 * shipped profile once, and surfaces every profile error before a thread starts. The threads then
 * share the profiles and the resolved terrain hubs read-only, so that no thread resolves them again.
 * Forecasters that mpc needs are trained here once (into the disk cache the threads load them from).
 */
export async function preparedRollout(loaded: LoadedRollout): Promise<RolloutContext> {
  const ctx = new RolloutContext(loaded);
  for (const w of loaded.rollout.weatherYears) {
    loaded.rollout.terrains.forEach((_, i) => ctx.baseHub(i, w));
    const hub = ctx.baseHub(0, w);
    loaded.rollout.substations.forEach((_, i) => ctx.background(i, w, loaded.years[0], hub.axis.steps, hub.axis.stepHours * 60));
    ctx.pricesFor(w, hub.axis.stepHours * 60);
    ctx.spreadFor(w, hub.axis.stepHours * 60);
    // The weather a forecaster reads when it forecasts this year (threads share it from here).
    if (ctx.needsForecasters()) for (const id of FORECAST_WEATHER_IDS) loadShipped(findShipped(id, w, 'forecast weather'));
  }
  useTariffTable();
  await ctx.prepareForecasters();
  return ctx;
}

/**
 * The rollout as a study, once prepared (preparedRollout): its batches are its substations.
 * `module` is the thread module (THREAD_MODULE unless the caller brings its own that wraps it).
 */
export function rolloutStudy(path: string, hashed: HashedRollout, ctx: RolloutContext, module = THREAD_MODULE): Study<RolloutTask, TaskResult> {
  const { loaded, hash } = hashed;
  return {
    path: resolve(path),
    hash,
    module,
    batches: rolloutTasks(loaded.rollout.substations.map((s) => s.id)),
    batchKey: (task) => `${task.index}:${task.substation}`,
    describe: (task) => `substation ${task.substation}`,
    shared: () => ctx.shareBaseHubs(),
    check(task, result) {
      if (result?.substation !== task.substation) throw new Error(`the result handed back for substation ${task.substation} is not that substation's; is every worker the same hubsim version?`);
    },
  };
}

/** In a queue worker's main thread: load and prepare the rollout; what its threads share. */
export async function prepareStudy(path: string, hash: string): Promise<SharedBaseHub[]> {
  const hashed = await loadHashedRollout(path);
  if (hashed.hash !== hash) throw changedInputs(path);
  return (await preparedRollout(hashed.loaded)).shareBaseHubs();
}

/** In a thread: open the rollout (its strategies and forecasters ready, the shared hubs adopted). */
export function openStudy(path: string, hash: string, shared: unknown): Promise<ThreadStudy<RolloutTask, TaskResult>> {
  return openRolloutStudy(path, hash, shared);
}

/**
 * openStudy with the planner each job's run plans with (by default the strategy registry's, from
 * the job's strategy): a thread module of a caller's own may pass another (a test does, to make one
 * job fail).
 */
export async function openRolloutStudy(path: string, hash: string, shared: unknown, plan?: JobPlanner): Promise<ThreadStudy<RolloutTask, TaskResult>> {
  const hashed = await loadHashedRollout(path);
  if (hashed.hash !== hash) throw changedInputs(path);
  const { loaded } = hashed;
  await prepareStrategies(loaded.rollout.strategies);
  const ctx = new RolloutContext(loaded, undefined, plan);
  // The terrain hubs the main thread resolved for this scenario: not resolved again per thread.
  if (Array.isArray(shared)) ctx.adoptBaseHubs(shared as SharedBaseHub[]);
  await ctx.prepareForecasters();
  return { run: (task) => runTask(ctx, task) };
}
