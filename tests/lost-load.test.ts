// Lost shed load priced at the value of lost load (issue #15 part 7; docs/economics.md sections 6 and
// 8): one price per rollout, taken by every terrain's hub.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runHub } from '../src/jobs/hub-job.js';
import { loadHub } from '../src/model/load.js';
import { resolveHub } from '../src/model/resolve.js';
import { RolloutContext } from '../src/rollout/context.js';
import { loadRollout } from '../src/rollout/load.js';
import { runCli } from './support/cli.js';
import { expectError } from './support/expect-error.js';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'hubsim-lost-load-'));
afterAll(() => fs.rmSync(DIR, { recursive: true, force: true }));

let counter = 0;
/** Write a file into a fresh folder; returns its path. */
function write(text: string, name = 'file.yaml'): string {
  const dir = path.join(DIR, `case-${++counter}`);
  fs.mkdirSync(dir, { recursive: true });
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}
const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

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
    const [, head, , baseline, congestion] = r.stdout.split('\n');
    expect(head).toMatch(/shed kWh\s+lost load EUR\s+curtailed kWh/);
    const cell = (row: string) => row.split(/\s{2,}/)[head.split(/\s{2,}/).indexOf('lost load EUR')];
    expect([cell(baseline), cell(congestion)]).toEqual(['0', '1,500']);
    expect(r.stdout).toContain('lost load EUR: flexible load shed and never served (unservedShedKwh) x EUR 50/kWh, the value of lost load: an input (valueOfLostLoadEurPerKwh), not simulated');
    const json = JSON.parse((await runCli('run', file, '--json')).stdout);
    expect(json.hub.valueOfLostLoadEurPerKwh).toBe(50);
    expect(json.metricUnits.unservedShedCostEur).toBe('EUR');
    expect(json.strategies.congestion.metrics.unservedShedCostEur).toBe(1500);
    // With a recovering load too: right after lost kWh.
    const mixed = await runCli('run', smallHub([...OFFICE_LOST, '  - { member: shop, share: 1, recoverWithinHours: 2 }']));
    expect(mixed.stdout.split('\n')[1]).toMatch(/shed kWh\s+lost kWh\s+lost load EUR\s+rebound kWh\s+owed at end kWh\s+curtailed kWh/);
    // No column (and no note) for a hub whose loads all recover, or that has none.
    for (const extra of [['flexibleLoad:', '  - { member: office, share: 0.5, recoverWithinHours: 2 }'], []]) {
      const out = await runCli('run', smallHub(extra));
      expect(out.stdout).not.toContain('lost load EUR');
    }
  });
});
