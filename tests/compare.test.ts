// hubsim compare: two small rollouts (tests/fixtures/compare-a.yaml and compare-b.yaml) compared as
// folders and as scenario files, two hubsim run results, and every kind of bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOUND_NOTE } from '../src/report/table.js';
import { printedTables } from './support/text-table.js';
import { runCli, type Captured } from './support/cli.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shownText } from '../src/report/format.js';
import { compareResults, comparisonText, parseResults, TERRAIN_COMPARED, TOTALS_COMPARED, type RolloutComparison, type RunComparison } from '../src/report/compare.js';
import { INPUT_METRICS, METRICS } from '../src/results/metrics.js';
import { MAX_RESULTS_BYTES } from '../src/limits.js';
import { TERRAIN_ECONOMICS, TOTALS } from '../src/report/rollout-tables.js';
import { HubsimError } from '../src/errors.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCENARIO_A = path.join(ROOT, 'tests/fixtures/compare-a.yaml');
const SCENARIO_B = path.join(ROOT, 'tests/fixtures/compare-b.yaml');
const SLOW = 180_000;

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'hubsim-compare-'));
afterAll(() => fs.rmSync(DIR, { recursive: true, force: true }));
let counter = 0;
const freshDir = (): string => {
  const dir = path.join(DIR, `case-${++counter}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
};


/** A user mistake: exit 2, one line on stderr with the code, nothing on stdout. */
function expectUserError(r: Captured, code: string): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr.startsWith(`hubsim: error [${code}] `), r.stderr).toBe(true);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** The terrain-economics columns compare shows, written out (docs/economics.md sections 5 and 7). */
const TERRAIN_NAMES = ['npvSocietyEur', 'npvGridOperatorEur', 'npvMembersEur', 'avoidedReinforcementPvEur', 'avoidedUnservedEur', 'lostShedEur', 'capacityFreedMw', 'substationPeakLoweredKw', 'peakReductionKw'];

const readJson = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
type Row = Record<string, number | string | boolean | null>;

const OUT_A = path.join(DIR, 'a');
const OUT_B = path.join(DIR, 'b');
const RUN_A = path.join(DIR, 'run-a');
const RUN_B = path.join(DIR, 'run-b');

/** A tiny hub on a two-day axis: one constant-ish member, a battery of the given size. */
function tinyHub(dir: string, energyKwh: number): string {
  const file = path.join(dir, `hub-${energyKwh}.yaml`);
  const profile = Array.from({ length: 48 }, (_, t) => 100 + 80 * Math.sin((2 * Math.PI * t) / 24));
  fs.writeFileSync(
    file,
    [
      'name: Tiny hub',
      'axis: { start: "2023-03-01T00:00:00Z", steps: 48, stepMinutes: 60 }',
      `members: [{ id: a, profile: [${profile.map((x) => x.toFixed(3)).join(', ')}] }]`,
      `battery: { energyKwh: ${energyKwh}, powerKw: 50 }`,
      // Two days are too few for an online threshold (it learns its first week): sized in hindsight.
      'strategies: [{ kind: baseline }, { kind: peak-shaving, name: peak-shaving, thresholdFrom: hindsight }, { kind: optimal }, { kind: congestion }]',
      '',
    ].join('\n'),
  );
  return file;
}

beforeAll(async () => {
  const a = await runCli('rollout', SCENARIO_A, '--workers', '2', '--out', OUT_A);
  expect(a.code, a.stderr).toBe(0);
  const b = await runCli('rollout', SCENARIO_B, '--workers', '2', '--out', OUT_B);
  expect(b.code, b.stderr).toBe(0);
  const hubs = freshDir();
  const ra = await runCli('run', tinyHub(hubs, 100), '--strategy', 'baseline,peak-shaving,optimal', '--out', RUN_A);
  expect(ra.code, ra.stderr).toBe(0);
  const rb = await runCli('run', tinyHub(hubs, 200), '--strategy', 'baseline,peak-shaving,congestion', '--out', RUN_B);
  expect(rb.code, rb.stderr).toBe(0);
}, SLOW);

describe('hubsim compare: two rollout results folders', () => {
  it('prints the totals side by side with B - A, per-terrain differences and what is only in one', async () => {
    const r = await runCli('compare', OUT_A, OUT_B);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`A: Compare test A (${OUT_A})`);
    expect(lines[1]).toBe(`B: Compare test B (${OUT_B})`);
    expect(r.stdout).toMatch(/^strategy\s+column\s+unit\s+basis\s+A\s+B\s+B - A$/m);
    // Each totals column with its basis from totals.csv's definition: capex is an input, the NPV simulated.
    for (const col of TOTALS_COMPARED) expect(r.stdout).toMatch(new RegExp(`^peak-shaving\\s+${col.name}\\s+\\S+\\s+${col.basis}\\s`, 'm'));
    expect(r.stdout).toMatch(/^peak-shaving\s+capexEur\s+EUR\s+input\s/m);
    expect(r.stdout).toMatch(/^peak-shaving\s+npvSocietyEur\s+EUR\s+simulated\s/m);
    // Per terrain: each column's name over its unit; the table is cut into parts that repeat terrain and strategy.
    const parts = printedTables(r.stdout).filter((t) => t.headers[0] === 'terrain');
    expect(parts.every((t) => t.headers[1] === 'strategy')).toBe(true);
    expect(parts.flatMap((t) => t.headers.slice(2))).toEqual(TERRAIN_NAMES.map((name) => `${name} ${TERRAIN_ECONOMICS.columns.find((col) => col.name === name)!.unit}`));
    expect(r.stdout).toMatch(/^park-a\s+peak-shaving\s/m);
    expect(r.stdout).not.toMatch(/^park-b\s/m);
    expect(r.stdout).toContain('strategies only in B: congestion\n');
    expect(r.stdout).toContain('terrains only in A: park-b\n');
    expect(r.stdout).toContain('terrains only in B: park-c\n');
    expect(r.stdout).not.toContain('strategies only in A');
  }, SLOW);

  it('--json: the comparison object, with the values of the two results.json and delta = b - a', async () => {
    const r = await runCli('compare', OUT_A, OUT_B, '--json');
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout) as RolloutComparison;
    expect(Object.keys(c)).toEqual(['schemaVersion', 'kind', 'a', 'b', 'totals', 'terrains', 'onlyInA', 'onlyInB', 'bounds', 'conventionDiffers']);
    // baseline and the online peak shaver decide from the past: no bound to label.
    expect(c.bounds).toEqual([]);
    expect(c.schemaVersion).toBe(2);
    expect(c.kind).toBe('rollout');
    expect(c.a).toEqual({ name: 'Compare test A', source: OUT_A, failures: 0, bounds: [] });
    expect(c.b).toEqual({ name: 'Compare test B', source: OUT_B, failures: 0, bounds: [] });
    expect(c.onlyInA).toEqual({ strategies: [], terrains: ['park-b'] });
    expect(c.onlyInB).toEqual({ strategies: ['congestion'], terrains: ['park-c'] });

    // Every numeric totals column for both common strategies, in the table's order.
    const numeric = TOTALS.columns.filter((col) => col.unit !== '-' && col.unit !== 'bool').map((col) => col.name);
    expect(c.totals.map((d) => `${d.strategy} ${d.column}`)).toEqual(['baseline', 'peak-shaving'].flatMap((s) => numeric.map((n) => `${s} ${n}`)));
    const totalsA = readJson(path.join(OUT_A, 'results.json')).totals as Row[];
    const totalsB = readJson(path.join(OUT_B, 'results.json')).totals as Row[];
    for (const d of c.totals) {
      expect(d.a).toBe(totalsA.find((t) => t.strategy === d.strategy)![d.column]);
      expect(d.b).toBe(totalsB.find((t) => t.strategy === d.strategy)![d.column]);
      expect(d.unit).toBe(TOTALS.columns.find((col) => col.name === d.column)!.unit);
      expect(d.basis).toBe(TOTALS.columns.find((col) => col.name === d.column)!.basis);
      if (d.a === null || d.b === null) expect(d.delta).toBeNull();
      // delta is rounded to 12 significant digits like every value (no float noise)
      else expect(Math.abs(d.delta! - (d.b - d.a))).toBeLessThanOrEqual(1e-11 * Math.max(1, Math.abs(d.a), Math.abs(d.b)));
    }
    // The bigger battery on park-a reduces the peak more.
    const peak = c.terrains.find((d) => d.terrain === 'park-a' && d.strategy === 'peak-shaving' && d.column === 'peakReductionKw')!;
    expect(peak.delta!).toBeGreaterThan(0);

    // Terrains: park-a only (park-b and park-c are in one each), both common strategies, the TERRAIN_COMPARED columns.
    expect(c.terrains.map((d) => `${d.terrain} ${d.strategy} ${d.column}`)).toEqual(
      ['baseline', 'peak-shaving'].flatMap((s) => TERRAIN_COMPARED.map((col) => `park-a ${s} ${col.name}`)),
    );
    const econA = readJson(path.join(OUT_A, 'results.json')).terrainEconomics as Row[];
    for (const d of c.terrains) expect(d.a).toBe(econA.find((e) => e.terrain === d.terrain && e.strategy === d.strategy)![d.column]);
  }, SLOW);

  it('a folder with itself: every delta is exactly 0 and nothing is only in one', async () => {
    const r = await runCli('compare', OUT_B, OUT_B, '--json');
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout) as RolloutComparison;
    expect(c.totals.length).toBe(3 * TOTALS_COMPARED.length);
    expect(c.terrains.length).toBe(2 * 3 * TERRAIN_COMPARED.length);
    for (const d of [...c.totals, ...c.terrains]) expect(d.delta === 0 || (d.a === null && d.b === null && d.delta === null), `${d.strategy} ${d.column}`).toBe(true);
    expect(c.onlyInA).toEqual({ strategies: [], terrains: [] });
    expect(c.onlyInB).toEqual({ strategies: [], terrains: [] });
    const text = await runCli('compare', OUT_B, OUT_B);
    expect(text.stdout).toContain('A and B have the same strategies and terrains\n');
  }, SLOW);

  it('a results.json file can be given instead of its folder', async () => {
    const r = await runCli('compare', path.join(OUT_A, 'results.json'), OUT_B, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as RolloutComparison).onlyInB.strategies).toEqual(['congestion']);
  }, SLOW);
});

describe('hubsim compare: a scenario file and a results folder', () => {
  it('runs the scenario; the same scenario as its own results folder gives all-zero deltas', async () => {
    const r = await runCli('compare', SCENARIO_A, OUT_A, '--json', '--workers', '2');
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout) as RolloutComparison;
    expect(c.a).toEqual({ name: 'Compare test A', source: SCENARIO_A, failures: 0, bounds: [] });
    expect(c.totals.length).toBe(2 * TOTALS_COMPARED.length);
    expect(c.terrains.length).toBe(2 * 2 * TERRAIN_COMPARED.length);
    for (const d of [...c.totals, ...c.terrains]) expect(d.delta === 0 || (d.a === null && d.b === null), `${d.strategy} ${d.column}`).toBe(true);
    expect(c.onlyInA).toEqual({ strategies: [], terrains: [] });
    expect(c.onlyInB).toEqual({ strategies: [], terrains: [] });
  }, SLOW);

  it('B as a scenario: the same comparison as with its results folder', async () => {
    const fromScenario = await runCli('compare', OUT_A, SCENARIO_B, '--json', '--workers', '1');
    const fromFolder = await runCli('compare', OUT_A, OUT_B, '--json');
    expect(fromScenario.code, fromScenario.stderr).toBe(0);
    const x = JSON.parse(fromScenario.stdout) as RolloutComparison;
    const y = JSON.parse(fromFolder.stdout) as RolloutComparison;
    expect(x.totals).toEqual(y.totals);
    expect(x.terrains).toEqual(y.terrains);
    expect(x.onlyInB).toEqual(y.onlyInB);
  }, SLOW);
});

describe('hubsim compare: two hubsim run results folders', () => {
  it('compares every metric per strategy in both and lists the others', async () => {
    const r = await runCli('compare', RUN_A, RUN_B, '--json');
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout) as RunComparison;
    expect(Object.keys(c)).toEqual(['schemaVersion', 'kind', 'a', 'b', 'metrics', 'onlyInA', 'onlyInB', 'bounds']);
    // The hindsight threshold and optimal look at the year they are scored on (results.json foresight: perfect).
    expect(c.bounds).toEqual(['peak-shaving', 'optimal']);
    expect(c.kind).toBe('run');
    expect(c.a.name).toBe('Tiny hub');
    expect(c.metrics.map((d) => `${d.strategy} ${d.metric}`)).toEqual(['baseline', 'peak-shaving'].flatMap((s) => METRICS.map((m) => `${s} ${m.name}`)));
    expect(c.onlyInA).toEqual({ strategies: ['optimal'] });
    expect(c.onlyInB).toEqual({ strategies: ['congestion'] });
    const metricsA = (readJson(path.join(RUN_A, 'results.json')).strategies as Record<string, { metrics: Record<string, number | null> }>)['peak-shaving'].metrics;
    for (const d of c.metrics.filter((x) => x.strategy === 'peak-shaving')) expect(d.a).toBe(metricsA[d.metric]);
    // The baseline does not use the battery: identical; the bigger battery shaves more.
    for (const d of c.metrics.filter((x) => x.strategy === 'baseline' && !x.metric.startsWith('socEnd'))) expect(d.delta === 0 || d.delta === null, d.metric).toBe(true);
    expect(c.metrics.find((d) => d.strategy === 'peak-shaving' && d.metric === 'peakImportKw')!.delta!).toBeLessThan(0);

    const text = await runCli('compare', RUN_A, RUN_B);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^strategy\s+metric\s+unit\s+basis\s+A\s+B\s+B - A$/m);
    expect(text.stdout).toMatch(/^peak-shaving \(bound\)\s+peakImportKw\s+kW\s+simulated\s/m);
    // The hub file's cap restated is an input (INPUT_METRICS), in the JSON too.
    expect(text.stdout).toMatch(/^peak-shaving \(bound\)\s+importCapKw\s+kW\s+input\s/m);
    for (const d of c.metrics) expect(d.basis, d.metric).toBe(METRICS.find((m) => m.name === d.metric)!.basis);
    expect(text.stdout).toContain('strategies only in A: optimal (bound)\n');
    expect(text.stdout).toMatch(/^peak-shaving \(bound\)\s+peakImportKw\s/m);
    expect(text.stdout).toMatch(/^baseline\s+peakImportKw\s/m);
    expect(text.stdout.trimEnd().endsWith(BOUND_NOTE)).toBe(true);
    expect(text.stdout).toContain('strategies only in B: congestion\n');
  }, SLOW);
});

describe('hubsim compare: bad input exits 2 with one line and a stable code', () => {
  const write = (dir: string, content: string): string => {
    fs.writeFileSync(path.join(dir, 'results.json'), content);
    return dir;
  };

  it('a missing folder or file: compare.notFound', async () => {
    expectUserError(await runCli('compare', path.join(DIR, 'nope'), OUT_B), 'compare.notFound');
    expectUserError(await runCli('compare', OUT_A, path.join(DIR, 'nope.yaml')), 'compare.notFound');
  });

  it('a folder without results.json: compare.noResults', async () => {
    const r = await runCli('compare', freshDir(), OUT_B);
    expectUserError(r, 'compare.noResults');
  });

  it('results.json that is not JSON: compare.badJson', async () => {
    expectUserError(await runCli('compare', write(freshDir(), '{"schemaVersion": 1,'), OUT_B), 'compare.badJson');
  });

  it('a results.json file (not its folder) that is not JSON: compare.badJson too, not the scenario loader\'s error', async () => {
    const dir = freshDir();
    write(dir, '{oops');
    expectUserError(await runCli('compare', path.join(dir, 'results.json'), OUT_B), 'compare.badJson');
  });

  it('a hub file where a rollout scenario or results are expected: one line naming its kind (cli.wrongKind), not every key as unknown', async () => {
    const r = await runCli('compare', 'scenarios/examples/business-park.yaml', OUT_B);
    expectUserError(r, 'cli.wrongKind');
    expect(r.stderr).toContain('is a hub file, not a rollout file; use hubsim run scenarios/examples/business-park.yaml');
  });

  it('a results.json above MAX_RESULTS_BYTES: input.tooLarge before a byte is read; one of 300 MB (a national rollout writes some 360 MB) is read', async () => {
    // Sparse files: their size without their bytes on disk.
    const huge = freshDir();
    fs.closeSync(fs.openSync(path.join(huge, 'results.json'), 'w'));
    fs.truncateSync(path.join(huge, 'results.json'), MAX_RESULTS_BYTES + 1);
    const r = await runCli('compare', huge, OUT_B);
    expectUserError(r, 'input.tooLarge');
    expect(r.stderr).toContain(`above the limit of ${MAX_RESULTS_BYTES} bytes`);
    const large = freshDir();
    fs.closeSync(fs.openSync(path.join(large, 'results.json'), 'w'));
    fs.truncateSync(path.join(large, 'results.json'), 300 * 1024 * 1024);
    // Read whole, then refused as what it is: not JSON.
    expectUserError(await runCli('compare', large, OUT_B), 'compare.badJson');
  }, SLOW);

  it('results.json that is neither kind: compare.unknownKind', async () => {
    expectUserError(await runCli('compare', write(freshDir(), '{"schemaVersion": 1, "kind": "forecast"}'), OUT_B), 'compare.unknownKind');
    expectUserError(await runCli('compare', OUT_A, write(freshDir(), '[1, 2]')), 'compare.unknownKind');
    expectUserError(await runCli('compare', OUT_A, write(freshDir(), '{"schemaVersion": 1, "name": "x"}')), 'compare.unknownKind');
  });

  it('an unknown schemaVersion: compare.unknownSchemaVersion', async () => {
    const json = readJson(path.join(OUT_A, 'results.json'));
    const r = await runCli('compare', write(freshDir(), JSON.stringify({ ...json, schemaVersion: 99 })), OUT_B);
    expectUserError(r, 'compare.unknownSchemaVersion');
    expect(r.stderr).toContain('99');
    const run2 = readJson(path.join(RUN_A, 'results.json'));
    expectUserError(await runCli('compare', RUN_A, write(freshDir(), JSON.stringify({ ...run2, schemaVersion: 2 }))), 'compare.unknownSchemaVersion');
  });

  it('a rollout results.json of schemaVersion 1 (before the economics rework): compare.oldSchemaVersion naming the file, as A or B', async () => {
    const json = readJson(path.join(OUT_A, 'results.json'));
    const old = write(freshDir(), JSON.stringify({ ...json, schemaVersion: 1 }));
    const asA = await runCli('compare', old, OUT_B);
    expectUserError(asA, 'compare.oldSchemaVersion');
    expect(asA.stderr).toContain(`${path.join(old, 'results.json')} field schemaVersion: is 1`);
    expectUserError(await runCli('compare', OUT_B, path.join(old, 'results.json')), 'compare.oldSchemaVersion');
    // Before the scenario runs: nothing is computed for a comparison that cannot be made.
    expectUserError(await runCli('compare', old, SCENARIO_B), 'compare.oldSchemaVersion');
    expectUserError(await runCli('compare', old, old), 'compare.oldSchemaVersion');
  });

  it('a rollout results.json with a broken table: compare.badResults naming the field', async () => {
    const json = readJson(path.join(OUT_A, 'results.json'));
    const r = await runCli('compare', write(freshDir(), JSON.stringify({ ...json, totals: { baseline: 1 } })), OUT_B);
    expectUserError(r, 'compare.badResults');
    expect(r.stderr).toContain('field totals');
  });

  it('text where a compared figure is a number: compare.badResults naming the cell (found by an audit: it compared as "-", exit 0)', async () => {
    const json = readJson(path.join(OUT_A, 'results.json')) as { totals: Record<string, unknown>[]; terrainEconomics: Record<string, unknown>[] };
    const totals = structuredClone(json.totals);
    totals[0].npvSocietyEur = 'abc';
    const r = await runCli('compare', write(freshDir(), JSON.stringify({ ...json, totals })), OUT_B);
    expectUserError(r, 'compare.badResults');
    expect(r.stderr).toContain('field totals.0.npvSocietyEur');
    const terrains = structuredClone(json.terrainEconomics);
    terrains[1].peakReductionKw = '12';
    const t = await runCli('compare', OUT_B, write(freshDir(), JSON.stringify({ ...json, terrainEconomics: terrains })));
    expectUserError(t, 'compare.badResults');
    expect(t.stderr).toContain('field terrainEconomics.1.peakReductionKw');
  });

  it('a rollout with a hubsim run result (folder or scenario): compare.kindMismatch', async () => {
    expectUserError(await runCli('compare', OUT_A, RUN_B), 'compare.kindMismatch');
    expectUserError(await runCli('compare', SCENARIO_A, RUN_B), 'compare.kindMismatch');
  });

  it('a bad scenario is reported by the scenario loader before anything runs; bad --workers: cli.badWorkers', async () => {
    const dir = freshDir();
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, 'name: x\nhorizon: { startYear: 2025 }\n');
    const r = await runCli('compare', OUT_A, bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hubsim: error \[rollout\.[A-Za-z]+\] /);
    expectUserError(await runCli('compare', OUT_A, OUT_B, '--workers', 'many'), 'cli.badWorkers');
  });

  it('results with failed jobs compare, but exit 3 with a note on stderr', async () => {
    const json = readJson(path.join(OUT_A, 'results.json'));
    const failure = { terrain: 'park-a', year: 2026, weatherYear: 2023, strategy: 'peak-shaving', message: 'boom' };
    const r = await runCli('compare', write(freshDir(), JSON.stringify({ ...json, failures: [failure] })), OUT_B, '--json');
    expect(r.code).toBe(3);
    expect((JSON.parse(r.stdout) as RolloutComparison).a.failures).toBe(1);
    expect(r.stderr).toContain('1 failed job(s)');
  });
});

describe('the comparison itself (src/report/compare.ts)', () => {
  const rollout = (totals: Row[], econ: Row[]): unknown => ({ schemaVersion: 2, kind: 'rollout', name: 'r', totals, terrainEconomics: econ, failures: [] });

  it('compares the columns that exist: every numeric totals column, and the named terrain figures', () => {
    expect(TERRAIN_COMPARED.map((col) => col.name)).toEqual(TERRAIN_NAMES);
    for (const name of ['npvSocietyEur', 'npvGridOperatorEur', 'npvMembersEur', 'avoidedReinforcementPvEur', 'avoidedUnservedEur', 'lostShedEur', 'lostShedPvEur', 'capacityFreedMw', 'substationPeakReductionKw', 'peakReductionKw']) {
      expect(TOTALS_COMPARED.map((col) => col.name), name).toContain(name);
    }
    for (const gone of ['npvEur', 'avoidedReinforcementEur', 'deferralValueEur']) expect([...TOTALS_COMPARED, ...TERRAIN_COMPARED].map((col) => col.name)).not.toContain(gone);
  });

  it('labels a restated input as input: every name in INPUT_METRICS is a metric, and those metrics alone are', () => {
    for (const name of INPUT_METRICS) expect(METRICS.map((m) => m.name), name).toContain(name);
    expect(new Set(METRICS.filter((m) => m.basis === 'input').map((m) => m.name))).toEqual(INPUT_METRICS);
    // By hand: the caps and the members' own contracts are what the hub file says; the peak is simulated.
    for (const name of ['importCapKw', 'exportCapKw', 'memberContractedKw']) expect(METRICS.find((m) => m.name === name)!.basis).toBe('input');
    for (const name of ['peakImportKw', 'coincidentPeakKw', 'tariffKwmaxEur', 'contractPenaltyEur']) expect(METRICS.find((m) => m.name === name)!.basis).toBe('simulated');
  });

  it('prints at most 40 terrains: beyond, the 20 whose society NPV differs most between A and B, and says so; the JSON keeps every one', () => {
    const econ = (scale: number): Row[] => Array.from({ length: 45 }, (_, k) => ({ terrain: `t${k}`, strategy: 's', npvSocietyEur: k * scale }));
    const c = compareResults(parseResults(rollout([{ strategy: 's' }], econ(1)), 'a'), parseResults(rollout([{ strategy: 's' }], econ(2)), 'b'), 'a', 'b') as RolloutComparison;
    expect(new Set(c.terrains.map((d) => d.terrain)).size).toBe(45);
    const text = comparisonText(c);
    // B - A of t_k is k: the 20 largest are t25-t44, printed in their order (in each part of the cut table).
    const printed = [...new Set(text.split('\n').filter((l) => /^t\d+\s/.test(l)).map((l) => l.split(/\s+/)[0]))];
    expect(printed).toEqual(Array.from({ length: 20 }, (_, k) => `t${25 + k}`));
    expect(text).toContain('20 of 45 terrains shown, those whose society NPV differs most between A and B; --json lists every one');
  });

  it('a terrain figure that is null (capacity freed of a hub short of capacity) gives a null delta', () => {
    const econ = (freed: number | null): Row => ({ terrain: 't', strategy: 's', npvSocietyEur: 5, capacityFreedMw: freed });
    const a = parseResults(rollout([{ strategy: 's' }], [econ(null)]), 'a');
    const b = parseResults(rollout([{ strategy: 's' }], [econ(0.4)]), 'b');
    const c = compareResults(a, b, 'a', 'b') as RolloutComparison;
    expect(c.terrains.find((d) => d.column === 'capacityFreedMw')).toMatchObject({ terrain: 't', strategy: 's', a: null, b: 0.4, delta: null });
    expect(c.terrains.find((d) => d.column === 'npvSocietyEur')).toMatchObject({ a: 5, b: 5, delta: 0 });
    // A column absent from both (an older results.json of the same schemaVersion) is null on both sides.
    expect(c.terrains.find((d) => d.column === 'npvMembersEur')).toMatchObject({ a: null, b: null, delta: null });
    expect(comparisonText(c)).toMatch(/^t\s+s\s+0\s+-\s+-\s/m);
  });

  it('a column missing from an older results.json compares as null; null values give a null delta', () => {
    const a = parseResults(rollout([{ strategy: 's', npvSocietyEur: 10, paybackYear: null }], []), 'a');
    const b = parseResults(rollout([{ strategy: 's', npvSocietyEur: 12.5, paybackYear: 2030, hubs: 3 }], []), 'b');
    const c = compareResults(a, b, 'a', 'b') as RolloutComparison;
    const get = (col: string) => c.totals.find((d) => d.column === col)!;
    expect(get('npvSocietyEur')).toMatchObject({ a: 10, b: 12.5, delta: 2.5 });
    expect(get('paybackYear')).toMatchObject({ a: null, b: 2030, delta: null });
    expect(get('hubs')).toMatchObject({ a: null, b: 3, delta: null });
  });

  it('deltas carry no float noise', () => {
    const a = parseResults(rollout([{ strategy: 's', npvSocietyEur: 0.1 }], []), 'a');
    const b = parseResults(rollout([{ strategy: 's', npvSocietyEur: 0.3 }], []), 'b');
    expect((compareResults(a, b, 'a', 'b') as RolloutComparison).totals.find((d) => d.column === 'npvSocietyEur')!.delta).toBe(0.2);
  });

  it('a strategy that is a bound on one side only is marked "(bound in B)", never a plain "(bound)" (found by an audit: an online peak shaver in A read as a bound)', () => {
    const run = (foresight: string, peak: number): unknown => ({ schemaVersion: 1, hub: { name: 'h' }, strategies: { 'peak-shaving': { kind: 'peak-shaving', foresight, metrics: { peakImportKw: peak } }, optimal: { kind: 'optimal', foresight: 'perfect', metrics: { peakImportKw: 2500 } } } });
    const c = compareResults(parseResults(run('causal', 2802), 'a'), parseResults(run('perfect', 2574), 'b'), 'a', 'b');
    expect(c.a.bounds).toEqual(['optimal']);
    expect(c.b.bounds).toEqual(['peak-shaving', 'optimal']);
    const text = comparisonText(c);
    expect(text).toMatch(/^peak-shaving \(bound in B\)\s+peakImportKw\s+kW\s+simulated\s+2,802\s+2,574\s+-228$/m);
    expect(text).toMatch(/^optimal \(bound\)\s+peakImportKw\s/m);
    expect(text).not.toMatch(/^peak-shaving \(bound\)/m);
    expect(text).toContain('(bound in A), (bound in B): the same strategy name is a perfect-foresight bound on that side only');
  });

  it('a rollout with a run throws compare.kindMismatch', () => {
    const a = parseResults(rollout([], []), 'a');
    const b = parseResults({ schemaVersion: 1, hub: { name: 'h' }, strategies: { baseline: { kind: 'baseline', metrics: { peakImportKw: 1 } } } }, 'b');
    expect(() => compareResults(a, b, 'a', 'b')).toThrow(HubsimError);
    expect(() => compareResults(a, b, 'a', 'b')).toThrow(expect.objectContaining({ code: 'compare.kindMismatch' }));
  });

  it('numbers for the terminal: the reports\' one rule (shownText), by hand', () => {
    expect(shownText(null)).toBe('-');
    expect(shownText(0)).toBe('0');
    expect(shownText(-169781540.916, 'EUR')).toBe('-169,781,541');
    expect(shownText(2029, 'year')).toBe('2029');
    // Whole kW from 100 up, one decimal from 10, two from 1, three significant digits below.
    expect(shownText(396.70123, 'kW')).toBe('397');
    expect(shownText(-940.686, 'kW')).toBe('-941');
    expect(shownText(12.345, 'kW')).toBe('12.3');
    expect(shownText(0.0109051249959, '1')).toBe('0.0109');
    // Float noise is 0, never "-0".
    expect(shownText(-1.819e-12, 'kWh')).toBe('0');
    expect(shownText(-0.004, 'EUR')).toBe('0');
    // A price per unit to the cent at least (a tariff rate of EUR 35.04/kW/yr read 35), three significant digits below a cent.
    expect(shownText(35.04, 'EUR/kW/yr')).toBe('35.04');
    expect(shownText(0.03564, 'EUR/kWh')).toBe('0.0356');
    expect(shownText(35.04, 'EUR')).toBe('35');
    expect(shownText(1234567.891, 'EUR/yr')).toBe('1,234,568');
  });

  it('says when the money conventions differ (found by an audit: EUR of 2025 at 4% beside EUR of 2027 at 7%, with no word)', () => {
    const convention = (baseYear: number, discountRate: number, source: string, capacityRequests: string) => ({ baseYear, discountRate, discountRateSource: source, currency: `EUR at constant prices of ${baseYear}`, capacityRequests, valueOfLostLoadEurPerKwh: 20 });
    const side = (c: unknown) => ({ ...(rollout([{ strategy: 's', npvSocietyEur: 1 }], []) as object), economicsConvention: c });
    const a = parseResults(side(convention(2025, 0.04, 'x', 'request')), 'a');
    const b = parseResults(side(convention(2027, 0.07, 'y', 'unserved')), 'b');
    const c = compareResults(a, b, 'a', 'b') as RolloutComparison;
    // The sources and the currency line (it restates the base year) are left out; the value of lost load is the same.
    expect(c.conventionDiffers).toEqual([
      { field: 'baseYear', a: 2025, b: 2027 },
      { field: 'discountRate', a: 0.04, b: 0.07 },
      { field: 'capacityRequests', a: 'request', b: 'unserved' },
    ]);
    const text = comparisonText(c).replace(/\n\s*/g, ' ');
    expect(text).toContain('money conventions differ (economicsConvention): baseYear 2025 in A, 2027 in B; discountRate 0.04 in A, 0.07 in B; capacityRequests differs;');
    const same = compareResults(a, parseResults(side(convention(2025, 0.04, 'z', 'request')), 'b'), 'a', 'b') as RolloutComparison;
    expect(same.conventionDiffers).toEqual([]);
    expect(comparisonText(same)).not.toContain('money conventions differ');
  });

  it('the text of a comparison without common strategies says so', () => {
    const a = parseResults(rollout([{ strategy: 'x' }], []), 'a');
    const b = parseResults(rollout([{ strategy: 'y' }], []), 'b');
    const text = comparisonText(compareResults(a, b, 'a', 'b'));
    expect(text).toContain('(no strategy in both)');
    expect(text).toContain('strategies only in A: x\n');
    expect(text).toContain('strategies only in B: y\n');
  });
});
