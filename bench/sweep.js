// Sweep benchmark: hub-years per second for a sweep of every terrain of scenarios/mra-20.yaml x 1,000
// weather draws (20,000 hub-years, peak shaving with the batteries as built) locally with 1 and 2
// worker threads (and the same sweep with each other rule-based strategy on 2 threads), and through a BullMQ queue with 1 and 2 `hubsim worker` processes (1 thread each);
// then the overhead per pool task and per queue job (the same hub-years in 1-hub-year batches against
// 200-hub-year batches); and every terrain x 50 draws with mpc on the same-hour-yesterday forecast
// (1,000 hub-years) with 1 and 2 threads. Wall times include loading the sweep and starting the
// threads. It prints the 2-thread speedup and the 1-thread rate as a share of the engine's own rate for
// the same strategy (bench/engine-rate.js), on the example hubs (the target) and on the sweep's own
// drawn hubs, and beside them the same sweep's batches on warm pools of 1 and 2 threads (start-up
// left out: the main thread's preparation, the threads' start and their first pass), in rounds. Medians of repeated runs;
// the 1- and 2-thread runs and the engine's rates are measured in rounds (the engine on the example
// hubs, 1 thread, 2 threads, the engine on the example hubs again (the faster of the two counts) and
// on the sweep's own), and the speedup and the shares of the engine are medians of each round's
// ratios. Run: npm run bench (after npm ci or npm run build). Options:
// --runs N, --draws N, --mpc-draws N, --only mpc (the mpc part alone), --json. The queue part needs a
// Redis server: HUBSIM_TEST_REDIS=redis://HOST:PORT, or a local redis-server binary (started on a
// free loopback port and stopped at the end); without, it is skipped.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median } from 'simple-statistics';
import { startWorkers, withRedis } from './redis.js';
import { engineRate } from './engine-rate.js';
import { engineOnSweepHubs } from './engine-on-sweep-hubs.js';
import { StrategySpec } from '../dist/model/strategy.js';
import { runSweep } from '../dist/sweep/run.js';
import { loadSweep } from '../dist/sweep/load.js';
import { queueRunner } from '../dist/run/queue-runner.js';
import { warmPool } from './warm-pool.js';
import { roundRatios, boundLine } from './round-ratios.js';
import { preparedSweep, sweepStudy } from '../dist/sweep/study.js';
import { parseQueueUrl } from '../dist/run/queue-connection.js';

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const runs = opt('--runs', 3);
const draws = opt('--draws', 1000);
const mpcDraws = opt('--mpc-draws', 50);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
if (only !== null && only !== 'mpc') throw new Error(`--only ${only}: the one part that runs alone is mpc`);
const MPC = '{ kind: mpc, forecast: yesterday }';
const asJson = args.includes('--json');
const ROLLOUT = fileURLToPath(new URL('../scenarios/mra-20.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hubsim-bench-sweep-'));
// The sweep files written for the runs, removed however the bench ends.
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const log = (s) => (asJson ? process.stderr.write(`${s}\n`) : console.log(s));

/** A sweep file; a new seed per run, so queue jobs of an earlier run are never reused. */
function sweepFile(seed, count, batchHubYears = 200, strategy = '{ kind: peak-shaving }') {
  const path = join(dir, `sweep-${seed}-${count}-${batchHubYears}-${strategy.replace(/\W+/g, '')}.yaml`);
  writeFileSync(path, `name: bench\nrollout: ${ROLLOUT}\ndraws: { count: ${count}, seed: ${seed} }\nbatchHubYears: ${batchHubYears}\ngrid:\n  strategies: [${strategy}]\n`);
  return path;
}

// The other rule-based strategies, each as its own sweep of the same size (2 threads, local).
const OTHER_RULES = [
  ['baseline', '{ kind: baseline }'],
  ['self-consumption', '{ kind: self-consumption }'],
  ['congestion', '{ kind: congestion }'],
  ['peak-shaving+guard', '{ kind: peak-shaving, guard: true }'],
];

/** One sweep: wall time (s), and the CPU time of this process's threads meanwhile (s, user + system). */
async function timed(path, options) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await runSweep(path, options);
  const cpu = process.cpuUsage(cpu0);
  return { s: (performance.now() - t0) / 1000, cpuS: (cpu.user + cpu.system) / 1e6, hubYears: r.hubYears, batches: r.batches };
}

