// Hub files (YAML and JSON): schema errors with their line and field, syntax errors, cross-reference
// checks, shipped-profile look-ups, and `hubsim schema`.
import { describe, expect, it } from 'vitest';
import { caseFiles, lines } from './support/case-files.js';
import path from 'node:path';
import { expectError } from './support/expect-error.js';
import { loadHub } from '../src/model/load.js';
import { resolveHub } from '../src/model/resolve.js';
import type { ResolvedHub } from '../src/model/resolved.js';
import { Economics } from '../src/model/economics.js';
import { VALUE_OF_LOST_LOAD_EUR_PER_KWH, VALUE_OF_LOST_LOAD_SOURCE } from '../src/model/value-of-lost-load.js';
import { runCli } from './support/cli.js';

const { dir: DIR, write: hubFile } = caseFiles('hubsim-hub-file-');

const loadAndResolve = (p: string): ResolvedHub => resolveHub(loadHub(p));


/** The head of a small valid hub: a 4-step axis and two members (lines 1-9). */
const HEAD = [
  'name: test hub', //                       1
  'axis:', //                                2
  '  start: "2023-01-01T00:00:00Z"', //      3
  '  steps: 4', //                           4
  'members:', //                             5
  '  - id: office', //                       6
  '    profile: 100', //                     7
  '  - id: shop', //                         8
  '    profile: [10, 20, 30, 40]', //        9
];

describe('a valid hub file', () => {
  it('loads and resolves', () => {
    const p = hubFile(lines(...HEAD, 'battery:', '  energyKwh: 50', '  powerKw: 25'));
    const hub = loadAndResolve(p);
    expect(Array.from(hub.demandKw)).toEqual([110, 120, 130, 140]);
    expect(hub.battery.capacityKwh).toBe(50);
    expect(hub.strategies.map((s) => s.kind)).toEqual(['baseline', 'congestion', 'peak-shaving', 'self-consumption', 'optimal']);
  });

  it('valueOfLostLoadEurPerKwh: absent, the rollout\'s default and source (one constant); given, as given (0 too)', () => {
    expect(loadAndResolve(hubFile(lines(...HEAD))).valueOfLostLoadEurPerKwh).toBe(20);
    expect(VALUE_OF_LOST_LOAD_EUR_PER_KWH).toBe(20);
    const economics = Economics.parse({});
    expect(economics.valueOfLostLoadEurPerKwh).toBe(VALUE_OF_LOST_LOAD_EUR_PER_KWH);
    expect(economics.valueOfLostLoadSource).toBe(VALUE_OF_LOST_LOAD_SOURCE);
    expect(loadAndResolve(hubFile(lines(...HEAD, 'valueOfLostLoadEurPerKwh: 69'))).valueOfLostLoadEurPerKwh).toBe(69);
    expect(loadAndResolve(hubFile(lines(...HEAD, 'valueOfLostLoadEurPerKwh: 0'))).valueOfLostLoadEurPerKwh).toBe(0);
  });

  it('the shipped examples load and resolve', () => {
    for (const f of ['business-park', 'datacenter-campus', 'mixed-park']) {
      const hub = loadAndResolve(`scenarios/examples/${f}.yaml`);
      expect(hub.axis.steps, f).toBe(8760);
      expect(hub.members.length, f).toBeGreaterThan(0);
    }
  }, 30_000);
});

