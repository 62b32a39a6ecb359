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

/** What became of a study's batches besides their results. */
export interface StudyOutcome {
  /** Batches that failed as a whole (in batch order), with the first line of the error. */
  readonly failed: { readonly index: number; readonly message: string }[];
  /** Outcomes handed back again for a batch already counted (retried or duplicated jobs). */
  readonly duplicates: number;
}

/**
 * Run a study's batches on a runner and hand each batch's result to `take` in batch order, each
 * batch counted once whatever the runner, the number of threads or the order the outcomes arrive in.
 * A result that arrives before those of earlier batches waits until they are in; a result taken is
 * no longer held here, so aggregates can stream. Every batch must have an outcome when the runner is
 * done.
 */
export async function runStudy<Batch, Result>(
  study: Study<Batch, Result>,
  runner: Runner,
  take: (index: number, result: Result) => void,
  onProgress?: (done: number, total: number) => void,
): Promise<StudyOutcome> {
  const n = study.batches.length;
  const waiting = new Map<number, Result>();
  const failures: (string | undefined)[] = new Array(n).fill(undefined);
  const received = new Uint8Array(n);
  let done = 0;
  let duplicates = 0;
  let next = 0;
  /** Count a batch's first outcome (true) and any later one as a duplicate (false). */
  const first = (index: number): boolean => {
    if (received[index] === 1) {
      duplicates++;
      return false;
    }
    received[index] = 1;
    done++;
    return true;
  };
  /** Hand on every result whose batches before it are all in. */
  const release = (): void => {
    while (next < n && received[next] === 1) {
      const result = waiting.get(next);
      if (result !== undefined) {
        waiting.delete(next);
        take(next, result);
      }
      next++;
    }
  };
  await runner.run(study as Study<unknown, unknown>, {
    result(index, value) {
      if (received[index] === 0) study.check?.(study.batches[index], value as Result);
      if (!first(index)) return;
      waiting.set(index, value as Result);
      release();
      onProgress?.(done, n);
    },
    failure(index, message) {
      if (!first(index)) return;
      failures[index] = message;
      release();
      onProgress?.(done, n);
    },
  });
  const missing = received.indexOf(0);
  if (missing >= 0) throw new Error(`${study.path}: no result for ${study.describe(study.batches[missing])}`);
  const failed = failures.flatMap((message, index) => (message === undefined ? [] : [{ index, message }]));
  return { failed, duplicates };
}
