import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBaseline } from '../src/regress/baseline.js';
import { compareLeaves } from '../src/regress/compare-values.js';
import { flattenResults } from '../src/regress/flatten.js';
import { regressText } from '../src/regress/report-text.js';
import { leafUnit, unitText } from '../src/regress/units.js';
import { parseTolerances, toleranceFor, withinTolerance } from '../src/regress/tolerance.js';
import { BOUND_NOTE } from '../src/report/table.js';
import { runCli } from './support/cli.js';
import { expectError } from './support/expect-error.js';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'hubsim-regress-'));
const SLOW = 120_000;

/** The business park of scenarios/examples with one peak-shaving strategy at a fixed threshold. */
function writeHub(dir: string, thresholdKw: number): string {
  const park = fs.readFileSync('scenarios/examples/business-park.yaml', 'utf8');
  const head = park.slice(0, park.indexOf('\nstrategies:'));
  const file = path.join(dir, 'hub.yaml');
  fs.writeFileSync(file, `${head}\nstrategies:\n  - kind: baseline\n  - kind: peak-shaving\n    thresholdKw: ${thresholdKw}\n`);
  return file;
}

/** A baseline folder made by `regress --update --from`, for a hub with the given threshold. */
async function hubBaseline(name: string, thresholdKw: number): Promise<{ dir: string; hub: string; base: string }> {
  const dir = path.join(DIR, name);
  fs.mkdirSync(dir, { recursive: true });
  const hub = writeHub(dir, thresholdKw);
  const base = path.join(dir, 'base');
  const made = await runCli('regress', '--baseline', base, '--update', '--from', hub);
  expect(made.code, made.stderr).toBe(0);
  return { dir, hub, base };
}

function editJson(file: string, edit: (j: Record<string, any>) => void): void {
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(j);
  fs.writeFileSync(file, `${JSON.stringify(j, null, 2)}\n`);
}

