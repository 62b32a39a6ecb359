// The national scenario's perfect-foresight strategies, measured apart (issue 19: "perfect-foresight
// strategies on the national scenario are measured and reported separately"): `optimal` (each hub's
// own peak at its exact minimum) and `grid-aware` with `plan: joint` (all batteries of a substation at
// the exact minimum of its peak), both bounds, with the congestion guard as the national scenario's
// causal strategies have it. A whole national run of them would take the better part of an hour on
// this machine, so they run on a slice: the first --substations N substations of
// scenarios/national.yaml (default 10 of 400) with their terrains, everything else as in the scenario.
// The same slice runs with the scenario's own three causal strategies for comparison. Each run is
// `hubsim rollout --workers 2` in a process of its own; the figure is the median wall time of --runs
// runs (default 1). The national time is extrapolated from the slice by hub-years (printed as such,
// not measured). Run: npm run bench (after npm ci or npm run build), or node bench/national-bounds.js
// [--substations N] [--runs N] [--json].
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median } from 'simple-statistics';
import { parse, stringify } from 'yaml';

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const substations = opt('--substations', 10);
const runs = opt('--runs', 1);
const asJson = args.includes('--json');
const SCENARIO = fileURLToPath(new URL('../scenarios/national.yaml', import.meta.url));
const CLI = fileURLToPath(new URL('../bin/hubsim.js', import.meta.url));
const BOUNDS = [{ kind: 'optimal', guard: true }, { kind: 'grid-aware', plan: 'joint', guard: true }];
const log = (s) => (asJson ? process.stderr.write(`${s}\n`) : console.log(s));

const national = parse(readFileSync(SCENARIO, 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'hubsim-bench-national-bounds-'));

/** The slice of the national scenario with these strategies, as a scenario file. */
function slice(strategies, label) {
  const kept = national.substations.slice(0, substations);
  const ids = new Set(kept.map((s) => s.id));
  const doc = { ...national, name: `${national.name}: first ${substations} substations, ${label}`, strategies, substations: kept, terrains: national.terrains.filter((t) => ids.has(t.substation)) };
  const path = join(dir, `${label}.yaml`);
  writeFileSync(path, stringify(doc));
  return { path, terrains: doc.terrains.length };
}

/** Median wall time (s) of `runs` rollouts of the file with 2 threads, and the hub-years they ran. */
function timed(path, label) {
  const times = [];
  let hubYears = 0;
  for (let i = 0; i < runs; i++) {
    const out = join(dir, `${label}-out-${i}`);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [CLI, 'rollout', path, '--workers', '2', '--out', out], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const s = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`hubsim rollout ${path} exited ${r.status}: ${r.stderr.slice(-2000)}`);
    hubYears = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).hubYears;
    rmSync(out, { recursive: true, force: true });
    times.push(s);
    log(`  ${label}: run ${i + 1}: ${s.toFixed(1)} s, ${hubYears.toLocaleString('en-US')} hub-years`);
  }
  return { medianS: median(times), hubYears };
}

const causalSlice = slice(national.strategies, 'causal');
const boundsSlice = slice(BOUNDS, 'bounds');
const causal = timed(causalSlice.path, 'causal strategies');
const bounds = timed(boundsSlice.path, 'perfect-foresight bounds');
rmSync(dir, { recursive: true, force: true });

// Hub-years of the whole scenario with two strategies instead of three: the slice's share of the terrains.
const scale = national.terrains.length / boundsSlice.terrains;
const result = {
  scenario: 'scenarios/national.yaml',
  slice: { substations, of: national.substations.length, terrains: boundsSlice.terrains, ofTerrains: national.terrains.length },
  threads: 2,
  runs,
  causal: { strategies: national.strategies, ...causal, hubYearsPerSecond: causal.hubYears / causal.medianS },
  bounds: { strategies: BOUNDS, ...bounds, hubYearsPerSecond: bounds.hubYears / bounds.medianS, nationalSecondsExtrapolated: bounds.medianS * scale },
};
if (asJson) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  console.log(`hubsim national perfect-foresight bench: the first ${substations} of ${national.substations.length} substations of scenarios/national.yaml (${boundsSlice.terrains} of ${national.terrains.length} terrains), 2 threads, ${runs} run(s), Node ${process.version}`);
  const line = (label, r) => `  ${label}: median ${r.medianS.toFixed(1)} s for ${r.hubYears.toLocaleString('en-US')} hub-years, ${Math.round(r.hubYears / r.medianS).toLocaleString('en-US')} hub-years/s`;
  console.log(line('causal (congestion, peak-shaving+guard, grid-aware day-ahead)', causal));
  console.log(line('bounds (optimal+guard, grid-aware joint+guard)', bounds));
  console.log(`  bounds on the whole national scenario, extrapolated by terrains (not measured; the slice's start-up is scaled with it, so this overstates): about ${(result.bounds.nationalSecondsExtrapolated / 60).toFixed(0)} min; no target (issue 19 asks for them to be reported apart)`);
}
