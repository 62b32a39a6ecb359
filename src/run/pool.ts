import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { StudyTask } from './study.js';

/** The compiled worker entry (dist/run/worker.js), found from src/ (tests) and dist/ alike. */
const WORKER = fileURLToPath(new URL('../../dist/run/worker.js', import.meta.url));

/** Threads when --workers is not given: one per core. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * The pool of worker threads that runs study batches (run/worker.ts), for `hubsim rollout`,
 * `hubsim sweep` and `hubsim worker` alike. What a study's threads share goes with each task
 * (StudyTask.shared), so a queue worker's pool can start before it knows its studies.
 */
export class RunPool {
  private readonly pool: Piscina;

  constructor(threads: number) {
    this.pool = new Piscina({ filename: WORKER, minThreads: threads, maxThreads: threads, idleTimeout: 1000 });
  }

  /** Run one batch in a thread; its result comes back by structured clone (run/worker.ts). */
  async run(task: StudyTask): Promise<unknown> {
    return this.pool.run(task);
  }

  async destroy(): Promise<void> {
    await this.pool.destroy();
  }
}
