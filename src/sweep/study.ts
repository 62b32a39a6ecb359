import { shareDocuments, sharedDocuments, type SharedDocuments } from '../run/shared-data.js';
import { changedInputs, type Study, type ThreadStudy } from '../run/study.js';
import { prepareStrategies } from '../strategies/registry.js';
import { sweepBatches, sweepBatchKey, type SweepBatch } from './batches.js';
import { prepareSubject, SweepContext, TerrainYears, type PreparedSubject } from './context.js';
import { sourceWeather, sweepNeedsModel, trainSweepForecasters } from './forecasts.js';
import { loadSweep, type LoadedSweep } from './load.js';
import { K } from './outcome.js';
import { runSweepBatch } from './run-batch.js';

/*
 * A sweep as a study of the run layer (run/study.ts). A batch is every configuration of one subject
 * on a range of weather draws (sweep/batches.ts), its result draws x configurations x K outcomes
 * (sweep/run-batch.ts). The threads share the shipped profiles the main thread read while preparing.
 *
 * This file is also the sweep's thread module: the run layer's worker entry imports it (compiled, as
 * THREAD_MODULE) and calls openStudy; a queue worker calls prepareStudy first.
 */

/** This module, compiled, as a path inside the hubsim package: what threads and queue workers import. */
export const THREAD_MODULE = 'dist/sweep/study.js';

/**
 * Prepare each subject of a loaded sweep once in this thread (reading the profiles the threads then
 * share), train the forecasters its mpc strategies need into the disk cache (the threads load them
 * from there), and read the weather the forecasters read on the drawn days.
 */
export async function preparedSweep(loaded: LoadedSweep): Promise<PreparedSubject[]> {
  const years = new TerrainYears(loaded);
  const prepared = loaded.subjects.map((_, i) => prepareSubject(loaded, i, years));
  await trainSweepForecasters(loaded, prepared);
  if (sweepNeedsModel(loaded)) sourceWeather(loaded.sweep.draws.sourceYears);
  return prepared;
}

/** The sweep as a study, once prepared: its batches split each subject's draws (sweepBatches). */
export function sweepStudy(loaded: LoadedSweep, prepared: readonly PreparedSubject[]): Study<SweepBatch, Float64Array> {
  const D = loaded.sweep.draws.count;
  const configs = prepared.map((p) => p.configurations.length);
  const idOf = (b: SweepBatch): string => loaded.subjects[b.subject].id;
  return {
    path: loaded.path,
    hash: loaded.hash,
    module: THREAD_MODULE,
    batches: sweepBatches(configs, D, loaded.sweep.batchHubYears),
    batchKey: sweepBatchKey,
    describe: (b) => `batch of subject ${idOf(b)}, draws ${b.drawFrom}-${b.drawTo - 1}`,
    // Besides the shipped profiles, the sweep's files as parsed here.
    shared: (): SharedDocuments => shareDocuments(loaded.documents),
    check(b, values) {
      const expected = (b.drawTo - b.drawFrom) * configs[b.subject] * K;
      if (!(values instanceof Float64Array) || values.length !== expected) throw new Error(`batch of subject ${idOf(b)}, draws ${b.drawFrom}-${b.drawTo - 1}: expected ${expected} values, got ${values instanceof Float64Array ? values.length : typeof values}`);
    },
  };
}

/**
 * In a queue worker's main thread: load and prepare the sweep (from the files as the submitter parsed
 * them, when the queue carried them); its threads share the shipped profiles and the files as parsed here.
 */
export async function prepareStudy(path: string, hash: string, given?: unknown): Promise<SharedDocuments> {
  const loaded = loadSweep(path, sharedDocuments(given));
  if (loaded.hash !== hash) throw changedInputs(path);
  await preparedSweep(loaded);
  return shareDocuments(loaded.documents);
}

/**
 * In a thread: open the sweep (from its files as the main thread parsed them, when it shares them);
 * each batch first loads the forecasters its subject's strategies need.
 */
export async function openStudy(path: string, hash: string, shared?: unknown): Promise<ThreadStudy<SweepBatch, Float64Array>> {
  const loaded = loadSweep(path, sharedDocuments(shared));
  if (loaded.hash !== hash) throw changedInputs(path);
  await prepareStrategies(loaded.sweep.grid.strategies);
  const ctx = new SweepContext(loaded);
  return {
    async run(batch) {
      await ctx.prepareForecasts(batch.subject);
      return runSweepBatch(ctx, batch);
    },
  };
}
