// What the binary cache of the shipped profiles (src/profiles/cache.ts) saves: every shipped profile
// parsed from its CSV with csv-parse, against read from the cache (the CSV's SHA-256 checked, the
// doubles read). One pass each, medians of --runs N (default 5) in one process. Run after npm ci or
// npm run build: node bench/profile-cache.js
import { performance } from 'node:perf_hooks';
import { median } from 'simple-statistics';
import { catalogue, parseShipped, PROFILES_DIR, shippedKey } from '../dist/profiles/catalogue.js';
import { readCachedProfile } from '../dist/profiles/cache.js';

const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 5;
const entries = catalogue();
const time = (f) => {
  const t0 = performance.now();
  for (const e of entries) f(e);
  return performance.now() - t0;
};
const parsed = [];
const cached = [];
for (let r = 0; r < runs; r++) {
  parsed.push(time((e) => parseShipped(e)));
  cached.push(time((e) => {
    if (readCachedProfile(shippedKey(e), `${PROFILES_DIR}${e.file}`, `profiles/${e.file}`, e.column) === undefined) throw new Error(`no cached copy of ${e.file}: run npm run build`);
  }));
}
const p = median(parsed);
const c = median(cached);
console.log(`hubsim profile cache bench: ${entries.length} shipped profiles, median of ${runs} passes, Node ${process.version}`);
console.log(`  csv-parse:    ${p.toFixed(0)} ms (${(p / entries.length).toFixed(1)} ms a file)`);
console.log(`  binary cache: ${c.toFixed(1)} ms (${(c / entries.length).toFixed(2)} ms a file)`);
