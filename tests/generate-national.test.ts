import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from './support/cli.js';
import { validateFile } from '../src/cli/validate.js';
import { loadRollout } from '../src/rollout/load.js';
import { runRollout } from '../src/rollout/run.js';
import { drawNational, FIRMLESS_SHARE, generateNational, TERRAIN_TYPES } from '../src/rollout/generate-national.js';

const SLOW = 300_000;
const dir = mkdtempSync(join(tmpdir(), 'hubsim-national-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The binomial tolerance of a share drawn `n` times: four standard deviations. */
const tolerance = (p: number, n: number): number => 4 * Math.sqrt((p * (1 - p)) / n);

describe('hubsim generate national', () => {
  it('scenarios/national.yaml is what the command in its header writes', () => {
    const committed = readFileSync('scenarios/national.yaml', 'utf8');
    expect(committed).toContain('#   hubsim generate national --terrains 4000 --substations 400 --seed 1 --out FILE   (the same bytes whatever FILE)\n');
    expect(generateNational({ terrains: 4000, substations: 400, seed: 1 })).toBe(committed);
  }, SLOW);

  it('the same options give the same bytes, another seed another scenario', async () => {
    const a = await runCli('generate', 'national', '--terrains', '200', '--substations', '20', '--seed', '7');
    const b = await runCli('generate', 'national', '--terrains', '200', '--substations', '20', '--seed', '7');
    const c = await runCli('generate', 'national', '--terrains', '200', '--substations', '20', '--seed', '8');
    expect(a.code).toBe(0);
    expect(a.stderr).toBe('');
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).not.toBe(a.stdout);
    const out = join(dir, 'n200.yaml');
    const written = await runCli('generate', 'national', '--terrains', '200', '--substations', '20', '--seed', '7', '--out', out);
    expect(written.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(a.stdout);
    expect(parse(a.stdout).terrains).toHaveLength(200);
  }, SLOW);

  it('draws the documented counts and distributions (docs/national.md)', () => {
    const { terrains, substations } = drawNational({ terrains: 4000, substations: 400, seed: 1 });
    expect(terrains).toHaveLength(4000);
    expect(new Set(terrains.map((t) => t.id)).size).toBe(4000);
    expect(substations).toHaveLength(400);
    // Every substation has a terrain; the rest are spread uniformly (about 10 each).
    expect(Math.min(...substations.map((s) => s.terrains))).toBeGreaterThanOrEqual(1);
    expect(substations.reduce((sum, s) => sum + s.terrains, 0)).toBe(4000);
    for (const type of TERRAIN_TYPES) {
      const share = terrains.filter((t) => t.type === type).length / terrains.length;
      expect(Math.abs(share - type.share), type.id).toBeLessThan(tolerance(type.share, terrains.length));
      for (const t of terrains.filter((x) => x.type === type)) {
        expect(t.members.length).toBeGreaterThanOrEqual(type.members[0]);
        expect(t.members.length).toBeLessThanOrEqual(type.members[1]);
        expect(t.members[0].id.startsWith(type.roles[0].id)).toBe(true);
      }
    }
    const datacenters = terrains.filter((t) => t.type.id === 'datacenter').length / terrains.length;
    expect(datacenters).toBeGreaterThan(0.05 - tolerance(0.05, 4000));
    expect(datacenters).toBeLessThan(0.05 + tolerance(0.05, 4000));
    const firmless = substations.filter((s) => s.capacityKw === undefined).length / substations.length;
    expect(Math.abs(firmless - FIRMLESS_SHARE)).toBeLessThan(tolerance(FIRMLESS_SHARE, 400));
    // A log-normal role's median: the plant of an industrial estate, 10 GWh/yr (rounded to 0.1 GWh).
    const plants = terrains.filter((t) => t.type.id === 'industry').map((t) => t.members[0].annualKwh!).sort((x, y) => x - y);
    const median = plants[Math.floor(plants.length / 2)];
    expect(median).toBeGreaterThan(9_000_000);
    expect(median).toBeLessThan(11_000_000);
    // The hub as sized: the cap below the peak import, a battery of 1-4 hours.
    for (const t of terrains) {
      expect(t.battery.energyKwh / t.battery.powerKw).toBeGreaterThanOrEqual(1);
      expect(t.battery.energyKwh / t.battery.powerKw).toBeLessThanOrEqual(4);
      expect(t.hubStartYear).toBeGreaterThanOrEqual(2026);
      expect(t.hubStartYear).toBeLessThanOrEqual(2030);
    }
  }, SLOW);

  it('the committed file is a rollout of the three causal strategies, 2025-2035, two weather years', () => {
    const { rollout, hubs } = loadRollout('scenarios/national.yaml');
    expect(rollout.terrains).toHaveLength(4000);
    expect(rollout.substations).toHaveLength(400);
    expect(hubs).toHaveLength(4000);
    expect(rollout.horizon).toEqual({ startYear: 2025, endYear: 2035 });
    expect(rollout.weatherYears).toEqual([2023, 2019]);
    expect(rollout.strategies.map((s) => ({ kind: s.kind, guard: 'guard' in s ? s.guard : undefined, plan: 'plan' in s ? s.plan : undefined }))).toEqual([
      { kind: 'congestion', guard: undefined, plan: undefined },
      { kind: 'peak-shaving', guard: true, plan: undefined },
      { kind: 'grid-aware', guard: true, plan: 'day-ahead' },
    ]);
  }, SLOW);

  it('a generated file validates, and a small one rolls out end to end with its energy balance holding', async () => {
    const file = join(dir, 'n40.yaml');
    expect((await runCli('generate', 'national', '--terrains', '40', '--substations', '4', '--seed', '3', '--out', file)).code).toBe(0);
    expect(validateFile(file).problems).toEqual([]);
    const run = await runCli('rollout', file, '--workers', '2', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { terrainYears: { terrain: string; strategy: string }[]; failures: unknown[] };
    expect(json.failures).toEqual([]);
    expect([...new Set(json.terrainYears.map((r) => r.strategy))].sort()).toEqual(['congestion', 'grid-aware+guard', 'peak-shaving+guard', 'without-hubs']);
    expect(new Set(json.terrainYears.map((r) => r.terrain)).size).toBe(40);
    expect(json.terrainYears).toHaveLength(40 * 11 * 4);
    // Every run checks its energy balance (residual at most 1e-6 of the energy that flowed) and its
    // battery's (simulate throws otherwise, and the job fails): no failures, every run balanced.
    const result = await runRollout(file, { workers: 2 });
    expect(result.failures).toEqual([]);
    expect(result.hubYears).toBeGreaterThan(0);
  }, SLOW);

  it('refuses bad options in one coded line (exit 2) and writes nothing', async () => {
    const out = join(dir, 'bad', 'never.yaml');
    const cases: [string[], string][] = [
      [['generate', 'national', '--terrains', '0', '--substations', '1', '--seed', '1'], 'generate.badCount'],
      [['generate', 'national', '--terrains', '4000.5', '--substations', '1', '--seed', '1'], 'generate.badCount'],
      [['generate', 'national', '--terrains', '10', '--substations', '0', '--seed', '1'], 'generate.badCount'],
      [['generate', 'national', '--terrains', '10', '--substations', '1', '--seed', '1.5'], 'generate.badSeed'],
      [['generate', 'national', '--terrains', '10', '--substations', '1', '--seed', '-1'], 'generate.badSeed'],
      [['generate', 'national', '--terrains', '10', '--substations', '11', '--seed', '1'], 'generate.moreSubstationsThanTerrains'],
      [['generate', 'regional', '--terrains', '10', '--substations', '1', '--seed', '1'], 'generate.unknownGenerator'],
      [['generate', 'national', '--terrains', '10', '--substations', '1', '--seed', '1', '--out', out], 'output.cannotWrite'],
    ];
    for (const [args, code] of cases) {
      const r = await runCli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^hubsim: error \\[${code.replace('.', '\\.')}\\] [^\\n]+\\n$`));
    }
    // A file that exists is replaced whole, or left as it was when the options are bad.
    const kept = join(dir, 'kept.yaml');
    writeFileSync(kept, 'old\n');
    expect((await runCli('generate', 'national', '--terrains', '0', '--substations', '1', '--seed', '1', '--out', kept)).code).toBe(2);
    expect(readFileSync(kept, 'utf8')).toBe('old\n');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  }, SLOW);
});
