import { HubsimError } from '../errors.js';
import { provenance, sweepAssumptions } from '../provenance/collect.js';
import { withLedger } from '../provenance/ledger.js';
import { shownPath } from '../provenance/provenance.js';
import { localRunner } from '../run/local.js';
import { runStudy, type Runner } from '../run/runner.js';
import { aggregateSweep, type SubjectSummary, type SweepResult } from './aggregate.js';
import { loadSweep, type LoadedSweep } from './load.js';
import { K } from './outcome.js';
import { preparedSweep, sweepStudy } from './study.js';
import { forecasterAssumptions } from './forecasts.js';

export interface SweepRunOptions {
  /** Threads of the local pool (ignored with a runner). */
  workers: number;
  /** Run the batches elsewhere (the Redis queue: run/queue-runner.ts); default: the local pool. */
  runner?: Runner;
  onProgress?: (done: number, total: number) => void;
  /** The folder provenance names the files relative to (default: the working directory); regress gives its baseline folder. */
  provenanceBase?: string;
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
  const base = options.provenanceBase ?? process.cwd();
  const command = ['hubsim', 'sweep', shownPath(path, base)];
  return { ...value, provenance: provenance(ledger, command, [...sweepAssumptions(value.loaded, shownPath(path, base)), ...forecasterAssumptions(value.loaded)], base) };
}

async function sweepOnRunner(path: string, options: SweepRunOptions): Promise<SweepResult & { batches: number; duplicates: number }> {
  const loaded = loadSweep(path);
  const prepared = await preparedSweep(loaded);
  const subjects: SubjectSummary[] = prepared.map((p) => ({
    id: p.id,
    configurations: p.configurations,
    fileImportCapKw: p.base.importCapKw.reduce((m, x) => Math.max(m, x), Number.NEGATIVE_INFINITY),
    asBuiltKwp: p.asBuiltKwp,
    tariffs: p.configurations.map((c) => p.tariffOf(c)),
  }));
  const study = sweepStudy(loaded, prepared);
  const D = loaded.sweep.draws.count;
  const outcomes = subjects.map((s) => new Float64Array(D * s.configurations.length * K));
  // Each batch's outcomes go to their subject's draws.
  const place = (i: number, values: Float64Array): void => {
    const b = study.batches[i];
    outcomes[b.subject].set(values, b.drawFrom * subjects[b.subject].configurations.length * K);
  };
  const { failed, duplicates } = await runStudy(study, options.runner ?? localRunner(options.workers), place, options.onProgress);
  // A sweep's percentiles need every draw: a failed batch leaves no result to write (exit 3, as a rollout's failed jobs).
  if (failed.length > 0) {
    throw new HubsimError('sweep.batchFailed', `${loaded.path}: ${study.describe(study.batches[failed[0].index])} failed${failed.length > 1 ? ` (and ${failed.length - 1} more batches)` : ''}: ${failed[0].message}; nothing written`, 3);
  }
  return { ...aggregateSweep(loaded, subjects, outcomes), batches: study.batches.length, duplicates };
}

export type { LoadedSweep };
