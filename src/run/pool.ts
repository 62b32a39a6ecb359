import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { StudyTask } from './study.js';
import type { Shared, WorkerData } from './worker.js';

/** The compiled worker entry (dist/run/worker.js), found from src/ (tests) and dist/ alike. */
const WORKER = fileURLToPath(new URL('../../dist/run/worker.js', import.meta.url));

/** Threads when --workers is not given: one per core. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * The pool of worker threads that runs study batches (run/worker.ts), for `hubsim rollout`,
 * `hubsim sweep` and `hubsim worker` alike. A pool started for one study is given what its threads
 * share up front (`preloaded`), once per thread; a queue worker's pool starts before it knows its
 * studies, and each task then carries what its threads share.
 */
export class RunPool {
  private readonly pool: Piscina;

  constructor(threads: number, preloaded?: { path: string; hash: string; shared: Shared }) {
    const workerData: WorkerData = { preloaded };
    this.pool = new Piscina({ filename: WORKER, minThreads: threads, maxThreads: threads, idleTimeout: 1000, workerData });
  }

  /** Run one batch in a thread; its result comes back by structured clone (run/worker.ts). */
  async run(task: StudyTask): Promise<unknown> {
    return this.pool.run(task);
  }

  async destroy(): Promise<void> {
    await this.pool.destroy();
  }
}
