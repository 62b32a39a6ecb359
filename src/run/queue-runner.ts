import { Queue, QueueEvents } from 'bullmq';
import { buildIdentity } from './build.js';
import { decodeResult } from './encode.js';
import { probeRedis, DEFAULT_QUEUE_NAME, redisOptions, type QueueConnection } from './queue-connection.js';
import { leaveShared } from './queue-shared.js';
import type { Runner } from './runner.js';
import { batchJobId, startOrder, studyTasks } from './study.js';

/** Attempts per job: a job whose worker dies is retried (stalled jobs are moved back by the other workers). */
const ATTEMPTS = 3;
/** How often pending jobs are also polled, in case a completion event was missed (ms). */
const POLL_MS = 1000;
/** Completed jobs stay this long, so a duplicate submission within it gets the stored result (s). */
const KEEP_SECONDS = 24 * 3600;

/**
 * Run a study's batches as BullMQ jobs on a Redis queue, for `hubsim worker` processes on any number
 * of machines (run/queue-worker.ts). Each job's id is a hash of the study's inputs, this hubsim build
 * (run/build.ts) and the batch (batchJobId): adding a job whose id exists is a no-op in BullMQ, so a
 * retried or duplicated batch is one job, and runStudy counts the first result per batch; a job that
 * failed on an earlier submission is removed first, so that its batch runs again. The study's parsed
 * files go once, for the workers' preparation (run/queue-shared.ts). Results travel V8-serialised
 * (run/encode.ts), so the outputs equal a local run's byte for byte. A batch whose job failed
 * ATTEMPTS times is handed back as a failure.
 */
export function queueRunner(connection: QueueConnection, queueName = DEFAULT_QUEUE_NAME): Runner {
  return {
    async run(study, delivery) {
      await probeRedis(connection);
      const opts = { connection: redisOptions(connection) } as never;
      const queue = new Queue(queueName, opts);
      const events = new QueueEvents(queueName, opts);
      // Each job carries this hubsim build, for the worker to check against its own.
      const build = buildIdentity();
      const tasks = studyTasks(study).map((task) => ({ ...task, build }));
      const ids = study.batches.map((b) => batchJobId(study.hash, build, study.batchKey(b)));
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
        // What the study's threads share (its files as parsed here), for the workers to take instead
        // of parsing them again; kept as long as the jobs' results.
        await leaveShared(connection, queueName, study.hash, study.shared(), KEEP_SECONDS);
        await dropFailed(queue, ids);
        await new Promise<void>((resolve, reject) => {
          let settled = false;
          const finish = (err?: Error): void => {
            if (settled) return;
            settled = true;
            clearInterval(timer);
            if (err) reject(err);
            else resolve();
          };
          const settle = (id: string, hand: () => void): void => {
            if (!pending.has(id)) return;
            try {
              pending.delete(id);
              hand();
            } catch (err) {
              finish(err as Error);
              return;
            }
            if (pending.size === 0) finish();
          };
          const take = (id: string, value: unknown): void => settle(id, () => delivery.result(index.get(id)!, decodeResult(value)));
          const check = async (id: string): Promise<void> => {
            const job = await queue.getJob(id);
            if (job === undefined || job === null) return;
            if (job.finishedOn !== undefined && job.finishedOn !== null && job.returnvalue !== undefined && job.returnvalue !== null) take(id, job.returnvalue);
            else if (job.failedReason && job.attemptsMade >= ATTEMPTS) settle(id, () => delivery.failure(index.get(id)!, `queue job failed ${ATTEMPTS} times: ${job.failedReason.split('\n')[0]}`));
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
              startOrder(study).map((i) => ({
                name: 'study-batch',
                data: tasks[i],
                opts: { jobId: ids[i], attempts: ATTEMPTS, removeOnComplete: { age: KEEP_SECONDS }, removeOnFail: { age: KEEP_SECONDS } },
              })),
            )
            // Batches that were already done (a duplicate submission) complete without a new event.
            .then(() => Promise.all(ids.map((id) => check(id))))
            .then(() => (pending.size > 0 ? tellIfNoWorker(queue, connection, queueName, pending.size) : undefined))
            .catch((err: Error) => finish(err));
        });
      } finally {
        await events.close();
        await queue.close();
      }
    },
  };
}

/**
 * Remove the jobs among `ids` that failed on an earlier submission, so that their batches run again:
 * a failed job is kept as long as a completed one, and adding a job whose id exists does nothing, so
 * it would otherwise stand for its batch until it expires, though the workers or the inputs that made
 * it fail may have been fixed since. Completed jobs stay, their results reused.
 */
async function dropFailed(queue: Queue, ids: readonly string[]): Promise<void> {
  const states = await Promise.all(ids.map((id) => queue.getJobState(id)));
  await Promise.all(ids.filter((_, i) => states[i] === 'failed').map((id) => queue.remove(id)));
}

/**
 * The batches wait for a `hubsim worker` on the queue: when none is connected, say so once on stderr
 * (the run would otherwise wait without a word) and how to start one. A Redis that does not list its
 * clients says nothing.
 */
async function tellIfNoWorker(queue: Queue, connection: QueueConnection, queueName: string, waiting: number): Promise<void> {
  let workers: number;
  try {
    workers = await queue.getWorkersCount();
  } catch {
    return;
  }
  if (workers > 0) return;
  const url = `redis://${connection.host}:${connection.port}${connection.db === 0 ? '' : `/${connection.db}`}`;
  const name = queueName === DEFAULT_QUEUE_NAME ? '' : ` --queue-name ${queueName}`;
  process.stderr.write(`hubsim: ${waiting} batch(es) wait on queue "${queueName}" at ${url}, and no hubsim worker is connected to it yet: start one with hubsim worker --queue ${url}${name}\n`);
}
