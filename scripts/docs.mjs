// Regenerate the generated parts of the documentation from the code (run after `npm run build`):
//   - README.md sections between <!-- generated:NAME --> and <!-- /generated:NAME -->
//   - schema/hub.schema.json (the JSON Schema that hub files point to with $schema)
// `node scripts/docs.mjs --check` only reports whether they are up to date (tests/docs.test.ts too).
import { readFileSync, writeFileSync } from 'node:fs';
import { hubFileReference, metricsReference, seriesReference } from '../dist/report/reference.js';
import { hubJsonSchema } from '../dist/model/json-schema.js';
import { errorCodeReference, replaceGenerated } from './docs-lib.mjs';

const check = process.argv.includes('--check');
const sections = {
  'hub-file': hubFileReference(),
  metrics: metricsReference(),
  series: seriesReference(),
  'error-codes': errorCodeReference('src'),
};
const readme = readFileSync('README.md', 'utf8');
const updated = replaceGenerated(readme, sections);
const schema = `${JSON.stringify(hubJsonSchema(), null, 2)}\n`;
let schemaOld = '';
try { schemaOld = readFileSync('schema/hub.schema.json', 'utf8'); } catch {}
if (check) {
  const stale = [updated !== readme && 'README.md', schema !== schemaOld && 'schema/hub.schema.json'].filter(Boolean);
  if (stale.length > 0) { console.error(`out of date: ${stale.join(', ')}; run npm run docs`); process.exit(1); }
  console.log('docs up to date');
} else {
  writeFileSync('README.md', updated);
  writeFileSync('schema/hub.schema.json', schema);
  console.log('wrote README.md generated sections and schema/hub.schema.json');
}
