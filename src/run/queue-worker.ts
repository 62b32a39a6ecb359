import { Worker, type Job } from 'bullmq';
import { shareLoadedProfiles } from '../profiles/catalogue.js';
import { buildIdentity, otherBuild } from './build.js';
import { encodeResult, type EncodedResult } from './encode.js';
import { openStudyModule } from './modules.js';
import { RunPool } from './pool.js';
import { probeRedis, DEFAULT_QUEUE_NAME, redisOptions, type QueueConnection } from './queue-connection.js';
import { takeShared } from './queue-shared.js';
import type { StudyTask } from './study.js';
import type { Shared } from './worker.js';

export interface QueueWorkerOptions {
  readonly threads: number;
  /**
   * The study modules this worker runs (Study.module paths: hubsim's rollout and sweep, given by the
   * caller, as run/ does not know them). A job naming any other module fails without it being imported:
   * whoever can add a job to the queue could otherwise make the worker run any module in the package.
   */
  readonly modules: readonly string[];
  readonly queueName?: string;
  /** How long a job's lock lasts without renewal (ms); a dead worker's jobs are retried after it. */
  readonly lockMs?: number;
  readonly log?: (line: string) => void;
}

/**
 * A `hubsim worker`: takes study batches (rollouts and sweeps alike) off the queue and runs them on
 * its own thread pool (twice as many jobs in flight as threads, so a thread never waits for Redis).
 * The first job of a study prepares it here once (its module's prepareStudy: reading and resolving
 * what the threads share, from the files as the submitter parsed them when it left them on the server,
 * training forecasters into this machine's disk cache, and refusing inputs that differ from the
 * submitter's), as `hubsim rollout` and `hubsim sweep` do before their pools
 * start. The main thread only talks to Redis otherwise, so the job locks are renewed while the
 * threads compute. A job naming a study module other than `modules`, or made by another hubsim build
 * (run/build.ts), fails at once. Returns a function that stops it.
 */
export async function startQueueWorker(connection: QueueConnection, options: QueueWorkerOptions): Promise<{ close: () => Promise<void>; processed: () => number }> {
  await probeRedis(connection);
  // The pool starts now, so its threads load hubsim while the worker waits for its first job.
  const pool = new RunPool(options.threads);
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const prepared = new Map<string, Promise<Shared>>();
  const prepare = async (task: StudyTask): Promise<Shared> => {
    // The study's files as the submitter parsed them, when it left them on the server.
    const given = await takeShared(connection, queueName, task.hash);
    const study = await (await openStudyModule(task.module)).prepareStudy(task.path, task.hash, given);
    return { profiles: shareLoadedProfiles(), study };
  };
  let processed = 0;
  const lockMs = options.lockMs ?? 30_000;
  const worker = new Worker(
    queueName,
    async (job: Job): Promise<EncodedResult> => {
      const task = job.data as StudyTask;
      if (!options.modules.includes(task.module)) throw notAStudyModule(task.module, options.modules);
      // Other code (or other shipped profiles) could compute other results from the same inputs.
      if (task.build !== buildIdentity()) throw otherBuild();
      const key = `${task.module}\u0000${task.path}\u0000${task.hash}`;
      let shared = prepared.get(key);
      if (shared === undefined) prepared.set(key, (shared = prepare(task)));
      // A study that could not be prepared is tried again with the next job (the inputs may be fixed).
      const value = await pool.run({ ...task, shared: await shared.catch((err: unknown) => (prepared.delete(key), Promise.reject(err))) });
      processed++;
      return encodeResult(value);
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

/** The error of a job that names a module this worker does not run (checked before anything is imported). */
function notAStudyModule(module: unknown, modules: readonly string[]): Error {
  return new Error(`the job names module ${JSON.stringify(module)}, which is not one of hubsim's study modules (${modules.join(', ')}); a hubsim worker runs no other code`);
}
