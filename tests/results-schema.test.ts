// The results.json schemas (src/report/results-schema.ts) against real outputs: a rollout of the seed
// scenario and of a small scenario, and hubsim run on the example park. If an output gains, loses or
// retypes a field without its single source, these fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { METRICS } from '../src/results/metrics.js';
import { ROLLOUT_TABLES } from '../src/report/rollout-tables.js';
import { columnType, RolloutResultsJson, rolloutResultsJsonSchema, RunResultsJson, runResultsJsonSchema } from '../src/report/results-schema.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SLOW = 180_000;
const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'hubsim-schema-'));
afterAll(() => fs.rmSync(DIR, { recursive: true, force: true }));

const run = runCli;

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));
const committed = (name: string): Record<string, unknown> => readJson(path.join(ROOT, 'schema', name)) as Record<string, unknown>;

let seed: Record<string, unknown>;
let small: Record<string, unknown>;
let hubRun: Record<string, unknown>;

beforeAll(async () => {
  const outs = { seed: path.join(DIR, 'seed'), small: path.join(DIR, 'small'), run: path.join(DIR, 'run') };
  for (const [scenario, out] of [
    ['scenarios/seed-agenda.yaml', outs.seed],
    ['tests/fixtures/compare-a.yaml', outs.small],
  ]) {
    const r = await run('rollout', path.join(ROOT, scenario), '--workers', '2', '--out', out);
    expect(r.code, r.stderr).toBe(0);
  }
  const r = await run('run', path.join(ROOT, 'scenarios/examples/business-park.yaml'), '--out', outs.run);
  expect(r.code, r.stderr).toBe(0);
  seed = readJson(path.join(outs.seed, 'results.json')) as Record<string, unknown>;
  small = readJson(path.join(outs.small, 'results.json')) as Record<string, unknown>;
  hubRun = readJson(path.join(outs.run, 'results.json')) as Record<string, unknown>;
}, SLOW);

describe('rollout results.json', () => {
  it('the seed-agenda rollout (with the agenda check) parses with the zod schema', () => {
    const parsed = RolloutResultsJson.parse(seed);
    expect(parsed.agendaCheck.find((a) => a.figure === 'investment in 20 hubs')?.claimed).toBe(160_000_000);
    expect(parsed.economicsConvention.baseYear).toBe(2025);
    expect(parsed.totals.map((t) => t.strategy)).toEqual(['peak-shaving+guard', 'congestion', 'optimal+guard']);
  });

  it('a rollout without agenda, with booleans, nulls and overloads, parses too', () => {
    const parsed = RolloutResultsJson.parse(small);
    expect(parsed.agendaCheck).toEqual([]);
    expect(parsed.substations.some((s) => s.firstOverloadYear !== null)).toBe(true);
    expect(parsed.terrainEconomics.some((e) => e.paybackYear === null)).toBe(true);
  });

  it('every column of every table is in every row, with the type its unit implies', () => {
    // seed-agenda has no flex strategy: its flex table is empty, and mra-20-flex's baseline has rows.
    const flex = readJson('tests/regression/mra-20-flex/results.json') as Record<string, unknown>;
    for (const table of ROLLOUT_TABLES) {
      const own = seed[String(table.key)] as Record<string, unknown>[];
      const rows = own.length > 0 || table.key !== 'flexYears' ? own : (flex[String(table.key)] as Record<string, unknown>[]);
      expect(rows.length, table.file).toBeGreaterThan(0);
      for (const row of rows) {
        expect(Object.keys(row)).toEqual(table.columns.map((c) => c.name));
        for (const col of table.columns) {
          const v = row[col.name];
          const type = columnType(col);
          if (type === 'number') expect(v === null || typeof v === 'number', `${table.file} ${col.name}`).toBe(true);
          else expect(typeof v, `${table.file} ${col.name}`).toBe(type);
        }
      }
    }
  });

  it('a missing column, an extra field or a wrong type is rejected: the schema is strict', () => {
    const missing = structuredClone(seed) as { totals: Record<string, unknown>[] };
    delete missing.totals[0].npvSocietyEur;
    expect(RolloutResultsJson.safeParse(missing).success).toBe(false);
    const extra = structuredClone(seed) as Record<string, unknown>;
    extra.somethingNew = 1;
    expect(RolloutResultsJson.safeParse(extra).success).toBe(false);
    const retyped = structuredClone(seed) as { terrainYears: Record<string, unknown>[] };
    retyped.terrainYears[0].hubActive = 'false';
    expect(RolloutResultsJson.safeParse(retyped).success).toBe(false);
    const version = structuredClone(seed) as Record<string, unknown>;
    version.schemaVersion = 1;
    expect(RolloutResultsJson.safeParse(version).success).toBe(false);
  });

  it('the JSON Schema carries every column with its unit and basis in the description', () => {
    const schema = rolloutResultsJsonSchema() as { properties: Record<string, { items: { properties: Record<string, { description: string }>; additionalProperties: boolean } }> };
    for (const table of ROLLOUT_TABLES) {
      const row = schema.properties[String(table.key)].items;
      expect(Object.keys(row.properties)).toEqual(table.columns.map((c) => c.name));
      expect(row.additionalProperties).toBe(false);
      for (const col of table.columns) expect(row.properties[col.name].description).toBe(`${col.description} (${col.unit}; ${col.basis})`);
    }
  });

  it('schema/results.schema.json, read back as a schema, accepts the outputs and rejects a broken one', () => {
    const fromFile = z.fromJSONSchema(committed('results.schema.json') as never);
    expect(fromFile.safeParse(seed).success).toBe(true);
    expect(fromFile.safeParse(small).success).toBe(true);
    const broken = structuredClone(seed) as { totals: Record<string, unknown>[] };
    broken.totals[0].npvSocietyEur = 'a lot';
    expect(fromFile.safeParse(broken).success).toBe(false);
  });
});

