// The engine's own rate for a strategy: ms per 8760-step hub-year on one core, on the three example
// hubs in turn (simulate: plan + physics + energy-balance check, then the metrics; batch runs keep only
// the metrics), the median over repeated samples after a warm-up of 15 batches. A peak shaver with a
// designYear learns from that year in every run (a design-year threshold is sized on it, an online one
// takes in the levels of its last days), as a rollout does for each terrain-year with the year before:
// that is part of the hub-year. bench/run.js prints it per strategy; bench/sweep.js holds a sweep's
// per-core rate against it.
import { performance } from 'node:perf_hooks';
import { median } from 'simple-statistics';
import { loadHub } from '../dist/model/load.js';
import { resolveHub } from '../dist/model/resolve.js';
import { simulate } from '../dist/engine/simulate.js';
import { Setpoints } from '../dist/engine/setpoints.js';
import { computeMetrics } from '../dist/results/metrics.js';
import { createPlanner } from '../dist/strategies/registry.js';
import { hubInYear } from '../dist/jobs/hub-job.js';
import { preparePreviousYear } from '../dist/strategies/registry.js';

export const EXAMPLE_HUBS = ['scenarios/examples/business-park.yaml', 'scenarios/examples/mixed-park.yaml', 'scenarios/examples/datacenter-campus.yaml'];

let loaded;
let hubs;

function exampleHubs() {
  loaded ??= EXAMPLE_HUBS.map((file) => loadHub(new URL(`../${file}`, import.meta.url).pathname));
  hubs ??= loaded.map((l) => resolveHub(l));
  return hubs;
}

/**
 * ms per hub-year of `spec` (a parsed StrategySpec): { median, min, max } over `samples` batches of
 * `perBatch` runs, on the example hubs or on the 8760-step hubs given (`on`).
 */
export function engineRate(spec, samples, perBatch, on = undefined) {
  const list = on ?? exampleHubs();
  // The year before of each hub (the example files on that year's axis), learnt from in every run.
  const designed = spec.kind === 'peak-shaving' && spec.designYear !== undefined;
  if (designed && on !== undefined) throw new Error('engineRate: a designYear needs the example hubs, whose files give the design year');
  const design = designed ? loaded.map((l) => hubInYear(l, spec.designYear)) : null;
  const workspace = { record: false, setpoints: new Setpoints(8760), batteryKw: new Float64Array(8760) };
  const runBatch = () => {
    const t0 = performance.now();
    for (let i = 0; i < perBatch; i++) {
      const hub = list[i % list.length];
      if (design !== null) preparePreviousYear(spec, hub, design[i % list.length]);
      computeMetrics(hub, simulate(hub, createPlanner(spec, hub), workspace));
    }
    return (performance.now() - t0) / perBatch;
  };
  // Warm-up: 15 batches. V8 first runs a function with long loops through on-stack replacement and
  // tiers the whole function up only after thousands of calls.
  for (let w = 0; w < 15; w++) runBatch();
  const ms = [];
  for (let s = 0; s < samples; s++) ms.push(runBatch());
  return { median: median(ms), min: Math.min(...ms), max: Math.max(...ms) };
}
