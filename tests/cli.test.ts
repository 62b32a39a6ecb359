// The CLI, in-process through main(args, io), and once through the real binary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOUND_NOTE } from '../src/report/table.js';
import { printedTables, unwrapped } from './support/text-table.js';
import { runCli, type Captured } from './support/cli.js';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLE = path.join(ROOT, 'scenarios/examples/business-park.yaml');
const EXAMPLE_STRATEGIES = ['baseline', 'congestion', 'peak-shaving', 'peak-shaving+guard', 'self-consumption', 'optimal'];
const SLOW = 120_000;

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'hubsim-cli-'));
afterAll(() => fs.rmSync(DIR, { recursive: true, force: true }));
let counter = 0;
const freshDir = (): string => path.join(DIR, `case-${++counter}`);


/** A user mistake: exit 2, exactly one line on stderr with the code, nothing on stdout, no stack trace. */
function expectUserError(r: Captured, code: string): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr.startsWith(`hubsim: error [${code}] `)).toBe(true);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** A hub (in its own folder) whose one member reads a CSV with a non-numeric cell on line 3. */
function badProfileHub(): string {
  const dir = freshDir();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'bad.csv'), 'time_utc,kw\n2023-01-01T00:00:00Z,10\n2023-01-01T01:00:00Z,ten\n');
  const hub = path.join(dir, 'hub.yaml');
  fs.writeFileSync(hub, 'name: bad\naxis: { year: 2023 }\nmembers:\n  - id: a\n    profile: { file: bad.csv, unit: kW }\n');
  return hub;
}

function tmpLeftovers(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')) : [];
}

