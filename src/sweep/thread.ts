import { Piscina, workerData } from 'piscina';
import { adoptSharedProfiles, type SharedProfile } from '../profiles/catalogue.js';
import { prepareStrategies } from '../strategies/registry.js';
import type { SweepBatch } from './batches.js';
import { SweepContext } from './context.js';
import { loadSweep } from './load.js';
import { runSweepBatch } from './run-batch.js';

/** What the pool sends a thread: the sweep file (each thread loads it once), its hash, a batch. */
export interface SweepTask {
  readonly sweepPath: string;
  readonly sweepHash: string;
  readonly batch: SweepBatch;
  /** Shipped profiles the sender has read, shared read-only (a queue worker's pool starts before it knows the sweep). */
  readonly profiles?: readonly SharedProfile[];
}

let cached: { path: string; hash: string; ctx: SweepContext } | undefined;

// Shipped profiles the main thread has already read, shared read-only (no parsing, no copies).
const shared = (workerData as { profiles?: SharedProfile[] } | undefined)?.profiles;
if (shared !== undefined) adoptSharedProfiles(shared);

/** Load (once per thread) the sweep a task belongs to; a file that changed since submission is refused. */
export async function sweepContext(path: string, hash: string): Promise<SweepContext> {
  if (cached?.path !== path || cached.hash !== hash) {
    const loaded = loadSweep(path);
    if (loaded.hash !== hash) throw new Error(`${path}: the sweep file or the file it sizes differs from the submitter's (or another hubsim version); run the same inputs on every machine`);
    await prepareStrategies(loaded.sweep.grid.strategies);
    cached = { path, hash, ctx: new SweepContext(loaded) };
  }
  return cached.ctx;
}

/** The piscina worker: one batch per task, its outcomes moved (not copied) back. */
export default async function runTask(task: SweepTask): Promise<unknown> {
  if (task.profiles !== undefined) adoptSharedProfiles(task.profiles);
  const ctx = await sweepContext(task.sweepPath, task.sweepHash);
  await ctx.prepareForecasts(task.batch.subject);
  return Piscina.move(runSweepBatch(ctx, task.batch));
}
