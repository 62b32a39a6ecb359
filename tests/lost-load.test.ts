// Lost shed load priced at the value of lost load (issue #15 part 7; docs/economics.md sections 6 and
// 8): one price per rollout, taken by every terrain's hub.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RolloutContext } from '../src/rollout/context.js';
import { loadRollout } from '../src/rollout/load.js';
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
