#!/usr/bin/env node
/*
 * Writes the bad-input corpus: one folder per case, NNN-short-name/, with case.yaml (args, code,
 * optional exit and process, kind, class, why) and its input files. Deterministic: the same script
 * writes the same bytes (big inputs such as a 1 MB cell, 2,001 members or binary garbage come from
 * fixed lengths and a fixed-seed generator). The results folders for hubsim report and compare are
 * made from a real `hubsim run` / `hubsim rollout` (needs `npm run build`) and then damaged.
 *
 *   node tests/bad-inputs/make.mjs     # rewrites every NNN-* folder it defines
 *
 * A case can also be added by hand: a new folder with case.yaml and its files (see README, tests).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

/** @type {{ name: string, kind: string, cls: string, why: string, args: string[], code: string, exit?: number, process?: boolean, number?: number, files: Record<string, string | Buffer | null> }[]} */
const cases = [];
function add(name, kind, cls, why, args, code, files = {}, extra = {}) {
  cases.push({ name, kind, cls, why, args, code, files, ...extra });
}

/** Deterministic bytes (a 32-bit LCG), for binary garbage. */
function garbage(n, seed = 12345) {
  const b = Buffer.alloc(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    b[i] = s >>> 24;
  }
  return b;
}

// ---------------------------------------------------------------------------------------------------
// A small valid hub (48 hourly steps) whose member depot reads depot.csv: the CSV cases damage the CSV.
const AXIS = '{ start: "2023-01-02T00:00:00Z", steps: 48, stepMinutes: 60 }';
function hubYaml({ axis = AXIS, depot = '{ file: depot.csv, unit: kW }', more = '' } = {}) {
  return `name: Corpus hub\naxis: ${axis}\nmembers:\n  - { id: office, profile: 300 }\n  - { id: depot, profile: ${depot} }\nconnection: { importCapKw: 600 }\nbattery: { energyKwh: 200, powerKw: 100 }\n${more}`;
}
function csvRows(n = 48, value = (i) => String(100 + (i % 7)), start = Date.UTC(2023, 0, 2)) {
  const rows = ['time_utc,kw'];
  for (let i = 0; i < n; i++) rows.push(`${new Date(start + i * 3600_000).toISOString().replace('.000Z', 'Z')},${value(i)}`);
  return `${rows.join('\n')}\n`;
}
/** A valid CSV with row `at` (0-based data row) replaced by `line`. */
function csvWith(at, line) {
  const rows = csvRows().trimEnd().split('\n');
  rows[at + 1] = line;
  return `${rows.join('\n')}\n`;
}
function csvCase(name, cls, why, csv, code, hubOptions = {}) {
  add(name, 'csv', cls, why, ['run', 'hub.yaml'], code, { 'hub.yaml': hubYaml(hubOptions), 'depot.csv': csv });
}

csvCase('csv-empty', 'invalid', 'an empty profile CSV', '', 'profile.empty');
csvCase('csv-header-only', 'invalid', 'a profile CSV with a header and no rows', 'time_utc,kw\n', 'profile.empty');
csvCase('csv-comments-only', 'invalid', 'a profile CSV holding only comment lines', '# nothing\n# here\n', 'profile.empty');
csvCase('csv-non-numeric', 'invalid', 'a value cell that is a word', csvWith(5, '2023-01-02T05:00:00Z,lots'), 'profile.notNumeric');
csvCase('csv-empty-cell', 'invalid', 'an empty value cell', csvWith(5, '2023-01-02T05:00:00Z,'), 'profile.missingValue');
csvCase('csv-1e308', 'absurd', 'a value of 1e308 kW', csvWith(3, '2023-01-02T03:00:00Z,1e308'), 'profile.absurdValue');
csvCase('csv-overflow', 'absurd', 'a value of 1e400, which parses to Infinity', csvWith(3, '2023-01-02T03:00:00Z,1e400'), 'profile.absurdValue');
csvCase('csv-nan', 'absurd', 'a NaN value', csvWith(3, '2023-01-02T03:00:00Z,NaN'), 'profile.notNumeric');
csvCase('csv-infinity', 'absurd', 'an Infinity value', csvWith(3, '2023-01-02T03:00:00Z,Infinity'), 'profile.notNumeric');
csvCase('csv-minus-infinity', 'absurd', 'a -Infinity value', csvWith(3, '2023-01-02T03:00:00Z,-Infinity'), 'profile.notNumeric');
csvCase('csv-hex-number', 'invalid', 'a hexadecimal value (0x10), which Number() would accept', csvWith(3, '2023-01-02T03:00:00Z,0x10'), 'profile.notNumeric');
csvCase('csv-above-10gw', 'absurd', 'a member of 20,000 MW (above 10 GW) in a file of unit MW', csvRows(48, (i) => (i === 7 ? '20000' : '1')), 'hub.absurdValue', { depot: '{ file: depot.csv, unit: MW }' });
add('csv-pv-negative', 'csv', 'invalid', 'a negative value in a PV profile (kW/kWp)', ['run', 'hub.yaml'], 'profile.negative', { 'hub.yaml': hubYaml({ depot: '100', more: 'pv: { kwp: 100, profile: { file: pv.csv } }\n' }), 'pv.csv': csvRows(48, (i) => (i === 12 ? '-0.5' : '0.1')) });
csvCase('csv-gap', 'invalid', 'a missing hour between two rows', csvRows().replace('2023-01-02T10:00:00Z,103\n', ''), 'profile.gap');
csvCase('csv-duplicate-timestamp', 'invalid', 'a timestamp given twice', csvWith(6, '2023-01-02T05:00:00Z,100'), 'profile.duplicateTimestamp');
csvCase('csv-unsorted', 'invalid', 'rows out of order', csvWith(6, '2023-01-02T02:00:00Z,100'), 'profile.unsortedTimestamp');
csvCase('csv-bad-timestamp', 'invalid', 'a timestamp that is not a date', csvWith(4, 'yesterday,100'), 'profile.badTimestamp');
csvCase('csv-bad-month', 'invalid', 'a timestamp in month 13', csvWith(4, '2023-13-02T04:00:00Z,100'), 'profile.badTimestamp');
csvCase('csv-year-99999', 'absurd', 'a timestamp in year +99999', csvWith(4, '+099999-01-02T04:00:00Z,100'), 'profile.badTimestamp');
csvCase('csv-nonexistent-local-time', 'invalid', 'local time 2023-03-26 02:00, skipped by the spring change in Europe/Amsterdam',
  ['time,kw', ...Array.from({ length: 24 }, (_, h) => `2023-03-26 ${String(h).padStart(2, '0')}:00,100`)].join('\n') + '\n', 'profile.badTimestamp',
  { axis: '{ start: "2023-03-25T23:00:00Z", steps: 23, stepMinutes: 60 }', depot: '{ file: depot.csv, unit: kW, timezone: Europe/Amsterdam }' });
csvCase('csv-binary-garbage', 'too-long', '4 KB of binary garbage instead of a CSV: the error quotes a short escaped part', garbage(4096), 'profile.badRow');
csvCase('csv-1mb-cell', 'too-long', 'one value cell of 1 MB: the error quotes at most 80 characters', csvWith(2, `2023-01-02T02:00:00Z,${'7'.repeat(10)}${'x'.repeat(1 << 20)}`), 'profile.notNumeric');
csvCase('csv-1mb-digits', 'hang', 'a cell of 1 MB of digits ending in a letter: parsed in linear time, no backtracking', csvWith(2, `2023-01-02T02:00:00Z,${'7'.repeat(1 << 20)}x`), 'profile.notNumeric');
csvCase('csv-1mb-timestamp', 'too-long', 'one timestamp cell of 1 MB', csvWith(2, `${'2'.repeat(1 << 20)},100`), 'profile.badTimestamp');
csvCase('csv-control-characters', 'too-long', 'a cell with escape sequences and a NUL: quoted escaped, never raw', csvWith(2, '2023-01-02T02:00:00Z,\u001b[2J\u0000\u0007'), 'profile.notNumeric');
csvCase('csv-100k-columns', 'too-long', 'a header of 100,000 columns and no column named: the list of columns is cut', `time_utc,${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',')}\n2023-01-02T00:00:00Z,${Array(100_000).fill('1').join(',')}\n`, 'profile.ambiguousColumn');
csvCase('csv-unknown-column', 'invalid', 'a column name that is not in the file', csvRows(), 'profile.unknownColumn', { depot: '{ file: depot.csv, unit: kW, column: load }' });
csvCase('csv-long-column-name', 'too-long', 'a column name of 5,000 characters that is not in the file', csvRows(), 'profile.unknownColumn', { depot: `{ file: depot.csv, unit: kW, column: ${'q'.repeat(5000)} }` });
csvCase('csv-ambiguous-column', 'invalid', 'two value columns and no column named', csvRows().replace('time_utc,kw', 'time_utc,kw,kvar').replace(/\n(?=.)/g, '\n').split('\n').map((l, i) => (i === 0 || l === '' ? l : `${l},1`)).join('\n'), 'profile.ambiguousColumn');
csvCase('csv-unterminated-quote', 'invalid', 'a quoted cell that never ends', csvWith(3, '2023-01-02T03:00:00Z,"100'), 'profile.badRow');
csvCase('csv-ragged-row', 'invalid', 'a row with more cells than the header', csvWith(3, '2023-01-02T03:00:00Z,100,7,8'), 'profile.badRow');
csvCase('csv-too-short', 'invalid', 'a file of 24 rows for a 48-step axis', csvRows(24), 'profile.wrongLength');
csvCase('csv-7-minute-steps', 'invalid', 'data in 7-minute steps on an hourly axis', ['time_utc,kw', ...Array.from({ length: 600 }, (_, i) => `${new Date(Date.UTC(2023, 0, 2) + i * 420_000).toISOString()},1`)].join('\n') + '\n', 'profile.badStep');
csvCase('csv-shape-all-zero', 'absurd', 'a shape of all zeros scaled to an annual energy (a division by zero)', csvRows(48, () => '0'), 'profile.badShape', { depot: '{ file: depot.csv, unit: shape, annualKwh: 100000 }' });
csvCase('csv-utf16', 'invalid', 'a CSV saved as UTF-16 (every other byte NUL)', Buffer.from(`\ufeff${csvRows()}`, 'utf16le'), 'profile.badRow');
add('csv-missing-file', 'csv', 'invalid', 'a profile file that does not exist', ['run', 'hub.yaml'], 'profile.notFound', { 'hub.yaml': hubYaml() });
add('csv-folder-as-file', 'csv', 'invalid', 'a profile path that is a folder', ['run', 'hub.yaml'], 'profile.notFound', { 'hub.yaml': hubYaml(), 'depot.csv/keep': '' });
add('csv-dev-zero', 'csv', 'memory', 'a profile path that is a device without end (/dev/zero): refused, not read until memory runs out', ['run', 'hub.yaml'], 'profile.notFound', { 'hub.yaml': hubYaml({ depot: '{ file: /dev/zero, unit: kW }' }) }, { process: true });
add('csv-pv-profile-nan', 'csv', 'absurd', 'a PV profile file (kW/kWp) with a NaN', ['run', 'hub.yaml'], 'profile.notNumeric', { 'hub.yaml': hubYaml({ depot: '100', more: 'pv: { kwp: 100, profile: { file: pv.csv } }\n' }), 'pv.csv': csvWith(9, '2023-01-02T09:00:00Z,NaN') });
add('csv-import-cap-1e308', 'csv', 'absurd', 'an import cap file with 1e308', ['run', 'hub.yaml'], 'profile.absurdValue', { 'hub.yaml': hubYaml({ depot: '100' }).replace('connection: { importCapKw: 600 }', 'connection: { importCapKw: { file: cap.csv } }'), 'cap.csv': csvWith(1, '2023-01-02T01:00:00Z,1e308') });
add('csv-congestion-gap', 'csv', 'invalid', 'a congestion signal file with a gap', ['run', 'hub.yaml'], 'profile.gap', { 'hub.yaml': hubYaml({ depot: '100', more: 'flexMarket: { congestionKw: { file: congestion.csv } }\n' }), 'congestion.csv': csvRows().replace('2023-01-02T20:00:00Z,106\n', '') });

