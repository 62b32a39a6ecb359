// Lost shed load priced at the value of lost load (issue #15 part 7; docs/economics.md sections 6 and
// 8): one price per rollout, taken by every terrain's hub.
import { beforeAll, describe, expect, it } from 'vitest';
import { caseFiles, lines } from './support/case-files.js';
import { runHub } from '../src/jobs/hub-job.js';
import { loadHub } from '../src/model/load.js';
import { resolveHub } from '../src/model/resolve.js';
import { RolloutContext } from '../src/rollout/context.js';
import { loadRollout } from '../src/rollout/load.js';
import { rolloutJson } from '../src/report/rollout-output.js';
import { runRollout } from '../src/rollout/run.js';
import { printedTables, unwrapped } from './support/text-table.js';
import { runCli } from './support/cli.js';
import { expectError } from './support/expect-error.js';

const { write: writeCase } = caseFiles('hubsim-lost-load-');
/** Write a file into a fresh folder; returns its path. */
const write = (text: string, name = 'file.yaml'): string => writeCase(text, name);

/** A one-terrain rollout (lines 1-15), its hub inline (lines 11-15); `hub` adds lines to the hub, `economics` after it. */
function rollout(economics: string[] = [], hub: string[] = []): string {
  return lines(
    'name: one park', //                                              1
    'horizon: { startYear: 2026, endYear: 2027 }', //                 2
    'weatherYears: [2023]', //                                        3
    'strategies: [{ kind: congestion }]', //                          4
    'growth: { baseYear: 2026, capacityRequests: unserved }', //      5
    'substations: [{ id: s, capacityKw: 10000 }]', //                 6
    'terrains:', //                                                   7
    '  - id: park', //                                                8
    '    substation: s', //                                           9
    '    hubStartYear: 2026', //                                      10
    '    hub:', //                                                    11
    '      name: Park', //                                            12
    '      members: [{ id: load, profile: 1200 }]', //                13
    '      connection: { importCapKw: 1000 }', //                     14
    '      flexibleLoad: [{ member: load, share: 0.5, maxHoursPerDay: 25 }]', // 15
    ...hub.map((l) => `      ${l}`),
    ...economics,
  );
}

describe('one value of lost load per rollout', () => {
  it('every terrain\'s hub takes economics.valueOfLostLoadEurPerKwh (default EUR 20/kWh)', () => {
    const byDefault = new RolloutContext(loadRollout(write(rollout())));
    expect(byDefault.baseHub(0, 2023).valueOfLostLoadEurPerKwh).toBe(20);
    const set = new RolloutContext(loadRollout(write(rollout(['economics: { valueOfLostLoadEurPerKwh: 5 }']))));
    expect(set.baseHub(0, 2023).valueOfLostLoadEurPerKwh).toBe(5);
    // A hub that repeats the rollout's price is fine.
    const same = new RolloutContext(loadRollout(write(rollout(['economics: { valueOfLostLoadEurPerKwh: 5 }'], ['valueOfLostLoadEurPerKwh: 5']))));
    expect(same.baseHub(0, 2023).valueOfLostLoadEurPerKwh).toBe(5);
  });

  it('a terrain\'s hub that sets another price: rollout.contradiction at its line, exit 2', () => {
    const inline = write(rollout([], ['valueOfLostLoadEurPerKwh: 30']));
    const e = expectError(() => loadRollout(inline), 'rollout.contradiction', { file: inline, line: 16, field: 'terrains[0].hub.valueOfLostLoadEurPerKwh' });
    expect(e.message).toContain('EUR 30/kWh');
    expect(e.message).toContain('EUR 20/kWh');
    // A hub file: named at the terrain's hub field of the scenario.
    const hubPath = write(lines('name: Park', 'members: [{ id: load, profile: 1200 }]', 'valueOfLostLoadEurPerKwh: 30'), 'hub.yaml');
    const scenario = write(rollout().replace(/    hub:\n(      .*\n)+/, `    hub: ${hubPath}\n`));
    expectError(() => loadRollout(scenario), 'rollout.contradiction', { file: scenario, line: 11, field: 'terrains[0].hub.valueOfLostLoadEurPerKwh' });
  });
});

