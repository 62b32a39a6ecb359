// The property tests over random hubs at a chosen count: energy balance, power and state-of-charge
// limits, strategy promises (tests/properties.test.ts), causality of every causal strategy
// (tests/causality.test.ts), monotone sizing with optimal (tests/monotone.test.ts), shifted load
// (tests/shifting.test.ts) and the peak shaver planned inside the engine's pass against its day
// windows (tests/peak-shaving-windows.test.ts). `npm test` runs them at their own counts (150-1,000 hubs); this runs
// every random-hub loop at N hubs (seeds 1..N, each case reproducible from its seed).
// Run: node scripts/properties.mjs [--hubs 10000]   (CI: node scripts/properties.mjs --hubs 2000)
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const at = args.indexOf('--hubs');
const hubs = at >= 0 ? Number(args[at + 1]) : 10_000;
if (!Number.isInteger(hubs) || hubs < 1) {
  console.error(`scripts/properties.mjs: --hubs ${args[at + 1]} is not a count of hubs`);
  process.exit(2);
}
const files = ['tests/properties.test.ts', 'tests/causality.test.ts', 'tests/monotone.test.ts', 'tests/shifting.test.ts', 'tests/peak-shaving-windows.test.ts'];
const t0 = Date.now();
const run = spawnSync('npx', ['vitest', 'run', ...files, '-t', 'random hubs', '--testTimeout', '3600000'], { stdio: 'inherit', env: { ...process.env, HUBSIM_PROPERTY_HUBS: String(hubs) } });
console.log(`properties at ${hubs} random hubs: ${run.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
process.exit(run.status ?? 1);