// ---------------------------------------------------------------------------------------------------
// Hub files (YAML and JSON).
function hubCase(name, cls, why, text, code, args = ['run', 'hub.yaml'], files = {}, extra = {}) {
  const file = args[1];
  add(name, 'hub', cls, why, args, code, { [file]: text, ...files }, extra);
}
const H = hubYaml({ depot: '100' });
const hubJson = {
  name: 'Corpus hub',
  axis: { start: '2023-01-02T00:00:00Z', steps: 48, stepMinutes: 60 },
  members: [{ id: 'office', profile: 300 }, { id: 'depot', profile: 100 }],
  connection: { importCapKw: 600 },
  battery: { energyKwh: 200, powerKw: 100 },
};
const J = (patch = {}) => `${JSON.stringify({ ...hubJson, ...patch }, null, 2)}\n`;

hubCase('hub-yaml-syntax', 'invalid', 'an unclosed flow map', H.replace('{ importCapKw: 600 }', '{ importCapKw: 600'), 'hub.badSyntax');
hubCase('hub-yaml-tab-indent', 'invalid', 'a tab as indentation', H.replace('  - { id: office', '\t- { id: office'), 'hub.badSyntax');
hubCase('hub-yaml-duplicate-key', 'invalid', 'a key given twice', `${H}battery: { energyKwh: 400 }\n`, 'hub.badSyntax');
hubCase('hub-yaml-alias-bomb', 'memory', 'a billion-laughs alias bomb', `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\ni: [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n`, 'hub.badSyntax', undefined, {}, { process: true });
hubCase('hub-yaml-deep-nesting', 'crash', '100,000 nested flow sequences', `name: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, 'hub.badSyntax');
hubCase('hub-json-deep-nesting', 'crash', '100,000 nested JSON arrays', `{"name": ${'['.repeat(100_000)}${']'.repeat(100_000)}}\n`, 'hub.invalidField', ['run', 'hub.json'], {}, { lines: 2 });
hubCase('hub-yaml-two-documents', 'invalid', 'two YAML documents in one file', `${H}---\n${H}`, 'hub.badSyntax');
hubCase('hub-yaml-empty', 'invalid', 'an empty hub file', '', 'hub.invalidField');
hubCase('hub-yaml-null', 'invalid', 'a hub file holding null', '~\n', 'hub.invalidField');
hubCase('hub-yaml-scalar', 'invalid', 'a hub file holding a number', '42\n', 'hub.invalidField');
hubCase('hub-yaml-list', 'invalid', 'a hub file holding a list', '- name: a\n- name: b\n', 'hub.invalidField');
hubCase('hub-yaml-binary', 'too-long', 'binary garbage as a hub file', garbage(2048, 7), 'hub.badSyntax');
hubCase('hub-missing-name', 'invalid', 'no name', H.replace('name: Corpus hub\n', ''), 'hub.invalidField');
hubCase('hub-missing-members', 'invalid', 'no members', H.replace(/members:\n(  - .*\n)+/, ''), 'hub.invalidField');
hubCase('hub-no-members', 'invalid', 'an empty member list', H.replace(/members:\n(  - .*\n)+/, 'members: []\n'), 'hub.invalidField');
hubCase('hub-unknown-key', 'invalid', 'a misspelt key (bateries)', `${H}bateries: 2\n`, 'hub.invalidField');
hubCase('hub-1mb-unknown-key', 'too-long', 'an unknown YAML key of 1 MB (beyond the 1024 characters YAML allows a key)', `${H}${'k'.repeat(1 << 20)}: 2\n`, 'hub.badSyntax');
hubCase('hub-json-1mb-unknown-key', 'too-long', 'an unknown JSON key of 1 MB: the error line stays short', J({ ['k'.repeat(1 << 20)]: 2 }), 'hub.invalidField', ['run', 'hub.json']);
hubCase('hub-1mb-member-id', 'too-long', 'a member id of 1 MB named by an unknown flexible load', `${H}flexibleLoad: [{ member: ${'m'.repeat(1 << 20)}, share: 0.5 }]\n`, 'hub.unknownMember');
hubCase('hub-wrong-type', 'invalid', 'a battery energy given as a word', H.replace('energyKwh: 200', 'energyKwh: lots'), 'hub.invalidField');
hubCase('hub-negative-energy', 'invalid', 'a negative battery energy', H.replace('energyKwh: 200', 'energyKwh: -200'), 'hub.invalidField');
hubCase('hub-efficiency-above-1', 'invalid', 'a charge efficiency of 1.5', H.replace('powerKw: 100 }', 'powerKw: 100, chargeEfficiency: 1.5 }'), 'hub.invalidField');
hubCase('hub-soc-contradiction', 'invalid', 'socMin above socInitial', H.replace('powerKw: 100 }', 'powerKw: 100, socMin: 0.8, socInitial: 0.2 }'), 'hub.contradiction');
hubCase('hub-axis-year-and-start', 'invalid', 'axis with both year and start', H.replace(AXIS, '{ year: 2023, start: "2023-01-02T00:00:00Z", steps: 48 }'), 'hub.contradiction');
hubCase('hub-axis-start-without-steps', 'invalid', 'axis start without steps', H.replace(AXIS, '{ start: "2023-01-02T00:00:00Z" }'), 'hub.contradiction');
hubCase('hub-axis-bad-start', 'invalid', 'axis start that is not an instant', H.replace('"2023-01-02T00:00:00Z"', '"someday"'), 'hub.invalidField');
hubCase('hub-axis-step-7', 'invalid', 'a 7-minute axis step', H.replace('stepMinutes: 60', 'stepMinutes: 7'), 'hub.invalidField');
hubCase('hub-axis-year-1900', 'invalid', 'an axis year before the shipped data', H.replace(AXIS, '{ year: 1900 }'), 'hub.invalidField');
hubCase('hub-axis-steps-zero', 'invalid', 'axis steps 0', H.replace('steps: 48', 'steps: 0'), 'hub.invalidField');
hubCase('hub-axis-steps-fraction', 'invalid', 'axis steps 1.5', H.replace('steps: 48', 'steps: 1.5'), 'hub.invalidField');
hubCase('hub-axis-steps-1e9', 'memory', 'axis steps 1e9: refused before any column is allocated', H.replace('steps: 48', 'steps: 1000000000'), 'hub.invalidField', undefined, {}, { process: true });
hubCase('hub-axis-steps-above-limit', 'memory', 'axis steps 527,041, one above the limit', H.replace('steps: 48', 'steps: 527041'), 'hub.invalidField', undefined, {}, { process: true });
hubCase('hub-axis-steps-1e308', 'absurd', 'axis steps 1e308', H.replace('steps: 48', 'steps: 1e308'), 'hub.invalidField');
hubCase('hub-2001-members', 'memory', '2,001 members, one above the limit', `name: Many\naxis: ${AXIS}\nmembers:\n${Array.from({ length: 2001 }, (_, i) => `  - { id: m${i}, profile: 1 }`).join('\n')}\n`, 'hub.invalidField', undefined, {}, { process: true });
hubCase('hub-member-1e308', 'absurd', 'a member of 1e308 kW', H.replace('profile: 300', 'profile: 1e308'), 'hub.absurdValue');
hubCase('hub-member-above-10gw', 'absurd', 'a member of 20 GW', H.replace('profile: 300', 'profile: 20000000'), 'hub.absurdValue');
hubCase('hub-member-yaml-inf', 'absurd', 'a member of .inf kW (YAML infinity)', H.replace('profile: 300', 'profile: .inf'), 'hub.invalidField');
hubCase('hub-member-yaml-nan', 'absurd', 'a member of .nan kW (YAML NaN)', H.replace('profile: 300', 'profile: .nan'), 'hub.invalidField');
hubCase('hub-array-profile-nan', 'absurd', 'an array profile with .nan in it', H.replace('profile: 300', `profile: [${Array.from({ length: 48 }, (_, i) => (i === 9 ? '.nan' : '1')).join(', ')}]`), 'hub.invalidField');
hubCase('hub-array-profile-absurd', 'absurd', 'an array profile with 1e12 kW in one step', H.replace('profile: 300', `profile: [${Array.from({ length: 48 }, (_, i) => (i === 9 ? '1e12' : '1')).join(', ')}]`), 'hub.absurdValue');
hubCase('hub-array-profile-length', 'invalid', 'an array profile of 3 values for 48 steps', H.replace('profile: 300', 'profile: [1, 2, 3]'), 'hub.wrongLength');
hubCase('hub-battery-1e9-kwh', 'absurd', 'a battery of 1e9 kWh', H.replace('energyKwh: 200', 'energyKwh: 1000000000'), 'hub.absurdValue');
hubCase('hub-battery-power-1e308', 'absurd', 'a battery power of 1e308 kW', H.replace('powerKw: 100', 'powerKw: 1e308'), 'hub.absurdValue');
hubCase('hub-import-cap-1e308', 'absurd', 'an import cap of 1e308 kW', H.replace('importCapKw: 600', 'importCapKw: 1e308'), 'hub.absurdValue');
hubCase('hub-pv-1e12', 'absurd', 'PV of 1e12 kWp', `${H}pv: { kwp: 1000000000000 }\n`, 'hub.absurdValue');
hubCase('hub-wind-above-10gw', 'absurd', 'wind of 2e7 kW', `${H}wind: { ratedKw: 20000000 }\n`, 'hub.absurdValue');
hubCase('hub-shape-annual-1e308', 'absurd', 'a shape scaled to 1e308 kWh a year', H.replace('profile: 300', 'profile: { shape: nedu-e3a, annualKwh: 1e308 }'), 'hub.absurdValue');
hubCase('hub-duplicate-member', 'invalid', 'two members with the same id', H.replace('id: depot', 'id: office'), 'hub.duplicateId');
hubCase('hub-unknown-flexible-member', 'invalid', 'flexible load of a member that does not exist', `${H}flexibleLoad: [{ member: canteen, share: 0.5 }]\n`, 'hub.unknownMember');
hubCase('hub-unknown-group-member', 'invalid', 'a group minimum for a member that does not exist', `${H}contract: { groupMinimums: [{ member: canteen, minimumKw: 10 }] }\n`, 'hub.unknownMember');
hubCase('hub-strategy-collision', 'collision', 'strategies "shave 1" and "shave/1" map to the same series file', `${H}strategies:\n  - { kind: peak-shaving, name: shave 1 }\n  - { kind: peak-shaving, name: shave/1 }\n`, 'hub.duplicateStrategy');
hubCase('hub-strategy-case-collision', 'collision', 'strategies "Shave" and "shave" differ only in letter case', `${H}strategies:\n  - { kind: peak-shaving, name: Shave }\n  - { kind: peak-shaving, name: shave }\n`, 'hub.duplicateStrategy');
hubCase('hub-strategy-duplicate', 'collision', 'two strategies of the same default name', `${H}strategies:\n  - { kind: optimal }\n  - { kind: optimal }\n`, 'hub.duplicateStrategy');
hubCase('hub-strategy-unknown-kind', 'invalid', 'a strategy kind that does not exist', `${H}strategies:\n  - { kind: magic }\n`, 'hub.invalidField');
hubCase('hub-unknown-shape', 'invalid', 'a shipped shape that does not exist', H.replace('profile: 300', 'profile: { shape: nedu-zz, annualKwh: 1000 }'), 'hub.unknownProfile');
hubCase('hub-unknown-pv-profile', 'invalid', 'a PV profile id that does not exist', `${H}pv: { kwp: 100, profile: pv-moon }\n`, 'hub.unknownProfile');
hubCase('hub-profile-year-2021', 'invalid', 'a shipped shape in a year without data', H.replace(AXIS, '{ year: 2021 }').replace('profile: 300', 'profile: { shape: nedu-e3a, annualKwh: 1000 }'), 'hub.unknownProfile');
hubCase('hub-shape-two-scalings', 'invalid', 'a shape with annualKwh and peakKw', H.replace('profile: 300', 'profile: { shape: nedu-e3a, annualKwh: 1000, peakKw: 5 }'), 'hub.contradiction');
hubCase('hub-time-block-backwards', 'invalid', 'a time block from 18 to 8', `${H}contract: { tbtr: [{ fromHour: 18, toHour: 8, importCapKw: 100 }] }\n`, 'hub.contradiction');
hubCase('hub-design-year-missing', 'invalid', 'peak shaving sized on a design year that is not given', `${H}strategies:\n  - { kind: peak-shaving, thresholdFrom: design-year }\n`, 'hub.missingField');
hubCase('hub-lost-load-negative', 'invalid', 'a negative value of lost load', `${H}valueOfLostLoadEurPerKwh: -1\n`, 'hub.invalidField');
hubCase('hub-grid-aware-in-run', 'invalid', 'a grid-aware strategy in hubsim run (it needs a substation)', `${H}strategies:\n  - { kind: grid-aware }\n`, 'hub.contradiction');
add('hub-missing-file', 'hub', 'invalid', 'a hub file that does not exist', ['run', 'missing.yaml'], 'hub.notFound');
add('hub-folder-as-file', 'hub', 'invalid', 'a hub path that is a folder', ['run', 'hub.yaml'], 'hub.notFound', { 'hub.yaml/keep': '' });
add('hub-dev-zero', 'hub', 'hang', 'a hub path that is a device without end (/dev/zero)', ['run', '/dev/zero'], 'hub.notFound', {}, { process: true });
hubCase('hub-json-trailing-comma', 'json', 'a trailing comma in a .json hub', J().replace('"stepMinutes": 60\n', '"stepMinutes": 60,\n'), 'hub.badSyntax', ['run', 'hub.json']);
hubCase('hub-json-missing-comma', 'json', 'a missing comma in a .json hub', J().replace('"name": "Corpus hub",', '"name": "Corpus hub"'), 'hub.badSyntax', ['run', 'hub.json']);
hubCase('hub-json-comment', 'json', 'a // comment in a .json hub', `// my hub\n${J()}`, 'hub.badSyntax', ['run', 'hub.json']);
hubCase('hub-json-nan', 'json', 'a NaN literal in a .json hub', J().replace('"energyKwh": 200', '"energyKwh": NaN'), 'hub.badSyntax', ['run', 'hub.json']);
hubCase('hub-json-1e400', 'absurd', 'a battery of 1e400 kWh in JSON (parses to Infinity)', J().replace('"energyKwh": 200', '"energyKwh": 1e400'), 'hub.invalidField', ['run', 'hub.json']);
hubCase('hub-json-single-quotes', 'json', 'single-quoted strings in a .json hub', J().replace('"Corpus hub"', "'Corpus hub'"), 'hub.badSyntax', ['run', 'hub.json']);
hubCase('hub-json-truncated', 'json', 'a .json hub cut off in the middle', J().slice(0, 120), 'hub.badSyntax', ['run', 'hub.json']);
hubCase('hub-json-empty', 'json', 'an empty .json hub', '', 'hub.badSyntax', ['run', 'hub.json']);
hubCase('hub-json-array', 'json', 'a .json hub holding an array', '[1, 2, 3]\n', 'hub.invalidField', ['run', 'hub.json']);
hubCase('hub-json-null', 'json', 'a .json hub holding null', 'null\n', 'hub.invalidField', ['run', 'hub.json']);
hubCase('hub-json-yaml-inside', 'json', 'YAML text in a file named .json', H, 'hub.badSyntax', ['run', 'hub.json']);
hubCase('hub-json-binary', 'too-long', 'binary garbage in a .json hub', garbage(2048, 99), 'hub.badSyntax', ['run', 'hub.json']);
hubCase('hub-json-member-absurd', 'absurd', 'a member of 5e7 kW in JSON', J({ members: [{ id: 'office', profile: 5e7 }] }), 'hub.absurdValue', ['run', 'hub.json']);
hubCase('hub-json-collision', 'collision', 'strategy names "peak 1" and "peak:1" map to one series file, in JSON', J({ strategies: [{ kind: 'optimal', name: 'peak 1' }, { kind: 'baseline', name: 'peak:1' }] }), 'hub.duplicateStrategy', ['run', 'hub.json']);

// ---------------------------------------------------------------------------------------------------
// Rollout scenarios. R is a tiny valid scenario (one substation, one terrain on hub.yaml).
const R = (o = {}) => {
  const { horizon = '{ startYear: 2026, endYear: 2026 }', weather = '[2023]', strategies = '  - { kind: peak-shaving }\n', subs = '  - { id: north, capacityKw: 5000 }\n', terrains = '  - { id: park, substation: north, hubStartYear: 2026, hub: hub.yaml }\n', more = '' } = o;
  return `name: Corpus rollout\nhorizon: ${horizon}\nweatherYears: ${weather}\nstrategies:\n${strategies}growth: { baseYear: 2026 }\nsubstations:\n${subs}terrains:\n${terrains}${more}`;
};
const RHUB = 'name: Park\nmembers:\n  - { id: office, profile: { shape: nedu-e3a, annualKwh: 1000000 } }\nconnection: { importCapKw: 400 }\nbattery: { energyKwh: 200, powerKw: 100 }\n';
function rolloutCase(name, cls, why, text, code, args = ['rollout', 'scenario.yaml'], files = { 'hub.yaml': RHUB }, extra = {}) {
  add(name, 'rollout', cls, why, args, code, { [args[1]]: text, ...files }, extra);
}
rolloutCase('rollout-missing-file', 'invalid', 'a scenario that does not exist', undefined, 'rollout.notFound', ['rollout', 'missing.yaml'], {});
rolloutCase('rollout-yaml-syntax', 'invalid', 'a YAML syntax error', R().replace('{ startYear: 2026, endYear: 2026 }', '{ startYear: 2026, endYear: 2026'), 'rollout.badSyntax');
rolloutCase('rollout-json-trailing-comma', 'json', 'a trailing comma in a .json scenario', '{ "name": "x", "horizon": { "startYear": 2026, "endYear": 2026, }, "strategies": [], "growth": { "baseYear": 2026 }, "substations": [], "terrains": [] }\n', 'rollout.badSyntax', ['rollout', 'scenario.json']);
rolloutCase('rollout-empty', 'invalid', 'an empty scenario file', '', 'rollout.invalidField');
rolloutCase('rollout-scalar', 'invalid', 'a scenario holding a string', '"rollout"\n', 'rollout.invalidField');
rolloutCase('rollout-missing-horizon', 'invalid', 'no horizon', R().replace(/horizon: .*\n/, ''), 'rollout.invalidField');
rolloutCase('rollout-horizon-backwards', 'invalid', 'endYear before startYear', R({ horizon: '{ startYear: 2030, endYear: 2026 }' }), 'rollout.contradiction');
rolloutCase('rollout-horizon-1e9', 'absurd', 'a horizon ending in year 1e9', R({ horizon: '{ startYear: 2026, endYear: 1000000000 }' }), 'rollout.invalidField');
rolloutCase('rollout-unknown-substation', 'invalid', 'a terrain on a substation that does not exist', R({ terrains: '  - { id: park, substation: south, hubStartYear: 2026, hub: hub.yaml }\n' }), 'rollout.unknownSubstation');
rolloutCase('rollout-duplicate-terrain', 'invalid', 'two terrains with one id', R({ terrains: '  - { id: park, substation: north, hubStartYear: 2026, hub: hub.yaml }\n  - { id: park, substation: north, hubStartYear: 2026, hub: hub.yaml }\n' }), 'rollout.duplicateId');
rolloutCase('rollout-unknown-weather-year', 'invalid', 'a weather year without shipped profiles', R({ weather: '[2021]' }), 'rollout.unknownWeatherYear');
rolloutCase('rollout-strategy-duplicate', 'collision', 'two strategies named "shave" (a rollout writes no file per strategy, so "shave 1" and "shave/1" may differ)', R({ strategies: '  - { kind: peak-shaving, name: shave }\n  - { kind: optimal, name: shave }\n' }), 'rollout.duplicateStrategy');
rolloutCase('rollout-strategy-default-twice', 'collision', 'the same strategy kind twice without names', R({ strategies: '  - { kind: optimal }\n  - { kind: optimal }\n' }), 'rollout.duplicateStrategy');
rolloutCase('rollout-unknown-level', 'invalid', 'a voltage level that is not in the reinforcement costs', R({ subs: '  - { id: north, capacityKw: 5000, voltageLevels: [LV cable] }\n' }), 'rollout.unknownLevel');
rolloutCase('rollout-capacity-1e308', 'absurd', 'a substation of 1e308 kW', R({ subs: '  - { id: north, capacityKw: 1e308 }\n' }), 'rollout.absurdValue');
rolloutCase('rollout-background-absurd', 'absurd', 'a background load of 1e12 kW', R({ subs: '  - { id: north, capacityKw: 5000, backgroundLoad: 1000000000000 }\n' }), 'rollout.absurdValue');
rolloutCase('rollout-background-shape-absurd', 'absurd', 'a background shape scaled to a peak of 5e7 kW', R({ subs: '  - { id: north, capacityKw: 5000, backgroundLoad: { shape: nedu-e3a, peakKw: 50000000 } }\n' }), 'rollout.absurdValue');
rolloutCase('rollout-growth-nan', 'absurd', 'a growth rate of .nan', R().replace('growth: { baseYear: 2026 }', 'growth: { baseYear: 2026, business: { perYear: .nan } }'), 'rollout.invalidField');
rolloutCase('rollout-terrain-hub-missing', 'invalid', 'a terrain hub file that does not exist', R(), 'hub.notFound', ['rollout', 'scenario.yaml'], {});
rolloutCase('rollout-terrain-hub-bad', 'invalid', 'a terrain hub with a negative battery', R(), 'hub.invalidField', ['rollout', 'scenario.yaml'], { 'hub.yaml': RHUB.replace('energyKwh: 200', 'energyKwh: -1') });
rolloutCase('rollout-alias-bomb', 'memory', 'a billion-laughs alias bomb in a scenario', `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n`, 'rollout.badSyntax', undefined, {}, { process: true });
rolloutCase('rollout-too-large', 'memory', '3,000 terrains x 101 years x 11 variants x 2 weather years: refused before any hub is resolved',
  R({ horizon: '{ startYear: 2000, endYear: 2100 }', weather: '[2019, 2023]', strategies: Array.from({ length: 10 }, (_, i) => `  - { kind: peak-shaving, name: s${i} }\n`).join(''), terrains: Array.from({ length: 3000 }, (_, i) => `  - { id: t${i}, substation: north, hubStartYear: 2026, hub: hub.yaml }\n`).join('') }),
  'rollout.tooLarge', undefined, undefined, { process: true });
rolloutCase('rollout-workers-zero', 'flags', '--workers 0', R(), 'cli.badWorkers', ['rollout', 'scenario.yaml', '--workers', '0']);
rolloutCase('rollout-workers-word', 'flags', '--workers many', R(), 'cli.badWorkers', ['rollout', 'scenario.yaml', '--workers', 'many']);
rolloutCase('rollout-workers-huge', 'flags', '--workers 1e9', R(), 'cli.badWorkers', ['rollout', 'scenario.yaml', '--workers', '1000000000']);
rolloutCase('rollout-report-without-out', 'flags', '--report without --out', R(), 'cli.reportNeedsOut', ['rollout', 'scenario.yaml', '--report']);
rolloutCase('rollout-hub-is-folder', 'invalid', 'a terrain hub path that is a folder', R(), 'hub.notFound', ['rollout', 'scenario.yaml'], { 'hub.yaml/keep': '' });

// ---------------------------------------------------------------------------------------------------
// Sweep files. S is a tiny valid sweep on hub.yaml.
const SHUB = 'name: Park\nmembers:\n  - { id: office, profile: { shape: nedu-e3a, annualKwh: 1000000 } }\nconnection: { importCapKw: 400 }\n';
const S = (o = {}) => {
  const { source = 'hub: hub.yaml', draws = '{ count: 2, seed: 1 }', grid = '  battery: { energyKwh: [0, 100], powerKw: [50] }\n  strategies: [{ kind: peak-shaving }]\n', more = '' } = o;
  return `name: Corpus sweep\n${source}\ndraws: ${draws}\ngrid:\n${grid}${more}`;
};
function sweepCase(name, cls, why, text, code, args = ['sweep', 'sweep.yaml'], files = { 'hub.yaml': SHUB }, extra = {}) {
  add(name, 'sweep', cls, why, args, code, text === undefined ? files : { [args[1]]: text, ...files }, extra);
}
const longList = (n, f = (i) => i + 1) => `[${Array.from({ length: n }, (_, i) => f(i)).join(', ')}]`;
sweepCase('sweep-missing-file', 'invalid', 'a sweep file that does not exist', undefined, 'sweep.notFound', ['sweep', 'missing.yaml'], {});
sweepCase('sweep-yaml-syntax', 'invalid', 'a YAML syntax error', S().replace('{ count: 2, seed: 1 }', '{ count: 2, seed: 1'), 'sweep.badSyntax');
sweepCase('sweep-json-trailing-comma', 'json', 'a trailing comma in a .json sweep', '{ "name": "x", "hub": "hub.yaml", "grid": { "strategies": [{ "kind": "baseline" },] } }\n', 'sweep.badSyntax', ['sweep', 'sweep.json']);
sweepCase('sweep-empty', 'invalid', 'an empty sweep file', '', 'sweep.invalidField');
sweepCase('sweep-list', 'invalid', 'a sweep file holding a list', '- 1\n- 2\n', 'sweep.invalidField');
sweepCase('sweep-hub-and-rollout', 'invalid', 'both hub and rollout', S({ source: 'hub: hub.yaml\nrollout: r.yaml' }), 'sweep.contradiction');
sweepCase('sweep-no-source', 'invalid', 'neither hub nor rollout', S({ source: '' }), 'sweep.contradiction');
sweepCase('sweep-hub-missing', 'invalid', 'the hub file named does not exist', S(), 'hub.notFound', undefined, {});
sweepCase('sweep-draws-zero', 'invalid', 'draws.count 0', S({ draws: '{ count: 0 }' }), 'sweep.invalidField');
sweepCase('sweep-draws-fraction', 'invalid', 'draws.count 2.5', S({ draws: '{ count: 2.5 }' }), 'sweep.invalidField');
sweepCase('sweep-draws-1e6-configs', 'memory', '1e6 draws x 10 configurations: 1e7 hub-years', S({ draws: '{ count: 1000000 }', grid: `  battery: { energyKwh: ${longList(10)}, powerKw: [50] }\n  strategies: [{ kind: peak-shaving }]\n` }), 'sweep.tooLarge', undefined, undefined, { process: true });
sweepCase('sweep-1e9-configurations', 'memory', '1,000 x 1,000 x 1,000 grid values: 1e9 configurations', S({ grid: `  battery: { energyKwh: ${longList(1000)}, powerKw: ${longList(1000)} }\n  pvKwp: ${longList(1000)}\n  strategies: [{ kind: peak-shaving }]\n` }), 'sweep.tooLarge', undefined, undefined, { process: true });
sweepCase('sweep-grid-aware-hub', 'invalid', 'grid-aware on a hub sweep (it needs a substation)', S({ grid: '  strategies: [{ kind: grid-aware }]\n' }), 'sweep.unsupportedStrategy');
sweepCase('sweep-unknown-source-year', 'invalid', 'draws from a year without shipped profiles', S({ draws: '{ count: 2, sourceYears: [2021] }' }), 'sweep.unknownWeatherYear');
sweepCase('sweep-strategy-duplicate', 'collision', 'two strategies named "shave" (a sweep writes no file per strategy)', S({ grid: '  strategies: [{ kind: peak-shaving, name: shave }, { kind: optimal, name: shave }]\n' }), 'sweep.duplicateStrategy');
sweepCase('sweep-energy-1e308', 'absurd', 'a battery energy of 1e308 kWh in the grid', S({ grid: '  battery: { energyKwh: [1e308], powerKw: [50] }\n  strategies: [{ kind: peak-shaving }]\n' }), 'sweep.invalidField');
sweepCase('sweep-energy-nan', 'absurd', 'a battery energy of .nan in the grid', S({ grid: '  battery: { energyKwh: [.nan], powerKw: [50] }\n  strategies: [{ kind: peak-shaving }]\n' }), 'sweep.invalidField');
sweepCase('sweep-energy-and-hours', 'invalid', 'energyKwh and hours together', S({ grid: '  battery: { energyKwh: [100], hours: [2], powerKw: [50] }\n  strategies: [{ kind: peak-shaving }]\n' }), 'sweep.contradiction');
sweepCase('sweep-no-strategies', 'invalid', 'an empty strategy list', S({ grid: '  strategies: []\n' }), 'sweep.invalidField');
sweepCase('sweep-mpc-model-all-years', 'invalid', 'mpc on the model while the draws resample every shipped year', S({ grid: '  strategies: [{ kind: mpc }]\n' }), 'sweep.unsupportedStrategy');
sweepCase('sweep-unknown-terrain', 'invalid', 'a terrain id the rollout does not have', S({ source: 'rollout: scenario.yaml\nterrains: [nowhere]' }), 'sweep.unknownTerrain', undefined, { 'hub.yaml': RHUB, 'scenario.yaml': R() });
sweepCase('sweep-alias-bomb', 'memory', 'a billion-laughs alias bomb in a sweep', `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n`, 'sweep.badSyntax', undefined, {}, { process: true });
sweepCase('sweep-workers-zero', 'flags', '--workers 0', S(), 'cli.badWorkers', ['sweep', 'sweep.yaml', '--workers', '0']);
sweepCase('sweep-queue-http', 'flags', '--queue with an http URL', S(), 'cli.badQueue', ['sweep', 'sweep.yaml', '--queue', 'http://localhost:6379']);
sweepCase('sweep-queue-port', 'flags', '--queue with port 99999', S(), 'cli.badQueue', ['sweep', 'sweep.yaml', '--queue', 'redis://localhost:99999']);
sweepCase('sweep-queue-garbage', 'too-long', '--queue with 2,000 characters of garbage and control characters', S(), 'cli.badQueue', ['sweep', 'sweep.yaml', '--queue', `\u001b[31m${'%'.repeat(2000)}`]);

// ---------------------------------------------------------------------------------------------------
// Baseline folders for hubsim regress --baseline. The input is a hub file one level up in the case.
const manifest = (o = {}) => `${JSON.stringify({ schemaVersion: 1, command: 'run', input: '../hub.yaml', ...o }, null, 2)}\n`;
function baselineCase(name, cls, why, files, code, args = ['regress', '--baseline', 'base']) {
  add(name, 'baseline', cls, why, args, code, { 'hub.yaml': H, ...files });
}
baselineCase('baseline-missing-folder', 'invalid', 'a baseline folder that does not exist', {}, 'regress.notFound');
baselineCase('baseline-no-manifest', 'invalid', 'a baseline folder without baseline.json', { 'base/results.json': '{}\n' }, 'regress.notFound');
baselineCase('baseline-trailing-comma', 'json', 'a trailing comma in baseline.json', { 'base/baseline.json': manifest().replace('"input": "../hub.yaml"\n', '"input": "../hub.yaml",\n') }, 'regress.badJson');
baselineCase('baseline-binary-manifest', 'too-long', 'binary garbage as baseline.json', { 'base/baseline.json': garbage(1024, 3) }, 'regress.badJson');
baselineCase('baseline-manifest-array', 'invalid', 'baseline.json holding an array', { 'base/baseline.json': '[]\n' }, 'regress.badManifest');
baselineCase('baseline-bad-command', 'invalid', 'a manifest with command "sweep"', { 'base/baseline.json': manifest({ command: 'sweep' }) }, 'regress.badManifest');
baselineCase('baseline-schema-version-2', 'invalid', 'a manifest of schemaVersion 2', { 'base/baseline.json': manifest({ schemaVersion: 2 }) }, 'regress.badManifest');
baselineCase('baseline-no-input', 'invalid', 'a manifest without input', { 'base/baseline.json': '{ "schemaVersion": 1, "command": "run" }\n' }, 'regress.badManifest');
baselineCase('baseline-rollout-strategies', 'invalid', 'strategies in a rollout manifest', { 'base/baseline.json': manifest({ command: 'rollout', strategies: ['optimal'] }), 'base/results.json': '{}\n' }, 'regress.badManifest');
baselineCase('baseline-no-results', 'invalid', 'a baseline without results.json', { 'base/baseline.json': manifest() }, 'regress.noResults');
baselineCase('baseline-results-trailing-comma', 'json', 'results.json with a trailing comma', { 'base/baseline.json': manifest(), 'base/results.json': '{ "schemaVersion": 1, }\n' }, 'regress.badJson');
baselineCase('baseline-results-empty', 'json', 'an empty results.json', { 'base/baseline.json': manifest(), 'base/results.json': '' }, 'regress.badJson');
baselineCase('baseline-results-wrong-kind', 'invalid', 'the results of a rollout in a baseline of hubsim run', { 'base/baseline.json': manifest(), 'base/results.json': '{ "schemaVersion": 3, "kind": "rollout" }\n' }, 'regress.badResults');
baselineCase('baseline-results-scalar', 'invalid', 'results.json holding a number', { 'base/baseline.json': manifest(), 'base/results.json': '42\n' }, 'regress.badResults');
baselineCase('baseline-input-missing', 'invalid', 'a manifest whose input does not exist', { 'base/baseline.json': manifest({ input: '../nowhere.yaml' }), 'base/results.json': '{ "hub": {}, "strategies": {} }\n' }, 'hub.notFound');
baselineCase('baseline-tolerances-bad', 'invalid', 'tolerances.json with a negative tolerance', { 'base/baseline.json': manifest(), 'base/results.json': '{ "hub": {}, "strategies": {} }\n', 'base/tolerances.json': '{ "default": { "relative": -1 } }\n' }, 'regress.badTolerances');
baselineCase('baseline-tolerances-trailing-comma', 'json', 'tolerances.json with a trailing comma', { 'base/baseline.json': manifest(), 'base/results.json': '{ "hub": {}, "strategies": {} }\n', 'base/tolerances.json': '{ "default": {}, }\n' }, 'regress.badJson');
baselineCase('baseline-from-without-update', 'flags', '--from without --update', { 'base/baseline.json': manifest() }, 'regress.fromNeedsUpdate', ['regress', '--baseline', 'base', '--from', 'hub.yaml']);
baselineCase('baseline-strategy-without-from', 'flags', '--strategy without --from', { 'base/baseline.json': manifest() }, 'regress.strategyNeedsFrom', ['regress', '--baseline', 'base', '--strategy', 'optimal']);
baselineCase('baseline-workers-zero', 'flags', '--workers 0', { 'base/baseline.json': manifest() }, 'cli.badWorkers', ['regress', '--baseline', 'base', '--workers', '0']);
baselineCase('baseline-update-bad-from', 'invalid', '--update --from a hub file that does not exist: nothing is written into the baseline', { 'base/baseline.json': manifest() }, 'hub.notFound', ['regress', '--baseline', 'base', '--update', '--from', 'nowhere.yaml']);
baselineCase('baseline-update-from-broken-hub', 'invalid', '--update --from a hub with a syntax error: the baseline stays as it was', { 'base/baseline.json': manifest(), 'broken.yaml': H.replace('{ importCapKw: 600 }', '{ importCapKw: 600') }, 'hub.badSyntax', ['regress', '--baseline', 'base', '--update', '--from', 'broken.yaml']);
baselineCase('baseline-is-file', 'invalid', 'a baseline path that is a file', { base: 'not a folder\n' }, 'regress.notFound');

// ---------------------------------------------------------------------------------------------------
// Results folders for hubsim report and hubsim compare, damaged copies of a real run and rollout.
// Run inside the temporary folder with relative paths, so that the paths the results record (their
// provenance) are the same bytes on every machine and in every run of this script.
const tmp = mkdtempSync(join(tmpdir(), 'hubsim-corpus-'));
writeFileSync(join(tmp, 'hub.yaml'), H);
execFileSync(process.execPath, [join(root, 'bin', 'hubsim.js'), 'run', 'hub.yaml', '--strategy', 'baseline,peak-shaving', '--out', 'run', '--series'], { stdio: 'ignore', cwd: tmp });
const runResults = readFileSync(join(tmp, 'run', 'results.json'), 'utf8');
const seriesBaseline = readFileSync(join(tmp, 'run', 'series-baseline.csv'), 'utf8');
const seriesShave = readFileSync(join(tmp, 'run', 'series-peak-shaving.csv'), 'utf8');
writeFileSync(join(tmp, 'hub-r.yaml'), RHUB);
writeFileSync(join(tmp, 'scenario.yaml'), R({ strategies: '  - { kind: baseline }\n' }).replace('hub: hub.yaml', 'hub: hub-r.yaml'));
execFileSync(process.execPath, [join(root, 'bin', 'hubsim.js'), 'rollout', 'scenario.yaml', '--workers', '1', '--out', 'rollout'], { stdio: 'ignore', cwd: tmp });
const rolloutResults = readFileSync(join(tmp, 'rollout', 'results.json'), 'utf8');
rmSync(tmp, { recursive: true, force: true });
const runFolder = (o = {}) => ({ 'res/results.json': runResults, 'res/series-baseline.csv': seriesBaseline, 'res/series-peak-shaving.csv': seriesShave, ...o });
const lines = (text) => text.trimEnd().split('\n');
function resultsCase(name, cls, why, files, code, args = ['report', 'res']) {
  add(name, 'results', cls, why, args, code, files);
}
resultsCase('report-missing-folder', 'invalid', 'a results folder that does not exist', {}, 'report.notFound');
resultsCase('report-no-results', 'invalid', 'a folder without results.json', { 'res/metrics.csv': 'a,b\n' }, 'report.notFound');
resultsCase('report-results-trailing-comma', 'json', 'results.json with a trailing comma', { 'res/results.json': runResults.replace(/\n}\n$/, ',\n}\n') }, 'report.badJson');
resultsCase('report-results-binary', 'too-long', 'binary garbage as results.json', { 'res/results.json': garbage(4096, 5) }, 'report.badJson');
resultsCase('report-results-empty-object', 'invalid', 'results.json holding {}', { 'res/results.json': '{}\n' }, 'report.badResults');
resultsCase('report-results-null', 'invalid', 'results.json holding null', { 'res/results.json': 'null\n' }, 'report.badResults');
resultsCase('report-results-folder', 'invalid', 'results.json that is a folder', { 'res/results.json/keep': '' }, 'report.notFound');
resultsCase('report-no-series', 'invalid', 'a run folder written without --series', runFolder({ 'res/series-baseline.csv': null, 'res/series-peak-shaving.csv': null }), 'report.noSeries');
resultsCase('report-series-empty', 'invalid', 'an empty series CSV', runFolder({ 'res/series-baseline.csv': '' }), 'report.badSeries');
resultsCase('report-series-header-only', 'invalid', 'a series CSV with only its header', runFolder({ 'res/series-baseline.csv': `${lines(seriesBaseline)[0]}\n` }), 'report.badSeries');
resultsCase('report-series-non-numeric', 'invalid', 'a word in a series CSV', runFolder({ 'res/series-baseline.csv': seriesBaseline.replace(/\n([^,\n]*),[^,\n]*/, '\n$1,oops') }), 'report.badSeries');
resultsCase('report-series-1mb-cell', 'too-long', 'a 1 MB cell in a series CSV', runFolder({ 'res/series-peak-shaving.csv': seriesShave.replace(/\n([^,\n]*),[^,\n]*/, `\n$1,${'z'.repeat(1 << 20)}`) }), 'report.badSeries');
resultsCase('report-series-short', 'invalid', 'a series CSV with rows missing', runFolder({ 'res/series-baseline.csv': `${lines(seriesBaseline).slice(0, 10).join('\n')}\n` }), 'report.badSeries');
resultsCase('report-series-missing-column', 'invalid', 'a series CSV without its columns', runFolder({ 'res/series-baseline.csv': lines(seriesBaseline).map((l) => l.split(',')[0]).join('\n') + '\n' }), 'report.badSeries');
resultsCase('report-series-binary', 'too-long', 'binary garbage as a series CSV', runFolder({ 'res/series-baseline.csv': garbage(8192, 11) }), 'report.badSeries');
resultsCase('report-bad-week', 'flags', '--week that is not a date', runFolder(), 'report.badWeek', ['report', 'res', '--week', 'next week']);
resultsCase('report-week-outside', 'flags', '--week outside the run', runFolder(), 'report.badWeek', ['report', 'res', '--week', '2031-01-01']);
resultsCase('report-week-on-rollout', 'flags', '--week on a rollout results folder', { 'res/results.json': rolloutResults }, 'report.badWeek', ['report', 'res', '--week', '2023-01-02']);
resultsCase('compare-missing', 'invalid', 'B does not exist', runFolder(), 'compare.notFound', ['compare', 'res', 'nowhere']);
resultsCase('compare-no-results', 'invalid', 'B is a folder without results.json', { ...runFolder(), 'other/keep': '' }, 'compare.noResults', ['compare', 'res', 'other']);
resultsCase('compare-bad-json', 'json', 'B results.json with a trailing comma', { ...runFolder(), 'other/results.json': runResults.replace(/\n}\n$/, ',\n}\n') }, 'compare.badJson', ['compare', 'res', 'other']);
resultsCase('compare-kind-mismatch', 'invalid', 'a run results folder against a rollout one', { ...runFolder(), 'other/results.json': rolloutResults }, 'compare.kindMismatch', ['compare', 'res', 'other']);
resultsCase('compare-unknown-kind', 'invalid', 'a results.json that is neither kind', { ...runFolder(), 'other/results.json': '{ "schemaVersion": 1, "kind": "sweep" }\n' }, 'compare.unknownKind', ['compare', 'res', 'other']);
resultsCase('compare-future-schema', 'invalid', 'a run results.json of schemaVersion 99', { ...runFolder(), 'other/results.json': runResults.replace(/"schemaVersion": \d+/, '"schemaVersion": 99') }, 'compare.unknownSchemaVersion', ['compare', 'res', 'other']);
resultsCase('compare-results-damaged', 'invalid', 'a run results.json with a metric that is a word', { ...runFolder(), 'other/results.json': runResults.replace(/"peakImportKw": [0-9.e+-]+/, '"peakImportKw": "high"') }, 'compare.badResults', ['compare', 'res', 'other']);
resultsCase('compare-results-json-file', 'json', 'B given as a results .json file that is truncated (read as a scenario)', { ...runFolder(), 'b.json': runResults.slice(0, 200) }, 'rollout.badSyntax', ['compare', 'res', 'b.json']);
resultsCase('compare-workers-zero', 'flags', '--workers 0', { ...runFolder(), 'other/results.json': runResults }, 'cli.badWorkers', ['compare', 'res', 'other', '--workers', '0']);

