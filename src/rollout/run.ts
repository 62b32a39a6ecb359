import { provenance, rolloutAssumptions } from '../provenance/collect.js';
import { withLedger } from '../provenance/ledger.js';
import { shownPath } from '../provenance/provenance.js';
import { localRunner } from '../run/local.js';
import type { Runner } from '../run/runner.js';
import { runStudy } from '../run/runner.js';
import { RolloutAggregator, type RolloutResult } from './aggregate.js';
import { forecasterAssumptions } from './context.js';
import { loadHashedRollout, preparedRollout, rolloutStudy } from './study.js';

export interface RolloutRunOptions {
  /** Threads of the local pool (ignored with a runner). */
  workers: number;
  /** Run the substations elsewhere (the Redis queue: run/queue-runner.ts); default: the local pool. */
  runner?: Runner;
  /** The module threads open the rollout with (default rollout/study.ts compiled); one of the caller's own may wrap it. */
  threadModule?: string;
  onProgress?: (done: number, total: number) => void;
  /** Paths in the provenance are relative to this folder (default: the working directory). */
  provenanceBase?: string;
}

/**
 * Load a rollout scenario (all input errors surface here, before any thread starts), prepare it
 * (rollout/study.ts), run its substations on the runner and aggregate. The result does not depend on
 * the runner, the number of threads or the order results arrive in. A substation whose batch failed
 * as a whole (it should not: jobs catch their own errors) is reported as a failed job of every variant.
 */
export async function runRollout(path: string, options: RolloutRunOptions): Promise<RolloutResult> {
  // Every file read in this thread until the results are aggregated is an input (provenance).
  const { value, ledger } = await withLedger(async () => {
    const hashed = await loadHashedRollout(path);
    const { loaded } = hashed;
    const filled = await preparedRollout(loaded);
    const study = rolloutStudy(path, hashed, options.threadModule);
    // Each substation's result is folded into the aggregates as soon as those before it are in.
    const aggregator = new RolloutAggregator(loaded);
    const outcome = await runStudy(study, options.runner ?? localRunner(options.workers), (_, result) => aggregator.add(result), options.onProgress);
    aggregator.addFailures(outcome.failed.map(({ index, message }) => ({ terrain: `(substation ${study.batches[index].substation})`, year: loaded.years[0], weatherYear: loaded.rollout.weatherYears[0], strategy: '(all)', message })));
    const result = aggregator.finish();
    // What was filled in the terrains' profile files: said in the results, as a run says it.
    return { loaded, result: filled.length > 0 ? { ...result, filledSteps: filled } : result };
  });
  const base = options.provenanceBase ?? process.cwd();
  const command = ['hubsim', 'rollout', shownPath(path, base)];
  return { ...value.result, provenance: provenance(ledger, command, [...rolloutAssumptions(value.loaded, base), ...forecasterAssumptions(value.loaded)], base) };
}
