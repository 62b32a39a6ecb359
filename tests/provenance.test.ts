// Provenance of results.json (src/provenance/): every input file with the SHA-256 of its bytes, the
// assumptions used, and regress failing on a changed input. The hashes are recomputed here with
// node:crypto over the files' bytes, independently of hubsim's ledger.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dayAheadPrices, dayAheadPriceYear } from '../src/profiles/prices.js';
import { yearAxis } from '../src/time/axis.js';
import { runCli } from './support/cli.js';
import { sweepFile } from './support/sweep.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'hubsim-provenance-'));
afterAll(() => fs.rmSync(DIR, { recursive: true, force: true }));
const SLOW = 180_000;

interface Input {
  path: string;
  sha256: string;
  bytes: number;
  shipped: boolean;
}
interface Assumption {
  name: string;
  value: unknown;
  unit: string;
  source: string;
  defaulted: boolean;
}
interface Provenance {
  hubsimVersion: string;
  command: string[];
  inputs: Input[];
  assumptions: Assumption[];
}

const sha256 = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Where an input is on disk: a shipped file under the package root, a user's relative to `base`. */
const onDisk = (i: Input, base = process.cwd()): string => (i.shipped ? path.join(ROOT, i.path) : path.resolve(base, i.path));

/** Every input's hash and size equal those of the file on disk now. */
function expectHashesMatch(p: Provenance, base = process.cwd()): void {
  expect(p.inputs.length).toBeGreaterThan(0);
  for (const i of p.inputs) {
    const file = onDisk(i, base);
    expect(sha256(file), i.path).toBe(i.sha256);
    expect(fs.statSync(file).size, i.path).toBe(i.bytes);
  }
}

/** An hourly CSV of `steps` rows from `startIso`, `kw` a function of the step. */
function loadsCsv(file: string, startIso: string, steps: number, kw: (t: number) => number): void {
  const start = Date.parse(startIso);
  const rows = ['time_utc,kw'];
  for (let t = 0; t < steps; t++) rows.push(`${new Date(start + t * 3_600_000).toISOString()},${kw(t)}`);
  fs.writeFileSync(file, `${rows.join('\n')}\n`);
}

/** A two-day hub reading its load from loads.csv, with a 1000 kW battery. */
function writeHub(dir: string, opts: { start?: string; powerKw?: number; strategies?: string } = {}): string {
  fs.mkdirSync(dir, { recursive: true });
  const start = opts.start ?? '2023-03-01T00:00:00Z';
  loadsCsv(path.join(dir, 'loads.csv'), start, 48, (t) => 800 + 400 * Math.sin((t * Math.PI) / 12));
  const hub = path.join(dir, 'hub.yaml');
  fs.writeFileSync(
    hub,
    [
      'name: provenance test hub',
      `axis: { start: "${start}", stepMinutes: 60, steps: 48 }`,
      'members:',
      '  - { id: plant, kind: industry, profile: { file: loads.csv, unit: kW } }',
      'connection: { importCapKw: 1100 }',
      `battery: { energyKwh: 2000, powerKw: ${opts.powerKw ?? 1000}, socMin: 0.1 }`,
      `strategies: ${opts.strategies ?? '[{ kind: baseline }, { kind: optimal }]'}`,
      '',
    ].join('\n'),
  );
  return hub;
}

