// Benchmark: hub-years per second per strategy on one core, for 8760-step hubs.
// Each sample runs a batch of hub-years (simulate: plan + physics + energy-balance check, then the
// metrics); the figure is the median over repeated samples after a warm-up of 15 batches. Run: npm run bench
// (builds nothing: `npm ci` or `npm run build` makes dist/ first). Options: --samples N, --json, and
// --only NAME (one row, by the name it prints, alone in the process: strategies that share code
// change each other's compiled code, so A/B comparisons run one row per process).
import { StrategySpec } from '../dist/model/strategy.js';
import { EXAMPLE_HUBS, engineRate } from './engine-rate.js';

const args = process.argv.slice(2);
const samples = Number(args[args.indexOf('--samples') + 1]) || 15;
const asJson = args.includes('--json');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
// Peak shaving with its default, causal, online threshold (sized each day on the days before; as
// `hubsim run` runs a hub file without designYear, learning its first week, and as `hubsim run` runs
// the examples, a sweep every draw (with a drawn year before) and a rollout every
// terrain-year, starting with the last 28 days of the year before in memory, here 2019), and with its
// causal design-year threshold (sized on 2019, the hubs' previous shipped year, as `hubsim run` sizes
// it with designYear: 2019; in every run, as a rollout sizes every terrain-year).
const STRATEGIES = [
  { kind: 'baseline' },
  { kind: 'peak-shaving', guard: false },
  { kind: 'peak-shaving', guard: false, designYear: 2019 },
  { kind: 'peak-shaving', guard: false, thresholdFrom: 'design-year', designYear: 2019 },
  { kind: 'self-consumption', guard: false },
  { kind: 'congestion' },
  { kind: 'peak-shaving', guard: true },
  { kind: 'peak-shaving', guard: true, thresholdFrom: 'design-year', designYear: 2019 },
  { kind: 'optimal', guard: false },
].map((s) => StrategySpec.parse(s));
const TARGET_MS = { rule: 0.1, optimal: 3 }; // issue #2: >= 10,000 hub-years/s rule-based, <= 3 ms optimal

const rowName = (spec) => {
  const year = spec.designYear === undefined ? '' : spec.thresholdFrom === 'design-year' ? ` (design-year ${spec.designYear})` : ` (online, knowing ${spec.designYear})`;
  return spec.kind + (spec.guard ? '+guard' : '') + year;
};
if (only !== null && !STRATEGIES.some((s) => rowName(s) === only)) {
  console.error(`bench/run.js: no row "${only}"; the rows: ${STRATEGIES.map(rowName).join(', ')}`);
  process.exit(2);
}
const rows = [];
for (const spec of STRATEGIES) {
  const name = rowName(spec);
  if (only !== null && name !== only) continue;
  const { median: med, min, max } = engineRate(spec, samples, spec.kind === 'optimal' ? 30 : 300);
  const target = spec.kind === 'optimal' ? TARGET_MS.optimal : TARGET_MS.rule;
  rows.push({ strategy: name, msPerHubYear: med, hubYearsPerSecond: 1000 / med, min, max, samples, targetMs: target, meetsTarget: med <= target });
}
if (asJson) {
  process.stdout.write(`${JSON.stringify({ node: process.version, steps: 8760, rows }, null, 2)}\n`);
} else {
  console.log(`hubsim bench: ${samples} samples per strategy, 8760-step hubs (${EXAMPLE_HUBS.length} example hubs in turn), one core, Node ${process.version}`);
  console.log('strategy                                median ms/hub-year   hub-years/s   (min - max ms)     target');
  for (const r of rows) {
    console.log(
      `${r.strategy.padEnd(38)}  ${r.msPerHubYear.toFixed(4).padStart(18)}   ${Math.round(r.hubYearsPerSecond).toLocaleString('en-US').padStart(11)}   (${r.min.toFixed(4)} - ${r.max.toFixed(4)})   ${r.meetsTarget ? 'meets' : 'MISSES'} <= ${r.targetMs} ms`,
    );
  }
}
