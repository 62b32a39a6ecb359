// User profile CSVs: reading (UTC, offsets, local Europe/Amsterdam time over the DST changes), putting them
// on the hub's axis with energy conserved, units and scaling, and every bad input as a HubsimError.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expectError } from './support/expect-error.js';
import { loadHub } from '../src/model/load.js';
import { resolveHub } from '../src/model/resolve.js';
import type { ResolvedHub } from '../src/model/resolved.js';
import { alignToAxis } from '../src/profiles/align.js';
import { readProfileCsv } from '../src/profiles/csv.js';
import { HOUR_MS, isoUtc, localDayIndex, makeAxis, timeMsAt, yearAxis } from '../src/time/axis.js';

const MIN_MS = 60_000;
const utc = (iso: string): number => Date.parse(iso);
const sum = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'hubsim-profile-input-'));
afterAll(() => fs.rmSync(DIR, { recursive: true, force: true }));

let counter = 0;
/** Write a file into a fresh sub-folder of the temp dir; returns its full path. */
function writeIn(dir: string, name: string, text: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}
function freshDir(): string {
  return path.join(DIR, `case-${++counter}`);
}
function csvFile(text: string, name = 'profile.csv'): string {
  return writeIn(freshDir(), name, text);
}

/** CSV text: a header and one row per step from startMs, with values f(i). */
function regularCsv(startMs: number, stepMinutes: number, n: number, f: (i: number) => number, header = 'time_utc,kw'): string {
  const lines = [header];
  for (let i = 0; i < n; i++) lines.push(`${isoUtc(startMs + i * stepMinutes * MIN_MS)},${f(i)}`);
  return `${lines.join('\n')}\n`;
}

/** Write a hub (YAML) with one member whose profile is given (YAML flow text) and the CSV files beside it. */
function hubWithProfile(profileYaml: string, axisYaml: string, files: Record<string, string> = {}): string {
  const dir = freshDir();
  for (const [name, text] of Object.entries(files)) writeIn(dir, name, text);
  return writeIn(
    dir,
    'hub.yaml',
    ['name: profile test hub', `axis: ${axisYaml}`, 'members:', '  - id: m1', `    profile: ${profileYaml}`, ''].join('\n'),
  );
}
const resolveFile = (hubPath: string): ResolvedHub => resolveHub(loadHub(hubPath));


/** Lines of a local-time (Europe/Amsterdam, naive) CSV for the given wall-clock times. */
function localCsv(times: string[], header = 'time,kw'): string {
  return `${[header, ...times.map((t, i) => `${t},${i}`)].join('\n')}\n`;
}
const pad = (n: number) => String(n).padStart(2, '0');

