import { fail, quote } from '../errors.js';
import { defaultWorkers } from '../run/pool.js';

/**
 * The --workers option of every command that runs on threads (rollout, sweep, compare, regress,
 * worker): a whole number of worker threads from 1 to 256; without it, the pool's default.
 */
export function workersOption(value: string | undefined): number {
  if (value === undefined) return defaultWorkers();
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) fail('cli.badWorkers', { field: '--workers' }, `${quote(value)} is not a number of workers (1-256)`);
  return workers;
}