describe('tolerance', () => {
  it('accepts |new - old| <= max(abs, rel x |old|), worked by hand', () => {
    const tol = { abs: 0.5, rel: 0.01 };
    expect(withinTolerance(1000, 1010, tol)).toBe(true); // 10 <= max(0.5, 10)
    expect(withinTolerance(1000, 1010.01, tol)).toBe(false); // 10.01 > 10
    expect(withinTolerance(0, 0.5, tol)).toBe(true); // near zero the absolute bound holds
    expect(withinTolerance(0, 0.51, tol)).toBe(false);
    expect(withinTolerance(-200, -202, tol)).toBe(true); // 2 <= 0.01 x 200
  });

  it('a move of exactly the bound is within it in either direction (found by an audit: the subtraction came out a few ulps above 0.1 one way)', () => {
    const tol = { abs: 0.1, rel: 0 };
    // 1055.59793088 - 1055.69793088 in doubles is -0.10000000000013642; the other way 0.09999999999990905.
    expect(Math.abs(1055.59793088 - 1055.69793088)).toBeGreaterThan(0.1);
    expect(withinTolerance(1055.69793088, 1055.59793088, tol)).toBe(true);
    expect(withinTolerance(1055.49793088, 1055.59793088, tol)).toBe(true);
    // A hundredth of a kW more is not rounding.
    expect(withinTolerance(1055.70793088, 1055.59793088, tol)).toBe(false);
  });

  it('lists the worst first: failures before the rest, and within a status the largest move against its tolerance', () => {
    const leaf = (metric: string, value: number) => ({ key: `strategies.${metric}`, table: 'strategies', metric, ids: { strategy: 'a' }, value });
    // Default tolerance abs/rel 1e-6: moves of 1e-3, 1e-1 and 1e-2 relative, all drift.
    const before = [leaf('x', 100), leaf('y', 100), leaf('z', 100)];
    const after = [leaf('x', 100.1), leaf('y', 110), leaf('z', 101)];
    const text = regressText(compareLeaves(before, after, undefined), 'base');
    const order = ['strategies.y', 'strategies.z', 'strategies.x'].map((m) => text.indexOf(`${m} `));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('reports a change\'s delta to the 12 significant digits results.json keeps, without float noise', () => {
    const leaf = (value: number) => ({ key: 'strategies.peakImportKw', table: 'strategies', metric: 'peakImportKw', ids: { strategy: 'a' }, value });
    const cmp = compareLeaves([leaf(1055.69793088)], [leaf(1055.59793088)], undefined);
    expect(cmp.changes[0].delta).toBe(-0.1);
  });

  it('takes the first matching rule, then the built-in residual rule, then the default', () => {
    const file = parseTolerances(
      {
        default: { rel: 1e-3 },
        rules: [
          { metric: 'peakImportKw', strategy: 'optimal*', abs: 5 },
          { metric: '*Eur', table: 'totals', rel: 0.02 },
          { metric: 'peak*', abs: 1 },
        ],
      },
      'tolerances.json',
    );
    expect(toleranceFor(file, { table: 'strategies', metric: 'peakImportKw', strategy: 'optimal+guard' })).toEqual({ abs: 5, rel: 1e-3 });
    expect(toleranceFor(file, { table: 'strategies', metric: 'peakImportKw', strategy: 'congestion' })).toEqual({ abs: 1, rel: 1e-3 });
    expect(toleranceFor(file, { table: 'totals', metric: 'npvEur', strategy: 'congestion' })).toEqual({ abs: 1e-6, rel: 0.02 });
    expect(toleranceFor(file, { table: 'terrainEconomics', metric: 'npvEur', strategy: 'congestion' })).toEqual({ abs: 1e-6, rel: 1e-3 });
    expect(toleranceFor(file, { table: 'strategies', metric: 'energyBalanceResidualKwh', strategy: 'x' })).toEqual({ abs: 1e-3, rel: 1e-3 });
    expect(toleranceFor(undefined, { table: 'strategies', metric: 'loadFactor', strategy: 'x' })).toEqual({ abs: 1e-6, rel: 1e-6 });
  });

  it('rejects a tolerances file with a negative bound or an unknown key (regress.badTolerances)', () => {
    expectError(() => parseTolerances({ rules: [{ metric: 'x', abs: -1 }] }, 'tol.json'), 'regress.badTolerances', { file: 'tol.json', field: 'rules.0.abs' });
    expectError(() => parseTolerances({ rules: [{ metrc: 'x' }] }, 'tol.json'), 'regress.badTolerances', { file: 'tol.json' });
  });
});

describe('comparing results', () => {
  const doc = {
    kind: 'rollout',
    years: [2026, 2027],
    totals: [
      { strategy: 'a', npvEur: 100, hubs: 2 },
      { strategy: 'b', npvEur: -5, hubs: 2 },
    ],
    terrainYears: [
      { terrain: 't1', year: 2026, strategy: 'a', peakImportKw: 10, hubActive: true },
      { terrain: 't1', year: 2027, strategy: 'a', peakImportKw: 12, hubActive: true },
    ],
  };

  it('keys table rows by their identity, so reordered rows compare equal', () => {
    const reordered = { ...doc, totals: [doc.totals[1], doc.totals[0]], terrainYears: [doc.terrainYears[1], doc.terrainYears[0]] };
    const cmp = compareLeaves(flattenResults(doc), flattenResults(reordered), undefined);
    expect(cmp.changes).toEqual([]);
    expect(flattenResults(doc).map((l) => l.key)).toContain('terrainYears[terrain=t1,year=2027,strategy=a].peakImportKw');
  });

  it('matches an agenda-check row by its figure and strategy, not by the prose that quotes its numbers (found by an audit: a 0.36% move read as a missing row)', () => {
    const row = (simulated: number) => ({ figure: 'grid utilisation', unit: '1', strategy: '-', claimed: 0.3, simulated, basis: 'simulated', ratio: 0.3 / simulated, impliedAssumption: `peak at ${(1 / simulated).toFixed(2)} x mean`, note: '' });
    const before = { agendaCheck: [row(0.77)] };
    const after = { agendaCheck: [row(0.773)] };
    const cmp = compareLeaves(flattenResults(before), flattenResults(after), parseTolerances({ rules: [{ table: 'agendaCheck', metric: '*', rel: 0.05 }] }, 'tolerances.json'));
    expect(cmp.changes.filter((c) => c.kind !== 'moved')).toEqual([]);
    expect(cmp.changes.map((c) => c.metric).sort()).toEqual(['ratio', 'simulated']);
    expect(flattenResults(after).some((l) => l.key.includes('impliedAssumption'))).toBe(false);
  });

  it('a strategy\'s foresight is a value of its row, not part of its identity: a baseline recorded before the rollout tables had it lines up, the field new; a changed foresight drifts', () => {
    const withForesight = structuredClone(doc) as any;
    for (const r of [...withForesight.totals, ...withForesight.terrainYears]) r.foresight = r.strategy === 'b' ? 'perfect' : 'causal';
    const cmp = compareLeaves(flattenResults(doc), flattenResults(withForesight), undefined);
    expect(cmp.failed).toBe(0);
    expect(cmp.changes.map((c) => `${c.kind} ${c.metric}`)).toEqual(Array(4).fill('added foresight'));
    expect(flattenResults(withForesight).map((l) => l.key)).toContain('terrainYears[terrain=t1,year=2027,strategy=a].foresight');
    const flipped = structuredClone(withForesight);
    flipped.totals[0].foresight = 'perfect';
    const drift = compareLeaves(flattenResults(withForesight), flattenResults(flipped), undefined);
    expect(drift.changes).toMatchObject([{ kind: 'drifted', metric: 'foresight', strategy: 'a', old: 'causal', new: 'perfect' }]);
  });

  it('gives each value its unit and basis from the output references, an input marked (found by an audit: the table had neither)', () => {
    expect(leafUnit('strategies', 'memberContractedKw')).toEqual({ unit: 'kW', basis: 'input' });
    expect(leafUnit('strategies', 'peakImportKw')).toEqual({ unit: 'kW', basis: 'simulated' });
    expect(leafUnit('totals', 'capexEur')).toEqual({ unit: 'EUR', basis: 'input' });
    expect(leafUnit('terrainYears', 'foresight')).toEqual({ unit: '-', basis: 'id' });
    expect(leafUnit('rows', 'stats.peakImportKw.p90')).toEqual({ unit: 'kW', basis: 'simulated' });
    expect(leafUnit('rows', 'capexEur')).toEqual({ unit: 'EUR', basis: 'input' });
    expect(leafUnit('hub', 'name')).toEqual({ unit: '-', basis: 'id' });
    expect(leafUnit('provenance', 'sha256', 'provenance.inputs.sha256')).toEqual({ unit: '-', basis: '-' });
    // The rest from the results' schemas (docs/outputs.md), found by a second audit: a member's peak, the echoed inputs, a sweep's pick.
    expect(leafUnit('hub', 'peakKw', 'hub.members[id=office-1,kind=business].peakKw')).toEqual({ unit: 'kW', basis: 'simulated' });
    // A third audit: the hub's own inputs marked, text without a unit, the sweep's settings and a row's tariff with theirs.
    expect(leafUnit('hub', 'ownConnectionKw', 'hub.members[id=office-1,kind=business].ownConnectionKw')).toEqual({ unit: 'kW', basis: 'input' });
    expect(leafUnit('hub', 'kwmaxEurPerKwMonth', 'hub.tariff.kwmaxEurPerKwMonth')).toEqual({ unit: 'EUR/kW/month', basis: 'input' });
    expect(leafUnit('hub', 'acmUnderused', 'hub.members[id=office-1,kind=business].acmUnderused')).toEqual({ unit: 'bool', basis: 'simulated' });
    expect(leafUnit('economicsConvention', 'currency', 'economicsConvention.currency')).toEqual({ unit: '-', basis: '-' });
    expect(leafUnit('sweep', 'metric', 'sweep.target.metric')).toEqual({ unit: '-', basis: 'input' });
    expect(leafUnit('sweep', 'kwmaxEurPerKwMonth', 'sweep.economics.kwmaxEurPerKwMonth')).toEqual({ unit: 'EUR/kW/month', basis: 'input' });
    expect(leafUnit('rows', 'tariff.vastrechtEurPerYear', 'rows[terrain=a,configuration=0,strategy=s].tariff.vastrechtEurPerYear')).toEqual({ unit: 'EUR/yr', basis: 'input' });
    expect(leafUnit('hub', 'valueOfLostLoadEurPerKwh', 'hub.valueOfLostLoadEurPerKwh')).toEqual({ unit: 'EUR/kWh', basis: 'input' });
    expect(leafUnit('economicsConvention', 'discountRate', 'economicsConvention.discountRate')).toEqual({ unit: '1', basis: 'input' });
    expect(leafUnit('sweep', 'batteryEurPerKwh', 'sweep.economics.batteryEurPerKwh')).toEqual({ unit: 'EUR/kWh', basis: 'input' });
    expect(leafUnit('cheapest', 'row.batteryEnergyKwh', 'cheapest.row.batteryEnergyKwh')).toEqual({ unit: 'kWh', basis: 'input' });
    expect(leafUnit('cheapest', 'causal.row.stats.peakImportKw.p90', 'cheapest.causal.row.stats.peakImportKw.p90')).toEqual({ unit: 'kW', basis: 'simulated' });
    // The sweep file's draw count, its target's bound and its discount rate, in the rollout's units (the last note's noticed items).
    expect(leafUnit('sweep', 'count', 'sweep.draws.count')).toEqual({ unit: 'count', basis: 'input' });
    expect(leafUnit('sweep', 'atMost', 'sweep.target.atMost')).toEqual({ unit: "target's", basis: 'input' });
    expect(leafUnit('sweep', 'discountRate', 'sweep.economics.discountRate')).toEqual({ unit: '1', basis: 'input' });
    expect(unitText(leafUnit('totals', 'capexEur'))).toBe('EUR (input)');
  });

  it('names a hub member of a drifted value by its id (found by an audit: twelve members read as one hub twelve times)', () => {
    const run = (peak: number) => ({ hub: { name: 'Park', members: [{ id: 'office-1', kind: 'business', peakKw: 100 }, { id: 'office-2', kind: 'business', peakKw: peak }] } });
    const cmp = compareLeaves(flattenResults(run(200)), flattenResults(run(201)), undefined, 'Park');
    expect(cmp.changes).toMatchObject([{ kind: 'drifted', metric: 'peakKw', where: 'Park member office-2', old: 200, new: 201 }]);
  });

  it('names the terrain, year and strategy of a drifted value, and counts a lost value as drift but not an added one', () => {
    const changed = structuredClone(doc) as any;
    changed.terrainYears[1].peakImportKw = 12.5;
    changed.terrainYears[0].hubActive = false;
    delete changed.totals[1].npvEur;
    changed.totals[0].newMetricKw = 3;
    const cmp = compareLeaves(flattenResults(doc), flattenResults(changed), undefined);
    const drift = cmp.changes.find((c) => c.metric === 'peakImportKw')!;
    expect(drift).toMatchObject({ kind: 'drifted', table: 'terrainYears', where: 't1 2027', strategy: 'a', old: 12, new: 12.5, delta: 0.5 });
    expect(cmp.changes.find((c) => c.metric === 'hubActive')).toMatchObject({ kind: 'drifted', tolerance: null });
    expect(cmp.changes.find((c) => c.metric === 'npvEur')).toMatchObject({ kind: 'missing', strategy: 'b' });
    expect(cmp.changes.find((c) => c.metric === 'newMetricKw')).toMatchObject({ kind: 'added' });
    expect(cmp.failed).toBe(3);
  });
});

describe('hubsim regress', () => {
  it('records a run baseline byte-identical to hubsim run --out and passes against it', async () => {
    const { dir, hub, base } = await hubBaseline('same', 2600);
    expect(JSON.parse(fs.readFileSync(path.join(base, 'baseline.json'), 'utf8'))).toEqual({ schemaVersion: 1, command: 'run', input: '../hub.yaml' });
    const out = path.join(dir, 'out');
    expect((await runCli('run', hub, '--out', out)).code).toBe(0);
    // The same bytes but for provenance, whose paths a baseline writes relative to its folder (../hub.yaml)
    // and `hubsim run` relative to the working directory: the same files with the same hashes.
    const recorded = fs.readFileSync(path.join(base, 'results.json'), 'utf8');
    const written = fs.readFileSync(path.join(out, 'results.json'), 'utf8');
    const cut = (text: string): string => text.slice(0, text.indexOf('  "provenance": {'));
    expect(cut(recorded).length).toBeGreaterThan(1000);
    expect(cut(recorded)).toBe(cut(written));
    const inputs = (text: string): { path: string; sha256: string }[] => JSON.parse(text).provenance.inputs;
    const rel = (p: string): string => path.relative(process.cwd(), path.resolve(base, p));
    expect(inputs(recorded).map((i) => ({ ...i, path: i.path.startsWith('profiles/') ? i.path : rel(i.path) }))).toEqual(inputs(written));
    const r = await runCli('regress', '--baseline', base);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/: ok\n {2}\d+ values compared: 0 drifted/);
  }, SLOW);

  it('catches a deliberate 1 kW change of a strategy threshold (exit 1) and names what moved', async () => {
    const { hub, base } = await hubBaseline('caught', 2600);
    writeHub(path.dirname(hub), 2601);
    const r = await runCli('regress', '--baseline', base);
    expect(r.code).toBe(1);
    // Peak shaving holds the import at its threshold, so the peak moves by exactly the 1 kW change.
    expect(r.stdout).toMatch(/DRIFT\s+strategies\.peakImportKw\s+kW\s+Bedrijvenpark Amstelzijde \(illustrative\)\s+peak-shaving\s+2600\s+2601\s+1 /);
    expect(r.stdout).toContain('regress');
    expect(r.stdout).toContain('FAIL');
    // The baseline strategy does not depend on the threshold: nothing of it moved.
    expect(r.stdout).not.toMatch(/DRIFT .* baseline /);
    const j = await runCli('regress', '--baseline', base, '--json');
    expect(j.code).toBe(1);
    const parsed = JSON.parse(j.stdout);
    expect(parsed.ok).toBe(false);
    expect(parsed.changes.find((c: any) => c.metric === 'peakImportKw')).toMatchObject({ kind: 'drifted', strategy: 'peak-shaving', old: 2600, new: 2601, delta: 1 });
  }, SLOW);

  it('lets a change within tolerance pass: a 1e-7 kW threshold change by default, a 1 kW change with a tolerances file', async () => {
    const { hub, base } = await hubBaseline('within', 2600);
    writeHub(path.dirname(hub), 2600.0000001);
    // The hub file changed on purpose: its values alone are checked here.
    const tiny = await runCli('regress', '--baseline', base, '--json', '--allow-input-change');
    expect(tiny.code, tiny.stdout).toBe(0);
    const parsed = JSON.parse(tiny.stdout);
    // Something did move (so the check is not vacuous), all of it within the default 1e-6.
    expect(parsed.changes.filter((c: any) => c.kind === 'moved' && c.metric === 'peakImportKw')).toHaveLength(1);
    expect(parsed.failed).toBe(0);

    writeHub(path.dirname(hub), 2601);
    expect((await runCli('regress', '--baseline', base)).code).toBe(1);
    // From the drift table of the 1 kW change: the largest relative move is the battery's, about 0.65%.
    fs.writeFileSync(path.join(base, 'tolerances.json'), JSON.stringify({ rules: [{ metric: '*', strategy: 'peak-shaving', abs: 10, rel: 0.01 }] }));
    const loose = await runCli('regress', '--baseline', base, '--allow-input-change');
    expect(loose.code, loose.stdout).toBe(0);
    expect(loose.stdout).toMatch(/0 drifted beyond tolerance, 0 missing, \d+ moved within tolerance/);
  }, SLOW);

  it('catches numbers perturbed in a copy of the baseline beyond tolerance, and not within it', async () => {
    const { base } = await hubBaseline('perturbed', 2600);
    const file = path.join(base, 'results.json');
    const original = fs.readFileSync(file, 'utf8');
    editJson(file, (j) => {
      j.strategies.baseline.metrics.importEnergyKwh *= 1 + 1e-9;
    });
    expect((await runCli('regress', '--baseline', base)).code).toBe(0);
    fs.writeFileSync(file, original);
    editJson(file, (j) => {
      j.strategies.baseline.metrics.importEnergyKwh *= 1 + 1e-4;
    });
    const r = await runCli('regress', '--baseline', base);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DRIFT\s+strategies\.importEnergyKwh .* baseline /);
  }, SLOW);

  it('marks a drifted value of a perfect-foresight strategy "(bound)" and prints the bound footnote', async () => {
    const dir = path.join(DIR, 'bound');
    fs.mkdirSync(dir, { recursive: true });
    const park = fs.readFileSync('scenarios/examples/business-park.yaml', 'utf8');
    const hub = path.join(dir, 'hub.yaml');
    // A threshold sized on the year it is scored on (thresholdFrom: hindsight) is a bound (results.json foresight: perfect).
    fs.writeFileSync(hub, `${park.slice(0, park.indexOf('\nstrategies:'))}\nstrategies:\n  - kind: baseline\n  - kind: peak-shaving\n    thresholdFrom: hindsight\n`);
    const base = path.join(dir, 'base');
    expect((await runCli('regress', '--baseline', base, '--update', '--from', hub)).code).toBe(0);
    editJson(path.join(base, 'results.json'), (j) => {
      j.strategies['peak-shaving'].metrics.importEnergyKwh *= 1 + 1e-4;
    });
    const r = await runCli('regress', '--baseline', base);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DRIFT\s+strategies\.importEnergyKwh .* peak-shaving \(bound\) /);
    expect(r.stdout).toContain(BOUND_NOTE);
    // The bound dropped from the hub file: its rows are missing, and still named a bound (from the baseline).
    fs.writeFileSync(hub, `${park.slice(0, park.indexOf('\nstrategies:'))}\nstrategies:\n  - kind: baseline\n`);
    const dropped = await runCli('regress', '--baseline', base, '--allow-input-change');
    expect(dropped.code).toBe(1);
    expect(dropped.stdout).toMatch(/MISSING\s+strategies\.peakImportKw .* peak-shaving \(bound\) /);
  }, SLOW);

  it('--update rewrites the baseline so the next check passes', async () => {
    const { hub, base } = await hubBaseline('update', 2600);
    writeHub(path.dirname(hub), 2650);
    expect((await runCli('regress', '--baseline', base)).code).toBe(1);
    // The folder is replaced as a whole; its other files are carried over.
    const tolerances = JSON.stringify({ rules: [{ metric: 'batteryCycles', abs: 0.5 }] });
    fs.writeFileSync(path.join(base, 'tolerances.json'), tolerances);
    const manifest = fs.readFileSync(path.join(base, 'baseline.json'), 'utf8');
    const u = await runCli('regress', '--baseline', base, '--update');
    expect(u.code).toBe(0);
    expect(u.stdout).toMatch(/updated \(\d+ value\(s\) changed\)/);
    expect(fs.readdirSync(base).sort()).toEqual(['baseline.json', 'results.json', 'tolerances.json']);
    expect(fs.readFileSync(path.join(base, 'tolerances.json'), 'utf8')).toBe(tolerances);
    expect(fs.readFileSync(path.join(base, 'baseline.json'), 'utf8')).toBe(manifest);
    expect(fs.readdirSync(path.dirname(base)).filter((f) => f.startsWith('.'))).toEqual([]);
    expect((await runCli('regress', '--baseline', base)).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(base, 'results.json'), 'utf8')).strategies['peak-shaving'].metrics.peakImportKw).toBe(2650);
  }, SLOW);

  it('a rollout baseline whose rerun has a failed job exits 3, not the 1 of a drift, and says why its values are missing (found by an audit)', async () => {
    const { regressCommand } = await import('../src/cli/regress.js');
    const { runRollout } = await import('../src/rollout/run.js');
    const { capturingIo } = await import('./support/cli.js');
    const base = path.join(DIR, 'failing');
    expect((await runCli('regress', '--baseline', base, '--update', '--from', 'tests/fixtures/rollout-small.yaml', '--workers', '1')).code).toBe(0);
    // The tests' own thread module: the planner of one job (park-a, 2027, optimal) throws, as a bug would.
    const { io, captured } = capturingIo();
    const failing: typeof runRollout = (file, options) => runRollout(file, { ...options, threadModule: 'tests/fixtures/failing-rollout-study.mjs' });
    const r = captured(await regressCommand({ baseline: base, workers: 1 }, io, failing));
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('job failed: terrain park-a, year 2027, weather 2023, strategy optimal');
    expect(r.stderr).toMatch(/1 job\(s\) failed \(named above\); their values count as missing above, and the check exits 3, not 1/);
    expect(r.stdout).toMatch(/^(MISSING|DRIFT) /m);
  }, SLOW);

  it('checks a rollout baseline and names the terrain of a drifted value', async () => {
    const dir = path.join(DIR, 'rollout');
    fs.mkdirSync(dir, { recursive: true });
    const scenario = path.join(dir, 'rollout.yaml');
    fs.writeFileSync(
      scenario,
      [
        'name: One terrain',
        'horizon: { startYear: 2026, endYear: 2026 }',
        'growth: { baseYear: 2026 }',
        'strategies: [{ kind: peak-shaving }]',
        'substations: [{ id: north, capacityKw: 5000 }]',
        'terrains:',
        '  - { id: park-a, substation: north, hubStartYear: 2026, hub: ' + path.resolve('scenarios/examples/mixed-park.yaml') + ' }',
        '',
      ].join('\n'),
    );
    const base = path.join(dir, 'base');
    const made = await runCli('regress', '--baseline', base, '--update', '--from', scenario, '--workers', '1');
    expect(made.code, made.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(base, 'baseline.json'), 'utf8')).command).toBe('rollout');
    expect((await runCli('regress', '--baseline', base, '--workers', '1')).code).toBe(0);
    editJson(path.join(base, 'results.json'), (j) => {
      const row = j.terrainEconomics.find((r: any) => r.terrain === 'park-a');
      row.npvSocietyEur += 1000;
    });
    const r = await runCli('regress', '--baseline', base, '--workers', '1');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DRIFT\s+terrainEconomics\.npvSocietyEur\s+EUR\s+park-a\s+peak-shaving /);
  }, SLOW);

  it('records a sweep baseline byte-identical to hubsim sweep --out, and names the terrain and configuration of a drifted value, a bound marked "(bound)"', async () => {
    const dir = path.join(DIR, 'sweep');
    fs.mkdirSync(dir, { recursive: true });
    const sweep = path.join(dir, 'sweep.yaml');
    fs.writeFileSync(
      sweep,
      ['name: small', `hub: ${path.resolve('scenarios/examples/business-park.yaml')}`, 'draws: { count: 3, seed: 7 }', 'grid:', '  battery: { energyKwh: [0, 2000], powerKw: [1000] }', '  strategies: [{ kind: peak-shaving }, { kind: baseline }, { kind: optimal }]', ''].join('\n'),
    );
    const base = path.join(dir, 'base');
    const made = await runCli('regress', '--baseline', base, '--update', '--from', sweep, '--workers', '1');
    expect(made.code, made.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(base, 'baseline.json'), 'utf8'))).toEqual({ schemaVersion: 1, command: 'sweep', input: '../sweep.yaml' });
    // The same bytes as hubsim sweep --out but for provenance, whose paths a baseline writes relative to its folder.
    const out = path.join(dir, 'out');
    expect((await runCli('sweep', sweep, '--workers', '1', '--out', out)).code).toBe(0);
    const cut = (text: string): string => text.slice(0, text.indexOf('  "provenance": {'));
    const recorded = fs.readFileSync(path.join(base, 'results.json'), 'utf8');
    expect(cut(recorded).length).toBeGreaterThan(1000);
    expect(cut(recorded)).toBe(cut(fs.readFileSync(path.join(out, 'results.json'), 'utf8')));
    // validate reads the baseline's input as the sweep file it is (it read every input as a hub file but a rollout's).
    const valid = await runCli('validate', base);
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout).toContain('a valid baseline file');
    const ok = await runCli('regress', '--baseline', base, '--workers', '1');
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/: ok\n {2}\d+ values compared: 0 drifted/);
    // The rows of one strategy differ only in their configuration: each keyed by it, not by position.
    editJson(path.join(base, 'results.json'), (j) => {
      const row = j.rows.find((r: any) => r.strategy === 'peak-shaving' && r.configuration === 3);
      row.stats.peakImportKw.p90 += 10;
      // A sweep row's foresight names a bound (found by an audit: regress read it from runs and rollouts only).
      j.rows.find((r: any) => r.strategy === 'optimal').stats.peakImportKw.p50 += 10;
      j.rows.reverse();
    });
    const r = await runCli('regress', '--baseline', base, '--workers', '1');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DRIFT\s+rows\.stats\.peakImportKw\.p90\s+kW\s+business-park configuration 3\s+peak-shaving /);
    expect(r.stdout).toMatch(/DRIFT\s+rows\.stats\.peakImportKw\.p50\s+kW\s+business-park configuration \d+\s+optimal \(bound\) /);
    expect(r.stdout).not.toMatch(/peak-shaving \(bound\)/);
    expect(r.stdout).toContain(BOUND_NOTE);
    expect(r.stdout).toMatch(/: FAIL\n {2}\d+ values compared: 2 drifted/);
  }, SLOW);

  it('rejects bad input with exit 2 and a stable code, writing nothing', async () => {
    const missing = await runCli('regress', '--baseline', path.join(DIR, 'nope'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^hubsim: error \[regress\.notFound\] .*nope/);

    const bad = path.join(DIR, 'bad');
    fs.mkdirSync(bad, { recursive: true });
    fs.writeFileSync(path.join(bad, 'baseline.json'), JSON.stringify({ schemaVersion: 1, command: 'simulate', input: 'x.yaml' }));
    expectError(() => readBaseline(bad), 'regress.badManifest', { file: 'baseline.json', field: 'command' });
    const r = await runCli('regress', '--baseline', bad, '--update');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[regress.badManifest]');
    expect(fs.existsSync(path.join(bad, 'results.json'))).toBe(false);

    fs.writeFileSync(path.join(bad, 'baseline.json'), '{ not json');
    expectError(() => readBaseline(bad), 'regress.badJson', { file: 'baseline.json' });

    const { base } = await hubBaseline('bad-tolerances', 2600);
    fs.writeFileSync(path.join(base, 'tolerances.json'), JSON.stringify({ default: { rel: 'one percent' } }));
    expectError(() => readBaseline(base), 'regress.badTolerances', { field: 'default.rel' });
    fs.rmSync(path.join(base, 'tolerances.json'));
    // A run baseline holding a rollout's results.
    editJson(path.join(base, 'results.json'), (j) => {
      j.kind = 'rollout';
    });
    expectError(() => readBaseline(base), 'regress.badResults', { file: 'results.json' });

    // A baseline.json saying rollout over a hub file: what does not fit, not advice to --update (which reads the same manifest).
    const { base: hubAsRollout } = await hubBaseline('hub-as-rollout', 2600);
    editJson(path.join(hubAsRollout, 'baseline.json'), (j) => {
      j.command = 'rollout';
      delete j.strategies;
    });
    const told = expectError(() => readBaseline(hubAsRollout), 'regress.badManifest', { file: 'baseline.json', field: 'command' });
    expect(told.message).toMatch(/is "rollout" but its input \.\.\/hub\.yaml is a hub file, not a rollout file; set command to "run"/);
    for (const args of [[], ['--update']]) {
      const r = await runCli('regress', '--baseline', hubAsRollout, ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^hubsim: error \[regress\.badManifest\] .*is a hub file, not a rollout file/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }

    const usage = await runCli('regress', '--baseline', base, '--from', 'scenarios/mra-20.yaml');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('[regress.fromNeedsUpdate]');
  }, SLOW);

  it('ships baselines whose manifests name existing inputs', () => {
    const dirs = fs.readdirSync('tests/regression').map((d) => path.join('tests/regression', d));
    expect(dirs).toContain(path.join('tests/regression', 'mra-20'));
    for (const d of dirs) {
      const b = readBaseline(d);
      expect(fs.existsSync(b.inputPath), b.inputPath).toBe(true);
      expect(b.results).toBeDefined();
    }
  });
});