// ---------------------------------------------------------------------------------------------------
// CLI flags.
function cliCase(name, cls, why, args, code, files = { 'hub.yaml': H }) {
  add(name, 'cli', cls, why, args, code, files);
}
cliCase('cli-strategy-comma', 'flags', "--strategy ','", ['run', 'hub.yaml', '--strategy', ','], 'cli.noStrategy');
cliCase('cli-strategy-empty', 'flags', "--strategy ''", ['run', 'hub.yaml', '--strategy', ''], 'cli.noStrategy');
cliCase('cli-strategy-twice', 'flags', '--strategy baseline,baseline', ['run', 'hub.yaml', '--strategy', 'baseline,baseline'], 'cli.duplicateStrategy');
cliCase('cli-strategy-unknown', 'flags', '--strategy naming no strategy of the hub', ['run', 'hub.yaml', '--strategy', 'magic'], 'cli.unknownStrategy');
cliCase('cli-strategy-1mb', 'too-long', '--strategy of 1 MB', ['run', 'hub.yaml', '--strategy', 's'.repeat(1 << 20)], 'cli.unknownStrategy');
cliCase('cli-strategy-many', 'too-long', '--strategy with 10,000 names', ['run', 'hub.yaml', '--strategy', Array.from({ length: 10_000 }, (_, i) => `x${i}`).join(',')], 'cli.unknownStrategy');
cliCase('cli-strategy-control', 'too-long', '--strategy with escape sequences', ['run', 'hub.yaml', '--strategy', '\u001b[2J\u0007bell'], 'cli.unknownStrategy');
cliCase('cli-series-without-out', 'flags', '--series without --out', ['run', 'hub.yaml', '--series'], 'cli.seriesNeedsOut');
cliCase('cli-report-without-out', 'flags', 'run --report without --out', ['run', 'hub.yaml', '--report'], 'cli.reportNeedsOut');
cliCase('cli-run-missing-argument', 'flags', 'run without a hub file', ['run'], 'cli.usage', {});
cliCase('cli-unknown-option', 'flags', 'an unknown option', ['run', 'hub.yaml', '--fast'], 'cli.usage');
cliCase('cli-unknown-command', 'flags', 'an unknown command', ['simulate', 'hub.yaml'], 'cli.usage');
cliCase('cli-no-command', 'flags', 'no command at all', [], 'cli.usage', {});
cliCase('cli-long-unknown-option', 'too-long', 'an unknown option of 5,000 characters', ['run', 'hub.yaml', `--${'y'.repeat(5000)}`], 'cli.usage');
cliCase('cli-extra-argument', 'flags', 'a second hub file to run', ['run', 'hub.yaml', 'hub.yaml'], 'cli.usage');
cliCase('cli-out-missing-value', 'flags', '--out without a folder', ['run', 'hub.yaml', '--out'], 'cli.usage');
cliCase('cli-schema-conflict', 'flags', 'schema --results --run-results', ['schema', '--results', '--run-results'], 'cli.usage', {});
cliCase('cli-regress-no-baseline', 'flags', 'regress without --baseline', ['regress'], 'cli.usage', {});
cliCase('cli-worker-no-queue', 'flags', 'worker without --queue', ['worker'], 'cli.usage', {});
cliCase('cli-worker-bad-queue', 'flags', 'worker --queue that is not a redis URL', ['worker', '--queue', 'localhost'], 'cli.badQueue', {});
cliCase('cli-worker-lock-zero', 'flags', 'worker --lock-ms 0', ['worker', '--queue', 'redis://127.0.0.1:1', '--lock-ms', '0'], 'cli.badLock', {});
cliCase('cli-worker-lock-word', 'flags', 'worker --lock-ms soon', ['worker', '--queue', 'redis://127.0.0.1:1', '--lock-ms', 'soon'], 'cli.badLock', {});
cliCase('cli-worker-workers-nan', 'flags', 'worker --workers NaN', ['worker', '--queue', 'redis://127.0.0.1:1', '--workers', 'NaN'], 'cli.badWorkers', {});
cliCase('cli-forecast-bad-seed', 'flags', 'forecast evaluate --seed -1', ['forecast', 'evaluate', 'hub.yaml', '--seed', '-1'], 'cli.badSeed');
cliCase('cli-compare-missing-argument', 'flags', 'compare with one argument', ['compare', 'a'], 'cli.usage', {});
cliCase('cli-report-missing-argument', 'flags', 'report without a folder', ['report'], 'cli.usage', {});
cliCase('cli-run-out-with-bad-hub', 'flags', 'run --out out on a broken hub: no out folder is made', ['run', 'hub.yaml', '--out', 'out', '--series'], 'hub.invalidField', { 'hub.yaml': H.replace('energyKwh: 200', 'energyKwh: -5') });
cliCase('cli-sweep-out-bad-workers', 'flags', 'sweep --out out --workers -3: nothing written', ['sweep', 'sweep.yaml', '--out', 'out', '--workers', '-3'], 'cli.badWorkers', { 'sweep.yaml': S(), 'hub.yaml': SHUB });
cliCase('cli-rollout-out-bad-scenario', 'flags', 'rollout --out out on a scenario with an unknown substation: nothing written', ['rollout', 'scenario.yaml', '--out', 'out', '--report'], 'rollout.unknownSubstation', { 'scenario.yaml': R({ terrains: '  - { id: park, substation: south, hubStartYear: 2026, hub: hub.yaml }\n' }), 'hub.yaml': RHUB });

