// A study's batches on a pool of the run layer, started once and run pass after pass, as the local
// runner starts them (startOrder: the heaviest first): what bench/rollout.js and bench/sweep.js time
// on a warm pool. Each pass gives its wall time, the CPU time of this process's threads meanwhile
// (user + system) and the batches' results in batch order.
import { performance } from 'node:perf_hooks';
import { RunPool } from '../dist/run/pool.js';
import { startOrder } from '../dist/run/study.js';
import { localTasks } from '../dist/run/local.js';

/** A pool of `threads` for `study` (prepared in this thread first): { pass(), destroy() }. */
export function warmPool(study, threads) {
  const tasks = localTasks(study);
  const pool = new RunPool(threads);
  return {
    async pass() {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const results = new Array(tasks.length);
      await Promise.all(startOrder(study).map(async (i) => (results[i] = await pool.run(tasks[i]))));
      const s = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      return { s, cpuS: (cpu.user + cpu.system) / 1e6, results };
    },
    destroy: () => pool.destroy(),
  };
}
