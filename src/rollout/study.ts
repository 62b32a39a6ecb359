import { resolve } from 'node:path';
import { useTariffTable } from '../profiles/transport-tariffs.js';
import { FORECAST_WEATHER_IDS } from '../forecast/features.js';
import { findShipped, loadShipped } from '../profiles/catalogue.js';
import { recordKnown, sha256Hex, withLedger } from '../provenance/ledger.js';
import { shareDocuments, sharedDocuments, type SharedDocuments } from '../run/shared-data.js';
import { changedInputs, type Study, type ThreadStudy } from '../run/study.js';
import { prepareStrategies } from '../strategies/registry.js';
import { VERSION } from '../version.js';
import { dataFilesDigest } from '../model/data-files.js';
import type { ParsedDocuments } from '../model/load.js';
import type { FilledSteps } from '../model/resolve.js';
import type { ParsedDocument } from '../model/source.js';
import { backgroundProfile } from './background.js';
import { RolloutContext, type JobPlanner } from './context.js';
import { loadRollout, rolloutDataFiles, type LoadedRollout } from './load.js';
import { runTask } from './run-task.js';
import { TerrainCheck } from './terrain-check.js';
import type { RolloutTask, TaskResult } from './task.js';

/*
 * A rollout as a study of the run layer (run/study.ts). A batch is one substation over the whole
 * horizon (its terrains' years run in order: a year's grid and grants depend on the years before),
 * its result that substation's rows (TaskResult). The threads share the shipped profiles the main
 * thread read; each thread resolves the terrains of the substation it runs, and forgets them when
 * the substation is done, so that no thread (and not the main thread) holds every terrain.
 *
 * This file is also the rollout's thread module: the run layer's worker entry imports it (compiled,
 * as THREAD_MODULE) and calls openStudy; a queue worker calls prepareStudy first.
 */

/** This module, compiled, as a path inside the hubsim package: what threads and queue workers import. */
export const THREAD_MODULE = 'dist/rollout/study.js';

/**
 * A loaded rollout with the hash of its inputs (the scenario file, the hub files it reads, the data
 * files they name and the hubsim version), and those files as parsed, which the threads take instead of parsing them again.
 */
export interface HashedRollout {
  readonly loaded: LoadedRollout;
  readonly hash: string;
  readonly documents: ParsedDocuments;
}

/**
 * Load a rollout scenario and hash its inputs; a file `parsed` holds with the same text is not parsed
 * again. The files read are still recorded in the ledger open around the call (provenance), as a
 * plain loadRollout records them.
 */
export async function loadHashedRollout(path: string, parsed?: ParsedDocuments): Promise<HashedRollout> {
  const { value: loaded, ledger } = await withLedger(() => loadRollout(path, parsed));
  const reads = [...ledger.inputs.values()];
  for (const read of reads) recordKnown(read);
  // The scenario and hub files as read, and the bytes of the data files they name.
  const hash = sha256Hex(`hubsim ${VERSION}\n${reads.map((r) => r.sha256).join('\n')}\n--\n${dataFilesDigest(rolloutDataFiles(loaded))}`);
  // The scenario and each hub file, by absolute path, with the hash of the bytes read.
  const sha256 = new Map(reads.map((r) => [r.absPath, r.sha256]));
  const documents = new Map<string, ParsedDocument>();
  for (const source of [loaded.source, ...loaded.hubs.map((h) => h.source)]) {
    const abs = resolve(source.path);
    const read = sha256.get(abs);
    if (read !== undefined && !documents.has(abs)) documents.set(abs, { sha256: read, data: source.data });
  }
  return { loaded, hash, documents };
}

/** Every task of a rollout: one per substation (its years run in order inside), in scenario order. */
export function rolloutTasks(substations: readonly string[]): RolloutTask[] {
  return substations.map((substation, index) => ({ index, substation }));
}

/** Steps a terrain's profile files did not hold in a weather year (results.json: filledSteps). */
export interface TerrainFilledSteps extends FilledSteps {
  readonly terrain: string;
  readonly weatherYear: number;
}

/**
 * Check in this thread, before any thread starts, everything the threads will resolve: each
 * terrain's hub (rollout/terrain-check.ts: shipped shapes and constants by their bounds, anything
 * else resolved as a thread resolves it and dropped at once) and each substation's background load in
 * every weather year, so that every input error surfaces here with its own code and this thread
 * never holds more than one terrain's columns. The shipped profiles read on the way stay loaded: the
 * threads share them read-only. Forecasters that mpc needs are trained here once (into the disk cache
 * the threads load them from). Returns the steps filled in the terrains' profile files, in
 * weather-year then terrain order.
 */
