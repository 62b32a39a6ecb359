import { workerData } from 'piscina';
import { adoptSharedProfiles, type SharedProfile } from '../profiles/catalogue.js';
import { loadRollout } from '../rollout/load.js';
import { RolloutContext } from '../rollout/context.js';
import { runTask } from '../rollout/run-task.js';
import { prepareStrategies } from '../strategies/registry.js';
import type { RolloutTask, TaskResult } from '../rollout/task.js';

/** What the pool sends a worker: the scenario file (each worker loads it once) and a batch of tasks. */
export interface WorkerBatch {
  readonly scenarioPath: string;
  readonly tasks: readonly RolloutTask[];
}

let cached: { path: string; ctx: RolloutContext } | undefined;

// Shipped profiles the main thread has already read, shared read-only (no parsing, no copies).
const shared = (workerData as { profiles?: SharedProfile[] } | undefined)?.profiles;
if (shared !== undefined) adoptSharedProfiles(shared);

/** The piscina worker: run a batch of tasks in order; many hub-years per message. */
export default async function runBatch(batch: WorkerBatch): Promise<TaskResult[]> {
  if (cached?.path !== batch.scenarioPath) {
    const loaded = loadRollout(batch.scenarioPath);
    await prepareStrategies(loaded.rollout.strategies);
    const ctx = new RolloutContext(loaded);
    await ctx.prepareForecasters();
    cached = { path: batch.scenarioPath, ctx };
  }
  const ctx = cached.ctx;
  return batch.tasks.map((task) => runTask(ctx, task));
}