describe('hubsim run results.json', () => {
  it('the example park parses with the zod schema, every metric of every strategy', () => {
    const parsed = RunResultsJson.parse(hubRun);
    expect(Object.keys(parsed.strategies).length).toBeGreaterThan(1);
    for (const s of Object.values(parsed.strategies)) expect(Object.keys(s.metrics)).toEqual(METRICS.map((m) => m.name));
  });

  it('a missing metric or an unknown strategy kind is rejected', () => {
    const missing = structuredClone(hubRun) as { strategies: Record<string, { kind: string; metrics: Record<string, unknown> }> };
    delete Object.values(missing.strategies)[0].metrics.peakImportKw;
    expect(RunResultsJson.safeParse(missing).success).toBe(false);
    const kind = structuredClone(hubRun) as { strategies: Record<string, { kind: string }> };
    Object.values(kind.strategies)[0].kind = 'magic';
    expect(RunResultsJson.safeParse(kind).success).toBe(false);
  });

  it('provenance is in the output and checked: inputs with a 64-digit hex SHA-256, assumptions with value, unit, source and defaulted', () => {
    const parsed = RunResultsJson.parse(hubRun);
    expect(parsed.provenance?.inputs.map((i) => i.path)).toContain('profiles/2023/nedu-e3a.csv');
    expect(parsed.provenance?.assumptions.find((a) => a.name === 'battery.energyKwh')).toMatchObject({ value: 4000, unit: 'kWh', defaulted: false });
    expect(RolloutResultsJson.parse(seed).provenance?.inputs.some((i) => i.path.endsWith('scenarios/seed-agenda.yaml'))).toBe(true);
    const badHash = structuredClone(hubRun) as { provenance: { inputs: { sha256: string }[] } };
    badHash.provenance.inputs[0].sha256 = 'not-a-hash';
    expect(RunResultsJson.safeParse(badHash).success).toBe(false);
    const extra = structuredClone(hubRun) as { provenance: { assumptions: Record<string, unknown>[] } };
    extra.provenance.assumptions[0].when = 'today';
    expect(RunResultsJson.safeParse(extra).success).toBe(false);
    const noSource = structuredClone(seed) as { provenance: { assumptions: Record<string, unknown>[] } };
    delete noSource.provenance.assumptions[0].source;
    expect(RolloutResultsJson.safeParse(noSource).success).toBe(false);
  });

  it('schema/run-results.schema.json, read back as a schema, accepts the output', () => {
    expect(z.fromJSONSchema(committed('run-results.schema.json') as never).safeParse(hubRun).success).toBe(true);
  });
});

describe('hubsim schema --results / --run-results', () => {
  it('print the JSON Schemas of the two results.json files', async () => {
    const r = await run('schema', '--results');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(rolloutResultsJsonSchema())));
    const rr = await run('schema', '--run-results');
    expect(rr.code, rr.stderr).toBe(0);
    expect(JSON.parse(rr.stdout)).toEqual(JSON.parse(JSON.stringify(runResultsJsonSchema())));
    const hub = await run('schema');
    expect(JSON.parse(hub.stdout).title).toBe('hubsim hub file');
  });

  it('both at once is a usage error', async () => {
    const r = await run('schema', '--results', '--run-results');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith('hubsim: error [cli.usage] ')).toBe(true);
  });
});