describe('hubsim run (in-process)', () => {
  it('prints a table with a row per strategy and exits 0', async () => {
    const r = await runCli('run', EXAMPLE);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const rows = r.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^hub Bedrijvenpark Amstelzijde/);
    // The head line says which figures are inputs: the cap is the hub file's own 3,000 kW (scenarios/examples/business-park.yaml).
    expect(unwrapped(r.stdout)).toContain('; import cap 3,000 kW (input); the table: simulated');
    const [table] = printedTables(r.stdout);
    expect(table.headers.slice(0, 3)).toEqual(['strategy', 'peak import kW', 'peak reduction kW']);
    expect(table.rows.map((row) => row[0].replace(/ \(bound\)$/, ''))).toEqual(EXAMPLE_STRATEGIES);
    // optimal is marked as a perfect-foresight bound, under the table
    expect(table.rows.find((row) => row[0].startsWith('optimal'))![0]).toBe('optimal (bound)');
    expect(r.stdout.trimEnd().endsWith(BOUND_NOTE)).toBe(true);
  }, SLOW);

  it('a cap that varies over the axis is stated as its range, since h > import cap counts hours above the cap in force', async () => {
    // scenarios/examples/flex-park.yaml: 3,000 kW, lowered to 2,200-2,800 kW in its contract's time blocks and congestion requests.
    const r = await runCli('run', path.join(ROOT, 'scenarios/examples/flex-park.yaml'), '--strategy', 'baseline');
    expect(r.code, r.stderr).toBe(0);
    expect(unwrapped(r.stdout)).toContain('; import cap 2,200-3,000 kW (input, varies; h > import cap: above the cap in force); the table: simulated');
  }, SLOW);

  it('names lp a bound in its solver note too', async () => {
    const r = await runCli('run', EXAMPLE, '--strategy', 'lp');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^lp \(bound\): solver optimal, \d+ solve\(s\) in [\d.]+ s$/m);
  }, SLOW);

  it('--json prints JSON with schemaVersion and strategies.<name>.metrics.peakImportKw', async () => {
    const r = await runCli('run', EXAMPLE, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    expect(json.schemaVersion).toBe(1);
    expect(Object.keys(json.strategies)).toEqual(EXAMPLE_STRATEGIES);
    for (const name of EXAMPLE_STRATEGIES) expect(typeof json.strategies[name].metrics.peakImportKw, name).toBe('number');
    expect(json.hub.axis).toEqual({ start: '2023-01-01T00:00:00Z', stepMinutes: 60, steps: 8760 });
    // The optimal strategy never has a higher peak than doing nothing.
    expect(json.strategies.optimal.metrics.peakImportKw).toBeLessThanOrEqual(json.strategies.baseline.metrics.peakImportKw);
  }, SLOW);

  it('--strategy optimal,baseline runs only those', async () => {
    const r = await runCli('run', EXAMPLE, '--json', '--strategy', 'optimal,baseline');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json.strategies).sort()).toEqual(['baseline', 'optimal']);
    expect(json.strategies.optimal.kind).toBe('optimal');
  }, SLOW);

  it('--strategy accepts a name from the hub file and a kind', async () => {
    const r = await runCli('run', EXAMPLE, '--json', '-s', 'peak-shaving+guard, baseline');
    expect(r.code, r.stderr).toBe(0);
    expect(Object.keys(JSON.parse(r.stdout).strategies).sort()).toEqual(['baseline', 'peak-shaving+guard']);
  }, SLOW);

  it('--out DIR writes results.json and metrics.csv; --series writes one series CSV per strategy with 8760 rows', async () => {
    const out = path.join(freshDir(), 'results');
    const r = await runCli('run', EXAMPLE, '--out', out, '--series');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`wrote ${out}/results.json`);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(results.schemaVersion).toBe(1);
    expect(Object.keys(results.strategies)).toEqual(EXAMPLE_STRATEGIES);
    const metrics = fs.readFileSync(path.join(out, 'metrics.csv'), 'utf8').trimEnd().split('\n');
    expect(metrics[0].startsWith('hub,strategy,kind,foresight,peakImportKw')).toBe(true);
    expect(metrics).toHaveLength(1 + EXAMPLE_STRATEGIES.length);
    const files = fs.readdirSync(out).sort();
    expect(files).toEqual(
      ['metrics.csv', 'results.json', ...EXAMPLE_STRATEGIES.map((s) => `series-${s.replace('+', '_')}.csv`)].sort(),
    );
    for (const f of files.filter((x) => x.startsWith('series-'))) {
      const text = fs.readFileSync(path.join(out, f), 'utf8');
      expect(text.endsWith('\n')).toBe(true);
      const lines = text.trimEnd().split('\n');
      expect(lines, f).toHaveLength(8760 + 1);
      expect(lines[0].startsWith('time_utc,')).toBe(true);
      expect(lines[1].startsWith('2023-01-01T00:00:00Z,')).toBe(true);
      expect(lines[8760].startsWith('2023-12-31T23:00:00Z,')).toBe(true);
      const width = lines[0].split(',').length;
      expect(lines.every((l) => l.split(',').length === width)).toBe(true);
    }
    expect(tmpLeftovers(out)).toEqual([]);
  }, SLOW);

  it('the same run twice gives byte-identical results.json and metrics.csv', async () => {
    const a = path.join(freshDir(), 'a');
    const b = path.join(freshDir(), 'b');
    expect((await runCli('run', EXAMPLE, '--out', a)).code).toBe(0);
    expect((await runCli('run', EXAMPLE, '--out', b)).code).toBe(0);
    for (const f of ['results.json', 'metrics.csv']) {
      expect(fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))), f).toBe(true);
    }
  }, SLOW);
});