describe('schema errors: hub.invalidField with line and field', () => {
  it('negative battery energyKwh', () => {
    const p = hubFile(lines(...HEAD, 'battery:', '  energyKwh: -5', '  powerKw: 25'));
    expectError(() => loadHub(p), 'hub.invalidField', { file: p, line: 11, field: 'battery.energyKwh' });
  });

  it('says a bound in words with the value given: greater than, at most, the items of a list', () => {
    const energy = hubFile(lines(...HEAD, 'battery:', '  energyKwh: -5', '  powerKw: 25'));
    expect(expectError(() => loadHub(energy), 'hub.invalidField').message).toContain('field battery.energyKwh: must be greater than 0, got -5');
    const efficiency = hubFile(lines(...HEAD, 'battery:', '  energyKwh: 50', '  powerKw: 25', '  chargeEfficiency: 1.2'));
    expect(expectError(() => loadHub(efficiency), 'hub.invalidField').message).toContain('field battery.chargeEfficiency: must be at most 1, got 1.2');
    const none = hubFile(lines('name: empty', 'members: []'));
    expect(expectError(() => loadHub(none), 'hub.invalidField').message).toContain('field members: needs at least 1 item, got 0');
  });

  it('negative pv kwp', () => {
    const p = hubFile(lines(...HEAD, 'pv:', '  kwp: -1'));
    expectError(() => loadHub(p), 'hub.invalidField', { file: p, line: 11, field: 'pv.kwp' });
  });

  it('negative values in a flow map and in a connection cap', () => {
    const p = hubFile(lines(...HEAD, 'wind: { ratedKw: -100 }'));
    expectError(() => loadHub(p), 'hub.invalidField', { file: p, line: 10, field: 'wind.ratedKw' });
    const cap = hubFile(lines(...HEAD, 'connection:', '  exportCapKw: 10', '  importCapKw: -3'));
    expectError(() => loadHub(cap), 'hub.invalidField', { file: cap, line: 12, field: 'connection.importCapKw' });
  });

  it('a negative valueOfLostLoadEurPerKwh: hub.invalidField at its line, and hubsim run exits 2 with one line', async () => {
    const p = hubFile(lines(...HEAD, 'flexibleLoad:', '  - { member: office, share: 0.5 }', 'valueOfLostLoadEurPerKwh: -5'));
    expectError(() => loadHub(p), 'hub.invalidField', { file: p, line: 12, field: 'valueOfLostLoadEurPerKwh' });
    const out = await runCli('run', p);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.startsWith('hubsim: error [hub.invalidField]'), out.stderr).toBe(true);
    expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(out.stderr).toContain('field valueOfLostLoadEurPerKwh');
    // Not a number, or not finite, fails the same way.
    const text = hubFile(lines(...HEAD, 'valueOfLostLoadEurPerKwh: high'));
    expectError(() => loadHub(text), 'hub.invalidField', { file: text, line: 10, field: 'valueOfLostLoadEurPerKwh' });
    const inf = hubFile(lines(...HEAD, 'valueOfLostLoadEurPerKwh: .inf'));
    expectError(() => loadHub(inf), 'hub.invalidField', { file: inf, line: 10, field: 'valueOfLostLoadEurPerKwh' });
  });

  it('efficiency above 1', () => {
    const p = hubFile(lines(...HEAD, 'battery:', '  energyKwh: 50', '  powerKw: 25', '  chargeEfficiency: 1.2'));
    expectError(() => loadHub(p), 'hub.invalidField', { file: p, line: 13, field: 'battery.chargeEfficiency' });
    const zero = hubFile(lines(...HEAD, 'battery:', '  energyKwh: 50', '  powerKw: 25', '  dischargeEfficiency: 0'));
    expectError(() => loadHub(zero), 'hub.invalidField', { file: zero, line: 13, field: 'battery.dischargeEfficiency' });
    const share = hubFile(lines(...HEAD, 'flexibleLoad:', '  - member: office', '    share: 1.5'));
    expectError(() => loadHub(share), 'hub.invalidField', { file: share, line: 12, field: 'flexibleLoad[0].share' });
  });

  it('an unknown field (typo) is reported at its own line', () => {
    const p = hubFile(lines(...HEAD, 'battery:', '  energyKwh: 50', '  powerKw: 25', '  socMinn: 0.1'));
    const e = expectError(() => loadHub(p), 'hub.invalidField', { file: p, line: 13, field: 'battery.socMinn' });
    expect(e.message).toContain('socMinn');
    // A top-level typo with a block value: the line of the key.
    const top = hubFile(lines(...HEAD, 'flexibleLoads:', '  - member: office', '    share: 0.5'));
    const e2 = expectError(() => loadHub(top), 'hub.invalidField', { file: top, line: 10, field: 'flexibleLoads' });
    expect(e2.message).toContain('flexibleLoads');
    // Inside a member profile.
    const prof = hubFile(lines(...HEAD.slice(0, 6), '    profile: { shape: nedu-e3a, anualKwh: 5000 }'));
    expectError(() => loadHub(prof), 'hub.invalidField', { file: prof, line: 7 });
    // A misspelt required field still fails as invalidField, at the battery.
    const req = hubFile(lines(...HEAD, 'battery:', '  enregyKwh: 50', '  powerKw: 25'));
    expectError(() => loadHub(req), 'hub.invalidField', { file: req, line: 10 });
  });

  it('wrong types, a missing name, an unknown strategy kind, a bad axis step', () => {
    const type = hubFile(lines(...HEAD, 'battery:', '  energyKwh: lots', '  powerKw: 25'));
    expectError(() => loadHub(type), 'hub.invalidField', { file: type, line: 11, field: 'battery.energyKwh' });
    const noName = hubFile(lines(...HEAD.slice(1)));
    expectError(() => loadHub(noName), 'hub.invalidField', { file: noName, field: 'name' });
    const kind = hubFile(lines(...HEAD, 'strategies:', '  - kind: baseline', '  - kind: peak-shaveing'));
    expectError(() => loadHub(kind), 'hub.invalidField', { file: kind, line: 12, field: 'strategies[1].kind' });
    const step = hubFile(lines('name: x', 'axis:', '  year: 2023', '  stepMinutes: 20', 'members:', '  - { id: a, profile: 1 }'));
    expectError(() => loadHub(step), 'hub.invalidField', { file: step, line: 4, field: 'axis.stepMinutes' });
    const noMembers = hubFile(lines('name: x', 'members: []'));
    expectError(() => loadHub(noMembers), 'hub.invalidField', { file: noMembers, line: 2, field: 'members' });
  });

  it('a value of the wrong type is named in the message, shortened, on one line', () => {
    const cap = (value: string): string => expectError(() => loadHub(hubFile(lines(...HEAD, 'connection:', `  importCapKw: ${value}`))), 'hub.invalidField', { line: 11, field: 'connection.importCapKw' }).message;
    expect(cap('"300"')).toMatch(/: expected number or array or object, got the text "300"$/);
    expect(cap('!!str 300')).toMatch(/got the text "300"$/);
    // 1e400 is beyond a double: YAML reads it as Infinity.
    expect(cap('1e400')).toMatch(/got Infinity \(beyond the largest number, about 1\.8e308\)$/);
    expect(cap('true')).toMatch(/got true$/);
    expect(cap(`"${'x'.repeat(500)}"`)).toMatch(/got the text "x{39}…"$/);
    expect(cap('[1, "two"]')).toMatch(/field connection\.importCapKw\[1\]: expected number, got the text "two"$/);
    const energy = expectError(() => loadHub(hubFile(lines(...HEAD, 'battery:', '  energyKwh: lots', '  powerKw: 25'))), 'hub.invalidField', { field: 'battery.energyKwh' });
    expect(energy.message).toMatch(/: expected number, got the text "lots"$/);
  });

  it('a file that is empty or not a map', () => {
    const empty = hubFile('');
    expectError(() => loadHub(empty), 'hub.invalidField', { file: empty, line: 1 });
    const list = hubFile(lines('- a', '- b'));
    expectError(() => loadHub(list), 'hub.invalidField', { file: list, line: 1 });
  });

  it('JSON: the line of the bad field', () => {
    const json = JSON.stringify(
      { name: 'json hub', axis: { start: '2023-01-01T00:00:00Z', steps: 4 }, members: [{ id: 'a', profile: 1 }], battery: { energyKwh: -5, powerKw: 2 } },
      null,
      2,
    );
    const line = json.split('\n').findIndex((l) => l.includes('"energyKwh"')) + 1;
    expect(line).toBeGreaterThan(1);
    const p = hubFile(json, 'hub.json');
    expectError(() => loadHub(p), 'hub.invalidField', { file: p, line, field: 'battery.energyKwh' });
  });
});

