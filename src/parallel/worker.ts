import { workerData } from 'piscina';
import { adoptSharedProfiles, type SharedProfile } from '../profiles/catalogue.js';
import { loadRollout } from '../rollout/load.js';
import { RolloutContext, type SharedBaseHub } from '../rollout/context.js';
import { runTask } from '../rollout/run-task.js';
import { prepareStrategies } from '../strategies/registry.js';
import type { RolloutTask, TaskResult } from '../rollout/task.js';

/** What the pool sends a worker: the scenario file (each worker loads it once) and a batch of tasks. */
export interface WorkerBatch {
  readonly scenarioPath: string;
  readonly tasks: readonly RolloutTask[];
}

/** What the pool gives every worker when it starts: what the main thread has read and resolved. */
export interface WorkerData {
  readonly profiles: SharedProfile[];
  /** The scenario the base hubs below belong to. */
  readonly scenarioPath: string;
  readonly baseHubs: readonly SharedBaseHub[];
}

let cached: { path: string; ctx: RolloutContext } | undefined;

// Shipped profiles the main thread has already read, shared read-only (no parsing, no copies).
const data = workerData as Partial<WorkerData> | undefined;
if (data?.profiles !== undefined) adoptSharedProfiles(data.profiles);

/** The piscina worker: run a batch of tasks in order; many hub-years per message. */
export default async function runBatch(batch: WorkerBatch): Promise<TaskResult[]> {
  if (cached?.path !== batch.scenarioPath) {
    const loaded = loadRollout(batch.scenarioPath);
    await prepareStrategies(loaded.rollout.strategies);
    const ctx = new RolloutContext(loaded);
    // The terrain hubs the main thread resolved for this scenario: not resolved again per thread.
    if (data?.scenarioPath === batch.scenarioPath && data.baseHubs !== undefined) ctx.adoptBaseHubs(data.baseHubs);
    await ctx.prepareForecasters();
    cached = { path: batch.scenarioPath, ctx };
  }
  const ctx = cached.ctx;
  return batch.tasks.map((task) => runTask(ctx, task));
}