describe('provenance of hubsim run', () => {
  it('names every file read with the SHA-256 of its bytes, the shipped ones relative to the package root, and no absolute path', async () => {
    const dir = path.join(DIR, 'run');
    const hub = writeHub(dir);
    const out = path.join(dir, 'out');
    const r = await runCli('run', hub, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const text = fs.readFileSync(path.join(out, 'results.json'), 'utf8');
    const p = (JSON.parse(text) as { provenance: Provenance }).provenance;
    expect(p.hubsimVersion).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    // The command that shapes the results; where they were written is not part of it.
    expect(p.command).toEqual(['hubsim', 'run', path.relative(process.cwd(), hub)]);
    const user = p.inputs.filter((i) => !i.shipped).map((i) => i.path);
    expect(user).toEqual([path.relative(process.cwd(), hub), path.relative(process.cwd(), path.join(dir, 'loads.csv'))].sort());
    // It reads no shipped profile (its load is its own file, optimal needs no prices), so none is listed.
    expect(p.inputs.filter((i) => i.shipped)).toEqual([]);
    expectHashesMatch(p);
    // No absolute path: a file outside the working directory is named relative to it all the same.
    for (const i of p.inputs) expect(path.isAbsolute(i.path), i.path).toBe(false);
    for (const part of p.command) expect(path.isAbsolute(part), part).toBe(false);
    expect(text).not.toContain(`"${ROOT}`);
    expect(text).not.toContain(`"${DIR}`);
    // Determinism: the same inputs give the same bytes.
    const again = await runCli('run', hub, '--json');
    expect(again.stdout).toBe(text);
  }, SLOW);

  it('lists the parameters used with value, unit, source and whether each is the default', async () => {
    const hub = writeHub(path.join(DIR, 'assumptions'));
    const r = await runCli('run', hub, '--json');
    expect(r.code, r.stderr).toBe(0);
    const a = new Map((JSON.parse(r.stdout) as { provenance: Provenance }).provenance.assumptions.map((x) => [x.name, x]));
    expect(a.get('battery.powerKw')).toMatchObject({ value: 1000, unit: 'kW', defaulted: false, source: `set in ${path.relative(process.cwd(), hub)}` });
    expect(a.get('battery.socMin')).toMatchObject({ value: 0.1, unit: 'fraction', defaulted: false });
    expect(a.get('battery.chargeEfficiency')).toMatchObject({ value: 0.95, unit: 'fraction', defaulted: true, source: 'hubsim default, docs/sources.md' });
    expect(a.get('valueOfLostLoadEurPerKwh')).toMatchObject({ value: 20, unit: 'EUR/kWh', defaulted: true });
    expect(a.get('valueOfLostLoadEurPerKwh')!.source).toMatch(/Ecorys and SEO for ACM \(2022\)/);
  }, SLOW);

  it('lists only the settings a strategy reads: none of the online window for a quantile or hindsight threshold (found by an audit: thresholdFrom online beside a quantile)', async () => {
    const strategies = "[{ kind: peak-shaving, name: q, thresholdQuantile: 0.9 }, { kind: peak-shaving, name: h, thresholdFrom: hindsight }, { kind: peak-shaving, name: o }]";
    const r = await runCli('run', writeHub(path.join(DIR, 'ignored'), { strategies }), '--json');
    expect(r.code, r.stderr).toBe(0);
    const names = (JSON.parse(r.stdout) as { provenance: Provenance }).provenance.assumptions.map((x) => x.name);
    const of = (s: string) => names.filter((n) => n.startsWith(`strategies[${s}].`)).map((n) => n.slice(`strategies[${s}].`.length)).sort();
    expect(of('q')).toEqual(['guard', 'rechargeBelowShare', 'thresholdQuantile']);
    expect(of('h')).toEqual(['guard', 'rechargeBelowShare', 'thresholdFrom']);
    expect(of('o')).toEqual(['guard', 'marginShare', 'rechargeBelowShare', 'thresholdFrom', 'windowDays']);
  }, SLOW);

  it('names a substitute price year in the provenance and the output when the axis year has no prices of its own', async () => {
    const hub = writeHub(path.join(DIR, 'y2021'), { start: '2021-03-01T00:00:00Z', strategies: '[{ kind: baseline }, { kind: lp }]' });
    const table = await runCli('run', hub);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('note: weather year 2021 is priced with 2023 day-ahead prices (no day-ahead prices of 2021 are shipped)');
    const p = (JSON.parse((await runCli('run', hub, '--json')).stdout) as { provenance: Provenance }).provenance;
    const used = p.assumptions.find((x) => x.name === 'prices.dayAhead.priceYear[weatherYear=2021]');
    expect(used).toMatchObject({ value: 2023, unit: 'year', defaulted: true });
    expect(used!.source).toMatch(/^substitute: no day-ahead prices of 2021 are shipped, so 2021 is priced with 2023/);
    expect(p.inputs.map((i) => i.path)).toContain('profiles/2023/price-dayahead-nl.csv');
    expectHashesMatch(p);
  }, SLOW);
});

describe('price years', () => {
  it('prices a shipped year with its own prices, another year with the nearest shipped (the later when equally near)', () => {
    expect([2019, 2023, 2018, 2020, 2021, 2022, 2030].map(dayAheadPriceYear)).toEqual([2019, 2023, 2019, 2019, 2023, 2023, 2023]);
  });

  it('2019 is priced with the 2019 prices of profiles/2019/price-dayahead-nl.csv, read here independently', () => {
    const rows = fs.readFileSync(path.join(ROOT, 'profiles/2019/price-dayahead-nl.csv'), 'utf8').trim().split('\n').slice(1);
    expect(rows).toHaveLength(8760);
    expect(rows[0].startsWith('2019-01-01T00:00:00Z,')).toBe(true);
    const csv = rows.map((l) => Number(l.split(',')[1]));
    expect(Array.from(dayAheadPrices(yearAxis(2019, 60)))).toEqual(csv);
    // The annual mean ENTSO-E's 2019 NL day-ahead prices are known for (SOURCE.md: EUR 41.20/MWh).
    expect(csv.reduce((s, x) => s + x, 0) / csv.length).toBeCloseTo(41.2, 1);
  });
});

describe('provenance of hubsim rollout and sweep', () => {
  it('a rollout records the scenario, every shipped profile and the tariff table, with matching hashes and the price year of each weather year', async () => {
    const out = path.join(DIR, 'rollout');
    const r = await runCli('rollout', path.join(ROOT, 'tests/fixtures/compare-a.yaml'), '--workers', '1', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const p = (JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as { provenance: Provenance }).provenance;
    expect(p.command).toEqual(['hubsim', 'rollout', path.relative(process.cwd(), path.join(ROOT, 'tests/fixtures/compare-a.yaml'))]);
    const paths = p.inputs.map((i) => i.path);
    expect(paths).toContain('tests/fixtures/compare-a.yaml');
    expect(paths).toContain('profiles/tariffs/dso-transport-nl.csv');
    expect(paths).toContain('profiles/2023/nedu-e3a.csv');
    expectHashesMatch(p);
    const names = p.assumptions.map((a) => a.name);
    expect(names).toContain('economics.discountRate');
    expect(names).toContain('economics.reinforcement[MV network].costPerStepEur');
    expect(names).toContain('prices.dayAhead.priceYear[weatherYear=2023]');
    expect(p.assumptions.find((a) => a.name === 'growth.business.perYear')).toMatchObject({ value: 0.1, unit: '1/yr', defaulted: false });
  }, SLOW);

  it('a sweep records the sweep file, the hub file it sizes and the profiles, with matching hashes', async () => {
    const file = sweepFile(`name: provenance sweep
hub: ${path.join(ROOT, 'scenarios/examples/business-park.yaml')}
draws: { count: 2, seed: 3 }
grid:
  battery: { energyKwh: [0, 2000], powerKw: [1000] }
  strategies: [{ kind: baseline }]
economics: { discountRate: 0.05 }
`);
    const r = await runCli('sweep', file, '--workers', '1', '--json');
    expect(r.code, r.stderr).toBe(0);
    const p = (JSON.parse(r.stdout) as { provenance: Provenance }).provenance;
    const paths = p.inputs.map((i) => i.path);
    expect(paths).toContain(path.relative(process.cwd(), file));
    expect(paths).toContain('scenarios/examples/business-park.yaml');
    expect(paths).toContain('profiles/2019/pv-roof.csv');
    expect(paths).toContain('profiles/2019/price-dayahead-nl.csv');
    expectHashesMatch(p);
    const a = new Map(p.assumptions.map((x) => [x.name, x]));
    expect(a.get('economics.discountRate')).toMatchObject({ value: 0.05, defaulted: false });
    expect(a.get('economics.batteryEurPerKwh')).toMatchObject({ value: 250, unit: 'EUR/kWh', defaulted: true });
  }, SLOW);
});

describe('provenance of the shipped tariff table', () => {
  const TABLE = 'profiles/tariffs/dso-transport-nl.csv';
  const tableInput = (p: Provenance): Input | undefined => p.inputs.find((i) => i.path === TABLE);

  it('a run and a sweep of a hub with tariff: { operator, year } list the tariff table with its SHA-256', async () => {
    // Read once before the commands below, outside any ledger: each command must still record it.
    const rollout = await runCli('rollout', path.join(ROOT, 'tests/fixtures/compare-a.yaml'), '--workers', '1', '--json');
    expect(rollout.code, rollout.stderr).toBe(0);
    const dir = path.join(DIR, 'tariff');
    const hub = writeHub(dir);
    fs.appendFileSync(hub, 'tariff: { operator: liander, year: 2025 }\n');
    const run = await runCli('run', hub, '--json');
    expect(run.code, run.stderr).toBe(0);
    const runJson = JSON.parse(run.stdout) as { provenance: Provenance; hub: { tariff: Record<string, number | string> } };
    const fromRun = runJson.provenance;
    expect(tableInput(fromRun)).toMatchObject({ sha256: sha256(path.join(ROOT, TABLE)), shipped: true });
    // The rates the tariff* metrics rest on are assumptions too, equal to those results.json echoes (found by an audit: only the table's hash was recorded).
    const rates = ['contractKw', 'vastrechtEurPerYear', 'contractEurPerKwYear', 'kwmaxEurPerKwMonth', 'energyEurPerKwh'];
    for (const r of rates) {
      const a = fromRun.assumptions.find((x) => x.name === `tariff.${r}`);
      expect(a, r).toBeDefined();
      expect(a!.value, r).toBe(runJson.hub.tariff[r]);
    }
    expect(fromRun.assumptions.find((x) => x.name === 'tariff.kwmaxEurPerKwMonth')!.source).toMatch(/^liander 2025, category /);

    const park = path.join(dir, 'park.yaml');
    fs.writeFileSync(park, `${fs.readFileSync(path.join(ROOT, 'scenarios/examples/business-park.yaml'), 'utf8')}tariff: { operator: liander, year: 2025 }\n`);
    const file = sweepFile(`name: tariff provenance\nhub: ${park}\ndraws: { count: 1, seed: 3 }\ngrid: { strategies: [{ kind: baseline }] }\n`);
    const sweep = await runCli('sweep', file, '--workers', '1', '--json');
    expect(sweep.code, sweep.stderr).toBe(0);
    const fromSweep = (JSON.parse(sweep.stdout) as { provenance: Provenance }).provenance;
    expect(tableInput(fromSweep)).toMatchObject({ sha256: sha256(path.join(ROOT, TABLE)), shipped: true });
    expectHashesMatch(fromSweep);
    // Without a tariff block nothing is read from the table, and nothing listed.
    const plain = await runCli('run', writeHub(path.join(DIR, 'tariff-none')), '--json');
    expect(tableInput((JSON.parse(plain.stdout) as { provenance: Provenance }).provenance)).toBeUndefined();
  }, SLOW);
});

describe('the transport tariff in provenance', () => {
  it('names each rate by its own origin: the table for those the block leaves to it, the block\'s source for an explicit one, a rate not given as a default of 0 (found by an audit: every rate had the combined source)', async () => {
    const { hubTariffRates } = await import('../src/model/tariff-rates.js');
    const { tariffAssumptions } = await import('../src/provenance/collect.js');
    const byName = (a: ReturnType<typeof tariffAssumptions>) => Object.fromEntries(a.map((x) => [x.name, x]));
    const mixed = byName(tariffAssumptions(hubTariffRates({ operator: 'liander', year: 2023, kwmaxEurPerKwMonth: 2.5, source: 'Offer letter' }, 3000)));
    expect(mixed['tariff.kwmaxEurPerKwMonth']).toMatchObject({ value: 2.5, source: 'Offer letter', defaulted: false });
    expect(mixed['tariff.vastrechtEurPerYear'].source).toMatch(/^liander 2023, category .*: /);
    expect(mixed['tariff.vastrechtEurPerYear'].source).not.toContain('Offer letter');
    const explicit = byName(tariffAssumptions(hubTariffRates({ kwmaxEurPerKwMonth: 2.5, contractEurPerKwYear: 30 }, 3000)));
    expect(explicit['tariff.vastrechtEurPerYear']).toMatchObject({ value: 0, source: 'not given (0)', defaulted: true });
    expect(explicit['tariff.contractEurPerKwYear']).toMatchObject({ value: 30, defaulted: false });
  });
});

describe('regress and inputs', () => {
  it('fails and names the hub file when its battery power changed from 1000 to 900 kW, though no value moved; --allow-input-change lets it pass', async () => {
    const dir = path.join(DIR, 'regress');
    // Only the baseline strategy: the battery is not used, so the values cannot catch the change.
    const hub = writeHub(dir, { powerKw: 1000, strategies: '[{ kind: baseline }]' });
    const base = path.join(dir, 'base');
    const made = await runCli('regress', '--baseline', base, '--update', '--from', hub);
    expect(made.code, made.stderr).toBe(0);
    const recorded = (JSON.parse(fs.readFileSync(path.join(base, 'results.json'), 'utf8')) as { provenance: Provenance }).provenance;
    // Paths relative to the baseline folder, as baseline.json names its input.
    expect(recorded.inputs.find((i) => !i.shipped && i.path.endsWith('hub.yaml'))?.path).toBe('../hub.yaml');
    expectHashesMatch(recorded, base);
    expect((await runCli('regress', '--baseline', base)).code).toBe(0);

    fs.writeFileSync(hub, fs.readFileSync(hub, 'utf8').replace('powerKw: 1000', 'powerKw: 900'));
    const r = await runCli('regress', '--baseline', base);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`INPUT CHANGED: ../hub.yaml: sha256 ${recorded.inputs.find((i) => i.path === '../hub.yaml')!.sha256.slice(0, 12)} -> ${sha256(hub).slice(0, 12)}`);
    // One verdict, FAIL, with the reason: never an "ok" line above a failing input check.
    expect(r.stdout).toMatch(/^regress .*: FAIL: 1 input file\(s\) differ/m);
    expect(r.stdout).not.toMatch(/^regress .*: ok$/m);
    const json = JSON.parse((await runCli('regress', '--baseline', base, '--json')).stdout) as { ok: boolean; failed: number; inputChanges: { kind: string; path: string; newSha256: string }[] };
    expect(json.failed).toBe(0); // every value within tolerance: only the input check catches it
    expect(json.ok).toBe(false);
    expect(json.inputChanges).toEqual([{ kind: 'changed', path: '../hub.yaml', shipped: false, oldSha256: expect.any(String), newSha256: sha256(hub) }]);
    const allowed = await runCli('regress', '--baseline', base, '--allow-input-change');
    expect(allowed.code, allowed.stdout).toBe(0);
    expect(allowed.stdout).toContain('input changed (allowed): ../hub.yaml');
  }, SLOW);

  it('a profile the hub reads is an input too: a changed CSV fails the check by name', async () => {
    const dir = path.join(DIR, 'regress-csv');
    const hub = writeHub(dir, { strategies: '[{ kind: baseline }]' });
    const base = path.join(dir, 'base');
    expect((await runCli('regress', '--baseline', base, '--update', '--from', hub)).code).toBe(0);
    // The same values with a blank line added at the end: the results cannot move, the bytes do.
    const csv = path.join(dir, 'loads.csv');
    fs.writeFileSync(csv, fs.readFileSync(csv, 'utf8').replace(/\n$/, '\n\n'));
    const r = await runCli('regress', '--baseline', base);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('INPUT CHANGED: ../loads.csv');
  }, SLOW);
});

describe('report', () => {
  it('shows the inputs and assumptions in an "Assumptions and sources" section', async () => {
    const dir = path.join(DIR, 'report');
    const hub = writeHub(dir);
    const out = path.join(dir, 'out');
    expect((await runCli('run', hub, '--out', out, '--series', '--report')).code).toBe(0);
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    const p = (JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as { provenance: Provenance }).provenance;
    expect(html).toContain('<h2>Assumptions and sources</h2>');
    for (const i of p.inputs) expect(html).toContain(`data-row="${i.path}" data-col="sha256">${i.sha256}</td>`);
    expect(html).toContain('data-row="battery.powerKw" data-col="value" data-value="1000"');
  }, SLOW);
});

describe('the sources results.json states beside the money convention (economicsConvention)', () => {
  const base = fs.readFileSync(path.join(ROOT, 'tests/fixtures/compare-a.yaml'), 'utf8').replace('  - kind: peak-shaving\n', '  - kind: peak-shaving\neconomics:\n  ECONOMICS\n');
  const convention = async (economics: string): Promise<Record<string, unknown>> => {
    const { loadRollout } = await import('../src/rollout/load.js');
    const { economicsConvention, moneyConvention } = await import('../src/rollout/convention.js');
    const file = path.join(DIR, `convention-${economics.length}.yaml`);
    fs.writeFileSync(file, economics === '' ? base.replace('economics:\n  ECONOMICS\n', '') : base.replace('ECONOMICS', economics));
    const loaded = loadRollout(file);
    return economicsConvention(loaded, moneyConvention(loaded)) as unknown as Record<string, unknown>;
  };

  it('a value the scenario sets without a source is "set in <file> without a source", not the default\'s citation', async () => {
    const set = await convention('{ discountRate: 0.05, hubLifetimeYears: 4, valueOfLostLoadEurPerKwh: 5, spareCapacity: 0.4 }');
    for (const key of ['discountRateSource', 'hubLifetimeSource', 'valueOfLostLoadSource', 'spareCapacitySource']) expect(set[key], key).toMatch(/^set in convention-\d+\.yaml without a source$/);
    // With a source of its own, that source; with neither, the default's citation.
    const sourced = await convention('{ discountRate: 0.05, discountRateSource: "CPB guidance, 2.25% + risk premium" }');
    expect(sourced.discountRateSource).toBe('CPB guidance, 2.25% + risk premium');
    const defaults = await convention('');
    expect(defaults.discountRateSource).toMatch(/^Assumption: 4% real/);
    expect(defaults.hubLifetimeSource).toMatch(/about 15 years/);
  });
});