describe('syntax errors: hub.badSyntax with a line', () => {
  it('YAML: bad indentation', () => {
    const p = hubFile(lines('name: x', 'members:', '  - id: a', '    profile: 5', '   kind: business'));
    expectError(() => loadHub(p), 'hub.badSyntax', { file: p, line: 5 });
  });

  it('YAML: a tab as indentation', () => {
    const p = hubFile(lines('name: x', 'members:', '  - id: a', '\tprofile: 5'));
    expectError(() => loadHub(p), 'hub.badSyntax', { file: p, line: 4 });
  });

  it('YAML: a key given twice', () => {
    const p = hubFile(lines('name: x', 'members:', '  - { id: a, profile: 5 }', 'name: y'));
    expectError(() => loadHub(p), 'hub.badSyntax', { file: p, line: 4 });
  });

  it('JSON: a missing comma', () => {
    const p = hubFile(lines('{', '  "name": "x",', '  "members": [', '    { "id": "a" "profile": 5 }', '  ]', '}'), 'hub.json');
    expectError(() => loadHub(p), 'hub.badSyntax', { file: p, line: 4 });
  });
});

describe('cross-reference checks', () => {
  it('duplicate member id: hub.duplicateId at the second one', () => {
    const p = hubFile(lines(...HEAD.slice(0, 7), '  - id: office', '    profile: 5'));
    const e = expectError(() => loadHub(p), 'hub.duplicateId', { file: p, line: 8, field: 'members[1].id' });
    expect(e.message).toContain('office');
  });

  it('flexibleLoad naming an unknown member: hub.unknownMember', () => {
    const p = hubFile(lines(...HEAD, 'flexibleLoad:', '  - member: office', '    share: 0.5', '  - member: offise', '    share: 0.2'));
    const e = expectError(() => loadHub(p), 'hub.unknownMember', { file: p, line: 13, field: 'flexibleLoad[1].member' });
    expect(e.message).toContain('offise');
    expect(e.message).toContain('"office", "shop"');
  });

  it('a design year that is missing, or not before the year scored: hub.missingField, hub.contradiction', () => {
    const battery = 'battery: { energyKwh: 50, powerKw: 25 }';
    const missing = hubFile(lines(...HEAD, battery, 'strategies:', '  - kind: peak-shaving', '    thresholdFrom: design-year'));
    expectError(() => loadHub(missing), 'hub.missingField', { file: missing, line: 12, field: 'strategies[0].designYear' });
    // The axis starts in 2023: a controller in 2023 cannot know 2023 (nor 2024) in advance.
    const same = hubFile(lines(...HEAD, battery, 'strategies:', '  - kind: peak-shaving', '    designYear: 2023'));
    const e = expectError(() => loadHub(same), 'hub.contradiction', { file: same, line: 13, field: 'strategies[0].designYear' });
    expect(e.message).toContain('not before the year scored (2023)');
    // The same for the year an MPC's forecaster is trained on.
    const trained = hubFile(lines(...HEAD, battery, 'strategies:', '  - kind: mpc', '    trainYear: 2023'));
    expectError(() => loadHub(trained), 'hub.contradiction', { file: trained, line: 13, field: 'strategies[0].trainYear' });
    const earlier = hubFile(lines(...HEAD, battery, 'strategies:', '  - kind: peak-shaving', '    designYear: 2019'));
    expect(loadHub(earlier).hub.strategies?.[0]).toMatchObject({ designYear: 2019, thresholdFrom: 'online' });
  });

  it('socMin above socInitial (or socInitial above socMax): hub.contradiction', () => {
    const p = hubFile(lines(...HEAD, 'battery:', '  energyKwh: 50', '  powerKw: 25', '  socMin: 0.6', '  socInitial: 0.5'));
    expectError(() => loadHub(p), 'hub.contradiction', { file: p, line: 10, field: 'battery' });
    const high = hubFile(lines(...HEAD, 'battery: { energyKwh: 50, powerKw: 25, socMax: 0.8, socInitial: 0.9 }'));
    expectError(() => loadHub(high), 'hub.contradiction', { file: high, line: 10, field: 'battery' });
    const noPower = hubFile(lines(...HEAD, 'battery: { energyKwh: 50, chargeKw: 25 }'));
    expectError(() => loadHub(noPower), 'hub.contradiction', { file: noPower, line: 10 });
  });

  it('a shape without a scaling, or with two: hub.contradiction', () => {
    const none = hubFile(lines(...HEAD.slice(0, 6), '    profile: { shape: nedu-e3a }'));
    const e = expectError(() => loadHub(none), 'hub.contradiction', { file: none, line: 7, field: 'members[0].profile' });
    expect(e.message).toMatch(/annualKwh/);
    const two = hubFile(lines(...HEAD.slice(0, 6), '    profile:', '      shape: nedu-e3a', '      annualKwh: 5000', '      peakKw: 3'));
    expectError(() => loadHub(two), 'hub.contradiction', { file: two, line: 7, field: 'members[0].profile' });
    const fileShape = hubFile(lines(...HEAD.slice(0, 6), '    profile: { file: p.csv, unit: shape }'));
    expectError(() => loadHub(fileShape), 'hub.contradiction', { file: fileShape, line: 7 });
    const kwScaled = hubFile(lines(...HEAD.slice(0, 6), '    profile: { file: p.csv, unit: kW, annualKwh: 5000 }'));
    expectError(() => loadHub(kwScaled), 'hub.contradiction', { file: kwScaled, line: 7 });
  });

  it('axis: year and start together, or start without steps: hub.contradiction', () => {
    const both = hubFile(lines('name: x', 'axis: { year: 2023, start: "2023-01-01T00:00:00Z", steps: 4 }', 'members:', '  - { id: a, profile: 1 }'));
    expectError(() => loadHub(both), 'hub.contradiction', { file: both, line: 2, field: 'axis' });
    const noSteps = hubFile(lines('name: x', 'axis: { start: "2023-01-01T00:00:00Z" }', 'members:', '  - { id: a, profile: 1 }'));
    expectError(() => loadHub(noSteps), 'hub.contradiction', { file: noSteps, line: 2, field: 'axis' });
  });

  it('duplicate strategy names: hub.duplicateStrategy', () => {
    const p = hubFile(lines(...HEAD, 'battery: { energyKwh: 50, powerKw: 25 }', 'strategies:', '  - kind: baseline', '  - kind: optimal', '  - kind: baseline'));
    const e = expectError(() => loadHub(p), 'hub.duplicateStrategy', { file: p, line: 14, field: 'strategies[2]' });
    expect(e.message).toContain('baseline');
    // A given name that collides with a default name.
    const named = hubFile(
      lines(...HEAD, 'battery: { energyKwh: 50, powerKw: 25 }', 'strategies:', '  - { kind: peak-shaving, guard: true }', '  - { kind: optimal, name: peak-shaving+guard }'),
    );
    expectError(() => loadHub(named), 'hub.duplicateStrategy', { file: named, line: 13 });
    // Distinct names are fine.
    const ok = hubFile(lines(...HEAD, 'battery: { energyKwh: 50, powerKw: 25 }', 'strategies:', '  - kind: optimal', '  - { kind: optimal, name: optimal-2 }'));
    expect(loadHub(ok).hub.strategies).toHaveLength(2);
  });
});

