import { Option } from 'commander';
import { fail, quote } from '../errors.js';
import { defaultWorkers } from '../run/pool.js';

/**
 * The --workers option of every command that runs on threads (rollout, sweep, compare, regress,
 * worker), parsed once by commander: a whole number of worker threads from 1 to 256; without it,
 * the pool's default (the number of cores). The command's action receives the number.
 */
export function workersOption(description: string): Option {
  return new Option('-w, --workers <n>', description).argParser(parseWorkers).default(defaultWorkers(), 'the number of cores');
}

function parseWorkers(value: string): number {
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) fail('cli.badWorkers', { field: '--workers' }, `${quote(value)} is not a number of workers (1-256)`);
  return workers;
}
