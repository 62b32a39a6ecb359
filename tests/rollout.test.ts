import { printedTables, unwrapped } from './support/text-table.js';
import { describe, expect, it } from 'vitest';
import { capturingIo, runCli } from './support/cli.js';
import { rolloutCommand } from '../src/cli/rollout.js';
import { simulate } from '../src/engine/simulate.js';
import { createPlanner } from '../src/strategies/registry.js';
import { rolloutJson } from '../src/report/rollout-output.js';
import { RolloutContext } from '../src/rollout/context.js';
import { loadRollout } from '../src/rollout/load.js';
import { runRollout } from '../src/rollout/run.js';
import type { TerrainYearMetric } from '../src/rollout/task.js';
import { runTask } from '../src/rollout/run-task.js';
import { WITHOUT_HUBS } from '../src/rollout/task.js';

const SMALL = 'tests/fixtures/rollout-small.yaml';
const SLOW = 120_000;

/** A thread module of the tests' own whose planner throws in one job (park-a, 2027, optimal). */
const FAILING = 'tests/fixtures/failing-rollout-study.mjs';

describe('rollout', () => {
  it('gives byte-identical results with 1 and 2 worker threads', async () => {
    const one = JSON.stringify(rolloutJson(await runRollout(SMALL, { workers: 1 })));
    const two = JSON.stringify(rolloutJson(await runRollout(SMALL, { workers: 2 })));
    expect(two).toBe(one);
  }, SLOW);

  it('a thread resolves the terrains of the substation it runs and forgets them after it: the same figures on a fresh context and on one that ran other tasks', () => {
    const loaded = loadRollout(SMALL);
    const task = { index: 0, substation: 'north' };
    const fresh = runTask(new RolloutContext(loaded), task);
    const reused = new RolloutContext(loaded);
    runTask(reused, task);
    reused.endTask();
    expect(runTask(reused, task)).toEqual(fresh);
    // The main thread's check resolves a terrain as a thread does, and keeps nothing of it.
    const check = new RolloutContext(loaded);
    expect(Array.from(check.resolveTerrain(0, 2023).demandKw)).toEqual(Array.from(reused.baseHub(0, 2023).demandKw));
    expect(check.resolveTerrain(0, 2023)).not.toBe(check.resolveTerrain(0, 2023));
  }, SLOW);

  it("a substation's planning load is the per-step sum of its terrains' grid exchange plus its background, worst weather year", () => {
    const loaded = loadRollout(SMALL);
    const ctx = new RolloutContext(loaded);
    const year = 2027;
    const task = runTask(ctx, { index: 0, substation: 'north' });
    // Independently: simulate each terrain on 'north' uncontrolled and add the background, step by
    // step, in both weather years; the worst weather year decides.
    const terrains = loaded.rollout.terrains.map((t, i) => [t, i] as const).filter(([t]) => t.substation === 'north');
    let peak = -Infinity;
    let sumOfPeaks = 0;
    for (const weather of loaded.rollout.weatherYears) {
      const hubs = terrains.map(([, i]) => ctx.hubInYear(i, weather, year));
      const n = hubs[0].axis.steps;
      const load = Float64Array.from(ctx.background(0, weather, year, n, 60));
      for (const hub of hubs) {
        const run = simulate(hub, createPlanner({ kind: 'baseline' }, hub));
        for (let t = 0; t < n; t++) load[t] += run.recorder.gridKw[t];
      }
      for (const v of load) peak = Math.max(peak, v);
      sumOfPeaks = Math.max(sumOfPeaks, hubs.reduce((s, h) => s + Math.max(...h.demandKw), 0) + Math.max(...ctx.background(0, weather, year, n, 60)));
    }
    const without = task.substationYears.find((s) => s.strategy === WITHOUT_HUBS && s.year === year)!;
    expect(without.peakLoadKw).toBeCloseTo(peak, 6);
    // And it is a coincident peak: at most the sum of the parts' own peaks.
    expect(without.peakLoadKw).toBeLessThanOrEqual(sumOfPeaks + 1e-6);
  }, SLOW);

  it('a job that throws is reported with terrain, year and strategy; its variant stops on that substation, the rest completes; the exit code says so', async () => {
    const r = await runRollout(SMALL, { workers: 2, threadModule: FAILING });
    // The first weather year's job fails; the variant's grid on 'north' is unknown from then on.
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatchObject({ terrain: 'park-a', year: 2027, weatherYear: 2023, strategy: 'optimal' });
    // Everything else ran: optimal on 'north' in 2026, the other strategy in 2027, and 'south'.
    expect(r.terrainYears.some((t) => t.terrain === 'park-a' && t.year === 2026 && t.strategy === 'optimal')).toBe(true);
    expect(r.terrainYears.some((t) => t.terrain === 'park-a' && t.year === 2027 && t.strategy === 'peak-shaving+guard')).toBe(true);
    expect(r.terrainYears.some((t) => t.terrain === 'park-c' && t.year === 2027 && t.strategy === 'optimal')).toBe(true);
    expect(r.terrainYears.some((t) => t.substation === 'north' && t.year === 2027 && t.strategy === 'optimal')).toBe(false);
    const { io, captured } = capturingIo();
    const { code, stdout, stderr } = captured(await rolloutCommand(SMALL, { workers: 1 }, io, (path, options) => runRollout(path, { ...options, threadModule: FAILING })));
    expect(code, stdout).toBe(3);
    expect(stderr).toContain('job failed: terrain park-a, year 2027, weather 2023, strategy optimal: the planner of this job fails');
  }, SLOW);

  it('hubsim rollout prints the money convention, per terrain the capacity figures, avoided reinforcement and NPV, per substation the deferral, with totals', async () => {
    const out = await runCli('rollout', SMALL, '--workers', '2');
    expect(out.code, out.stderr).toBe(0);
    for (const text of ['money: EUR at constant prices of 2026', 'lost shed load valued at EUR 20/kWh (input)', 'in 2027 ---', 'over 2026-2027 ---', 'at 2026 ---']) expect(unwrapped(out.stdout)).toContain(text);
    const headers = printedTables(out.stdout).flatMap((t) => t.headers);
    for (const head of ["hub's own peak red. kW", 'lowered at subst. peak kW', 'subst. peak red. kW', 'capacity at start MW', 'freed MW', 'avoided reinf. kEUR', 'deferral years', 'NPV society MEUR', 'NPV grid op. MEUR', 'NPV members MEUR', 'capex MEUR (input)', 'lost shed MEUR', 'of which VoLL MEUR', 'h > import cap granted']) {
      expect(headers.some((h) => h.endsWith(head)), head).toBe(true);
    }
    expect(out.stdout).toMatch(/^total\s/m);
    for (const terrain of ['park-a', 'campus-b', 'park-c']) expect(out.stdout).toContain(terrain);
    expect(out.stderr).toBe(''); // no progress bar when not on a terminal
  }, SLOW);

  it('fails fast with a stable code on a bad or unreachable --queue, before the scenario runs', async () => {
    for (const [url, code] of [['http://127.0.0.1:6379', '[cli.badQueue]'], ['redis://127.0.0.1:1', '[queue.unreachable]']]) {
      // Port 1 on loopback: nothing listens there, the connection is refused at once.
      const out = await runCli('rollout', SMALL, '--queue', url);
      expect(out.code, out.stderr).toBe(2);
      expect(out.stderr).toContain(code);
      expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('bad input: unknown substation, unknown level, missing hub file: exit 2 with the code', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubsim-rollout-'));
    const base = fs.readFileSync(SMALL, 'utf8').replace('../../scenarios/examples/mixed-park.yaml', path.resolve('scenarios/examples/mixed-park.yaml'));
    const cases: [string, string][] = [
      [base.replace('substation: south', 'substation: nowhere'), 'rollout.unknownSubstation'],
      [base.replace('voltageLevels: [MV network]', 'voltageLevels: [XV network]'), 'rollout.unknownLevel'],
      [base.replace(path.resolve('scenarios/examples/mixed-park.yaml'), 'missing.yaml'), 'hub.notFound'],
      [base.replace('weatherYears: [2023, 2019]', 'weatherYears: [2021]'), 'rollout.unknownWeatherYear'],
      [base.replace('capacityKw: 6750', 'capacityKw: -6750'), 'rollout.invalidField'],
      // the model is trained on another weather year than the one it forecasts: one is not enough
      [base.replace('weatherYears: [2023, 2019]', 'weatherYears: [2023]').replace('  - kind: optimal', '  - { kind: mpc, forecast: model }'), 'rollout.invalidField'],
      [base.replace('  - kind: optimal', '  - { kind: mpc, forecast: model, trainYear: 2019 }'), 'rollout.invalidField'],
    ];
    for (const [text, code] of cases) {
      const file = path.join(dir, `${code}.yaml`);
      fs.writeFileSync(file, text);
      const out = await runCli('rollout', file, '--workers', '1');
      expect(out.code, `${code}: ${out.stderr}`).toBe(2);
      expect(out.stderr.startsWith(`hubsim: error [${code}]`), out.stderr).toBe(true);
      expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  }, SLOW);

  it('a member that only feeds in and one that never draws each pay the lowest category\'s fixed fee on their own connection', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubsim-rollout-'));
    const scenario = (extra: string): string => `name: Members without import
horizon: { startYear: 2026, endYear: 2026 }
weatherYears: [2023]
strategies: [{ kind: congestion }]
growth: { baseYear: 2026 }
substations: [{ id: s, capacityKw: 5000, backgroundLoad: 1000 }]
terrains:
  - id: t
    substation: s
    hubStartYear: 2026
    hub:
      name: T
      members:
        - { id: office, profile: 300 }${extra}
      connection: { importCapKw: 400 }
`;
    const alone = async (name: string, extra: string): Promise<number> => {
      const file = path.join(dir, `${name}.yaml`);
      fs.writeFileSync(file, scenario(extra));
      const out = await runCli('rollout', file, '--workers', '1', '--out', path.join(dir, name));
      expect(out.code, out.stderr).toBe(0);
      const json = JSON.parse(fs.readFileSync(path.join(dir, name, 'results.json'), 'utf8'));
      const rows = json.terrainYears.filter((r: { strategy: string }) => r.strategy === 'congestion');
      expect(rows).toHaveLength(1);
      return rows[0].transportTariffAloneEur;
    };
    // The office alone, by hand from profiles/tariffs/dso-transport-nl.csv (Liander 2026, MS, 136-2000
    // kW: vastrecht 441 EUR/yr, 27.48 EUR/kW/yr, kWmax 3.57 EUR/kW/month): 441 + 300 x 27.48 + 12 x 300
    // x 3.57 = 21,537 EUR. The two members without import add the LS row's vastrecht, 18 EUR/yr, each.
    expect(await alone('office', '')).toBeCloseTo(21_537, 6);
    expect(await alone('with-two', '\n        - { id: solar-farm, profile: -200 }\n        - { id: idle, profile: 0 }')).toBeCloseTo(21_537 + 2 * 18, 6);
  }, SLOW);
});

describe('forecast regret in rollouts', () => {
  it('runs perfect foresight and MPC with the trained model and a naive forecast side by side', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    process.env.HUBSIM_CACHE_DIR = mkdtempSync(join(tmpdir(), 'hubsim-rollout-regret-'));
    try {
      const r = await runRollout('tests/fixtures/rollout-regret.yaml', { workers: 2 });
      expect(r.failures).toEqual([]);
      expect(r.strategies).toEqual(['optimal', 'mpc-model', 'mpc-last-week']);
      const metric = (strategy: string, year: number, name: TerrainYearMetric): number =>
        r.terrainYears.find((t) => t.terrain === 'park-a' && t.year === year && t.strategy === strategy)!.metrics[name]!;
      const peak = (strategy: string, year: number): number => metric(strategy, year, 'peakImportKw');
      for (const year of [2026, 2027]) {
        // Perfect foresight is the lower bound of what a forecast-driven controller reaches, and
        // the two forecasts drive the battery differently (the yearly peak may still coincide).
        expect(peak('optimal', year)).toBeLessThanOrEqual(peak('mpc-model', year) + 1e-6);
        expect(peak('optimal', year)).toBeLessThanOrEqual(peak('mpc-last-week', year) + 1e-6);
        expect(metric('mpc-model', year, 'equivalentFullCycles')).not.toBe(metric('mpc-last-week', year, 'equivalentFullCycles'));
      }
      expect(r.totals.map((t) => t.strategy)).toEqual(['optimal', 'mpc-model', 'mpc-last-week']);
      // provenance states what the model's forecasters were trained on: each weather year on the other.
      const trained = r.provenance!.assumptions.find((a) => a.name === 'strategies[mpc-model].trainYear');
      expect(trained).toMatchObject({ value: '2019 for 2023, 2023 for 2019', defaulted: true });
      expect(r.provenance!.assumptions.some((a) => a.name === 'strategies[mpc-last-week].trainYear')).toBe(false);
    } finally {
      delete process.env.HUBSIM_CACHE_DIR;
    }
  }, 180_000);
});