describe('shipped profiles and per-step arrays (checked when the hub is resolved)', () => {
  it('unknown shipped shape: hub.unknownProfile listing the available ids', () => {
    const p = hubFile(lines(...HEAD.slice(0, 6), '    profile: { shape: nedu-e9z, annualKwh: 5000 }'));
    const loaded = loadHub(p);
    const e = expectError(() => resolveHub(loaded), 'hub.unknownProfile', { file: p, field: 'members[0].profile.shape' });
    expect(e.message).toContain('nedu-e9z');
    for (const id of ['nedu-e3a', 'nedu-e3b', 'nedu-e3d', 'datacenter', 'pv-roof']) expect(e.message).toContain(id);
  });

  it('unknown PV profile id: hub.unknownProfile', () => {
    const p = hubFile(lines(...HEAD, 'pv: { kwp: 100, profile: pv-flat }'));
    const e = expectError(() => loadAndResolve(p), 'hub.unknownProfile', { file: p, field: 'pv.profile' });
    expect(e.message).toContain('pv-roof');
  });

  it('a shipped profile for a year that does not exist (axis year 2021): hub.unknownProfile naming the years', () => {
    const p = hubFile(lines('name: x', 'axis:', '  year: 2021', 'members:', '  - id: a', '    profile: { shape: nedu-e3a, annualKwh: 5000 }'));
    const e = expectError(() => loadAndResolve(p), 'hub.unknownProfile', { file: p, field: 'members[0].profile.shape' });
    expect(e.message).toContain('2021');
    expect(e.message).toContain('2019');
    expect(e.message).toContain('2023');
    // The default PV profile too.
    const pv = hubFile(lines('name: x', 'axis: { year: 2021 }', 'members:', '  - { id: a, profile: 5 }', 'pv: { kwp: 10 }'));
    expectError(() => loadAndResolve(pv), 'hub.unknownProfile', { file: pv, field: 'pv.profile' });
  });

  it('an array profile with the wrong length: hub.wrongLength with line and field', () => {
    const p = hubFile(lines(...HEAD.slice(0, 8), '    profile: [10, 20, 30]'));
    const e = expectError(() => loadAndResolve(p), 'hub.wrongLength', { file: p, line: 9, field: 'members[1].profile' });
    expect(e.message).toContain('3 values');
    expect(e.message).toContain('4 steps');
    const cap = hubFile(lines(...HEAD, 'connection:', '  importCapKw: [1, 2, 3, 4, 5]'));
    expectError(() => loadAndResolve(cap), 'hub.wrongLength', { file: cap, line: 11, field: 'connection.importCapKw' });
  });
});

