/*
 * Meter data in: Dutch meter exports read as they come (semicolon separators, decimal commas, kWh per
 * quarter hour, separate date and time columns in local time, interval-end labels, missing
 * intervals), reuseYear, and the commands that check and start hub files (validate, init).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HubsimError, HubsimProblems } from '../src/errors.js';
import { loadHub } from '../src/model/load.js';
import { resolveHub } from '../src/model/resolve.js';
import { readProfileCsv } from '../src/profiles/csv.js';
import { INIT_HUB } from '../src/cli/init.js';
import { runCli } from './support/cli.js';
// @ts-expect-error plain JavaScript fixture generator
import { meterExport } from './fixtures/meter/make-meter-export.mjs';

const dir = mkdtempSync(join(tmpdir(), 'meter-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
function write(name: string, text: string): string {
  const path = join(dir, `${count++}-${name}`);
  writeFileSync(path, text);
  return path;
}
function csv(text: string, options: Parameters<typeof readProfileCsv>[1] = { timezone: 'UTC' }) {
  return readProfileCsv(write('p.csv', text), options);
}
function code(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof HubsimError) return `${err.code}: ${err.message}`;
    throw err;
  }
  return 'no error';
}

describe('a Dutch meter export runs and keeps its energy', () => {
  it('semicolons, decimal commas, kWh per 15 minutes, Datum;Tijd in local time: demandEnergyKwh equals the file to the kWh', { timeout: 120_000 }, async () => {
    const text: string = meterExport();
    const hubDir = mkdtempSync(join(dir, 'e2e-'));
    writeFileSync(join(hubDir, 'meter-2023.csv'), text);
    writeFileSync(
      join(hubDir, 'hub.yaml'),
      'name: Metered office\naxis: { year: 2023, stepMinutes: 15 }\nmembers:\n  - { id: office, profile: { file: meter-2023.csv, unit: kWh, timezone: Europe/Amsterdam } }\nconnection: { importCapKw: 200 }\nbattery: { energyKwh: 200, powerKw: 50 }\n',
    );
    // The file's energy, summed here from its text with no hubsim code: the third column, comma as decimal mark.
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('Datum;Tijd;Verbruik (kWh)');
    expect(lines.filter((l) => l.startsWith('26-03-2023;'))).toHaveLength(92);
    expect(lines.filter((l) => l.startsWith('29-10-2023;'))).toHaveLength(100);
    const fileKwh = lines.slice(1).reduce((sum, l) => sum + Number(l.split(';')[2].replace(',', '.')), 0);

    const out = join(hubDir, 'out');
    const r = await runCli('run', join(hubDir, 'hub.yaml'), '--strategy', 'baseline,peak-shaving', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("4 step(s) not in the file, taken from the file's first local hour");
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    for (const s of ['baseline', 'peak-shaving']) expect(Math.abs(results.strategies[s].metrics.demandEnergyKwh - fileKwh)).toBeLessThan(1);
    expect(results.hub.filledSteps).toEqual([{ field: 'members[0].profile', file: 'meter-2023.csv', method: 'year-edge', steps: 4 }]);
  });
});

describe('profile CSVs as meter exports write them', () => {
  it('detects the separator and the decimal comma, and reads kWh per interval as mean kW', () => {
    const s = csv('Datum;Tijd;kWh\n02-01-2023;00:00;12,5\n02-01-2023;00:15;1.000,25\n02-01-2023;00:30;,5\n');
    expect([...s.values]).toEqual([12.5, 1000.25, 0.5]);
    expect(s.stepMs).toBe(15 * 60_000);
    expect(s.startMs).toBe(Date.UTC(2023, 0, 2));
    const path = write('kwh.csv', 'Datum;Tijd;kWh\n02-01-2023;00:00;25\n02-01-2023;00:15;50\n');
    const hub = write('hub.yaml', `name: k\naxis: { start: "2023-01-02T00:00:00Z", steps: 2, stepMinutes: 15 }\nmembers:\n  - { id: a, profile: { file: ${path}, unit: kWh } }\n`);
    // 25 kWh in a quarter hour is a mean of 100 kW.
    expect([...resolveHub(loadHub(hub)).demandKw]).toEqual([100, 200]);
  });

  it('takes a delimiter and decimal mark that are set, and names the separator when rows do not split', () => {
    expect([...csv('time\tkw\n2023-01-01T00:00Z\t1,5\n2023-01-01T01:00Z\t2\n', { timezone: 'UTC', delimiter: '\t', decimal: ',' }).values]).toEqual([1.5, 2]);
    expect(code(() => csv('time;kw\n2023-01-01T00:00Z;1,5;3\n2023-01-01T01:00Z;2\n'))).toMatch(/^profile.badRow: .*separator ";" \(detected from the header/);
    expect(code(() => csv('time,kw\n2023-01-01T00:00Z,"1,5"\n2023-01-01T01:00Z,2\n'))).toMatch(/^profile.notNumeric: .*set decimal: ","/);
    expect(code(() => csv('Datum;kWh\n2023-01-01;1,5\n2023-01-02;2.5\n'))).toMatch(/^profile.notNumeric: .*line 3.*decimal comma/);
  });

  it('joins date and time columns, reads dates day or month first, and refuses an undecidable order', () => {
    expect(csv('Datum;Tijd;kWh\n13-01-2023;23:45;1\n14-01-2023;00:00;2\n').startMs).toBe(Date.UTC(2023, 0, 13, 23, 45));
    expect(csv('date,hour,kw\n01/13/2023,23:00,1\n01/14/2023,0:00,2\n', { timezone: 'UTC', time: ['date', 'hour'] }).startMs).toBe(Date.UTC(2023, 0, 13, 23));
    expect(csv('date,hour,kw\n01/02/2023,23:00,1\n01/03/2023,0:00,2\n', { timezone: 'UTC', time: ['date', 'hour'], dayFirst: true }).startMs).toBe(Date.UTC(2023, 1, 1, 23));
    expect(code(() => csv('Datum;Tijd;kWh\n02-01-2023;00:00;1\n02-01-2023;00:15;2\n'))).toBe('no error');
    // Dashes or dots with no day above 12: day first, the European order; slashes: the file must say.
    expect(csv('Datum;Tijd;kWh\n01-02-2023;00:00;1\n01-02-2023;00:15;2\n').startMs).toBe(Date.UTC(2023, 1, 1));
    expect(code(() => csv('date,time,kw\n01/02/2023,00:00,1\n01/02/2023,00:15,2\n'))).toMatch(/^profile.badTimestamp: .*line 2.*set dayFirst/);
    expect(code(() => csv('date,time,kw\n12/31/2023,00:00,1\n31/12/2023,00:15,2\n'))).toMatch(/^profile.badTimestamp: .*day first in some rows and the month first in others/);
    expect(code(() => csv('Datum;Tijd;kWh\n01-02-2023;00:00;1\n', { timezone: 'UTC', time: ['Datum', 'Uur'] }))).toMatch(/^profile.unknownColumn: .*no time column "Uur"/);
    // The date alone as the time column: the repeat says to name the time column too.
    expect(code(() => csv('Datum,Verbruik,Uur\n2023-01-02,1,00:00\n2023-01-02,2,00:15\n', { timezone: 'UTC', time: 'Datum', column: 'Verbruik' }))).toMatch(/^profile.duplicateTimestamp: .*time: \["Datum", <time column>\]/);
  });

  it('local time with interval-end labels: 00:15 closes the first quarter hour and 24:00 the last; the 25-hour day in order', () => {
    const rows = ['Datum;Tijd;kWh'];
    // 29 October 2023 in Europe/Amsterdam: 100 quarter hours, labelled by their ends.
    const start = Date.UTC(2023, 9, 28, 22);
    for (let k = 1; k <= 100; k++) {
      const t = start + k * 900_000;
      const local = new Date(t + (t < Date.UTC(2023, 9, 29, 1) ? 2 : 1) * 3_600_000);
      const hhmm = k === 100 ? '24:00' : `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
      rows.push(`29-10-2023;${hhmm};${k}`);
    }
    const s = csv(`${rows.join('\n')}\n`, { timezone: 'Europe/Amsterdam', label: 'end' });
    expect(s.startMs).toBe(start);
    expect(s.values).toHaveLength(100);
    expect(s.values[99]).toBe(100);
  });

  it('refuses missing intervals with their count and the first one, and fills them when told how (counted)', () => {
    const text = 'time,kw\n2023-01-01T00:00Z,1\n2023-01-01T01:00Z,2\n2023-01-01T04:00Z,5\n2023-01-01T05:00Z,6\n2023-01-01T07:00Z,8\n';
    expect(code(() => csv(text))).toMatch(/^profile.gap: .*line 4: 3 60-minute interval\(s\) missing, the first from 2023-01-01T02:00:00Z, before this line.*fill: linear, previous or zero/);
    const linear = csv(text, { timezone: 'UTC', fill: 'linear' });
    expect([...linear.values]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(linear.filledSteps).toBe(3);
    expect([...csv(text, { timezone: 'UTC', fill: 'previous' }).values]).toEqual([1, 2, 2, 2, 5, 6, 6, 8]);
    expect([...csv(text, { timezone: 'UTC', fill: 'zero' }).values]).toEqual([1, 2, 0, 0, 5, 6, 0, 8]);
    // An empty cell is a missing interval too.
    const empty = csv('time,kw\n2023-01-01T00:00Z,1\n2023-01-01T01:00Z,\n2023-01-01T02:00Z,3\n', { timezone: 'UTC', fill: 'linear' });
    expect([...empty.values]).toEqual([1, 2, 3]);
    expect(empty.filledSteps).toBe(1);
    // A file mostly missing is refused whatever the fill.
    expect(code(() => csv('time,kw\n2023-01-01T00:00Z,1\n2023-01-01T01:00Z,1\n2023-03-01T00:00Z,1\n', { timezone: 'UTC', fill: 'zero' }))).toMatch(/^profile.gap: .*more missing than present/);
  });

  it('a fill shows in results.json under hub.filledSteps', async () => {
    const path = write('gap.csv', 'time,kw\n2023-01-02T00:00Z,1\n2023-01-02T02:00Z,3\n2023-01-02T03:00Z,4\n');
    const hub = write('hub.yaml', `name: g\naxis: { start: "2023-01-02T00:00:00Z", steps: 4 }\nmembers:\n  - { id: a, profile: { file: ${path}, unit: kW, fill: linear } }\n`);
    const r = await runCli('run', hub, '--json', '--strategy', 'baseline');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.hub.filledSteps).toEqual([{ field: 'members[0].profile', file: path, method: 'linear', steps: 1 }]);
    expect(json.strategies.baseline.metrics.demandEnergyKwh).toBe(10);
  });
});

describe('reuseYear: one metered year on another calendar year', () => {
  // Local 2023, hourly: each value says its local day of the year and hour (day * 100 + hour).
  const rows = ['Datum;Tijd;kW'];
  for (let t = Date.UTC(2022, 11, 31, 23); t < Date.UTC(2023, 11, 31, 23); t += 3_600_000) {
    const summer = t >= Date.UTC(2023, 2, 26, 1) && t < Date.UTC(2023, 9, 29, 1);
    const local = new Date(t + (summer ? 2 : 1) * 3_600_000);
    const day = Math.round((Date.UTC(2023, local.getUTCMonth(), local.getUTCDate()) - Date.UTC(2023, 0, 1)) / 86_400_000);
    rows.push(`${local.getUTCDate()}-${local.getUTCMonth() + 1}-2023;${local.getUTCHours()}:00;${day * 100 + local.getUTCHours()}`);
  }
  const file = write('metered-2023.csv', `${rows.join('\n')}\n`);
  const hubOn = (year: number, reuse: boolean): string =>
    write('hub.yaml', `name: r\naxis: { year: ${year} }\nmembers:\n  - { id: a, profile: { file: ${file}, unit: kW, timezone: Europe/Amsterdam, reuseYear: ${reuse} } }\n`);

  it('maps each step to the same local time on the nearest day with the same weekday', () => {
    const demand = resolveHub(loadHub(hubOn(2019, true))).demandKw;
    // 2019-01-07 is a Monday (day 6); 2023's day 6 is Saturday 7 January, the nearest Monday 9 January (day 8).
    // 10:00 local is 09:00 UTC in winter: step 6 * 24 + 9.
    expect(demand[6 * 24 + 9]).toBe(8 * 100 + 10);
    // 2019-07-03 (Wednesday, day 183), 14:00 local = 12:00 UTC; 2023 day 183 is Monday 3 July, the nearest Wednesday 5 July (day 185).
    expect(demand[183 * 24 + 12]).toBe(185 * 100 + 14);
    // 2019-12-31 is a Tuesday (day 364); 2023's day 364 is Sunday 31 December; the nearest Tuesday (2 January 2024)
    // lies outside the metered year, so a week earlier: Tuesday 26 December 2023 (day 359). 10:00 UTC is 11:00 local.
    expect(demand[364 * 24 + 10]).toBe(359 * 100 + 11);
  });

  it('without reuseYear another year is refused, saying how', () => {
    expect(code(() => resolveHub(loadHub(hubOn(2019, false))))).toMatch(/^profile.wrongLength: .*set reuseYear: true/);
  });

  it('a file of the scored year only, read for an earlier training or design year: the error names that year, the field and what sets it', async () => {
    // The hub runs 2023, which the file covers; the forecaster of --regret's MPC trains on 2019.
    // The hub names its file as written beside it, so that the line is not cut at 400 characters.
    const short = (strategies = ''): string => write('hub.yaml', `name: r\naxis: { year: 2023 }\nmembers:\n  - { id: a, profile: { file: ${basename(file)}, unit: kW, timezone: Europe/Amsterdam } }\n${strategies}`);
    const regret = await runCli('run', short(), '--regret');
    expect(regret.code).toBe(2);
    const line = regret.stderr.trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(/^hubsim: error \[profile.wrongLength\] .*hub.yaml line 4 field members\[0\]\.profile: .*metered-2023\.csv covers 2022-12-31T23:00:00Z to 2023-12-31T23:00:00Z, but /);
    expect(line).toMatch(/the MPC forecaster trains on 2019 \(trainYear, default .*\); .*set reuseYear: true on the profile \(to map its metered year onto 2019\)$/);
    expect(line).not.toContain("hub's time axis");
    // A strategy of the hub file: its own trainYear and designYear fields are named.
    const own = (strategy: string): string => short(`strategies:\n  - ${strategy}\n`);
    const mpc = await runCli('run', own('{ kind: mpc, trainYear: 2019 }'));
    expect(mpc.stderr).toMatch(/field members\[0\]\.profile: .*trains on 2019 \(strategies\[0\]\.trainYear\); set strategies\[0\]\.trainYear to a year before 2023 that the file covers, or set reuseYear: true/);
    const shaver = await runCli('run', own('{ kind: peak-shaving, designYear: 2019 }'));
    expect(shaver.stderr).toMatch(/^hubsim: error \[profile.wrongLength\] .*field members\[0\]\.profile: .*designed on 2019 \(strategies\[0\]\.designYear\)/);
  });

  it('in a rollout: without reuseYear a missing weather year names the terrain and weatherYears; with it, every weather year runs', { timeout: 120_000 }, async () => {
    const rollout = (reuse: boolean): string =>
      write(
        'rollout.yaml',
        `name: r\nhorizon: { startYear: 2026, endYear: 2026 }\nweatherYears: [2023, 2019]\ngrowth: { baseYear: 2026 }\nstrategies: [{ kind: peak-shaving }]\nsubstations: [{ id: north, capacityKw: 5000, backgroundLoad: 100 }]\nterrains:\n  - { id: metered-park, substation: north, hubStartYear: 2026, hub: ${hubOn(2023, reuse)} }\n`,
      );
    const refused = await runCli('validate', rollout(false));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^hubsim: error \[profile.wrongLength\] terrain "metered-park" in weather year 2019 \(weatherYears\): .*set reuseYear: true/);
    const ran = await runCli('rollout', rollout(true), '--workers', '1', '--json');
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    const json = JSON.parse(ran.stdout);
    expect(json.weatherYears).toEqual([2023, 2019]);
    // The file covers local 2023, one hour short of the UTC year: that hour is filled, and the rollout's
    // results say so per terrain and weather year, as a run's do.
    expect(json.filledSteps).toContainEqual({ terrain: 'metered-park', weatherYear: 2023, field: 'members[0].profile', file: expect.any(String), method: 'year-edge', steps: 1 });
    const printed = await runCli('rollout', rollout(true), '--workers', '1');
    expect(printed.stdout.replace(/\s+/g, ' ')).toMatch(/terrain metered-park, weather year 2023: members\[0\]\.profile \(.*\): 1 step\(s\) not in the file/);
  });

  it('validate reads a sweep\'s hub files on each source year of its draws', async () => {
    const sweep = (reuse: boolean): string =>
      write('sweep.yaml', `name: s\nhub: ${hubOn(2023, reuse)}\ndraws: { count: 2, seed: 1, sourceYears: [2019, 2023] }\ngrid:\n  battery: { energyKwh: [0, 100], powerKw: [50] }\n  strategies: [{ kind: peak-shaving }]\n` +
        // The metered hub has no import cap: the target's limit is a number (atMost: importCap is refused).
        `target: { metric: peakImportKw, atMost: 3000 }\n`);
    const refused = await runCli('validate', sweep(false));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^hubsim: error \[profile.wrongLength\] .* in source year 2019 \(draws.sourceYears\): .*set reuseYear: true/);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect((await runCli('validate', sweep(true))).code).toBe(0);
  });

  it('on its own year the file is read as it is (the last local hour from its first)', () => {
    const demand = resolveHub(loadHub(hubOn(2023, true))).demandKw;
    expect(demand[0]).toBe(1);
    expect(demand[8759]).toBe(0);
  });
});

describe('hub-file errors list every problem', () => {
  it('a misspelt key and a bad unit: both, each at its path, the key with a did-you-mean hint', () => {
    const hub = write('hub.yaml', 'name: x\nmembers:\n  - { id: a, profile: { file: a.csv, unit: kwh } }\npv: { kWp: 300 }\n');
    let problems: readonly { code: string; message: string }[] = [];
    try {
      loadHub(hub);
    } catch (err) {
      expect(err).toBeInstanceOf(HubsimProblems);
      problems = (err as HubsimProblems).problems;
    }
    const messages = problems.map((p) => p.message);
    expect(messages.some((m) => /line 3 field members\[0\]\.profile\.unit: Invalid option: expected one of "kW"\|"MW"\|"kWh"\|"shape"; did you mean "kWh"\?/.test(m))).toBe(true);
    expect(messages.some((m) => /line 4 field pv\.kWp: unknown key "kWp"; did you mean "kwp"\?/.test(m))).toBe(true);
    expect(messages.join('\n')).not.toContain('more problem');
  });

  it('hubsim run prints one coded line per problem', async () => {
    const hub = write('hub.yaml', 'name: x\nmembers:\n  - { id: a, profile: 10 }\nbatery: { energyKwh: 3 }\nconection: {}\n');
    const r = await runCli('run', hub);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^hubsim: error \[hub.invalidField\] .*field batery: unknown key "batery"; did you mean "battery"\?$/);
    expect(lines[1]).toMatch(/field conection: .*did you mean "connection"\?$/);
  });
});

describe('hubsim validate and hubsim init', () => {
  it('init writes a commented hub file that validates and runs, and never overwrites', { timeout: 120_000 }, async () => {
    const path = join(mkdtempSync(join(dir, 'init-')), 'hub.yaml');
    expect((await runCli('init', path)).code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(INIT_HUB);
    expect(INIT_HUB).toContain('# ');
    const v = await runCli('validate', path);
    expect(v).toMatchObject({ code: 0, stderr: '' });
    expect(v.stdout).toContain('a valid hub file');
    const run = await runCli('run', path, '--json');
    expect(run.code).toBe(0);
    expect(Object.keys(JSON.parse(run.stdout).strategies)).toEqual(['baseline', 'congestion', 'peak-shaving', 'self-consumption', 'optimal']);
    writeFileSync(path, 'mine\n');
    const again = await runCli('init', path);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^hubsim: error \[init.exists\] /);
    expect(readFileSync(path, 'utf8')).toBe('mine\n');
  });

  it('validate tells hub, rollout, sweep and baseline apart, and lists every problem with exit 2', async () => {
    expect((await runCli('validate', 'scenarios/examples/business-park.yaml')).stdout).toContain('a valid hub file');
    expect((await runCli('validate', 'tests/fixtures/rollout-small.yaml')).stdout).toContain('a valid rollout file');
    expect((await runCli('validate', 'tests/regression/business-park')).stdout).toContain('a valid baseline file');
    expect((await runCli('validate', 'scenarios/sweeps/mra-20-battery.yaml')).stdout).toContain('a valid sweep file');
    const bad = write('hub.yaml', 'name: x\nmembers:\n  - { id: a, profile: { file: nowhere.csv, unit: kW } }\n  - { id: b, profile: { file: nowhere-either.csv, unit: kW } }\n');
    const r = await runCli('validate', bad);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    // Each told at the member that names the file.
    expect(lines[0]).toMatch(/^hubsim: error \[profile.notFound\] \S*hub\.yaml line 3 field members\[0\]\.profile\.file names nowhere\.csv: /);
    expect(lines[1]).toMatch(/^hubsim: error \[profile.notFound\] \S*hub\.yaml line 4 field members\[1\]\.profile\.file names nowhere-either\.csv: /);
    const unknown = await runCli('validate', write('other.yaml', 'colour: blue\n'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^hubsim: error \[validate.unknownKind\] /);
  });
});