describe('reading profile CSVs', () => {
  it('UTC timestamps: start, step, values and column', () => {
    const file = csvFile('time_utc,kw\n2023-01-01T00:00:00Z,1.5\n2023-01-01T01:00:00Z,2\n2023-01-01T02:00:00Z,-0.25\n');
    const s = readProfileCsv(file, { timezone: 'UTC' });
    expect(s.startMs).toBe(utc('2023-01-01T00:00:00Z'));
    expect(s.stepMs).toBe(HOUR_MS);
    expect(Array.from(s.values)).toEqual([1.5, 2, -0.25]);
    expect(s.column).toBe('kw');
    expect(s.file).toBe(file);
  });

  it('naive timestamps are UTC unless the timezone says otherwise; displayName names the file', () => {
    const file = csvFile('timestamp,power\n2023-06-01 00:00,1\n2023-06-01 00:15,2\n2023-06-01 00:30,3\n');
    const s = readProfileCsv(file, { timezone: 'UTC', displayName: 'mine.csv' });
    expect(s.startMs).toBe(utc('2023-06-01T00:00:00Z'));
    expect(s.stepMs).toBe(15 * MIN_MS);
    expect(s.file).toBe('mine.csv');
    const local = readProfileCsv(file, { timezone: 'Europe/Amsterdam' });
    expect(local.startMs).toBe(utc('2023-05-31T22:00:00Z'));
  });

  it('picks the value column by name, and the time column by name wherever it is', () => {
    const file = csvFile('a,time,b\n1,2023-01-01T00:00Z,10\n2,2023-01-01T01:00Z,20\n');
    expect(Array.from(readProfileCsv(file, { timezone: 'UTC', column: 'b' }).values)).toEqual([10, 20]);
    expect(Array.from(readProfileCsv(file, { timezone: 'UTC', column: 'a' }).values)).toEqual([1, 2]);
  });

  it('offset timestamps (+01:00, +02:00, +0200) give exact UTC instants across the autumn change', () => {
    const file = csvFile(
      [
        'time,kw',
        '2023-10-29T01:00:00+02:00,1',
        '2023-10-29T02:00:00+02:00,2',
        '2023-10-29T02:00:00+01:00,3',
        '2023-10-29T03:00:00+01:00,4',
        '2023-10-29T04:00:00+0100,5',
        '2023-10-29T04:00:00Z,6',
        '',
      ].join('\n'),
    );
    const s = readProfileCsv(file, { timezone: 'UTC' });
    expect(s.startMs).toBe(utc('2023-10-28T23:00:00Z'));
    expect(s.stepMs).toBe(HOUR_MS);
    expect(Array.from(s.values)).toEqual([1, 2, 3, 4, 5, 6]);
    // The same instants whatever the zone for naive timestamps says.
    expect(readProfileCsv(file, { timezone: 'Europe/Amsterdam' }).startMs).toBe(s.startMs);
  });

  it('local Europe/Amsterdam time over the autumn change: 25 rows for 2023-10-29 with the 02:00 hour twice', () => {
    const times = ['00', '01', '02', '02', ...Array.from({ length: 21 }, (_, i) => pad(i + 3))].map((h) => `2023-10-29 ${h}:00`);
    expect(times).toHaveLength(25);
    const s = readProfileCsv(csvFile(localCsv(times)), { timezone: 'Europe/Amsterdam' });
    expect(s.startMs).toBe(utc('2023-10-28T22:00:00Z'));
    expect(s.stepMs).toBe(HOUR_MS);
    expect(s.values).toHaveLength(25);
    const axis = makeAxis(s.startMs, 60, 25);
    const out = alignToAxis(s, axis);
    expect(Array.from(out)).toEqual(times.map((_, i) => i));
    // Row 3 (first 02:00) is 00:00Z in summer time, row 4 (second 02:00) is 01:00Z in winter time.
    expect(isoUtc(timeMsAt(axis, 2))).toBe('2023-10-29T00:00:00Z');
    expect(isoUtc(timeMsAt(axis, 3))).toBe('2023-10-29T01:00:00Z');
    expect(isoUtc(timeMsAt(axis, 24))).toBe('2023-10-29T22:00:00Z');
    // And it is one local day of 25 steps.
    expect(new Set(localDayIndex(axis))).toEqual(new Set([0]));
  });

  it('local Europe/Amsterdam time over the spring change: 23 rows for 2023-03-26 without 02:00', () => {
    const times = ['00', '01', ...Array.from({ length: 21 }, (_, i) => pad(i + 3))].map((h) => `2023-03-26T${h}:00:00`);
    expect(times).toHaveLength(23);
    const s = readProfileCsv(csvFile(localCsv(times)), { timezone: 'Europe/Amsterdam' });
    expect(s.startMs).toBe(utc('2023-03-25T23:00:00Z'));
    expect(s.stepMs).toBe(HOUR_MS);
    expect(s.values).toHaveLength(23);
    const axis = makeAxis(s.startMs, 60, 23);
    expect(Array.from(alignToAxis(s, axis))).toEqual(times.map((_, i) => i));
    expect(isoUtc(timeMsAt(axis, 2))).toBe('2023-03-26T01:00:00Z'); // 03:00 local summer time
    expect(new Set(localDayIndex(axis))).toEqual(new Set([0]));
  });

  it('local quarter hours over the autumn change: 100 rows, 02:00-02:45 twice', () => {
    const times: string[] = [];
    for (const h of [0, 1, 2, 2, ...Array.from({ length: 21 }, (_, i) => i + 3)]) {
      for (const m of [0, 15, 30, 45]) times.push(`2023-10-29T${pad(h)}:${pad(m)}`);
    }
    expect(times).toHaveLength(100);
    const s = readProfileCsv(csvFile(localCsv(times)), { timezone: 'Europe/Amsterdam' });
    expect(s.startMs).toBe(utc('2023-10-28T22:00:00Z'));
    expect(s.stepMs).toBe(15 * MIN_MS);
    expect(s.values).toHaveLength(100);
  });

  it('local time through a full hub file gives the right UTC instants', () => {
    const autumn = ['00', '01', '02', '02', ...Array.from({ length: 21 }, (_, i) => pad(i + 3))].map((h) => `2023-10-29T${h}:00`);
    const hub = resolveFile(
      hubWithProfile('{ file: local.csv, unit: kW, timezone: Europe/Amsterdam }', '{ start: "2023-10-28T22:00:00Z", steps: 25 }', {
        'local.csv': localCsv(autumn),
      }),
    );
    expect(Array.from(hub.members[0].demandKw)).toEqual(autumn.map((_, i) => i));
    expect(Array.from(hub.dayIndex)).toEqual(new Array(25).fill(0));

    // An hour later on the UTC axis: the values shift by one row.
    const shifted = resolveFile(
      hubWithProfile('{ file: local.csv, unit: kW, timezone: Europe/Amsterdam }', '{ start: "2023-10-28T23:00:00Z", steps: 24 }', {
        'local.csv': localCsv(autumn),
      }),
    );
    expect(shifted.members[0].demandKw[0]).toBe(1);
    expect(shifted.members[0].demandKw[2]).toBe(3); // 01:00Z = the second 02:00 row
  });

  it('a UTC-marked file read with timezone Europe/Amsterdam is still exact', () => {
    const text = regularCsv(utc('2023-03-26T00:00:00Z'), 60, 4, (i) => i);
    const hub = resolveFile(
      hubWithProfile('{ file: p.csv, unit: kW, timezone: Europe/Amsterdam }', '{ start: "2023-03-26T00:00:00Z", steps: 4 }', { 'p.csv': text }),
    );
    expect(Array.from(hub.demandKw)).toEqual([0, 1, 2, 3]);
  });
});

