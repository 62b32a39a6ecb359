import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { shareLoadedProfiles } from '../profiles/catalogue.js';
import type { SharedBaseHub } from '../rollout/context.js';
import type { RolloutTask, TaskResult } from '../rollout/task.js';
import type { WorkerBatch, WorkerData } from './worker.js';

/** The compiled worker (dist/parallel/worker.js), found from src/ (tests) and dist/ alike. */
const WORKER = fileURLToPath(new URL('../../dist/parallel/worker.js', import.meta.url));

export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Run tasks on a piscina pool of `workers` threads (given the shipped profiles and the scenario's
 * resolved terrain hubs the main thread holds, shared read-only), in batches (about 32 per worker, each of several substation-years, so that the
 * per-message overhead is small against the work and the threads stay balanced). Results come back
 * ordered by task index, so they are the same whatever the number of workers. A batch that fails as
 * a whole (it should not: jobs catch their own errors) is returned as failures of its tasks.
 */
export async function runOnPool(
  scenarioPath: string,
  tasks: readonly RolloutTask[],
  workers: number,
  onProgress: (done: number, total: number) => void = () => {},
  baseHubs: readonly SharedBaseHub[] = [],
): Promise<{ results: TaskResult[]; batchErrors: { task: RolloutTask; message: string }[] }> {
  const workerData: WorkerData = { profiles: shareLoadedProfiles(), scenarioPath, baseHubs };
  const pool = new Piscina({ filename: WORKER, minThreads: workers, maxThreads: workers, idleTimeout: 1000, workerData });
  const perBatch = Math.max(1, Math.ceil(tasks.length / (workers * 32)));
  const batches: RolloutTask[][] = [];
  for (let i = 0; i < tasks.length; i += perBatch) batches.push(tasks.slice(i, i + perBatch));
  const results: TaskResult[] = [];
  const batchErrors: { task: RolloutTask; message: string }[] = [];
  let done = 0;
  try {
    await Promise.all(
      batches.map(async (batch) => {
        try {
          const out = (await pool.run({ scenarioPath, tasks: batch } satisfies WorkerBatch)) as TaskResult[];
          results.push(...out);
        } catch (err) {
          for (const task of batch) batchErrors.push({ task, message: (err as Error).message.split('\n')[0] });
        }
        done += batch.length;
        onProgress(done, tasks.length);
      }),
    );
  } finally {
    await pool.destroy();
  }
  results.sort((a, b) => a.index - b.index);
  batchErrors.sort((a, b) => a.task.index - b.task.index);
  return { results, batchErrors };
}
