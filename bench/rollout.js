// Rollout benchmark: the default scenario's wall time with 1 and 2 worker threads (median of
// repeated runs), and hub-years per second on a batch of at least 1,000 hub-years on a warm pool with
// 1 and 2 threads. Run: npm run bench (after npm ci or npm run build). Options: --runs N, --json.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { median } from 'simple-statistics';
import { rolloutTasks } from '../dist/rollout/run.js';
import { rolloutWallTime } from './rollout-wall.js';
import { loadRollout } from '../dist/rollout/load.js';
import { RolloutContext } from '../dist/rollout/context.js';
import { shareLoadedProfiles } from '../dist/profiles/catalogue.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const asJson = args.includes('--json');
const SCENARIO = 'scenarios/mra-20.yaml';
const WORKER = fileURLToPath(new URL('../dist/parallel/worker.js', import.meta.url));

const wall = {};
for (const workers of [1, 2]) wall[workers] = await rolloutWallTime(SCENARIO, workers, runs);

// The batch: every task of the default rollout (one per substation, 1,760 hub-years, at least 1,000).
const loaded = loadRollout(SCENARIO);
const ctx = new RolloutContext(loaded);
for (const w of loaded.rollout.weatherYears) loaded.rollout.terrains.forEach((_, i) => ctx.baseHub(i, w));
const all = rolloutTasks(loaded.rollout.substations.map((s) => s.id));
const batch = all;
const scenarioPath = fileURLToPath(new URL(`../${SCENARIO}`, import.meta.url));
const throughput = {};
for (const threads of [1, 2]) {
  const pool = new Piscina({ filename: WORKER, minThreads: threads, maxThreads: threads, workerData: { profiles: shareLoadedProfiles() } });
  const chunks = [];
  const size = Math.ceil(batch.length / (threads * 32));
  for (let i = 0; i < batch.length; i += size) chunks.push(batch.slice(i, i + size));
  const once = async () => {
    const t0 = performance.now();
    const out = await Promise.all(chunks.map((c) => pool.run({ scenarioPath, tasks: c })));
    const s = (performance.now() - t0) / 1000;
    return { s, hubYears: out.flat().reduce((n, r) => n + r.hubYears, 0) };
  };
  await once(); // warm-up: threads start, load the scenario, JIT
  const samples = [];
  let hubYears = 0;
  for (let i = 0; i < runs; i++) {
    const r = await once();
    samples.push(r.hubYears / r.s);
    hubYears = r.hubYears;
  }
  await pool.destroy();
  throughput[threads] = { hubYears, hubYearsPerSecond: median(samples) };
}
const speedup = throughput[2].hubYearsPerSecond / throughput[1].hubYearsPerSecond;
const result = { scenario: SCENARIO, runs, wall, throughput, speedup, targets: { wallS2Workers: 10, speedup: 1.8 } };
if (asJson) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  console.log(`hubsim rollout bench: ${SCENARIO}, ${runs} runs each, Node ${process.version}`);
  for (const w of [1, 2]) console.log(`  wall time, ${w} worker(s): median ${wall[w].medianS.toFixed(2)} s (${wall[w].minS.toFixed(2)}-${wall[w].maxS.toFixed(2)}), ${wall[w].hubYears} hub-years${w === 2 ? `  target < 10 s: ${wall[2].medianS < 10 ? 'meets' : 'MISSES'}` : ''}`);
  for (const t of [1, 2]) console.log(`  batch of ${throughput[t].hubYears} hub-years on a warm pool, ${t} thread(s): median ${Math.round(throughput[t].hubYearsPerSecond)} hub-years/s`);
  console.log(`  speedup 2 threads / 1 thread: ${speedup.toFixed(2)}x  target >= 1.8x: ${speedup >= 1.8 ? 'meets' : 'MISSES'}`);
}
