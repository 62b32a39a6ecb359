import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hubJsonSchema } from '../src/model/json-schema.js';
import { hubFileReference, metricsReference, seriesReference } from '../src/report/reference.js';
import { VERSION } from '../src/version.js';
// @ts-expect-error plain JavaScript helper shared with scripts/docs.mjs
import { errorCodeReference, replaceGenerated } from '../scripts/docs-lib.mjs';

const root = new URL('../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

describe('documentation generated from the code stays true', () => {
  it('README.md holds the current hub-file, metrics, series and error-code references (npm run docs)', () => {
    const readme = read('README.md');
    const sections = {
      'hub-file': hubFileReference(),
      metrics: metricsReference(),
      series: seriesReference(),
      'error-codes': errorCodeReference(new URL('src', root).pathname).replaceAll(new URL('src', root).pathname, 'src'),
    };
    expect(replaceGenerated(readme, sections)).toBe(readme);
  });

  it('schema/hub.schema.json is the current JSON Schema', () => {
    expect(JSON.parse(read('schema/hub.schema.json'))).toEqual(JSON.parse(JSON.stringify(hubJsonSchema())));
  });

  it('the version in outputs is the package version', () => {
    expect(VERSION).toBe(JSON.parse(read('package.json')).version);
  });

  it('README shows the two set-up commands and the test command', () => {
    const readme = read('README.md');
    expect(readme).toContain('npm ci && npx hubsim run scenarios/examples/business-park.yaml');
    expect(readme).toContain('npm test');
  });
});
