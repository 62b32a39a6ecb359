import { Queue, QueueEvents } from 'bullmq';
import { batchId } from '../sweep/batches.js';
import type { BatchRunner } from '../sweep/run.js';
import type { SweepTask } from '../sweep/thread.js';
import { probeRedis, DEFAULT_QUEUE_NAME, redisOptions, type QueueConnection } from './connection.js';

/** Attempts per job: a job whose worker dies is retried (stalled jobs are moved back by the other workers). */
const ATTEMPTS = 3;
/** How often pending jobs are also polled, in case a completion event was missed (ms). */
const POLL_MS = 1000;
/** Completed jobs stay this long, so a duplicate submission within it gets the stored result (s). */
const KEEP_SECONDS = 24 * 3600;

/**
 * Run a sweep's batches as BullMQ jobs on a Redis queue, for `hubsim worker` processes on any number
 * of machines. Each job's id is a hash of the sweep's inputs and the batch (batchId): adding a job
 * whose id exists is a no-op in BullMQ, so a retried or duplicated batch is one job, and the
 * collector keeps the first result per batch. Results travel as JSON arrays of numbers, which
 * round-trip every float64 exactly, so the outputs equal a local run byte for byte.
 */
export function queueRunner(connection: QueueConnection, queueName = DEFAULT_QUEUE_NAME): BatchRunner {
  return {
    async run(tasks, onResult) {
      await probeRedis(connection);
      const opts = { connection: redisOptions(connection) } as never;
      const queue = new Queue(queueName, opts);
      const events = new QueueEvents(queueName, opts);
      const ids = tasks.map((t) => batchId(t.sweepHash, t.batch));
      const index = new Map(ids.map((id, i) => [id, i]));
      const pending = new Set(ids);
      // A lost connection is retried by ioredis; report it once instead of an unhandled 'error' event.
      let warned = false;
      const onError = (err: Error): void => {
        if (!warned) process.stderr.write(`hubsim: queue connection problem (retrying): ${err.message}\n`);
        warned = true;
      };
      queue.on('error', onError);
      events.on('error', onError);
      try {
        await events.waitUntilReady();
        await new Promise<void>((resolve, reject) => {
          let settled = false;
          const finish = (err?: Error): void => {
            if (settled) return;
            settled = true;
            clearInterval(timer);
            if (err) reject(err);
            else resolve();
          };
          const take = (id: string, value: unknown): void => {
            if (!pending.has(id)) return;
            try {
              const values = decode(value);
              pending.delete(id);
              onResult(index.get(id)!, values);
            } catch (err) {
              finish(err as Error);
              return;
            }
            if (pending.size === 0) finish();
          };
          const check = async (id: string): Promise<void> => {
            const job = await queue.getJob(id);
            if (job === undefined || job === null) return;
            if (job.finishedOn !== undefined && job.finishedOn !== null && job.returnvalue !== undefined && job.returnvalue !== null) take(id, job.returnvalue);
            else if (job.failedReason && job.attemptsMade >= ATTEMPTS) finish(failure(tasks[index.get(id)!], job.failedReason));
          };
          events.on('completed', ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) => take(jobId, returnvalue));
          events.on('failed', ({ jobId }: { jobId: string }) => {
            if (pending.has(jobId)) check(jobId).catch((err: Error) => finish(err));
          });
          const timer = setInterval(() => {
            for (const id of pending) check(id).catch((err: Error) => finish(err));
          }, POLL_MS);
          queue
            .addBulk(
              tasks.map((data, i) => ({
                name: 'sweep-batch',
                data,
                opts: { jobId: ids[i], attempts: ATTEMPTS, removeOnComplete: { age: KEEP_SECONDS }, removeOnFail: { age: KEEP_SECONDS } },
              })),
            )
            // Batches that were already done (a duplicate submission) complete without a new event.
            .then(() => Promise.all(ids.map((id) => check(id))))
            .catch((err: Error) => finish(err));
        });
      } finally {
        await events.close();
        await queue.close();
      }
    },
  };
}

function failure(task: SweepTask, reason: string): Error {
  return new Error(`queue job for subject ${task.batch.subject}, draws ${task.batch.drawFrom}-${task.batch.drawTo - 1} failed ${ATTEMPTS} times: ${reason}`);
}

/**
 * A job's return value (a JSON array of numbers, possibly still as a string in an event) as a column.
 * JSON has no NaN: a figure a subject does not have (NaN, substationPeakKw of a hub file) arrives as null.
 */
function decode(value: unknown): Float64Array {
  const v = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (!Array.isArray(v)) throw new Error('a queue job returned something other than an array of numbers; is the worker the same hubsim version?');
  return Float64Array.from(v as (number | null)[], (x) => (x === null ? Number.NaN : x));
}