// Transport rights (docs/contracts.md). Appended here so that the cases before keep their numbers.
hubCase('hub-time-blocks-renamed', 'renamed', 'contract.timeBlocks, renamed to contract.tbtr', `${H}contract: { timeBlocks: [{ fromHour: 17, toHour: 20, importCapKw: 100 }] }\n`, 'hub.renamedField');
rolloutCase('rollout-inline-time-blocks-renamed', 'renamed', 'an inline terrain hub with contract.timeBlocks', R({ terrains: `  - id: park\n    substation: north\n    hubStartYear: 2026\n    hub:\n${RHUB.split('\n').filter((l) => l !== '').map((l) => `      ${l}`).join('\n')}\n      contract: { timeBlocks: [{ fromHour: 17, toHour: 20, importCapKw: 300 }] }\n` }), 'rollout.renamedField', ['rollout', 'scenario.yaml'], {});
hubCase('hub-tdtr-without-cap', 'invalid', 'a TDTR right without a cap to restrict to', `${H}contract: { tdtr: { maxRestrictedShare: 0.1 } }\n`, 'hub.missingField');
hubCase('hub-tdtr-share-above-one', 'invalid', 'a TDTR right restricted in 150% of the steps', `${H}contract: { tdtr: { importCapKw: 50, maxRestrictedShare: 1.5 } }\n`, 'hub.invalidField');
hubCase('hub-export-cbc-without-export-cap', 'invalid', 'an export CBC-T given an importCapKw instead of an exportCapKw', `${H}contract: { cbcT: { direction: export, importCapKw: 50, blocks: [{ fromHour: 11, toHour: 13 }] } }\n`, 'hub.missingField');

