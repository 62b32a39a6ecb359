// The engine's own rate for a strategy on a sweep's own drawn hubs (bench/sweep.js), measured in a
// worker thread of its own, so that the engine code compiled for these hubs never shares an isolate
// with the engine code bench/sweep.js measures on the example hubs (code that runs on hubs of other
// shapes is compiled for both and runs slower for each). The hubs: the first three draws of every
// terrain of the sweep file, their columns copied out of the draw's buffers. They are measured three
// at a time, as the example hubs are: the sweep runs each drawn hub just after writing its columns,
// so they are in the core's own cache, and so are three hubs' columns when engineRate cycles through
// them; cycled through all 60 at once (17 MB of columns), every run would read them from the shared
// cache, a tenth or more slower per hub-year (docs/performance.md, "The sweep bench's engine on the
// sweep's own hubs, in the core's cache").
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { engineRate } from './engine-rate.js';
import { StrategySpec } from '../dist/model/strategy.js';
import { loadSweep } from '../dist/sweep/load.js';
import { configuredHub, SweepContext } from '../dist/sweep/context.js';
import { hubOf } from '../dist/model/resolved.js';

/** The sweep file's own hubs: the first `drawsPerTerrain` draws of every terrain. */
function sweepHubs(sweepPath, drawsPerTerrain) {
  const loaded = loadSweep(sweepPath);
  const ctx = new SweepContext(loaded);
  const out = [];
  for (let i = 0; i < loaded.subjects.length; i++) {
    const p = ctx.subject(i);
    for (let d = 0; d < drawsPerTerrain; d++) {
      const h = configuredHub(ctx, p, ctx.drawnColumns(p, ctx.draw(d)), p.configurations[0]);
      const generationKw = h.generationKw.slice();
      out.push(hubOf({ ...h, demandKw: h.demandKw.slice(), pvKw: h.pvKw === h.generationKw ? generationKw : h.pvKw.slice(), windKw: h.windKw.slice(), generationKw }));
    }
  }
  return out;
}

/**
 * hub-years per second of `spec` (a StrategySpec, parsed again in the thread) on the sweep file's
 * own hubs, in a new worker thread: { hubYearsPerSecond, hubs }, from engineRate's medians over `samples`
 * batches of `perBatch` for each group of three hubs.
 */
export function engineOnSweepHubs(sweepPath, spec, samples, perBatch) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { sweepPath, spec, samples, perBatch } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`engine-on-sweep-hubs: the worker ended (exit ${code}) without a rate`)));
  });
}

if (!isMainThread && workerData?.sweepPath !== undefined) {
  const { sweepPath, spec, samples, perBatch } = workerData;
  const hubs = sweepHubs(sweepPath, 3);
  const parsed = StrategySpec.parse(spec);
  // Every hub weighs the same, as every subject does in the sweep: the mean of the groups' ms per hub-year, by hubs.
  let ms = 0;
  for (let g = 0; g < hubs.length; g += 3) {
    const group = hubs.slice(g, g + 3);
    ms += group.length * engineRate(parsed, samples, perBatch, group).median;
  }
  parentPort.postMessage({ hubYearsPerSecond: (1000 * hubs.length) / ms, hubs: hubs.length });
}
