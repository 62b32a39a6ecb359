import { Worker } from 'bullmq';
import { prepareSubject, type PreparedSubject } from '../sweep/context.js';
import { subjectForecasters, sweepNeedsModel } from '../sweep/forecasts.js';
import { loadSweep, type LoadedSweep } from '../sweep/load.js';
import { shareLoadedProfiles, type SharedProfile } from '../profiles/catalogue.js';
import { SweepPool } from '../sweep/pool.js';
import type { SweepTask } from '../sweep/thread.js';
import { probeRedis, DEFAULT_QUEUE_NAME, redisOptions, type QueueConnection } from './connection.js';

export interface QueueWorkerOptions {
  readonly threads: number;
  readonly queueName?: string;
  /** How long a job's lock lasts without renewal (ms); a dead worker's jobs are retried after it. */
  readonly lockMs?: number;
  readonly log?: (line: string) => void;
}

/**
 * A `hubsim worker`: takes sweep batches off the queue and runs them on its own thread pool (twice
 * as many jobs in flight as threads, so a thread never waits for Redis). The main thread only talks
 * to Redis, so the job locks are renewed while the threads compute. Returns a function that stops it.
 */
export async function startQueueWorker(connection: QueueConnection, options: QueueWorkerOptions): Promise<{ close: () => Promise<void>; processed: () => number }> {
  await probeRedis(connection);
  // The pool starts now, so its threads load hubsim while the worker waits for its first job.
  const pool = new SweepPool(options.threads);
  const prepared = new Map<string, { loaded: LoadedSweep; subjects: PreparedSubject[]; profiles: SharedProfile[]; forecasters: Map<number, Promise<unknown>> }>();
  let processed = 0;
  const lockMs = options.lockMs ?? 30_000;
  const worker = new Worker(
    options.queueName ?? DEFAULT_QUEUE_NAME,
    async (job) => {
      const task = job.data as SweepTask;
      let sweep = prepared.get(task.sweepHash);
      if (sweep === undefined) {
        // Read the sweep and its profiles here once and pass them to the threads in shared memory,
        // so the threads do not each parse them; this also refuses inputs that differ from the
        // submitter's.
        const loaded = loadSweep(task.sweepPath);
        if (loaded.hash !== task.sweepHash) throw new Error(`${task.sweepPath}: the sweep file or the file it sizes differs from the submitter's; run the same inputs on every machine`);
        const subjects = loaded.subjects.map((s) => prepareSubject(loaded, s));
        prepared.set(task.sweepHash, (sweep = { loaded, subjects, profiles: shareLoadedProfiles(), forecasters: new Map() }));
      }
      if (sweepNeedsModel(sweep.loaded)) {
        // The subject's forecasters are trained (or loaded from this machine's disk cache) here once, as
        // `hubsim sweep` does before its pool starts, so the threads load them from the cache. Training
        // holds this thread for about 2 s per forecaster, well within the job locks.
        const subject = task.batch.subject;
        let trained = sweep.forecasters.get(subject);
        if (trained === undefined) sweep.forecasters.set(subject, (trained = subjectForecasters(sweep.loaded, sweep.loaded.subjects[subject], sweep.subjects[subject])));
        await trained;
      }
      const values = await pool.run({ ...task, profiles: sweep.profiles });
      processed++;
      return Array.from(values);
    },
    { connection: redisOptions(connection), concurrency: options.threads * 2, lockDuration: lockMs, stalledInterval: Math.max(500, Math.floor(lockMs / 2)), maxStalledCount: 5 } as never,
  );
  worker.on('failed', (job, err) => options.log?.(`hubsim worker: job ${job?.id} failed: ${err.message}`));
  worker.on('error', (err) => options.log?.(`hubsim worker: queue connection problem (retrying): ${err.message}`));
  await worker.waitUntilReady();
  return {
    processed: () => processed,
    close: async () => {
      // With Redis reachable, finish the jobs held and hand in their results. Without it nothing
      // held can be handed in (the jobs go back to the queue when their locks expire, as after a
      // crash), so stop at once instead of waiting for a server that has gone.
      let reachable = true;
      try {
        await probeRedis(connection);
      } catch {
        reachable = false;
      }
      if (reachable) await worker.close();
      else {
        options.log?.('hubsim worker: Redis is unreachable: the jobs held go back to the queue when their locks expire');
        void worker.close(true).catch(() => undefined);
        void worker.disconnect().catch(() => undefined);
      }
      await pool.destroy();
    },
  };
}