// ---------------------------------------------------------------------------------------------------
// Transport tariffs by operator and year (the shipped table holds liander, stedin and enexis, 2023-2026).
hubCase('hub-tariff-unknown-year', 'invalid', 'a tariff year the shipped table does not have (liander 2022)', `${H}tariff: { operator: liander, year: 2022 }\n`, 'hub.unknownTariff');
hubCase('hub-tariff-unknown-operator', 'invalid', 'a grid operator without shipped tariffs (eneco)', `${H}tariff: { operator: eneco, year: 2025 }\n`, 'hub.unknownTariff');
hubCase('hub-tariff-operator-without-year', 'invalid', 'a tariff operator without its year', `${H}tariff: { operator: stedin }\n`, 'hub.missingField');
hubCase('hub-tariff-empty', 'invalid', 'a tariff block with neither operator and year nor a rate', `${H}tariff: {}\n`, 'hub.missingField');
hubCase('hub-tariff-negative-rate', 'invalid', 'a negative kWmax rate', `${H}tariff: { kwmaxEurPerKwMonth: -3 }\n`, 'hub.invalidField');
sweepCase('sweep-tariff-unknown-year', 'invalid', 'a sweep tariff year the shipped table does not have (enexis 2030)', S({ more: 'economics: { tariff: { operator: enexis, year: 2030 } }\n' }), 'sweep.unknownTariff');
// Meter exports (semicolons, decimal commas, Datum;Tijd, kWh per quarter hour), validate and init.
/** A meter export of the corpus axis (48 hours from 2023-01-02 00:00 UTC, local time +1) in quarter hours. */
function meterCsv({ skip = () => false, value = (i) => `${(25 + (i % 5)).toString()},${i % 10}`, sep = '-' } = {}) {
  const rows = ['Datum;Tijd;Verbruik (kWh)'];
  for (let i = 0; i < 48 * 4; i++) {
    if (skip(i)) continue;
    const local = new Date(Date.UTC(2023, 0, 2, 1) + i * 900_000);
    const d = `${String(local.getUTCDate()).padStart(2, '0')}${sep}${String(local.getUTCMonth() + 1).padStart(2, '0')}${sep}${local.getUTCFullYear()}`;
    rows.push(`${d};${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')};${value(i)}`);
  }
  return `${rows.join('\r\n')}\r\n`;
}
const METER = '{ file: depot.csv, unit: kWh, timezone: Europe/Amsterdam }';
const meterCase = (name, cls, why, csv, code, depot = METER, extra = {}) => csvCase(name, cls, why, csv, code, { depot, ...extra });
meterCase('meter-gap', 'invalid', 'a meter export missing five quarter hours in two places, without fill', meterCsv({ skip: (i) => i === 40 || (i >= 100 && i < 104) }), 'profile.gap');
meterCase('meter-mixed-decimal', 'invalid', 'a decimal-comma export with one value written with a decimal point', meterCsv({ value: (i) => (i === 30 ? '25.5' : '25,5') }), 'profile.notNumeric');
meterCase('meter-slash-dates-undecidable', 'invalid', 'dates with slashes and no day above 12: day or month first cannot be told', meterCsv({ sep: '/' }), 'profile.badTimestamp');
meterCase('meter-unknown-time-column', 'invalid', 'time names a column the export does not have', meterCsv(), 'profile.unknownColumn', '{ file: depot.csv, unit: kWh, timezone: Europe/Amsterdam, time: [Datum, Uur] }');
meterCase('meter-fill-unknown', 'invalid', 'fill: spline, not a fill method', meterCsv(), 'hub.invalidField', '{ file: depot.csv, unit: kWh, fill: spline }');
meterCase('meter-unit-lowercase', 'invalid', 'unit: kwh (the allowed values are listed)', meterCsv(), 'hub.invalidField', '{ file: depot.csv, unit: kwh }');
meterCase('meter-reuse-year-short-file', 'invalid', 'reuseYear on a file of two days, for an axis in another year', meterCsv(), 'profile.reuseYear', '{ file: depot.csv, unit: kWh, timezone: Europe/Amsterdam, reuseYear: true }', { axis: '{ start: "2019-01-02T00:00:00Z", steps: 48, stepMinutes: 60 }' });
meterCase('meter-other-year-without-reuse', 'invalid', 'a 2023 export for an axis in 2019 without reuseYear: refused, naming reuseYear', meterCsv(), 'profile.wrongLength', METER, { axis: '{ start: "2019-01-02T00:00:00Z", steps: 48, stepMinutes: 60 }' });
hubCase('hub-misspelt-kwp', 'invalid', 'pv: { kWp: 100 }: kwp missing and kWp unknown (did you mean), both listed', `${H}pv: { kWp: 100 }\n`, 'hub.invalidField', undefined, {}, { lines: 2 });
hubCase('hub-three-problems', 'invalid', 'three mistakes in one file: each on its own line', H.replace('energyKwh: 200', 'energyKwh: -200').replace('name: Corpus hub', 'name: Corpus hub\nmemebrs: []').replace('importCapKw: 600', 'importCapKw: lots'), 'hub.invalidField', undefined, {}, { lines: 3 });
cliCase('cli-validate-missing-file', 'invalid', 'validate a file that does not exist', ['validate', 'nowhere.yaml'], 'validate.notFound', {});
cliCase('cli-validate-unknown-kind', 'invalid', 'validate a YAML file that is no hubsim input', ['validate', 'notes.yaml'], 'validate.unknownKind', { 'notes.yaml': 'colour: blue\n' });
cliCase('cli-validate-two-files-missing', 'invalid', 'validate a hub whose two profile files are missing: both listed', ['validate', 'hub.yaml'], 'profile.notFound', { 'hub.yaml': `${H}pv: { kwp: 10, profile: { file: pv.csv } }\nwind: { ratedKw: 10, profile: { file: wind.csv } }\n` });
cliCase('cli-init-exists', 'invalid', 'init over an existing file: refused, the file kept', ['init', 'hub.yaml'], 'init.exists');
// The two-files case lists two lines.
cases.at(-2).lines = 2;
rolloutCase(
  'rollout-queue-without-requests',
  'invalid',
  'reinforcement planned on the requests while no hub requests capacity (capacityRequests: unserved)',
  R({ more: 'economics: { reinforcementPlansOn: served-load-and-requests }\n' }).replace('growth: { baseYear: 2026 }', 'growth: { baseYear: 2026, capacityRequests: unserved }'),
  'rollout.contradiction',
  undefined,
  undefined,
  { number: 283 },
);
rolloutCase(
  'rollout-substation-without-terrains',
  'invalid',
  'a substation that no terrain is on (a fuzz run found it failing its job with a TypeError, exit 3)',
  R({ subs: '  - { id: north, capacityKw: 5000 }\n  - { id: empty, capacityKw: 1000 }\n' }),
  'rollout.substationWithoutTerrains',
  undefined,
  undefined,
  { number: 284 },
);
rolloutCase(
  'rollout-voltage-level-twice',
  'invalid',
  'a substation listing one voltage level twice (a fuzz run found it failing its job, exit 3)',
  R({ subs: '  - { id: north, capacityKw: 5000, voltageLevels: [MV network, MV network] }\n' }),
  'rollout.duplicateLevel',
  undefined,
  undefined,
  { number: 285 },
);
rolloutCase(
  'rollout-reinforcement-level-twice',
  'invalid',
  'economics.reinforcement defining one level twice (the second was never used)',
  R({
    subs: '  - { id: north, capacityKw: 5000, voltageLevels: [MV network] }\n',
    more: 'economics:\n  reinforcement:\n    - { level: MV network, costPerStepEur: 1000000, stepMw: 2, source: a quote }\n    - { level: MV network, costPerStepEur: 2000000, stepMw: 2, source: another quote }\n',
  }),
  'rollout.duplicateLevel',
  undefined,
  undefined,
  { number: 286 },
);
rolloutCase(
  'rollout-growth-absurd',
  'absurd',
  'a growth factor of 1e308 (a fuzz run found the grown demand overflowing to Infinity in the job, exit 3)',
  R().replace('growth: { baseYear: 2026 }', 'growth: { baseYear: 2026, business: { factorByYear: { "2026": 1e308 } } }'),
  'rollout.absurdValue',
  undefined,
  undefined,
  { number: 287 },
);
rolloutCase(
  'rollout-lead-time-zero',
  'invalid',
  'a reinforcement level with leadTimeYears 0: a step ordered at the end of the year its shortfall is found cannot serve that year (it was costed a year before it served)',
  R({
    subs: '  - { id: north, capacityKw: 5000, voltageLevels: [MV network] }\n',
    more: 'economics:\n  reinforcement:\n    - { level: MV network, costPerStepEur: 1000000, stepMw: 2, leadTimeYears: 0, source: a quote }\n',
  }),
  'rollout.invalidField',
  undefined,
  undefined,
  { number: 288 },
);