describe('putting profiles on the hub axis', () => {
  it('a 15-minute kW member file on an hourly year axis: hourly means, energy conserved', () => {
    const q = (i: number) => Math.round(100 + 60 * Math.sin(i / 11) + (i % 7) * 3);
    const text = regularCsv(utc('2023-01-01T00:00:00Z'), 15, 35040, q);
    const hub = resolveFile(hubWithProfile('{ file: q.csv, unit: kW }', '{ year: 2023 }', { 'q.csv': text }));
    const d = hub.members[0].demandKw;
    expect(d).toHaveLength(8760);
    expect(hub.axis.stepHours).toBe(1);
    let fileEnergy = 0;
    for (let i = 0; i < 35040; i++) fileEnergy += q(i) * 0.25;
    expect(sum(d) * 1).toBeCloseTo(fileEnergy, 6);
    expect(d[0]).toBeCloseTo((q(0) + q(1) + q(2) + q(3)) / 4, 12);
    expect(d[8759]).toBeCloseTo((q(35036) + q(35037) + q(35038) + q(35039)) / 4, 12);
  });

  it('an hourly kW file on a 15-minute year axis (stepMinutes: 15): repeated values, energy conserved', () => {
    const h = (i: number) => 50 + (i % 24) * 2 + (i % 168 === 0 ? 100 : 0);
    const text = regularCsv(utc('2023-01-01T00:00:00Z'), 60, 8760, h);
    const hub = resolveFile(hubWithProfile('{ file: h.csv, unit: kW }', '{ year: 2023, stepMinutes: 15 }', { 'h.csv': text }));
    const d = hub.members[0].demandKw;
    expect(d).toHaveLength(35040);
    expect(hub.axis.stepHours).toBe(0.25);
    let fileEnergy = 0;
    for (let i = 0; i < 8760; i++) fileEnergy += h(i);
    expect(sum(d) * 0.25).toBeCloseTo(fileEnergy, 6);
    expect(Array.from(d.slice(0, 8))).toEqual([h(0), h(0), h(0), h(0), h(1), h(1), h(1), h(1)]);
  });

  it('a file longer than a short axis is sliced at the axis start', () => {
    const text = regularCsv(utc('2023-01-01T00:00:00Z'), 15, 96, (i) => i);
    const hub = resolveFile(hubWithProfile('{ file: q.csv, unit: kW }', '{ start: "2023-01-01T02:00:00Z", steps: 3 }', { 'q.csv': text }));
    expect(Array.from(hub.demandKw)).toEqual([9.5, 13.5, 17.5]);
  });

  it('unit MW is multiplied by 1000', () => {
    const text = regularCsv(utc('2023-01-01T00:00:00Z'), 60, 4, (i) => [0.5, 1.25, 2, 0][i], 'time_utc,mw');
    const axis = '{ start: "2023-01-01T00:00:00Z", steps: 4 }';
    const mw = resolveFile(hubWithProfile('{ file: p.csv, unit: MW }', axis, { 'p.csv': text }));
    expect(Array.from(mw.demandKw)).toEqual([500, 1250, 2000, 0]);
    const kw = resolveFile(hubWithProfile('{ file: p.csv, unit: kW }', axis, { 'p.csv': text }));
    expect(Array.from(kw.demandKw)).toEqual([0.5, 1.25, 2, 0]);
  });

  it('unit shape with annualKwh scales so that the year holds that energy (hourly and 15-minute axes)', () => {
    const shape = (i: number) => 0.2 + ((i * 7919) % 100) / 100;
    const text = regularCsv(utc('2023-01-01T00:00:00Z'), 60, 8760, shape, 'time_utc,pu');
    const files = { 'shape.csv': text };
    const hourly = resolveFile(hubWithProfile('{ file: shape.csv, unit: shape, annualKwh: 250000 }', '{ year: 2023 }', files));
    expect(sum(hourly.demandKw) * 1).toBeCloseTo(250000, 4);
    const quarter = resolveFile(hubWithProfile('{ file: shape.csv, unit: shape, annualKwh: 250000 }', '{ year: 2023, stepMinutes: 15 }', files));
    expect(sum(quarter.demandKw) * 0.25).toBeCloseTo(250000, 4);
    // The shape is kept: the ratio between two hours is unchanged.
    expect(hourly.demandKw[5] / hourly.demandKw[6]).toBeCloseTo(shape(5) / shape(6), 12);
  });

  it('unit shape with peakKw and meanKw', () => {
    const text = regularCsv(utc('2023-01-01T00:00:00Z'), 60, 8760, (i) => 1 + (i % 4), 'time_utc,pu');
    const files = { 'shape.csv': text };
    const peak = resolveFile(hubWithProfile('{ file: shape.csv, unit: shape, peakKw: 800 }', '{ year: 2023 }', files));
    expect(Math.max(...peak.demandKw)).toBeCloseTo(800, 9);
    const mean = resolveFile(hubWithProfile('{ file: shape.csv, unit: shape, meanKw: 300 }', '{ year: 2023 }', files));
    expect(sum(mean.demandKw) / 8760).toBeCloseTo(300, 9);
  });

  it('a byte order mark and CRLF line ends are handled (and line numbers still count right)', () => {
    const good = csvFile('\ufefftime_utc,kw\r\n2023-01-01T00:00:00Z,1\r\n2023-01-01T01:00:00Z,2\r\n2023-01-01T02:00:00Z,3\r\n');
    const s = readProfileCsv(good, { timezone: 'UTC' });
    expect(s.column).toBe('kw');
    expect(s.startMs).toBe(utc('2023-01-01T00:00:00Z'));
    expect(Array.from(s.values)).toEqual([1, 2, 3]);
    // With the BOM stripped the first header cell keeps its plain name.
    expect(Array.from(readProfileCsv(good, { timezone: 'UTC', column: 'kw' }).values)).toEqual([1, 2, 3]);
    const reordered = csvFile('\ufeffkw,time_utc\r\n1,2023-01-01T00:00:00Z\r\n2,2023-01-01T01:00:00Z\r\n');
    const r = readProfileCsv(reordered, { timezone: 'UTC' });
    expect(r.column).toBe('kw'); // not "\ufeffkw"
    expect(Array.from(r.values)).toEqual([1, 2]);
    expect(Array.from(readProfileCsv(reordered, { timezone: 'UTC', column: 'kw' }).values)).toEqual([1, 2]);
    const bad = csvFile('\ufefftime_utc,kw\r\n2023-01-01T00:00:00Z,1\r\n2023-01-01T01:00:00Z,2\r\n2023-01-01T02:00:00Z,x\r\n');
    expectError(() => readProfileCsv(bad, { timezone: 'UTC' }), 'profile.notNumeric', { file: bad, line: 4 });
  });

  it('comment lines and blank lines are skipped, line numbers still count them', () => {
    const file = csvFile('# exported by the meter\ntime_utc,kw\n\n2023-01-01T00:00:00Z,1\n2023-01-01T01:00:00Z,oops\n');
    expectError(() => readProfileCsv(file, { timezone: 'UTC' }), 'profile.notNumeric', { file, line: 5 });
  });
});

