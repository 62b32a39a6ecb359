// Regenerate the generated parts of the documentation from the code (run after `npm run build`):
//   - README.md sections between <!-- generated:NAME --> and <!-- /generated:NAME -->
//   - docs/outputs.md sections, the same way (every output column of hubsim run and hubsim rollout)
//   - schema/hub.schema.json (the JSON Schema that hub files point to with $schema)
//   - schema/results.schema.json and schema/run-results.schema.json (the two results.json files)
// `node scripts/docs.mjs --check` only reports whether they are up to date (tests/docs.test.ts too).
// Files named on the command line (e.g. `node scripts/docs.mjs docs/outputs.md`) limit it to those.
// Only files whose content changes are written.
import { readFileSync, writeFileSync } from 'node:fs';
import { csvOptionsReference, hubFileReference, limitsReference, metricsReference, rolloutFileReference, seriesReference } from '../dist/report/reference.js';
import { hubJsonSchema } from '../dist/model/json-schema.js';
import { outputsReferenceSections, provenanceFieldsReference } from '../dist/report/outputs-reference.js';
import { rolloutResultsJsonSchema, runResultsJsonSchema } from '../dist/report/results-schema.js';
import { sweepColumnsReference, sweepFileReference } from '../dist/report/sweep-reference.js';
import { errorCodeReference, replaceGenerated } from './docs-lib.mjs';

const check = process.argv.includes('--check');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const sections = {
  'hub-file': hubFileReference(),
  'csv-options': csvOptionsReference(),
  'rollout-file': rolloutFileReference(),
  metrics: metricsReference(),
  series: seriesReference(),
  'error-codes': errorCodeReference('src'),
  limits: limitsReference(),
  'sweep-file': sweepFileReference(),
  'sweep-columns': sweepColumnsReference(),
  provenance: provenanceFieldsReference(),
};
const read = (path) => { try { return readFileSync(path, 'utf8'); } catch { return ''; } };
const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
// path -> how its new content is made from the old
const targets = {
  'README.md': (old) => replaceGenerated(old, sections, 'README.md'),
  'docs/outputs.md': (old) => replaceGenerated(old, outputsReferenceSections(), 'docs/outputs.md'),
  'schema/hub.schema.json': () => json(hubJsonSchema()),
  'schema/results.schema.json': () => json(rolloutResultsJsonSchema()),
  'schema/run-results.schema.json': () => json(runResultsJsonSchema()),
};
const unknown = only.filter((p) => !(p in targets));
if (unknown.length > 0) { console.error(`not a generated file: ${unknown.join(', ')}; the files are ${Object.keys(targets).join(', ')}`); process.exit(2); }
const stale = [];
for (const [path, make] of Object.entries(targets)) {
  if (only.length > 0 && !only.includes(path)) continue;
  const old = read(path);
  const updated = make(old);
  if (updated === old) continue;
  stale.push(path);
  if (!check) writeFileSync(path, updated);
}
if (check) {
  if (stale.length > 0) { console.error(`out of date: ${stale.join(', ')}; run npm run docs`); process.exit(1); }
  console.log('docs up to date');
} else {
  console.log(stale.length > 0 ? `wrote ${stale.join(', ')}` : 'docs up to date, nothing written');
}