sweepCase(
  'sweep-import-cap-target-without-cap',
  'invalid',
  'target atMost: importCap on a hub without an import cap and a grid that tries none (the bound was infinite: every configuration met it)',
  S({ more: 'target: { metric: peakImportKw, statistic: p90, atMost: importCap }\n' }),
  'sweep.missingField',
  undefined,
  { 'hub.yaml': SHUB.replace('connection: { importCapKw: 400 }\n', '') },
  { number: 289 },
);
sweepCase(
  'sweep-hub-other-value-of-lost-load',
  'collision',
  'a hub file that prices lost load at EUR 5/kWh under a sweep that prices it at the default EUR 20/kWh (the sweep used its own, silently)',
  S(),
  'sweep.contradiction',
  undefined,
  { 'hub.yaml': `${SHUB}valueOfLostLoadEurPerKwh: 5\n` },
  { number: 290 },
);
add('cli-timings-without-output', 'cli', 'flags', 'run --timings with neither --out nor --json (the solve times went nowhere, silently)', ['run', 'hub.yaml', '--timings'], 'cli.timingsNeedsOutput', { 'hub.yaml': H }, { number: 291 });
add('cli-design-year-not-a-year', 'cli', 'flags', '--design-year that is not a calendar year', ['run', 'hub.yaml', '--strategy', 'mpc', '--design-year', '20x'], 'cli.badDesignYear', { 'hub.yaml': H }, { number: 295 });
add('cli-design-year-not-before', 'cli', 'flags', '--design-year the year scored itself (a controller would know it in advance)', ['run', 'hub.yaml', '--regret', '--design-year', '2023'], 'cli.badDesignYear', { 'hub.yaml': H }, { number: 296 });
add('cli-design-year-unused', 'cli', 'flags', '--design-year with no strategy made on the command line that takes it (it would change nothing, silently)', ['run', 'hub.yaml', '--strategy', 'optimal', '--design-year', '2019'], 'cli.badDesignYear', { 'hub.yaml': H }, { number: 297 });
hubCase('hub-mpc-design-year-not-before', 'invalid', 'an MPC remembering the last days of the year it is scored on (it would know that year in advance)', `${H}strategies:\n  - { kind: mpc, forecast: yesterday, designYear: 2023 }\n`, 'hub.contradiction', undefined, undefined, { number: 292 });
rolloutCase('rollout-mpc-design-year', 'invalid', 'an MPC designYear in a rollout (each year starts with the days of the terrain\'s year before)', R({ strategies: '  - { kind: mpc, forecast: yesterday, designYear: 2019 }\n' }), 'rollout.invalidField', undefined, undefined, { number: 293 });
sweepCase('sweep-mpc-design-year', 'invalid', 'an MPC designYear in a sweep (a synthetic year has no real year before it)', S({ grid: '  strategies: [{ kind: mpc, forecast: yesterday, designYear: 2019 }]\n' }), 'sweep.unsupportedStrategy', undefined, undefined, { number: 294 });
add('cli-design-year-no-shipped-profiles', 'cli', 'flags', '--design-year a year hubsim ships no profiles for, on a hub of two shipped shapes (one line for the year, not one per member)', ['run', 'hub.yaml', '--strategy', 'mpc', '--design-year', '2020'], 'hub.unknownProfile', { 'hub.yaml': H.replace(AXIS, '{ year: 2023 }').replace('profile: 300', 'profile: { shape: nedu-e3a, annualKwh: 1000 }').replace('profile: 100', 'profile: { shape: nedu-e3b, annualKwh: 1000 }') }, { number: 298 });
rolloutCase('rollout-flex-design-year', 'invalid', 'a flex designYear in a rollout (its levels start each year with the terrain\'s year before)', R({ strategies: '  - { kind: flex, designYear: 2019 }\n' }), 'rollout.invalidField', undefined, undefined, { number: 299 });
sweepCase('sweep-flex-design-year', 'invalid', 'a flex designYear in a sweep (a synthetic year has no real year before it)', S({ grid: '  strategies: [{ kind: flex, designYear: 2019 }]\n' }), 'sweep.unsupportedStrategy', undefined, undefined, { number: 300 });
hubCase('hub-flex-perfect-design-year', 'invalid', 'a designYear on flex with plan perfect, which sizes its level on the year scored and would drop it silently (found by an audit)', `${H}strategies:\n  - { kind: flex, plan: perfect, designYear: 2019 }\n`, 'hub.contradiction', undefined, undefined, { number: 301 });

// ---------------------------------------------------------------------------------------------------
// Write the folders: remove the generated ones first (NNN-*), then write each case.
for (const entry of readdirSync(here)) if (/^\d{3}-/.test(entry) && cases.some((c) => entry.slice(4) === c.name)) rmSync(join(here, entry), { recursive: true, force: true });
const yamlString = (s) => JSON.stringify(s);
cases.forEach((c, i) => {
  // A case added after the hand-made folders (278-282) keeps the number it was given.
  const dir = join(here, `${String(c.number ?? i + 1).padStart(3, '0')}-${c.name}`);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(c.files)) {
    if (content === null || content === undefined) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
  const lines = [
    `why: ${yamlString(c.why)}`,
    `kind: ${c.kind}`,
    `class: ${c.cls}`,
    `args: [${c.args.map(yamlString).join(', ')}]`,
    `code: ${c.code}`,
  ];
  if (c.exit !== undefined) lines.push(`exit: ${c.exit}`);
  if (c.process) lines.push('process: true');
  if (c.lines !== undefined) lines.push(`lines: ${c.lines}`);
  writeFileSync(join(dir, 'case.yaml'), `${lines.join('\n')}\n`);
});
console.log(`wrote ${cases.length} cases`);
