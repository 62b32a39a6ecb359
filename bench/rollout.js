// Rollout benchmark: the default scenario's wall time with 1 and 2 worker threads (median of
// repeated runs), and hub-years per second on a batch of at least 1,000 hub-years on a warm pool with
// 1 and 2 threads, the two pools' passes alternated in rounds (the speedup is the median of the
// rounds' ratios), with the CPU time of this process's threads meanwhile: a batch on 2 cores takes at
// least half its CPU time, so 2 x (1-thread time) / (2-thread CPU time) bounds the speedup any
// scheduling of that work could reach. Run: npm run bench (after npm ci or npm run build). Options:
// --runs N, --json.
import { median } from 'simple-statistics';
import { rolloutWallTime } from './rollout-wall.js';
import { roundRatios, boundLine } from './round-ratios.js';
import { warmPool } from './warm-pool.js';
import { loadHashedRollout, preparedRollout, rolloutStudy } from '../dist/rollout/study.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const asJson = args.includes('--json');
const SCENARIO = 'scenarios/mra-20.yaml';
const WARM_UP_PASSES = 3;

const wall = {};
for (const workers of [1, 2]) wall[workers] = await rolloutWallTime(SCENARIO, workers, runs);

// The batch: every substation of the default rollout (one task each, 1,760 hub-years, at least 1,000),
// on the run layer's pool as hubsim rollout runs it.
const hashed = await loadHashedRollout(SCENARIO);
await preparedRollout(hashed.loaded); // the main thread checks the terrains first, as hubsim rollout does
const study = rolloutStudy(SCENARIO, hashed);
// Both pools warm at once, their passes alternated (1 thread, 2 threads) round by round: this virtual
// machine's speed wanders from minute to minute, and a ratio of passes minutes apart took that in.
const pools = { 1: warmPool(study, 1), 2: warmPool(study, 2) };
const pass = async (threads) => {
  const { s, cpuS, results } = await pools[threads].pass();
  return { s, cpuS, hubYears: results.reduce((n, r) => n + r.hubYears, 0) };
};
// Warm-up: the threads start, load the scenario and compile. V8 goes on optimising the rollout's code
// for three or four passes (docs/performance.md, "TurboFan's compiles"), so three passes each.
for (let w = 0; w < WARM_UP_PASSES; w++) for (const threads of [1, 2]) await pass(threads);
const passes = { 1: [], 2: [] };
for (let i = 0; i < runs; i++) for (const threads of [1, 2]) passes[threads].push(await pass(threads));
for (const threads of [1, 2]) await pools[threads].destroy();
const throughput = {};
for (const threads of [1, 2]) {
  const ps = passes[threads];
  throughput[threads] = { hubYears: ps[0].hubYears, hubYearsPerSecond: median(ps.map((p) => p.hubYears / p.s)), medianS: median(ps.map((p) => p.s)), medianCpuS: median(ps.map((p) => p.cpuS)) };
}
const { speedup, speedupBound, cpuRatio } = roundRatios(passes[1], passes[2]);
const result = { scenario: SCENARIO, runs, wall, throughput, speedup, speedupBound, cpuRatio, targets: { wallS2Workers: 10, speedup: 1.8 } };
if (asJson) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  console.log(`hubsim rollout bench: ${SCENARIO}, ${runs} runs each, Node ${process.version}`);
  for (const w of [1, 2]) console.log(`  wall time, ${w} worker(s): median ${wall[w].medianS.toFixed(2)} s (${wall[w].minS.toFixed(2)}-${wall[w].maxS.toFixed(2)}), ${wall[w].hubYears} hub-years${w === 2 ? `  target < 10 s: ${wall[2].medianS < 10 ? 'meets' : 'MISSES'}` : ''}`);
  for (const t of [1, 2]) console.log(`  batch of ${throughput[t].hubYears} hub-years on a warm pool, ${t} thread(s): median ${Math.round(throughput[t].hubYearsPerSecond)} hub-years/s, CPU ${throughput[t].medianCpuS.toFixed(2)} s in ${throughput[t].medianS.toFixed(2)} s`);
  console.log(`  speedup 2 threads / 1 thread (median of the ${runs} rounds' ratios): ${speedup.toFixed(2)}x  target >= 1.8x: ${speedup >= 1.8 ? 'meets' : 'MISSES'}`);
  console.log(boundLine({ speedupBound, cpuRatio }, 'batch', 'batches'));
}