describe('bad profile CSVs', () => {
  const read = (file: string, extra: { column?: string; timezone?: 'UTC' | 'Europe/Amsterdam' } = {}) => () =>
    readProfileCsv(file, { timezone: 'UTC', ...extra });

  it('non-numeric cell: profile.notNumeric with the line', () => {
    const file = csvFile('time_utc,kw\n2023-01-01T00:00Z,1\n2023-01-01T01:00Z,"1,5"\n'); // a decimal comma
    expectError(read(file), 'profile.notNumeric', { file, line: 3 });
    const file2 = csvFile('time_utc,kw\n2023-01-01T00:00Z,1\n2023-01-01T01:00Z,2\n2023-01-01T02:00Z,n/a\n');
    const e = expectError(read(file2), 'profile.notNumeric', { file: file2, line: 4 });
    expect(e.message).toContain('n/a');
    const file3 = csvFile('time_utc,kw\n2023-01-01T00:00Z,1\n2023-01-01T01:00Z,Infinity\n');
    expectError(read(file3), 'profile.notNumeric', { file: file3, line: 3 });
  });

  it('empty cell: profile.missingValue with the line', () => {
    const file = csvFile('time_utc,kw\n2023-01-01T00:00Z,1\n2023-01-01T01:00Z,\n2023-01-01T02:00Z,3\n');
    expectError(read(file), 'profile.missingValue', { file, line: 3 });
    const blank = csvFile('time_utc,kw\n2023-01-01T00:00Z,1\n2023-01-01T01:00Z,2\n2023-01-01T02:00Z,   \n');
    expectError(read(blank), 'profile.missingValue', { file: blank, line: 4 });
  });

  it('duplicate timestamp: profile.duplicateTimestamp with the line', () => {
    const file = csvFile('time_utc,kw\n2023-01-01T00:00Z,1\n2023-01-01T01:00Z,2\n2023-01-01T01:00Z,2\n2023-01-01T02:00Z,3\n');
    expectError(read(file), 'profile.duplicateTimestamp', { file, line: 4 });
    // The same instant written with another offset is a duplicate too.
    const offset = csvFile('time,kw\n2023-01-01T00:00Z,1\n2023-01-01T01:00Z,2\n2023-01-01T02:00+01:00,2\n');
    expectError(read(offset), 'profile.duplicateTimestamp', { file: offset, line: 4 });
    // Local 02:00 may appear twice on 2023-10-29, not three times.
    const thrice = csvFile(localCsv(['2023-10-29 01:00', '2023-10-29 02:00', '2023-10-29 02:00', '2023-10-29 02:00', '2023-10-29 03:00']));
    expectError(read(thrice, { timezone: 'Europe/Amsterdam' }), 'profile.duplicateTimestamp', { file: thrice, line: 5 });
  });

  it('unsorted rows: profile.unsortedTimestamp with the line', () => {
    const file = csvFile('time_utc,kw\n2023-01-01T00:00Z,1\n2023-01-01T02:00Z,2\n2023-01-01T01:00Z,3\n');
    expectError(read(file), 'profile.unsortedTimestamp', { file, line: 4 });
    const reversed = csvFile('time_utc,kw\n2023-01-01T02:00Z,1\n2023-01-01T01:00Z,2\n2023-01-01T00:00Z,3\n');
    expectError(read(reversed), 'profile.unsortedTimestamp', { file: reversed, line: 3 });
  });

  it('a gap: profile.gap with the line', () => {
    const file = csvFile('time_utc,kw\n2023-01-01T00:00Z,1\n2023-01-01T01:00Z,2\n2023-01-01T02:00Z,3\n2023-01-01T04:00Z,4\n');
    const e = expectError(read(file), 'profile.gap', { file, line: 5 });
    expect(e.message).toContain('2023-01-01T03:00:00Z');
    // A local file that skips the repeated 02:00 hour of the autumn change has a gap.
    const skipped = csvFile(localCsv(['2023-10-29 00:00', '2023-10-29 01:00', '2023-10-29 02:00', '2023-10-29 03:00']));
    expectError(read(skipped, { timezone: 'Europe/Amsterdam' }), 'profile.gap', { file: skipped, line: 5 });
    // Irregular steps.
    const irregular = csvFile(regularCsv(utc('2023-01-01T00:00:00Z'), 7, 3, (i) => i).trimEnd() + '\n2023-01-01T00:22:00Z,9\n');
    expectError(read(irregular), 'profile.gap', { file: irregular, line: 5 });
  });

  it('unparsable timestamp: profile.badTimestamp with the line', () => {
    const file = csvFile('time_utc,kw\n2023-01-01T00:00Z,1\n01/01/2023 01:00,2\n');
    expectError(read(file), 'profile.badTimestamp', { file, line: 3 });
    const invalid = csvFile('time_utc,kw\n2023-02-28T00:00Z,1\n2023-02-29T00:00Z,2\n');
    expectError(read(invalid), 'profile.badTimestamp', { file: invalid, line: 3 });
    const empty = csvFile('time_utc,kw\n2023-01-01T00:00Z,1\n,2\n');
    expectError(read(empty), 'profile.badTimestamp', { file: empty, line: 3 });
  });

  it('nonexistent local time (2023-03-26 02:00 in Europe/Amsterdam): profile.badTimestamp with the line', () => {
    const file = csvFile(localCsv(['2023-03-26 00:00', '2023-03-26 01:00', '2023-03-26 02:00', '2023-03-26 03:00']));
    const e = expectError(read(file, { timezone: 'Europe/Amsterdam' }), 'profile.badTimestamp', { file, line: 4 });
    expect(e.message).toMatch(/does not exist/);
    // Read as UTC the same file is fine.
    expect(readProfileCsv(file, { timezone: 'UTC' }).values).toHaveLength(4);
  });

  it('wrong length for the axis: profile.wrongLength naming the file', () => {
    const text = regularCsv(utc('2023-01-01T00:00:00Z'), 60, 8759, () => 1);
    const hubPath = hubWithProfile('{ file: short.csv, unit: kW }', '{ year: 2023 }', { 'short.csv': text });
    expectError(() => resolveFile(hubPath), 'profile.wrongLength', { file: 'short.csv' });
    // Starting after the axis start.
    const late = regularCsv(utc('2023-01-01T01:00:00Z'), 60, 10, () => 1);
    const latePath = hubWithProfile('{ file: late.csv, unit: kW }', '{ start: "2023-01-01T00:00:00Z", steps: 4 }', { 'late.csv': late });
    expectError(() => resolveFile(latePath), 'profile.wrongLength', { file: 'late.csv' });
    // Directly: a day of data on a year axis.
    const day = readProfileCsv(csvFile(regularCsv(utc('2023-01-01T00:00:00Z'), 60, 24, () => 1)), { timezone: 'UTC', displayName: 'day.csv' });
    const e = expectError(() => alignToAxis(day, yearAxis(2023)), 'profile.wrongLength', { file: 'day.csv' });
    expect(e.message).toContain('8760');
  });

  it('empty file, blank file, comments only, header only and a single row: profile.empty', () => {
    const empty = csvFile('');
    expectError(read(empty), 'profile.empty', { file: empty });
    const blank = csvFile('\ufeff \n\n');
    expectError(read(blank), 'profile.empty', { file: blank });
    const comments = csvFile('# nothing here yet\n');
    expectError(read(comments), 'profile.empty', { file: comments });
    const header = csvFile('time_utc,kw\n');
    expectError(read(header), 'profile.empty', { file: header });
    const single = csvFile('time_utc,kw\n2023-01-01T00:00Z,1\n');
    expectError(read(single), 'profile.empty', { file: single });
  });

  it('unknown column: profile.unknownColumn on line 1', () => {
    const file = csvFile('time_utc,kw\n2023-01-01T00:00Z,1\n2023-01-01T01:00Z,2\n');
    const e = expectError(read(file, { column: 'power' }), 'profile.unknownColumn', { file, line: 1 });
    expect(e.message).toContain('power');
    // The time column is not a value column.
    expectError(read(file, { column: 'time_utc' }), 'profile.unknownColumn', { file, line: 1 });
    // A time column only.
    const only = csvFile('time_utc\n2023-01-01T00:00Z\n2023-01-01T01:00Z\n');
    expectError(read(only), 'profile.unknownColumn', { file: only, line: 1 });
    // Through a hub: the column named in the hub file.
    const hubPath = hubWithProfile('{ file: p.csv, column: kwh, unit: kW }', '{ start: "2023-01-01T00:00:00Z", steps: 2 }', {
      'p.csv': 'time_utc,kw\n2023-01-01T00:00Z,1\n2023-01-01T01:00Z,2\n',
    });
    expectError(() => resolveFile(hubPath), 'profile.unknownColumn', { file: 'p.csv', line: 1 });
  });

  it('several value columns without "column": profile.ambiguousColumn on line 1', () => {
    const file = csvFile('time_utc,office,shop\n2023-01-01T00:00Z,1,2\n2023-01-01T01:00Z,3,4\n');
    const e = expectError(read(file), 'profile.ambiguousColumn', { file, line: 1 });
    expect(e.message).toContain('office');
    expect(Array.from(readProfileCsv(file, { timezone: 'UTC', column: 'shop' }).values)).toEqual([2, 4]);
  });

  it('ragged row: profile.badRow with the line', () => {
    const file = csvFile('time_utc,kw\n2023-01-01T00:00Z,1\n2023-01-01T01:00Z,2,3\n2023-01-01T02:00Z,3\n');
    expectError(read(file), 'profile.badRow', { file, line: 3 });
    const short = csvFile('time_utc,a,b\n2023-01-01T00:00Z,1,2\n2023-01-01T01:00Z,2,3\n2023-01-01T02:00Z,3\n');
    expectError(read(short, { column: 'a' }), 'profile.badRow', { file: short, line: 4 });
    const quote = csvFile('time_utc,kw\n2023-01-01T00:00Z,1\n2023-01-01T01:00Z,"2\n');
    expectError(read(quote), 'profile.badRow', { file: quote });
  });

  it('missing file: profile.notFound, directly and through a hub (path relative to the hub file)', () => {
    const missing = path.join(DIR, 'does-not-exist.csv');
    expectError(read(missing), 'profile.notFound', { file: missing });
    expectError(read(DIR), 'profile.notFound', { file: DIR }); // a folder is not a file
    const hubPath = hubWithProfile('{ file: data/missing.csv, unit: kW }', '{ year: 2023 }');
    expectError(() => resolveFile(hubPath), 'profile.notFound', { file: 'data/missing.csv' });
  });

  it('a file found relative to the hub file, not to the working directory', () => {
    const dir = freshDir();
    writeIn(path.join(dir, 'data'), 'p.csv', regularCsv(utc('2023-01-01T00:00:00Z'), 60, 2, (i) => i + 1));
    const hubPath = writeIn(
      dir,
      'hub.yaml',
      'name: x\naxis: { start: "2023-01-01T00:00:00Z", steps: 2 }\nmembers:\n  - { id: a, profile: { file: data/p.csv, unit: kW } }\n',
    );
    expect(Array.from(resolveFile(hubPath).demandKw)).toEqual([1, 2]);
  });

  it('incompatible steps: 7-minute or 45-minute data on an hourly axis is profile.badStep', () => {
    const seven = regularCsv(utc('2023-01-01T00:00:00Z'), 7, 40, () => 1);
    const hubPath = hubWithProfile('{ file: seven.csv, unit: kW }', '{ start: "2023-01-01T00:00:00Z", steps: 4 }', { 'seven.csv': seven });
    expectError(() => resolveFile(hubPath), 'profile.badStep', { file: 'seven.csv' });
    const fortyFive = regularCsv(utc('2023-01-01T00:00:00Z'), 45, 8, () => 1);
    const p45 = hubWithProfile('{ file: p45.csv, unit: kW }', '{ start: "2023-01-01T00:00:00Z", steps: 4 }', { 'p45.csv': fortyFive });
    expectError(() => resolveFile(p45), 'profile.badStep', { file: 'p45.csv' });
    // Hourly data on the half hour does not line up with an axis on the hour.
    const half = regularCsv(utc('2022-12-31T23:30:00Z'), 60, 6, () => 1);
    const pHalf = hubWithProfile('{ file: half.csv, unit: kW }', '{ start: "2023-01-01T00:00:00Z", steps: 4 }', { 'half.csv': half });
    expectError(() => resolveFile(pHalf), 'profile.badStep', { file: 'half.csv' });
  });

  it('bad cells in a connection cap or PV file are reported the same way', () => {
    const dir = freshDir();
    writeIn(dir, 'cap.csv', 'time_utc,kw\n2023-01-01T00:00Z,100\n2023-01-01T01:00Z,abc\n');
    const hubPath = writeIn(
      dir,
      'hub.yaml',
      'name: x\naxis: { start: "2023-01-01T00:00:00Z", steps: 2 }\nmembers:\n  - { id: a, profile: 5 }\nconnection:\n  importCapKw: { file: cap.csv }\n',
    );
    expectError(() => resolveFile(hubPath), 'profile.notNumeric', { file: 'cap.csv', line: 3 });
  });
});