/**
 * By hand: demand 110, 120, 130, 140 kW (office 100 + shop 10..40) under a 120 kW import cap; the
 * office may shed half its load (50 kW). Congestion management sheds what is above the cap: 0, 0, 10
 * and 20 kW, so 30 kWh in hourly steps (7.5 kWh in quarter-hour steps), lost unless it recovers.
 */
function smallHub(extra: string[] = [], stepMinutes = 60): string {
  return write(
    lines(
      'name: small hub',
      `axis: { start: "2023-01-10T00:00:00Z", steps: 4, stepMinutes: ${stepMinutes} }`,
      'members:',
      '  - { id: office, profile: 100 }',
      '  - { id: shop, profile: [10, 20, 30, 40] }',
      'connection: { importCapKw: 120 }',
      'strategies: [{ kind: baseline }, { kind: congestion }]',
      ...extra,
    ),
    'hub.yaml',
  );
}
const OFFICE_LOST = ['flexibleLoad:', '  - { member: office, share: 0.5 }'];

describe('hubsim run: unservedShedCostEur = unservedShedKwh x valueOfLostLoadEurPerKwh', () => {
  const metrics = (file: string) => Object.fromEntries(runHub(resolveHub(loadHub(file))).results.map((r) => [r.strategy, r.metrics]));

  it('by hand: 30 kWh lost at the default EUR 20/kWh is EUR 600; at EUR 50/kWh EUR 1,500; nothing shed costs 0', () => {
    const m = metrics(smallHub(OFFICE_LOST));
    expect(m.congestion.unservedShedKwh).toBeCloseTo(30, 9);
    expect(m.congestion.unservedShedCostEur).toBeCloseTo(30 * 20, 9);
    expect(m.baseline.unservedShedCostEur).toBe(0);
    expect(metrics(smallHub([...OFFICE_LOST, 'valueOfLostLoadEurPerKwh: 50'])).congestion.unservedShedCostEur).toBeCloseTo(30 * 50, 9);
    expect(metrics(smallHub([...OFFICE_LOST, 'valueOfLostLoadEurPerKwh: 0'])).congestion.unservedShedCostEur).toBe(0);
    // Energy is power x step length: quarter-hour steps shed 10 + 20 kW for 0.25 h, 7.5 kWh, EUR 150.
    const quarter = metrics(smallHub(OFFICE_LOST, 15));
    expect(quarter.congestion.unservedShedKwh).toBeCloseTo(7.5, 9);
    expect(quarter.congestion.unservedShedCostEur).toBeCloseTo(150, 9);
  });

  it('shifted load is not priced: a load that recovers costs nothing; beside a lost one, only the lost energy is priced', () => {
    // The office recovers within 2 h: its 30 kWh is shifted, not lost (it comes back at its deadlines).
    const shifting = metrics(smallHub(['flexibleLoad:', '  - { member: office, share: 0.5, recoverWithinHours: 2 }']));
    expect(shifting.congestion.energyShedKwh).toBeGreaterThan(0);
    expect(shifting.congestion.unservedShedKwh).toBe(0);
    expect(shifting.congestion.unservedShedCostEur).toBe(0);
    // A lost load first in the file covers the 10 and 20 kW; the shop's recovering load is never needed.
    const mixed = metrics(smallHub([...OFFICE_LOST, '  - { member: shop, share: 1, recoverWithinHours: 2 }']));
    expect(mixed.congestion.unservedShedKwh).toBeCloseTo(30, 9);
    expect(mixed.congestion.energyShiftedKwh).toBe(0);
    expect(mixed.congestion.unservedShedCostEur).toBeCloseTo(600, 9);
  });

  it('the table shows "lost load EUR" and says its price is an input, for a hub with a load that is lost when shed; results.json echoes the price', async () => {
    const file = smallHub([...OFFICE_LOST, 'valueOfLostLoadEurPerKwh: 50']);
    const r = await runCli('run', file);
    expect(r.code, r.stderr).toBe(0);
    const [table] = printedTables(r.stdout);
    const at = table.headers.indexOf('lost load EUR');
    expect(table.headers.slice(at - 1, at + 2)).toEqual(['shed kWh', 'lost load EUR', 'curtailed kWh']);
    expect(table.rows.slice(0, 2).map((row) => row[at])).toEqual(['0', '1,500']);
    expect(unwrapped(r.stdout)).toContain('lost load EUR (simulated): flexible load shed and never served (unservedShedKwh, simulated) x the value of lost load, EUR 50/kWh (input: valueOfLostLoadEurPerKwh)');
    const json = JSON.parse((await runCli('run', file, '--json')).stdout);
    expect(json.hub.valueOfLostLoadEurPerKwh).toBe(50);
    expect(json.metricUnits.unservedShedCostEur).toBe('EUR');
    expect(json.strategies.congestion.metrics.unservedShedCostEur).toBe(1500);
    // With a recovering load too: right after lost kWh.
    const mixed = await runCli('run', smallHub([...OFFICE_LOST, '  - { member: shop, share: 1, recoverWithinHours: 2 }']));
    const mixedHeaders = printedTables(mixed.stdout)[0].headers;
    const shed = mixedHeaders.indexOf('shed kWh');
    expect(mixedHeaders.slice(shed, shed + 6)).toEqual(['shed kWh', 'lost kWh', 'lost load EUR', 'rebound kWh', 'owed at end kWh', 'curtailed kWh']);
    // No column (and no note) for a hub whose loads all recover, or that has none.
    for (const extra of [['flexibleLoad:', '  - { member: office, share: 0.5, recoverWithinHours: 2 }'], []]) {
      const out = await runCli('run', smallHub(extra));
      expect(out.stdout).not.toContain('lost load EUR');
    }
  });
});

