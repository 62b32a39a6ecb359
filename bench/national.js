// National rollout benchmark: `hubsim rollout scenarios/national.yaml` (4,000 terrains on 400
// substations, 2025-2035, 2 weather years, three causal strategies) as a user runs it, in a process of
// its own: wall time and peak resident set size with 1 and 2 worker threads, and through the Redis
// queue with 2 `hubsim worker` processes of 1 thread each, started for each run on a queue of its own
// (a redis-server binary or HUBSIM_TEST_REDIS; without, that part is skipped). It checks that the
// three give the same results.json bytes. With each local run it reads the CPU time of the whole
// process (all its threads, user + system): on 2 cores the 2-thread run takes at least half its CPU
// time, so 2 x (1-thread wall time) / (2-thread CPU time) bounds the speedup any scheduling of that
// work could reach; a 1-thread run whose CPU time exceeds its wall time had work done on the second
// core (the collector's and compiler's threads, the main thread) that 2 busy threads must share.
// Targets (issue 19): under 60 s and under 4 GB with 2 threads, 2 threads at least 1.8x one thread,
// the queue within 1.2x of the local run. Run: npm run bench (after npm ci or npm run build), or
// node bench/national.js [--runs N] [--json]. With --runs N it measures N rounds (1 thread, 2 threads,
// the queue) and reports the medians of the rounds' ratios.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median } from 'simple-statistics';
import { startWorkers, withRedis } from './redis.js';
import { roundRatios, boundLine } from './round-ratios.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 1;
const asJson = args.includes('--json');
const SCENARIO = fileURLToPath(new URL('../scenarios/national.yaml', import.meta.url));
// The CLI with its peak resident set size and CPU time written to file descriptor 3 at exit (worker threads included).
const CLI = fileURLToPath(new URL('../tests/support/peak-rss.mjs', import.meta.url));
const TARGETS = { wallS: 60, rssBytes: 4 * 1024 ** 3, speedup: 1.8, queueOverLocal: 1.2 };
const log = (s) => (asJson ? process.stderr.write(`${s}\n`) : console.log(s));
if (!existsSync(SCENARIO)) throw new Error(`${SCENARIO} is missing; make it with hubsim generate national`);
const dir = mkdtempSync(join(tmpdir(), 'hubsim-bench-national-'));

/** One rollout in a process of its own: wall time (s), peak RSS (bytes), CPU time (s) and the results.json bytes. */
function rollout(extra, label) {
  const out = join(dir, `${label}-${Math.random().toString(36).slice(2)}`);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, 'rollout', SCENARIO, '--out', out, ...extra], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let err = '';
    let usage = '';
    child.stderr.on('data', (c) => { err += c; });
    child.stdio[3].on('data', (c) => { usage += c; });
    child.once('exit', (code) => {
      const s = (performance.now() - t0) / 1000;
      if (code !== 0) return reject(new Error(`hubsim rollout ${extra.join(' ')} exited ${code}: ${err.slice(-2000)}`));
      const bytes = readFileSync(join(out, 'results.json'));
      rmSync(out, { recursive: true, force: true });
      const [rssBytes, cpuS] = usage.trim().split('\n').map(Number);
      resolve({ s, rssBytes, cpuS, bytes });
    });
  });
}

/** The medians of a series of runs (wall time, CPU time) and its largest peak RSS. */
function summary(rs) {
  const times = rs.map((r) => r.s);
  return { medianS: median(times), minS: Math.min(...times), maxS: Math.max(...times), peakRssBytes: Math.max(...rs.map((r) => r.rssBytes)), medianCpuS: median(rs.map((r) => r.cpuS)) };
}

const logRun = (label, i, r) => log(`  ${label}: round ${i + 1}: ${r.s.toFixed(1)} s, peak RSS ${(r.rssBytes / 1024 ** 3).toFixed(2)} GB, CPU ${r.cpuS.toFixed(1)} s`);