/** Repeated runs of one sweep: add each run, then summary() gives their times (s) and the medians. */
function runSeries() {
  const times = [];
  const cpu = [];
  let hubYears = 0;
  return {
    add(r, label) {
      times.push(r.s);
      cpu.push(r.cpuS);
      hubYears = r.hubYears;
      log(`  ${label}: run ${times.length}: ${r.s.toFixed(2)} s, CPU ${r.cpuS.toFixed(2)} s`);
    },
    summary() {
      const s = median(times);
      return { hubYears, medianS: s, minS: Math.min(...times), maxS: Math.max(...times), medianCpuS: median(cpu), hubYearsPerSecond: hubYears / s, timesS: times, runs: times.map((t, i) => ({ s: t, cpuS: cpu[i] })) };
    },
  };
}

async function series(label, options, strategy, count = draws) {
  const runsOf = runSeries();
  for (let i = 0; i < runs; i++) runsOf.add(await timed(sweepFile(1000 + i, count, 200, strategy), options), label);
  return runsOf.summary();
}

/** Overhead per batch: the same work in 1-hub-year batches and in 200-hub-year batches. */
async function overhead(options) {
  const small = [];
  const large = [];
  let jobsSmall = 0;
  let jobsLarge = 0;
  for (let i = 0; i < runs; i++) {
    const a = await timed(sweepFile(5000 + i, 50, 1), options);
    const b = await timed(sweepFile(6000 + i, 50, 200), options);
    small.push(a.s);
    large.push(b.s);
    jobsSmall = a.batches;
    jobsLarge = b.batches;
  }
  return { jobsSmall, jobsLarge, msPerJob: ((median(small) - median(large)) * 1000) / (jobsSmall - jobsLarge) };
}

const mpc = {};
for (const workers of [1, 2]) mpc[workers] = await series(`local, ${workers} thread(s), mpc (yesterday), ${mpcDraws} draws`, { workers }, MPC, mpcDraws);
if (only === 'mpc') {
  const result = { sweep: `every terrain of scenarios/mra-20.yaml x ${mpcDraws} draws, ${MPC}, batteries as built`, runs, mpcLocal: mpc };
  if (asJson) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else printMpc(result.sweep);
  process.exit(0);
}

function printMpc(what) {
  console.log(`hubsim sweep bench, mpc: ${what}, ${runs} runs each, Node ${process.version}`);
  for (const w of [1, 2]) console.log(`  local, ${w} thread(s), mpc (yesterday): median ${mpc[w].medianS.toFixed(2)} s (min ${mpc[w].minS.toFixed(2)}, max ${mpc[w].maxS.toFixed(2)}) for ${mpc[w].hubYears} hub-years = ${Math.round(mpc[w].hubYearsPerSecond)} hub-years/s`);
}

// 1 and 2 threads in turn, and the engine's own rate for the same strategy (bench/run.js's loop) on
// the example hubs and on the sweep's own hubs after each pair: the speedup and the shares of the
// engine are the medians of each round's ratios, of measurements a few seconds apart, not ratios of
// medians taken minutes apart (this virtual machine's speed wanders by a tenth or more from minute to
// minute).
const PEAK_SHAVING = StrategySpec.parse({ kind: 'peak-shaving' });
const rounds = { 1: runSeries(), 2: runSeries() };
const engineRounds = [];
const engineOwnRounds = [];
let sweepHubCount = 0;
for (let i = 0; i < runs; i++) {
  // The engine on the example hubs just before and just after the round's sweeps, and the faster of
  // the two: a slow minute of the machine during one measurement of the engine then cannot make the
  // sweep's share of it look larger than it is.
  const engineBefore = 1000 / engineRate(PEAK_SHAVING, 5, 300).median;
  for (const workers of [1, 2]) rounds[workers].add(await timed(sweepFile(1000 + i, draws), { workers }), `local, ${workers} thread(s)`);
  engineRounds.push(Math.max(engineBefore, 1000 / engineRate(PEAK_SHAVING, 5, 300).median));
  // On the sweep's own hubs, in a thread of its own (bench/engine-on-sweep-hubs.js).
  const own = await engineOnSweepHubs(sweepFile(1000, draws), PEAK_SHAVING, 5, 60);
  engineOwnRounds.push(own.hubYearsPerSecond);
  sweepHubCount = own.hubs;
  log(`  engine alone, peak-shaving: round ${i + 1}: ${Math.round(engineRounds[i])} hub-years/s on the example hubs (the faster of before and after the round's sweeps), ${Math.round(engineOwnRounds[i])} on the sweep's own`);
}
const local = { 1: rounds[1].summary(), 2: rounds[2].summary() };
const localOverhead = await overhead({ workers: 2 });
const rules = {};
for (const [name, strategy] of OTHER_RULES) rules[name] = await series(`local, 2 threads, ${name}`, { workers: 2 }, strategy);

