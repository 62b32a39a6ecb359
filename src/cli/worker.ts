import { fail } from '../errors.js';
import { defaultWorkers } from '../parallel/pool.js';
import { parseQueueUrl } from '../queue/connection.js';
import { startQueueWorker } from '../queue/worker.js';
import type { Io } from './io.js';

export interface WorkerOptions {
  queue: string;
  queueName?: string;
  workers?: string;
  lockMs?: string;
}

/**
 * `hubsim worker --queue redis://HOST:PORT`: process sweep batches from the queue until `stop`
 * settles (in-process callers), or until the process is stopped: bin/hubsim.js exits at once on
 * SIGINT/SIGTERM, and the jobs the worker held go back to the queue when their lock expires.
 */
export async function workerCommand(options: WorkerOptions, io: Io, stop: Promise<unknown> = signalled()): Promise<number> {
  const threads = options.workers === undefined ? defaultWorkers() : Number(options.workers);
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) fail('cli.badWorkers', { field: '--workers' }, `"${options.workers}" is not a number of workers (1-256)`);
  const lockMs = options.lockMs === undefined ? undefined : Number(options.lockMs);
  if (lockMs !== undefined && (!Number.isInteger(lockMs) || lockMs < 1000)) fail('cli.badLock', { field: '--lock-ms' }, `"${options.lockMs}" is not a lock duration in ms (>= 1000)`);
  const connection = parseQueueUrl(options.queue);
  const w = await startQueueWorker(connection, { threads, queueName: options.queueName, lockMs, log: (line) => io.stderr.write(`${line}\n`) });
  io.stderr.write(`hubsim worker: ${threads} thread(s) on queue ${options.queueName ?? 'hubsim-sweep'} at ${connection.host}:${connection.port}\n`);
  await stop;
  await w.close();
  io.stderr.write(`hubsim worker: stopped after ${w.processed()} job(s)\n`);
  return 0;
}

function signalled(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