/**
 * `runs` rounds of 1 thread, 2 threads and (with a Redis server at url) the queue, one after the
 * other: this virtual machine's speed wanders by a tenth and more over minutes, so the ratios are
 * taken within each round, of runs a minute or two apart, and their medians reported, not ratios of
 * medians measured ten minutes apart. Each queue run has a queue of its own with workers of its own:
 * a queue keeps a finished job's result for a day, and the same scenario submitted again takes those
 * results instead of running (by design: a job's id is the hash of its inputs), which would time Redis
 * rather than the run.
 */
async function rounds(url) {
  const runsOf = { 1: [], 2: [], queue: [] };
  for (let i = 0; i < runs; i++) {
    for (const workers of [1, 2]) {
      const r = await rollout(['--workers', String(workers)], `local-${workers}`);
      runsOf[workers].push(r);
      logRun(`local, ${workers} thread(s)`, i, r);
    }
    if (url === null) continue;
    const queueName = `hubsim-bench-national-${process.pid}-${i}`;
    const children = await startWorkers(url, queueName, 2);
    try {
      const r = await rollout(['--queue', url, '--queue-name', queueName], 'queue');
      runsOf.queue.push(r);
      logRun('queue, 2 worker processes', i, r);
    } finally {
      for (const c of children) c.kill('SIGTERM');
    }
  }
  return runsOf;
}

const runsOf = (await withRedis((url) => rounds(url))) ?? (await rounds(null));
rmSync(dir, { recursive: true, force: true });

const local = { 1: summary(runsOf[1]), 2: summary(runsOf[2]) };
const queue = runsOf.queue.length === 0 ? null : summary(runsOf.queue);
const { speedup, speedupBound, cpuRatio } = roundRatios(runsOf[1], runsOf[2]);
const queueOverLocal = queue === null ? null : median(runsOf.queue.map((q, i) => q.s / runsOf[2][i].s));
const sameBytes = [...runsOf[1], ...runsOf[2], ...runsOf.queue].every((r) => r.bytes.equals(runsOf[2][0].bytes));
const result = { scenario: 'scenarios/national.yaml', runs, local, queue, speedup, speedupBound, cpuRatio, queueOverLocal, sameBytes, targets: TARGETS };
if (asJson) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  const gb = (b) => (b / 1024 ** 3).toFixed(2);
  console.log(`hubsim national rollout bench: scenarios/national.yaml, ${runs} round(s) of 1 thread, 2 threads${queue === null ? '' : ' and the queue'}, Node ${process.version}`);
  for (const w of [1, 2]) {
    const r = local[w];
    const meets = w === 2 ? `  target < ${TARGETS.wallS} s and < 4 GB: ${r.medianS < TARGETS.wallS && r.peakRssBytes < TARGETS.rssBytes ? 'meets' : 'MISSES'}` : '';
    console.log(`  local, ${w} thread(s): median ${r.medianS.toFixed(1)} s, peak RSS ${gb(r.peakRssBytes)} GB, CPU ${r.medianCpuS.toFixed(1)} s (${(r.medianCpuS / r.medianS).toFixed(2)} cores busy)${meets}`);
  }
  console.log(`  speedup 2 threads / 1 thread (median of the rounds' ratios): ${speedup.toFixed(2)}x  target >= ${TARGETS.speedup}x: ${speedup >= TARGETS.speedup ? 'meets' : 'MISSES'}`);
  console.log(boundLine({ speedupBound, cpuRatio }, 'run', 'runs'));
  if (queue === null) console.log('  queue: skipped (no HUBSIM_TEST_REDIS and no redis-server binary)');
  else console.log(`  queue, 2 worker processes (1 thread each): median ${queue.medianS.toFixed(1)} s, ${queueOverLocal.toFixed(2)}x the local 2-thread time (median of the rounds' ratios)  target <= ${TARGETS.queueOverLocal}x: ${queueOverLocal <= TARGETS.queueOverLocal ? 'meets' : 'MISSES'}`);
  console.log(`  results.json identical across 1 thread, 2 threads${queue === null ? '' : ' and the queue'}: ${sameBytes ? 'yes' : 'NO'}`);
}