export async function preparedRollout(loaded: LoadedRollout): Promise<TerrainFilledSteps[]> {
  const ctx = new RolloutContext(loaded);
  const check = new TerrainCheck(ctx);
  const filled: TerrainFilledSteps[] = [];
  for (const w of loaded.rollout.weatherYears) {
    loaded.rollout.terrains.forEach((t, i) => {
      for (const f of check.filledSteps(i, w)) filled.push({ terrain: t.id, weatherYear: w, ...f });
    });
    // The substations' background loads are checked on the first terrain's step.
    const stepMinutes = loaded.hubs[0].hub.axis.stepMinutes;
    loaded.rollout.substations.forEach((_, i) => backgroundProfile(loaded, i, w, stepMinutes));
    ctx.pricesFor(w, stepMinutes);
    ctx.spreadFor(w, stepMinutes);
    // The weather a forecaster reads when it forecasts this year (threads share it from here).
    if (ctx.needsForecasters()) for (const id of FORECAST_WEATHER_IDS) loadShipped(findShipped(id, w, 'forecast weather'));
  }
  useTariffTable();
  await ctx.prepareForecasters();
  return filled;
}

/**
 * The rollout as a study, once prepared (preparedRollout): its batches are its substations.
 * `module` is the thread module (THREAD_MODULE unless the caller brings its own that wraps it).
 */
export function rolloutStudy(path: string, hashed: HashedRollout, module = THREAD_MODULE): Study<RolloutTask, TaskResult> {
  const { loaded, hash } = hashed;
  const terrains = new Map<string, number>();
  for (const t of loaded.rollout.terrains) terrains.set(t.substation, (terrains.get(t.substation) ?? 0) + 1);
  return {
    path: resolve(path),
    hash,
    module,
    batches: rolloutTasks(loaded.rollout.substations.map((s) => s.id)),
    batchKey: (task) => `${task.index}:${task.substation}`,
    describe: (task) => `substation ${task.substation}`,
    // A substation's work grows with its terrains (each run in every variant, year and weather year).
    weight: (task) => terrains.get(task.substation) ?? 0,
    // Besides the shipped profiles, the parsed scenario and hub files: each thread resolves the
    // terrains of the substation it runs.
    shared: (): SharedDocuments => shareDocuments(hashed.documents),
    check(task, result) {
      if (result?.substation !== task.substation) throw new Error(`the result handed back for substation ${task.substation} is not that substation's; is every worker the same hubsim version?`);
    },
  };
}

/**
 * In a queue worker's main thread: load and prepare the rollout (from the files as the submitter
 * parsed them, when the queue carried them); its threads share the shipped profiles and the files as
 * parsed here.
 */
export async function prepareStudy(path: string, hash: string, given?: unknown): Promise<SharedDocuments> {
  const hashed = await loadHashedRollout(path, sharedDocuments(given));
  if (hashed.hash !== hash) throw changedInputs(path);
  await preparedRollout(hashed.loaded);
  return shareDocuments(hashed.documents);
}

/**
 * In a thread: open the rollout (its strategies and forecasters ready), from the files as the main
 * thread (of this process) parsed them when it shares them.
 */
export function openStudy(path: string, hash: string, shared?: unknown): Promise<ThreadStudy<RolloutTask, TaskResult>> {
  return openRolloutStudy(path, hash, undefined, shared);
}

/**
 * openStudy with the planner each job's run plans with (by default the strategy registry's, from
 * the job's strategy): a thread module of a caller's own may pass another (a test does, to make one
 * job fail).
 */
export async function openRolloutStudy(path: string, hash: string, plan?: JobPlanner, shared?: unknown): Promise<ThreadStudy<RolloutTask, TaskResult>> {
  const hashed = await loadHashedRollout(path, sharedDocuments(shared));
  if (hashed.hash !== hash) throw changedInputs(path);
  const { loaded } = hashed;
  await prepareStrategies(loaded.rollout.strategies);
  const ctx = new RolloutContext(loaded, undefined, plan);
  await ctx.prepareForecasters();
  return {
    run(task) {
      try {
        return runTask(ctx, task);
      } finally {
        ctx.endTask();
      }
    },
  };
}