describe('hubsim run: bad input', () => {
  it('a hub with a bad profile: exit 2, one line on stderr, no results.json and no .tmp files', async () => {
    const hub = badProfileHub();
    const out = freshDir();
    fs.mkdirSync(out, { recursive: true });
    const r = await runCli('run', hub, '--out', out, '--series');
    expectUserError(r, 'profile.notNumeric');
    expect(r.stderr).toContain('bad.csv');
    expect(r.stderr).toContain('line 3');
    expect(fs.readdirSync(out)).toEqual([]);
    // Also when the --out folder does not exist yet: it is not left behind with results in it.
    const notYet = path.join(freshDir(), 'out');
    expectUserError(await runCli('run', hub, '--out', notYet), 'profile.notNumeric');
    expect(fs.existsSync(path.join(notYet, 'results.json'))).toBe(false);
    expect(tmpLeftovers(notYet)).toEqual([]);
  });

  it('a bad hub file: exit 2 with its code', async () => {
    const dir = freshDir();
    fs.mkdirSync(dir, { recursive: true });
    const hub = path.join(dir, 'hub.yaml');
    fs.writeFileSync(hub, 'name: x\nmembers:\n  - id: a\n    profile: 5\nbattery:\n  energyKwh: -5\n  powerKw: 1\n');
    const r = await runCli('run', hub, '--json');
    expectUserError(r, 'hub.invalidField');
    expect(r.stderr).toContain('line 6');
    expect(r.stderr).toContain('battery.energyKwh');
    expectUserError(await runCli('run', path.join(dir, 'missing.yaml')), 'hub.notFound');
  });

  it('a file for another command (a rollout to run, a hub to rollout, a rollout to sweep): one line naming its kind and the command, exit 2', async () => {
    const rollout = path.join(ROOT, 'scenarios/mra-20.yaml');
    const sweep = path.join(ROOT, 'scenarios/sweeps/mra-20-battery.yaml');
    const cases: [string[], string, string][] = [
      [['run', rollout], 'rollout', `hubsim rollout ${rollout}`],
      [['rollout', EXAMPLE, '--workers', '1'], 'hub', `hubsim run ${EXAMPLE}`],
      [['sweep', rollout, '--workers', '1'], 'rollout', `hubsim rollout ${rollout}`],
      [['run', sweep], 'sweep', `hubsim sweep ${sweep}`],
    ];
    for (const [args, kind, command] of cases) {
      const r = await runCli(...args);
      expectUserError(r, 'cli.wrongKind');
      expect(r.stderr, args.join(' ')).toContain(`${args[1]}: is a ${kind} file, not a ${args[0] === 'run' ? 'hub' : args[0]} file; use ${command}\n`);
    }
    // A hub file with a mistake in it is still told its mistake.
    const dir = freshDir();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'hub.yaml'), 'name: x\nmembers:\n  - { id: a, profile: 5 }\nbatery: { energyKwh: 5 }\n');
    expectUserError(await runCli('run', path.join(dir, 'hub.yaml')), 'hub.invalidField');
  }, SLOW);

  it('an unknown --strategy: cli.unknownStrategy, exit 2, nothing written', async () => {
    const out = path.join(freshDir(), 'out');
    const r = await runCli('run', EXAMPLE, '--strategy', 'optimal,turbo', '--out', out);
    expectUserError(r, 'cli.unknownStrategy');
    expect(r.stderr).toContain('turbo');
    expect(fs.existsSync(path.join(out, 'results.json'))).toBe(false);
  }, SLOW);

  it('grid-aware in hubsim run: cli.unknownStrategy (it needs a rollout); mpc on the model without an earlier year: hub.missingField', async () => {
    const r = await runCli('run', EXAMPLE, '--strategy', 'grid-aware');
    expectUserError(r, 'cli.unknownStrategy');
    expect(r.stderr).toContain('use it in a rollout');
    // A hub scored on 2019, the earliest shipped year: no year before it to train the forecaster on.
    const dir = freshDir();
    fs.mkdirSync(dir, { recursive: true });
    const early = path.join(dir, 'early.yaml');
    fs.writeFileSync(early, fs.readFileSync(EXAMPLE, 'utf8').replace('year: 2023', 'year: 2019').replaceAll('designYear: 2019', 'designYear: 2018'));
    const m = await runCli('run', early, '--strategy', 'mpc');
    expectUserError(m, 'hub.missingField');
    expect(m.stderr).toContain('trainYear');
  }, SLOW);

  it('--series without --out: cli.seriesNeedsOut, exit 2', async () => {
    expectUserError(await runCli('run', EXAMPLE, '--series'), 'cli.seriesNeedsOut');
  }, SLOW);

  it('an --out path that is a file: output.cannotWrite, exit 2', async () => {
    const file = path.join(freshDir(), 'occupied');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'not a folder');
    const r = await runCli('run', EXAMPLE, '--strategy', 'baseline', '--out', file);
    expectUserError(r, 'output.cannotWrite');
    expect(fs.readFileSync(file, 'utf8')).toBe('not a folder');
  }, SLOW);

  it('an empty --out names no place: a usage error in every command that writes, before anything runs', async () => {
    const cwd = fs.readdirSync(process.cwd()).sort();
    for (const args of [
      ['run', EXAMPLE, '--strategy', 'baseline', '--out', ''],
      ['rollout', path.join(ROOT, 'scenarios/mra-20.yaml'), '--out', ' '],
      ['sweep', path.join(ROOT, 'scenarios/sweeps/mra-20-battery.yaml'), '-o', ''],
      ['generate', 'national', '--terrains', '2', '--substations', '1', '--seed', '1', '--out', ''],
    ]) {
      const r = await runCli(...args);
      expectUserError(r, 'cli.usage');
      expect(r.stderr, args[0]).toMatch(/field --out: an empty path names no (folder|file); give the/);
    }
    expect(fs.readdirSync(process.cwd()).sort()).toEqual(cwd);
  });

  it('an unknown option, an unknown command or a missing argument: exit 2 with one line and no stack trace', async () => {
    for (const args of [['run', EXAMPLE, '--bogus'], ['frobnicate'], ['run']]) {
      const r = await runCli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr.startsWith('hubsim: error [cli.usage] '), r.stderr).toBe(true);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('an output target that is a folder: output.cannotWrite, exit 2, and none of the outputs is written', async () => {
    const out = freshDir();
    fs.mkdirSync(path.join(out, 'metrics.csv'), { recursive: true });
    const r = await runCli('run', EXAMPLE, '--strategy', 'baseline', '--out', out);
    expectUserError(r, 'output.cannotWrite');
    expect(r.stderr).toContain('metrics.csv');
    expect(fs.existsSync(path.join(out, 'results.json'))).toBe(false);
    expect(tmpLeftovers(out)).toEqual([]);
  }, SLOW);
});

