import { provenance, sweepAssumptions } from '../provenance/collect.js';
import { withLedger } from '../provenance/ledger.js';
import { shownPath } from '../provenance/provenance.js';
import { aggregateSweep, type SubjectSummary, type SweepResult } from './aggregate.js';
import { sweepBatches, type SweepBatch } from './batches.js';
import { prepareSubject } from './context.js';
import { sourceWeather, sweepNeedsModel, trainSweepForecasters } from './forecasts.js';
import { loadSweep, type LoadedSweep } from './load.js';
import { K } from './outcome.js';
import { SweepPool } from './pool.js';
import type { SweepTask } from './thread.js';

/**
 * Something that runs a sweep's batches and hands back each batch's outcomes: the local thread pool,
 * or a job queue (src/queue/submit.ts). `onResult` may be called more than once for a batch (a retried
 * job); the first result counts.
 */
export interface BatchRunner {
  run(tasks: readonly SweepTask[], onResult: (index: number, values: Float64Array) => void): Promise<void>;
}

export interface SweepRunOptions {
  /** Threads of the local pool (ignored with a runner). */
  workers: number;
  /** Run the batches elsewhere (a queue); default: the local pool. */
  runner?: BatchRunner;
  onProgress?: (done: number, total: number) => void;
}

/** A pool of local threads as a BatchRunner. */
export function localRunner(workers: number): BatchRunner {
  return {
    async run(tasks, onResult) {
      const pool = new SweepPool(workers);
      try {
        await Promise.all(tasks.map(async (task, i) => onResult(i, await pool.run(task))));
      } finally {
        await pool.destroy();
      }
    },
  };
}

/**
 * Load a sweep (every input error surfaces here, before any work starts), prepare each subject once
 * in this thread (reading the profiles the pool then shares), train the forecasters its mpc
 * strategies need into the disk cache (the threads load them from there), run the batches and
 * aggregate. The result does not depend on the number of threads, on the runner or on the order
 * results arrive in.
 */
export async function runSweep(path: string, options: SweepRunOptions): Promise<SweepResult & { batches: number; duplicates: number }> {
  // Every file read in this thread until the outcomes are aggregated is an input (provenance).
  const { value, ledger } = await withLedger(() => sweepOnRunner(path, options));
  const base = process.cwd();
  const command = ['hubsim', 'sweep', shownPath(path, base)];
  return { ...value, provenance: provenance(ledger, command, sweepAssumptions(value.loaded, shownPath(path, base)), base) };
}

async function sweepOnRunner(path: string, options: SweepRunOptions): Promise<SweepResult & { batches: number; duplicates: number }> {
  const loaded = loadSweep(path);
  const prepared = loaded.subjects.map((s) => prepareSubject(loaded, s));
  await trainSweepForecasters(loaded, prepared);
  // The weather the forecasters read on the drawn days: read here, so the threads share it and it is an input.
  if (sweepNeedsModel(loaded)) sourceWeather(loaded.sweep.draws.sourceYears);
  const subjects: SubjectSummary[] = prepared.map((p) => ({
    id: p.id,
    configurations: p.configurations,
    fileImportCapKw: p.base.importCapKw.reduce((m, x) => Math.max(m, x), Number.NEGATIVE_INFINITY),
    asBuiltKwp: p.asBuiltKwp,
    tariffs: p.configurations.map((c) => p.tariffOf(c)),
  }));
  const D = loaded.sweep.draws.count;
  const batches = sweepBatches(subjects.map((s) => s.configurations.length), D, loaded.sweep.batchHubYears);
  const outcomes = subjects.map((s) => new Float64Array(D * s.configurations.length * K));
  const tasks: SweepTask[] = batches.map((batch) => ({ sweepPath: loaded.path, sweepHash: loaded.hash, batch }));
  const received = new Uint8Array(batches.length);
  let done = 0;
  let duplicates = 0;
  const onResult = (i: number, values: Float64Array): void => {
    if (received[i] === 1) {
      duplicates++;
      return;
    }
    place(outcomes, subjects, batches[i], values);
    received[i] = 1;
    done++;
    options.onProgress?.(done, batches.length);
  };
  await (options.runner ?? localRunner(options.workers)).run(tasks, onResult);
  const missing = received.indexOf(0);
  if (missing >= 0) throw new Error(`sweep ${loaded.path}: no result for batch ${missing} (subject ${subjects[batches[missing].subject].id}, draws ${batches[missing].drawFrom}-${batches[missing].drawTo - 1})`);
  return { ...aggregateSweep(loaded, subjects, outcomes), batches: batches.length, duplicates };
}

function place(outcomes: Float64Array[], subjects: readonly SubjectSummary[], b: SweepBatch, values: Float64Array): void {
  const C = subjects[b.subject].configurations.length;
  const expected = (b.drawTo - b.drawFrom) * C * K;
  if (values.length !== expected) throw new Error(`batch of subject ${subjects[b.subject].id}, draws ${b.drawFrom}-${b.drawTo - 1}: expected ${expected} values, got ${values.length}`);
  outcomes[b.subject].set(values, b.drawFrom * C * K);
}

export type { LoadedSweep };