describe('rollout: lostShedEur, a cost to the members and to society at the rollout\'s value of lost load', () => {
  /**
   * By hand: one park of a constant 1,200 kW under a 1,000 kW cap that is never raised (capacityRequests:
   * unserved), half its load flexible and sheddable in every hour of a local day (maxHoursPerDay 25, so
   * the 25-hour day of October too). Congestion management sheds 200 kW in each of the 8,760 hours of
   * weather year 2023: 1,752,000 kWh a year, never served; at EUR 5/kWh, EUR 8,760,000 a year. Without
   * hubs the same 1,752,000 kWh is imported above the cap: unserved energy. No PV and a flat load: no
   * curtailment, no forecast error; the substation (10 MW) never reinforces.
   */
  const LOST_KWH = 200 * 8760;
  const VOLL = 5;
  type Row = Record<string, number | string | boolean | null>;
  let r: { terrainYears: Row[]; terrainEconomics: Row[]; yearTotals: Row[]; totals: Row[] };
  const num = (x: unknown): number => x as number;
  const atEnd = (year: number): number => 1.04 ** -(year - 2026 + 1);

  beforeAll(async () => {
    r = JSON.parse(JSON.stringify(rolloutJson(await runRollout(write(rollout([`economics: { valueOfLostLoadEurPerKwh: ${VOLL} }`])), { workers: 1 }))));
  }, 60_000);

  it('per terrain-year: -(unservedShedKwh with - without hubs) x VoLL, the same kWh that without hubs was unserved energy', () => {
    const rows = (strategy: string) => r.terrainYears.filter((y) => y.strategy === strategy);
    for (const y of rows('without-hubs')) {
      expect([y.unservedShedKwh, y.lostShedEur]).toEqual([0, 0]);
      expect(num(y.unservedEnergyKwh)).toBeCloseTo(LOST_KWH, 6);
    }
    expect(rows('congestion')).toHaveLength(2);
    for (const y of rows('congestion')) {
      expect(num(y.unservedShedKwh)).toBeCloseTo(LOST_KWH, 6);
      expect(num(y.lostShedEur)).toBeCloseTo(-LOST_KWH * VOLL, 4);
      expect(num(y.unservedEnergyKwh)).toBe(0);
      // Holding the cap by shedding serves no more load: the two flows cancel.
      expect(num(y.avoidedUnservedEur)).toBeCloseTo(LOST_KWH * VOLL, 4);
      expect(num(y.avoidedUnservedEur) + num(y.lostShedEur)).toBeCloseTo(0, 4);
    }
  });

  it('over the horizon: sums and end-of-year present values, in the members\' and society\'s NPVs and not the grid operator\'s', () => {
    const e = r.terrainEconomics.find((x) => x.strategy === 'congestion')!;
    expect(num(e.lostShedEur)).toBeCloseTo(-2 * LOST_KWH * VOLL, 4);
    expect(num(e.lostShedPvEur)).toBeCloseTo(-LOST_KWH * VOLL * (atEnd(2026) + atEnd(2027)), 4);
    expect(num(e.lostShedPvEur) + num(e.avoidedUnservedPvEur)).toBeCloseTo(0, 4);
    // Society: capex EUR 10M at the start of 2026, opex EUR 200k at the end of each year, the residual
    // value after 2 of 15 years at the end of 2027; avoided unserved energy and lost shed load cancel,
    // the tariff saving is a transfer.
    const society = -10e6 - 200e3 * (atEnd(2026) + atEnd(2027)) + 10e6 * (13 / 15) * atEnd(2027);
    expect(num(e.npvSocietyEur)).toBeCloseTo(society, 3);
    expect(num(e.npvSocietyEur)).toBeCloseTo(num(e.npvMembersEur) + num(e.npvGridOperatorEur), 3);
    // The grid operator's NPV is avoided reinforcement (none) minus the tariff saving it pays: no lost shed load.
    const tariffPv = r.terrainYears.filter((y) => y.strategy === 'congestion').reduce((s, y) => s + num(y.transportTariffSavingEur) * atEnd(num(y.year)), 0);
    expect(num(e.npvGridOperatorEur)).toBeCloseTo(-tariffPv, 3);
    // Benefit-cost ratio: the benefits net of lost shed load leave the residual value alone.
    expect(num(e.benefitCostRatio)).toBeCloseTo((10e6 * (13 / 15) * atEnd(2027)) / (10e6 + 200e3 * (atEnd(2026) + atEnd(2027))), 9);
    for (const year of [2026, 2027]) {
      const t = r.yearTotals.find((y) => y.strategy === 'congestion' && y.year === year)!;
      expect(num(t.lostShedEur)).toBeCloseTo(-LOST_KWH * VOLL, 4);
    }
    const total = r.totals.find((t) => t.strategy === 'congestion')!;
    expect([num(total.lostShedEur), num(total.lostShedPvEur)]).toEqual([num(e.lostShedEur), num(e.lostShedPvEur)]);
  });

  it('shifted load is not priced: the same park whose flexible load recovers within 2 h has no lost shed load', async () => {
    const shifting = rollout([], []).replace('maxHoursPerDay: 25 }', 'maxHoursPerDay: 25, recoverWithinHours: 2 }');
    const s = JSON.parse(JSON.stringify(rolloutJson(await runRollout(write(shifting), { workers: 1 })))) as typeof r;
    const congestion = s.terrainYears.filter((y) => y.strategy === 'congestion');
    expect(congestion.some((y) => num(y.energyShedKwh) > 0)).toBe(true);
    for (const y of congestion) expect([y.unservedShedKwh, y.lostShedEur]).toEqual([0, 0]);
  }, 60_000);
});