const queue = await withRedis(async (url) => {
  const out = {};
  for (const processes of [1, 2]) {
    const queueName = `hubsim-bench-${process.pid}-${processes}`;
    const children = await startWorkers(url, queueName, processes);
    try {
      const runner = queueRunner(parseQueueUrl(url), queueName);
      out[processes] = await series(`queue, ${processes} worker process(es)`, { workers: 1, runner });
      if (processes === 2) out.overhead = await overhead({ workers: 1, runner });
    } finally {
      for (const c of children) c.kill('SIGTERM');
    }
  }
  return out;
});

const engineHubYearsPerSecond = median(engineRounds);
// The speedup, the most 2 cores could give for the 2-thread sweep's work and the CPU ratio, each the
// median of the rounds' ratios (bench/round-ratios.js, as the rollout and national benches).
const { speedup, speedupBound, cpuRatio } = roundRatios(local[1].runs, local[2].runs);
const shareOfEngine = median(local[1].timesS.map((t, i) => local[1].hubYears / t / engineRounds[i]));
const engineOnSweepHubsHubYearsPerSecond = median(engineOwnRounds);
const shareOfEngineOnSweepHubs = median(local[1].timesS.map((t, i) => local[1].hubYears / t / engineOwnRounds[i]));

// The same sweep's batches on warm pools of 1 and 2 threads, as the local runner starts them: a
// first pass of each (the threads start, prepare the terrains, compile), then `runs` rounds of one
// pass of each, alternated. What a sweep costs per hub-year once its start-up is paid (a long
// sweep's rate), and how its batches scale once both threads are warm; not the targets' measure.
const warm = await (async () => {
  const loaded = loadSweep(sweepFile(1000, draws));
  const study = sweepStudy(loaded, await preparedSweep(loaded));
  const pools = { 1: warmPool(study, 1), 2: warmPool(study, 2) };
  try {
    const first = { 1: await pools[1].pass(), 2: await pools[2].pass() };
    const passes = { 1: [], 2: [] };
    for (let i = 0; i < runs; i++) for (const t of [1, 2]) passes[t].push(await pools[t].pass());
    const medianS = median(passes[1].map((p) => p.s));
    return {
      firstPassS: first[1].s,
      firstPass2S: first[2].s,
      medianS,
      median2S: median(passes[2].map((p) => p.s)),
      hubYearsPerSecond: local[1].hubYears / medianS,
      ...roundRatios(passes[1], passes[2]),
    };
  } finally {
    for (const t of [1, 2]) await pools[t].destroy();
  }
})();
const warmShareOfEngine = warm.hubYearsPerSecond / engineHubYearsPerSecond;

