import { fail, quote } from '../errors.js';
import { THREAD_MODULE as ROLLOUT_MODULE } from '../rollout/study.js';
import { DEFAULT_QUEUE_NAME, parseQueueUrl } from '../run/queue-connection.js';
import { THREAD_MODULE as SWEEP_MODULE } from '../sweep/study.js';
import type { Io } from './io.js';
import { setGracefulStop } from './signals.js';

export interface WorkerOptions {
  queue: string;
  queueName?: string;
  /** Worker threads (parsed by commander: workersOption). */
  workers: number;
  lockMs?: string;
}

/**
 * `hubsim worker --queue redis://HOST:PORT`: process rollout and sweep batches from the queue until `stop`
 * settles (in-process callers), or until the process gets SIGINT or SIGTERM: it then takes no new
 * job, finishes the ones it holds, and exits 0. A second signal exits at once; the jobs it held then
 * go back to the queue when their lock expires (as after a crash).
 */
export async function workerCommand(options: WorkerOptions, io: Io, stop: Promise<unknown> = signalled()): Promise<number> {
  const threads = options.workers;
  const lockMs = options.lockMs === undefined ? undefined : Number(options.lockMs);
  if (lockMs !== undefined && (!Number.isInteger(lockMs) || lockMs < 1000)) fail('cli.badLock', { field: '--lock-ms' }, `${quote(options.lockMs)} is not a lock duration in ms (>= 1000)`);
  const connection = parseQueueUrl(options.queue);
  // BullMQ is loaded by this command alone, not by every command of the program.
  const { startQueueWorker } = await import('../run/queue-worker.js');
  // The studies a worker runs: hubsim's rollouts and sweeps, nothing else a job may name.
  const w = await startQueueWorker(connection, { threads, modules: [ROLLOUT_MODULE, SWEEP_MODULE], queueName: options.queueName, lockMs, log: (line) => io.stderr.write(`${line}\n`) });
  io.stderr.write(`hubsim worker: ${threads} thread(s) on queue ${options.queueName ?? DEFAULT_QUEUE_NAME} at ${connection.host}:${connection.port}\n`);
  await stop;
  io.stderr.write('hubsim worker: stopping: finishing the jobs it holds (a second signal stops at once)\n');
  await w.close();
  setGracefulStop(null);
  io.stderr.write(`hubsim worker: stopped after ${w.processed()} job(s)\n`);
  return 0;
}

/** Settles on the first SIGINT or SIGTERM (see signals.ts). */
function signalled(): Promise<void> {
  return new Promise((resolve) => setGracefulStop(resolve));
}