describe('hubsim run: the output folder is replaced as a whole', () => {
  it('a second run replaces the folder: no file of the first run stays beside the second', async () => {
    const out = path.join(freshDir(), 'out');
    expect((await runCli('run', EXAMPLE, '--strategy', 'baseline', '--out', out, '--series')).code).toBe(0);
    expect((await runCli('run', EXAMPLE, '--strategy', 'congestion', '--out', out)).code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['metrics.csv', 'results.json']);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['out']);
    // The new folder keeps the old one's permissions.
    fs.chmodSync(out, 0o700);
    expect((await runCli('run', EXAMPLE, '--strategy', 'baseline', '--out', out)).code).toBe(0);
    expect(fs.statSync(out).mode & 0o777).toBe(0o700);
  }, SLOW);

  it('a folder hubsim did not write (files without results.json, a file hubsim does not write, a subfolder) is refused before any work and left as it was', async () => {
    const notes = freshDir();
    fs.mkdirSync(notes, { recursive: true });
    fs.writeFileSync(path.join(notes, 'loads.csv'), 'mine');
    const r = await runCli('run', path.join(notes, 'missing.yaml'), '--out', notes);
    expectUserError(r, 'output.cannotWrite');
    expect(r.stderr).toContain('no results.json');
    fs.writeFileSync(path.join(notes, 'results.json'), '{}');
    fs.writeFileSync(path.join(notes, 'hub.yaml'), 'mine');
    const y = await runCli('run', path.join(notes, 'hub.yaml'), '--out', notes);
    expectUserError(y, 'output.cannotWrite');
    expect(y.stderr).toContain('hub.yaml');
    expect(fs.readdirSync(notes).sort()).toEqual(['hub.yaml', 'loads.csv', 'results.json']);
    const project = freshDir();
    fs.mkdirSync(path.join(project, 'src'), { recursive: true });
    fs.writeFileSync(path.join(project, 'results.json'), '{}');
    expectUserError(await runCli('run', EXAMPLE, '--out', project), 'output.cannotWrite');
    expect(fs.readdirSync(project).sort()).toEqual(['results.json', 'src']);
  });

  it('what a killed process left is recovered: a folder set aside comes back when the folder is missing; dead staging folders go, live ones stay', async () => {
    const parent = freshDir();
    fs.mkdirSync(parent, { recursive: true });
    // A PID that is no longer running: a child that has exited (and been reaped).
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    fs.mkdirSync(path.join(parent, `.out.old-${dead}`));
    fs.writeFileSync(path.join(parent, `.out.old-${dead}`, 'results.json'), '{"old":true}');
    fs.mkdirSync(path.join(parent, `.out.staging-${dead}`));
    fs.writeFileSync(path.join(parent, `.out.staging-${dead}`, 'results.json'), '{"new":tr');
    fs.mkdirSync(path.join(parent, `.out.staging-1`)); // PID 1 is alive: another hubsim still writing
    expectUserError(await runCli('run', path.join(parent, 'missing.yaml'), '--out', path.join(parent, 'out')), 'hub.notFound');
    expect(fs.readdirSync(parent).sort()).toEqual(['.out.staging-1', 'out']);
    expect(fs.readFileSync(path.join(parent, 'out', 'results.json'), 'utf8')).toBe('{"old":true}');
  });
});