const result = {
  sweep: `every terrain of scenarios/mra-20.yaml x ${draws} draws, peak-shaving, batteries as built`,
  runs,
  local,
  localOverheadPerTaskMs: localOverhead.msPerJob,
  otherRulesLocal2: rules,
  mpcLocal: { sweep: `every terrain x ${mpcDraws} draws, ${MPC}`, ...mpc },
  queue,
  speedup,
  speedupBound,
  cpuRatio,
  engineHubYearsPerSecond,
  shareOfEngine,
  engineOnSweepHubsHubYearsPerSecond,
  shareOfEngineOnSweepHubs,
  warmPools: warm,
  warmShareOfEngine,
  targets: { local2WallS: 10, speedup: 1.8, shareOfEngine: 0.7, queueOverLocal: 1.2 },
};
if (asJson) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  console.log(`hubsim sweep bench: ${result.sweep}, ${runs} runs each, Node ${process.version}`);
  for (const w of [1, 2]) console.log(`  local, ${w} thread(s): median ${local[w].medianS.toFixed(2)} s for ${local[w].hubYears} hub-years = ${Math.round(local[w].hubYearsPerSecond)} hub-years/s, CPU ${local[w].medianCpuS.toFixed(2)} s (${(local[w].medianCpuS / local[w].medianS).toFixed(2)} cores busy)${w === 2 ? `  target < 10 s: ${local[2].medianS < 10 ? 'meets' : 'MISSES'}` : ''}`);
  console.log(`  speedup 2 threads / 1 thread (median of the ${runs} rounds' ratios): ${speedup.toFixed(2)}x  target >= 1.8x: ${speedup >= 1.8 ? 'meets' : 'MISSES'}`);
  console.log(boundLine({ speedupBound, cpuRatio }, 'sweep', 'sweeps'));
  console.log(`  1 thread against the engine alone (peak-shaving, bench/run.js's loop before and after each round's sweeps, the faster, median ${Math.round(engineHubYearsPerSecond)} hub-years/s; median of the rounds' ratios): ${(100 * shareOfEngine).toFixed(0)}%  target >= 70%: ${shareOfEngine >= 0.7 ? 'meets' : 'MISSES'}`);
  console.log(`  (the engine alone on the sweep's own hubs, ${sweepHubCount} drawn terrain-years, after each round: median ${Math.round(engineOnSweepHubsHubYearsPerSecond)} hub-years/s; the sweep's 1 thread is ${(100 * shareOfEngineOnSweepHubs).toFixed(0)}% of that, median of the rounds' ratios)`);
  console.log(`  (its batches on a warm pool of 1 thread, start-up left out: median ${warm.medianS.toFixed(2)} s = ${Math.round(warm.hubYearsPerSecond)} hub-years/s, ${(100 * warmShareOfEngine).toFixed(0)}% of the engine; the pool's first pass ${warm.firstPassS.toFixed(2)} s)`);
  console.log(`  (its batches on warm pools, 1 / 2 threads, ${runs} rounds: median ${warm.medianS.toFixed(2)} / ${warm.median2S.toFixed(2)} s, ${warm.speedup.toFixed(2)}x, at most ${warm.speedupBound.toFixed(2)}x from CPU time; the pools' first passes ${warm.firstPassS.toFixed(2)} / ${warm.firstPass2S.toFixed(2)} s)`);
  console.log(`  local overhead per pool task: ${localOverhead.msPerJob.toFixed(2)} ms (${localOverhead.jobsSmall} vs ${localOverhead.jobsLarge} tasks)`);
  for (const [name] of OTHER_RULES) console.log(`  local, 2 threads, ${name}: median ${rules[name].medianS.toFixed(2)} s = ${Math.round(rules[name].hubYearsPerSecond)} hub-years/s  target < 10 s: ${rules[name].medianS < 10 ? 'meets' : 'MISSES'}`);
  for (const w of [1, 2]) console.log(`  local, ${w} thread(s), mpc (yesterday), every terrain x ${mpcDraws} draws: median ${mpc[w].medianS.toFixed(2)} s = ${Math.round(mpc[w].hubYearsPerSecond)} hub-years/s`);
  if (queue === null) console.log('  queue: skipped (no HUBSIM_TEST_REDIS and no redis-server binary)');
  else {
    for (const p of [1, 2]) {
      const ratio = queue[p].medianS / local[p].medianS;
      console.log(`  queue, ${p} worker process(es): median ${queue[p].medianS.toFixed(2)} s = ${Math.round(queue[p].hubYearsPerSecond)} hub-years/s, ${ratio.toFixed(2)}x the local time  target <= 1.2x: ${ratio <= 1.2 ? 'meets' : 'MISSES'}`);
    }
    console.log(`  queue overhead per job: ${queue.overhead.msPerJob.toFixed(2)} ms (${queue.overhead.jobsSmall} vs ${queue.overhead.jobsLarge} jobs)`);
  }
}