describe('missing hub file', () => {
  it('hub.notFound naming the path', () => {
    const missing = path.join(DIR, 'nope', 'hub.yaml');
    expectError(() => loadHub(missing), 'hub.notFound', { file: missing });
    expectError(() => loadHub(DIR), 'hub.notFound', { file: DIR });
  });
});

describe('JSON and YAML', () => {
  it('a UTF-8 byte order mark (as Windows editors write it) is read past in JSON as in YAML, with the same lines in errors', async () => {
    const hub = { name: 'bom hub', axis: { start: '2023-06-01T00:00:00Z', steps: 4 }, members: [{ id: 'a', profile: 100 }] };
    const json = hubFile(`\ufeff${JSON.stringify(hub, null, 2)}\n`, 'hub.json');
    expect(Array.from(loadAndResolve(json).demandKw)).toEqual([100, 100, 100, 100]);
    const yaml = hubFile(`\ufeff${lines('name: bom hub', 'axis: { start: "2023-06-01T00:00:00Z", steps: 4 }', 'members:', '  - { id: a, profile: 100 }')}`);
    expect(Array.from(loadAndResolve(yaml).demandKw)).toEqual([100, 100, 100, 100]);
    const r = await runCli('validate', json);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const bad = hubFile(`\ufeff${JSON.stringify({ ...hub, battery: { energyKwh: -5, powerKw: 1 } }, null, 2)}\n`, 'hub.json');
    const line = JSON.stringify({ ...hub, battery: { energyKwh: -5, powerKw: 1 } }, null, 2).split('\n').findIndex((l) => l.includes('"energyKwh"')) + 1;
    expectError(() => loadHub(bad), 'hub.invalidField', { line, field: 'battery.energyKwh' });
  });

  it('the same hub in JSON and in YAML resolves to the same columns', () => {
    const csv = `time_utc,kw\n${Array.from({ length: 8 }, (_, i) => `2023-06-01T${String(i).padStart(2, '0')}:00:00Z,${i * 1.5}`).join('\n')}\n`;
    const object = {
      name: 'twin hub',
      axis: { start: '2023-06-01T02:00:00Z', steps: 4, stepMinutes: 60 },
      members: [
        { id: 'const', kind: 'business', profile: 100 },
        { id: 'array', kind: 'industry', profile: [1, 2, 3, 4], ownConnectionKw: 10 },
        { id: 'file', kind: 'datacenter', profile: { file: 'p.csv', unit: 'MW' } },
        { id: 'shape', profile: { shape: 'nedu-e3a', annualKwh: 876000 } },
      ],
      connection: { importCapKw: [500, 500, 400, 500], exportCapKw: 300 },
      pv: { kwp: 200 },
      battery: { energyKwh: 100, powerKw: 50, socMin: 0.1, socInitial: 0.4 },
      flexibleLoad: [{ member: 'const', share: 0.2, maxHoursPerDay: 2 }],
      strategies: [{ kind: 'baseline' }, { kind: 'optimal', guard: true }],
    };
    const yaml = lines(
      'name: twin hub',
      'axis:',
      '  start: "2023-06-01T02:00:00Z"',
      '  steps: 4',
      '  stepMinutes: 60',
      'members:',
      '  - id: const',
      '    kind: business',
      '    profile: 100',
      '  - { id: array, kind: industry, profile: [1, 2, 3, 4], ownConnectionKw: 10 }',
      '  - id: file',
      '    kind: datacenter',
      '    profile:',
      '      file: p.csv',
      '      unit: MW',
      '  - id: shape',
      '    profile: { shape: nedu-e3a, annualKwh: 876000 }',
      'connection:',
      '  importCapKw: [500, 500, 400, 500]',
      '  exportCapKw: 300',
      'pv:',
      '  kwp: 200',
      'battery:',
      '  energyKwh: 100',
      '  powerKw: 50',
      '  socMin: 0.1',
      '  socInitial: 0.4',
      'flexibleLoad:',
      '  - member: const',
      '    share: 0.2',
      '    maxHoursPerDay: 2',
      'strategies:',
      '  - kind: baseline',
      '  - kind: optimal',
      '    guard: true',
    );
    const fromJson = loadAndResolve(hubFile(JSON.stringify(object, null, 2), 'hub.json', { 'p.csv': csv }));
    const fromYaml = loadAndResolve(hubFile(yaml, 'hub.yaml', { 'p.csv': csv }));
    expect(fromJson).toEqual(fromYaml);
    expect(Array.from(fromJson.members[2].demandKw)).toEqual([3000, 4500, 6000, 7500]);
    expect(fromJson.demandKw).toHaveLength(4);
    for (let t = 0; t < 4; t++) expect(fromJson.demandKw[t]).toBeGreaterThan(100 + (t + 1) + 1.5 * (t + 2) * 1000);
    // Also as a compact one-line JSON file.
    const compact = loadAndResolve(hubFile(JSON.stringify(object), 'compact.json', { 'p.csv': csv }));
    expect(compact.demandKw).toEqual(fromYaml.demandKw);
  });
});

describe('hubsim schema', () => {
  it('prints valid JSON whose properties include members, battery, connection and strategies, with descriptions', async () => {
    const { code, stdout, stderr } = await runCli('schema');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const schema = JSON.parse(stdout) as { type: string; properties: Record<string, { description?: string; properties?: Record<string, { description?: string }> }>; required: string[] };
    expect(schema.type).toBe('object');
    for (const key of ['name', 'axis', 'members', 'battery', 'connection', 'strategies', 'pv', 'wind', 'flexibleLoad']) {
      expect(schema.properties, key).toHaveProperty(key);
      expect(typeof schema.properties[key].description, key).toBe('string');
      expect(schema.properties[key].description!.length, key).toBeGreaterThan(5);
    }
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'members']));
    const battery = schema.properties.battery.properties!;
    for (const key of ['energyKwh', 'powerKw', 'chargeEfficiency', 'socMin', 'socInitial']) {
      expect(typeof battery[key]?.description, `battery.${key}`).toBe('string');
    }
    expect(typeof schema.properties.connection.properties!.importCapKw.description).toBe('string');
  });
});
