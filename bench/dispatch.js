// Benchmark of the planners that solve or forecast: `lp` per hub-year after warm-up (HiGHS), `mpc`
// per hub-year with a cached forecaster, and the forecaster's training time per hub (cold cache).
// Medians of repeated runs on the three example hubs. Run: npm run bench. Options: --runs N, --json.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from 'simple-statistics';
import { loadHub } from '../dist/model/load.js';
import { resolveHub } from '../dist/model/resolve.js';
import { simulate } from '../dist/engine/simulate.js';
import { StrategySpec } from '../dist/model/strategy.js';
import { createPlanner, prepareStrategies } from '../dist/strategies/registry.js';
import { trainOrLoadForecaster } from '../dist/forecast/forecaster.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const asJson = args.includes('--json');
const FILES = ['business-park', 'datacenter-campus', 'mixed-park'];
const hubs = FILES.map((f) => resolveHub(loadHub(`scenarios/examples/${f}.yaml`)));
const cache = mkdtempSync(join(tmpdir(), 'hubsim-bench-'));
process.env.HUBSIM_CACHE_DIR = cache;

const rows = [];
// Training, cold cache, one per hub.
const trainS = [];
for (const hub of hubs) {
  const t0 = performance.now();
  await trainOrLoadForecaster(hub);
  trainS.push((performance.now() - t0) / 1000);
}
rows.push({ what: 'forecaster training per hub (cold cache)', medianS: median(trainS), samples: trainS.length, targetS: null });

const lp = StrategySpec.parse({ kind: 'lp' });
const mpc = StrategySpec.parse({ kind: 'mpc', forecast: 'model' });
await prepareStrategies([lp, mpc], hubs);
for (const [label, spec, target] of [['lp per hub-year (12-13 monthly solves, after warm-up)', lp, 3], ['mpc per hub-year (cached model)', mpc, 1]]) {
  simulate(hubs[0], createPlanner(spec, hubs[0]), { record: false }); // warm-up
  const samples = [];
  for (let r = 0; r < runs; r++) {
    for (const hub of hubs) {
      const t0 = performance.now();
      simulate(hub, createPlanner(spec, hub), { record: false });
      samples.push((performance.now() - t0) / 1000);
    }
  }
  rows.push({ what: label, medianS: median(samples), samples: samples.length, targetS: target });
}
// mpc including training: training (cold) + one run.
rows.push({ what: 'mpc per hub-year including training', medianS: median(trainS) + rows[2].medianS, samples: trainS.length, targetS: null });
rmSync(cache, { recursive: true, force: true });

if (asJson) process.stdout.write(`${JSON.stringify({ runs, rows }, null, 2)}\n`);
else {
  console.log(`hubsim dispatch bench: the three example hubs, ${runs} runs each, Node ${process.version}`);
  for (const r of rows) console.log(`  ${r.what.padEnd(56)} median ${r.medianS.toFixed(3)} s (${r.samples} samples)${r.targetS === null ? '' : `  target <= ${r.targetS} s: ${r.medianS <= r.targetS ? 'meets' : 'MISSES'}`}`);
}