describe('help and version', () => {
  it('--help exits 0 and lists the commands; run --help lists the options', async () => {
    const top = await runCli('--help');
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('run');
    expect(top.stdout).toContain('schema');
    const sub = await runCli('run', '--help');
    expect(sub.code).toBe(0);
    for (const opt of ['--strategy', '--json', '--out', '--series']) expect(sub.stdout).toContain(opt);
    const version = await runCli('--version');
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/\d+\.\d+\.\d+/);
  });
});

describe('the real binary', () => {
  const BIN = path.join(ROOT, 'bin/hubsim.js');

  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'dist/cli/program.js')) || !fs.existsSync(path.join(ROOT, 'dist/report/write.js'))) {
      execFileSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, stdio: 'pipe' });
    }
  }, SLOW);

  it('node bin/hubsim.js run <example> --json exits 0 with JSON', () => {
    const r = spawnSync(process.execPath, [BIN, 'run', 'scenarios/examples/business-park.yaml', '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    expect(json.schemaVersion).toBe(1);
    expect(typeof json.strategies.optimal.metrics.peakImportKw).toBe('number');
  }, SLOW);

  it('HUBSIM_TF_BACKEND set to no backend: one coded line, exit 2 (found by an audit: it was silently ignored)', () => {
    const r = spawnSync(process.execPath, [BIN, 'run', 'scenarios/examples/business-park.yaml', '--strategy', 'mpc'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, HUBSIM_TF_BACKEND: 'gpu' } });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toBe('hubsim: error [cli.badEnvironment] field HUBSIM_TF_BACKEND: "gpu" is not a TensorFlow.js backend; set tensorflow, wasm or cpu (the first that loads from there on), or unset it for the best that loads\n');
  }, SLOW);

  it('a standard output that cannot be written (/dev/full): one coded line, exit 2, no stack trace (found by an audit: it was a bare ENOSPC stack)', () => {
    const full = fs.openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [BIN, 'run', 'scenarios/examples/business-park.yaml', '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', full, 'pipe'] });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('hubsim: error [output.cannotWrite] standard output: cannot write (ENOSPC); free space, or send it elsewhere (a folder written with --out is complete)\n');
    } finally {
      fs.closeSync(full);
    }
  }, SLOW);

  it('a bad hub file exits 2 with one line on stderr and no stack trace', () => {
    const dir = freshDir();
    fs.mkdirSync(dir, { recursive: true });
    const hub = path.join(dir, 'hub.yaml');
    fs.writeFileSync(hub, 'name: x\nmembers:\n  - id: a\n    profile: 5\npv:\n  kwp: -1\n');
    const r = spawnSync(process.execPath, [BIN, 'run', hub, '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.startsWith('hubsim: error [hub.invalidField] ')).toBe(true);
    expect(r.stderr).toContain(hub);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);

    const missing = spawnSync(process.execPath, [BIN, 'run', path.join(dir, 'nope.yaml')], { cwd: ROOT, encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr.startsWith('hubsim: error [hub.notFound] ')).toBe(true);
    expect(missing.stderr.trimEnd().split('\n')).toHaveLength(1);

    const badOption = spawnSync(process.execPath, [BIN, 'run', hub, '--bogus'], { cwd: ROOT, encoding: 'utf8' });
    expect(badOption.status).toBe(2);
    expect(badOption.stderr.trimEnd().split('\n')).toHaveLength(1);
  }, SLOW);

  it('a file another file names that cannot be read is told at the field that names it: a hub\'s profile, a terrain\'s hub, an inline hub\'s profile, a sweep\'s rollout', () => {
    const dir = freshDir();
    fs.mkdirSync(dir, { recursive: true });
    const write = (name: string, text: string): string => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const hub = write('hub.yaml', 'name: x\nmembers:\n  - { id: a, profile: { file: gone.csv, unit: kW } }\n');
    const rollout = write(
      'rollout.yaml',
      'name: r\nhorizon: { startYear: 2026, endYear: 2026 }\nweatherYears: [2023]\nstrategies: [{ kind: baseline }]\ngrowth: { baseYear: 2026 }\n' +
        'substations:\n  - { id: s, capacityKw: 5000, backgroundLoad: { shape: nedu-e3a, peakKw: 3000 } }\n' +
        'terrains:\n  - id: t\n    substation: s\n    hubStartYear: 2026\n    hub: missing-hub.yaml\n',
    );
    const sweep = write('sweep.yaml', 'name: w\nrollout: ../elsewhere/rollout.yaml\ngrid: { strategies: [{ kind: baseline }] }\n');
    // A hub written inside the rollout: its fields are named from the rollout's root.
    const inline = write('inline.yaml', fs.readFileSync(rollout, 'utf8').replace('    hub: missing-hub.yaml\n', '    hub:\n      name: h\n      members:\n        - { id: a, profile: { file: gone.csv, unit: kW } }\n'));
    for (const [args, code, where, named] of [
      [['run', hub], 'profile.notFound', `${hub} line 3 field members[0].profile.file names gone.csv`, dir],
      [['rollout', rollout], 'hub.notFound', `${rollout} line 12 field terrains[0].hub names ${path.join(dir, 'missing-hub.yaml')}`, dir],
      [['validate', rollout], 'hub.notFound', `${rollout} line 12 field terrains[0].hub names`, dir],
      [['rollout', inline], 'profile.notFound', `${inline} line 15 field terrains[0].hub.members[0].profile.file names gone.csv`, dir],
      [['sweep', sweep], 'rollout.notFound', `${sweep} line 2 field rollout names ${path.join(dir, '..', 'elsewhere', 'rollout.yaml')}`, dir],
    ] as const) {
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`[${code}] ${where}`);
      expect(r.stderr).toContain(`(a relative path is read from ${named})`);
    }
  }, SLOW);

  it('a reader that closes the pipe early (hubsim schema | head): exit 0, nothing on stderr', async () => {
    // The pipe is closed before the process writes (it takes ~0.1 s to start), so its first write fails with EPIPE.
    const child = spawn(process.execPath, [BIN, 'schema'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, SLOW);

  it('a standard error closed early (hubsim ... 2>&1 | head -1) keeps the exit code of the error it was telling (found by an audit: an uncaught EPIPE gave 1)', async () => {
    const child = spawn(process.execPath, [BIN, 'run', 'no-such-hub.yaml'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
  }, SLOW);
});
