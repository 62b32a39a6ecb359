// Wall time of a whole rollout (load, run on the pool, aggregate) with a given number of worker
// threads: median, min and max over repeated runs. Shared by bench/rollout.js and bench/flex-rollout.js.
import { performance } from 'node:perf_hooks';
import { median } from 'simple-statistics';
import { runRollout } from '../dist/rollout/run.js';

export async function rolloutWallTime(scenario, workers, runs) {
  const times = [];
  let hubYears = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = await runRollout(scenario, { workers });
    times.push((performance.now() - t0) / 1000);
    hubYears = r.hubYears;
  }
  return { medianS: median(times), minS: Math.min(...times), maxS: Math.max(...times), hubYears };
}
