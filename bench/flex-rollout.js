// Two-pass flex rollout benchmark: scenarios/mra-20-flex.yaml (peak-shaving+guard, and the flex
// strategy in two passes per substation, year and weather year) with 1 and 2 worker threads, wall
// time as the median of repeated runs. Run: npm run bench (after npm ci or npm run build).
// Options: --runs N, --json.
import { rolloutWallTime } from './rollout-wall.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const asJson = args.includes('--json');
const SCENARIO = 'scenarios/mra-20-flex.yaml';

const rows = [];
for (const workers of [1, 2]) {
  const w = await rolloutWallTime(SCENARIO, workers, runs);
  rows.push({ workers, ...w, hubYearsPerSecond: w.hubYears / w.medianS });
}
if (asJson) process.stdout.write(`${JSON.stringify({ scenario: SCENARIO, runs, rows }, null, 2)}\n`);
else {
  console.log(`hubsim bench: two-pass flex rollout ${SCENARIO}, ${runs} runs each`);
  for (const r of rows) {
    console.log(`  ${r.workers} worker(s): median ${r.medianS.toFixed(2)} s (${r.minS.toFixed(2)} - ${r.maxS.toFixed(2)}), ${r.hubYears.toLocaleString('en-US')} hub-years, ${Math.round(r.hubYearsPerSecond)} hub-years/s`);
  }
}
