import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hubJsonSchema } from '../src/model/json-schema.js';
import { csvOptionsReference, hubFileReference, limitsReference, metricsReference, rolloutFileReference, seriesReference } from '../src/report/reference.js';
import { outputsReferenceSections } from '../src/report/outputs-reference.js';
import { rolloutResultsJsonSchema, runResultsJsonSchema } from '../src/report/results-schema.js';
import { ROLLOUT_TABLES } from '../src/report/rollout-tables.js';
import { METRICS } from '../src/results/metrics.js';
import { StrategySpec } from '../src/model/strategy.js';
import { METRICS_CSV_KEYS } from '../src/report/csv.js';
import { VERSION } from '../src/version.js';
// @ts-expect-error plain JavaScript helper shared with scripts/docs.mjs
import { errorCodeReference, replaceGenerated } from '../scripts/docs-lib.mjs';

const root = new URL('../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

describe('documentation generated from the code stays true', () => {
  it('README.md holds the current hub-file, metrics, series, error-code and limits references (npm run docs)', () => {
    const readme = read('README.md');
    const sections = {
      'hub-file': hubFileReference(),
      'csv-options': csvOptionsReference(),
      'rollout-file': rolloutFileReference(),
      metrics: metricsReference(),
      series: seriesReference(),
      'error-codes': errorCodeReference(new URL('src', root).pathname).replaceAll(new URL('src', root).pathname, 'src'),
      limits: limitsReference(),
    };
    expect(replaceGenerated(readme, sections)).toBe(readme);
  });

  it('schema/hub.schema.json is the current JSON Schema', () => {
    expect(JSON.parse(read('schema/hub.schema.json'))).toEqual(JSON.parse(JSON.stringify(hubJsonSchema())));
  });

  it('docs/outputs.md holds the current output references (npm run docs)', () => {
    const outputs = read('docs/outputs.md');
    expect(replaceGenerated(outputs, outputsReferenceSections(), 'docs/outputs.md')).toBe(outputs);
    for (const m of METRICS) expect(outputs).toContain(`| \`${m.name}\` | ${m.unit} |`);
    for (const t of ROLLOUT_TABLES) {
      expect(outputs).toContain(`### \`${t.file}\``);
      for (const col of t.columns) expect(outputs).toContain(`| \`${col.name}\` | ${col.unit} |`);
    }
  });

  it('schema/results.schema.json and schema/run-results.schema.json are the current JSON Schemas of results.json', () => {
    expect(JSON.parse(read('schema/results.schema.json'))).toEqual(JSON.parse(JSON.stringify(rolloutResultsJsonSchema())));
    expect(JSON.parse(read('schema/run-results.schema.json'))).toEqual(JSON.parse(JSON.stringify(runResultsJsonSchema())));
  });

  it('prose that counts or lists what the code defines says what the code does', () => {
    const readme = read('README.md');
    const kinds = StrategySpec.options.map((o) => o.shape.kind.value);
    // hubsim run --strategy: every kind, grid-aware said to need a rollout.
    const strategyRow = readme.split('\n').find((l) => l.startsWith('| `hubsim run <hub-file> --strategy a,b` |'))!;
    for (const kind of kinds) expect(strategyRow, kind).toContain(`\`${kind}\``);
    // metrics.csv's kind and foresight, and a rollout's strategyForesight, name grid-aware and its joint plan.
    for (const key of METRICS_CSV_KEYS.filter((k) => k.name === 'kind' || k.name === 'foresight')) expect(key.description, key.name).toContain('grid-aware');
    expect(JSON.stringify((rolloutResultsJsonSchema() as { properties: Record<string, unknown> }).properties.strategyForesight)).toContain('grid-aware with the joint plan');
    // A rollout writes one CSV per table: no count in words to fall behind.
    expect(read('docs/outputs.md')).not.toMatch(/writes `results\.json` and (?:two|three|four|five|six|seven|eight|nine|ten|\d+) CSV/);
    // compare: per-terrain figures are B - A only in the terminal.
    expect(readme).toContain('the per-terrain figures of rollouts as B - A only');
  });

  it('the version in outputs is the package version', () => {
    expect(VERSION).toBe(JSON.parse(read('package.json')).version);
  });

  it('README shows the two set-up commands and the test command', () => {
    const readme = read('README.md');
    expect(readme).toContain('npm ci && npx hubsim rollout scenarios/mra-20.yaml');
    expect(readme).toContain('npm test');
  });
});

describe('docs/outputs.md: which rollout figures are discounted', () => {
  it('the columns named ...PvEur, npv...Eur and pv...Eur, and benefitCostRatio, are exactly those whose description says present value', () => {
    const text = readFileSync(new URL('docs/outputs.md', root), 'utf8');
    expect(text).toContain('the columns\n  named `...PvEur`, `npv...Eur` and `pv...Eur`, and `benefitCostRatio`');
    let discounted = 0;
    for (const t of ROLLOUT_TABLES) {
      for (const c of t.columns) {
        const named = /PvEur$|^npv[A-Z].*Eur$|^pv[A-Z].*Eur$/.test(c.name) || c.name === 'benefitCostRatio';
        expect(/present value/i.test(c.description), `${t.file} ${c.name}: ${c.description}`).toBe(named);
        if (named) discounted++;
      }
    }
    expect(discounted).toBeGreaterThan(10);
  });
});
