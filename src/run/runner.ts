import type { Study } from './study.js';

/** Where a runner hands each batch's outcome: its result, or why the batch failed as a whole. */
export interface Delivery {
  result(index: number, value: unknown): void;
  failure(index: number, message: string): void;
}

/**
 * Something that runs a study's batches and hands back each one's outcome: the local thread pool
 * (run/local.ts) or the Redis queue (run/queue-runner.ts). An outcome may be handed back more than
 * once for a batch (a retried or duplicated job); the first counts.
 */
export interface Runner {
  run(study: Study<unknown, unknown>, delivery: Delivery): Promise<void>;
}

/** A study's outcomes in batch order: a result per batch, or the batch's failure. */
export interface StudyOutcome<Result> {
  readonly results: (Result | undefined)[];
  /** Batches that failed as a whole (in batch order), with the first line of the error. */
  readonly failed: { readonly index: number; readonly message: string }[];
  /** Outcomes handed back again for a batch already counted (retried or duplicated jobs). */
  readonly duplicates: number;
}

/**
 * Run a study's batches on a runner and collect the outcomes in batch order, each batch counted once
 * whatever the runner, the number of threads or the order the outcomes arrive in. Every batch must
 * have an outcome when the runner is done.
 */
export async function runStudy<Batch, Result>(study: Study<Batch, Result>, runner: Runner, onProgress?: (done: number, total: number) => void): Promise<StudyOutcome<Result>> {
  const n = study.batches.length;
  const results: (Result | undefined)[] = new Array(n).fill(undefined);
  const failures: (string | undefined)[] = new Array(n).fill(undefined);
  const received = new Uint8Array(n);
  let done = 0;
  let duplicates = 0;
  const count = (index: number): boolean => {
    if (received[index] === 1) {
      duplicates++;
      return false;
    }
    received[index] = 1;
    done++;
    return true;
  };
  await runner.run(study as Study<unknown, unknown>, {
    result(index, value) {
      if (received[index] === 1) return void duplicates++;
      study.check?.(study.batches[index], value as Result);
      if (count(index)) results[index] = value as Result;
      onProgress?.(done, n);
    },
    failure(index, message) {
      if (count(index)) failures[index] = message;
      onProgress?.(done, n);
    },
  });
  const missing = received.indexOf(0);
  if (missing >= 0) throw new Error(`${study.path}: no result for ${study.describe(study.batches[missing])}`);
  const failed = failures.flatMap((message, index) => (message === undefined ? [] : [{ index, message }]));
  return { results, failed, duplicates };
}
