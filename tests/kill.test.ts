import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROLLOUT_TABLES } from '../src/report/rollout-tables.js';

/*
 * Output writes killed with SIGKILL at every step, from outside the process.
 *
 * A write (src/report/write.ts) is a sequence of file-system calls: a probe folder made and removed,
 * the staging folder made, each file written and flushed (fsync), the old folder renamed aside, the
 * staging folder renamed into place, the old folder renamed to trash and its files unlinked. Most of
 * these follow each other within microseconds, too fast to kill in between by watching the folder.
 * So the child runs under strace, which holds the process for DELAY_US after each of these calls
 * returns (fault injection: `-e inject=SET:delay_exit=N`); hubsim itself has no test hook. The test
 * polls the output's parent folder every millisecond, and kills the node process (its PID is in
 * the names of the entries it writes) as soon as the step it aims at is on disk. After the kill the
 * target folder must be absent, the old run whole or the new run whole (every file byte for byte),
 * and the next run must leave the new run whole and no leftover.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'hubsim.js');
const EXAMPLE = path.join(ROOT, 'scenarios', 'examples', 'business-park.yaml');
const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'hubsim-kill-'));

/** The calls that end a write step (the `?` lets strace skip a name this architecture lacks). */
const STEP_CALLS = ['mkdir', 'mkdirat', 'rmdir', 'rename', 'renameat', 'renameat2', 'fsync', 'unlink', 'unlinkat'].map((c) => `?${c}`).join(',');
const DELAY_US = 150_000;
const TRIES = 4;
const SLOW = 900_000;

// Without strace (or where ptrace is not allowed) the kill tests are skipped with a message, except
// in CI (CI=true), where that fails: .ci/run installs strace.
const HAS_STRACE = spawnSync('strace', ['-f', '-qq', '-o', '/dev/null', 'true']).status === 0;
const IN_CI = process.env.CI === 'true';
if (!HAS_STRACE && !IN_CI) console.warn('tests/kill.test.ts: the kill tests are skipped: strace is missing or cannot trace (install it with: apt-get update && apt-get install -y strace)');
if (!HAS_STRACE && IN_CI) {
  describe('kill tests in CI', () => {
    it('has strace installed (CI=true: .ci/run installs it)', () => {
      expect.fail('strace is missing or cannot trace in CI; .ci/run must install it (apt-get install -y strace)');
    });
  });
}

/** The files of a folder with their bytes, or undefined when it is absent. */
type Folder = Map<string, Buffer> | undefined;

/** The files of a folder with their bytes (hubsim's working entries, .NAME.*, passed over), or undefined when it is absent. */
function readFolder(dir: string): Folder {
  if (!fs.existsSync(dir)) return undefined;
  const files = fs.readdirSync(dir).filter((f) => !/^\..+\.(?:(?:staging|old|trash|probe)-\d+|\d+\.tmp)$/.test(f));
  return new Map(files.sort().map((f) => [f, fs.readFileSync(path.join(dir, f))]));
}

function sameFolder(a: Folder, b: Folder): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.size === b.size && [...a].every(([f, bytes]) => b.get(f)?.equals(bytes) === true);
}

/** What a folder holds, compared with the old and the new run. */
function whole(dir: string, old: Folder, fresh: Folder): 'absent' | 'old' | 'new' | 'mixed' {
  const now = readFolder(dir);
  if (now === undefined) return 'absent';
  if (sameFolder(now, old)) return 'old';
  if (sameFolder(now, fresh)) return 'new';
  return 'mixed';
}

interface Leftover {
  kind: string;
  pid: number;
  path: string;
}

/** hubsim's working entries for `name` in `folder`: .NAME.KIND-PID folders and .NAME.PID.tmp files. */
function leftovers(folder: string, name: string): Leftover[] {
  const prefix = `.${name}.`;
  return fs
    .readdirSync(folder)
    .filter((e) => e.startsWith(prefix))
    .map((e) => {
      const m = /^(?:(staging|old|trash|probe)-(\d+)|(\d+)\.tmp)$/.exec(e.slice(prefix.length));
      return { kind: m?.[1] ?? (m?.[3] !== undefined ? 'tmp' : 'other'), pid: Number(m?.[2] ?? m?.[3] ?? 0), path: path.join(folder, e) };
    });
}

/**
 * The step a folder write has reached, from what is on disk: `probe`, `staging K` (K files in the
 * staging folder, the last possibly still being written), `aside` (the old folder renamed aside,
 * the target absent), `swapped` (the new folder in place, the old one still aside), `trash` (the
 * old folder being deleted), or `none`.
 */
function folderStep(parent: string, name: string): { step: string; pid?: number } {
  const l = leftovers(parent, name);
  const of = (kind: string) => l.find((x) => x.kind === kind);
  const old = of('old');
  if (of('trash')) return { step: 'trash', pid: of('trash')!.pid };
  if (old) return { step: fs.existsSync(path.join(parent, name)) ? 'swapped' : 'aside', pid: old.pid };
  const staging = of('staging');
  if (staging) {
    const n = fs.existsSync(staging.path) ? fs.readdirSync(staging.path).length : 0;
    return { step: `staging ${n}`, pid: staging.pid };
  }
  if (of('probe')) return { step: 'probe', pid: of('probe')!.pid };
  return { step: 'none' };
}

/** The step of a single-file write (report.html into a results folder): `probe`, `tmp` or `none`. */
function fileStep(folder: string, name: string): { step: string; pid?: number } {
  const l = leftovers(folder, name);
  const tmp = l.find((x) => x.kind === 'tmp');
  if (tmp) return { step: 'tmp', pid: tmp.pid };
  const probe = l.find((x) => x.kind === 'probe');
  return probe ? { step: 'probe', pid: probe.pid } : { step: 'none' };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Run hubsim to completion (no strace): exit code and stderr. */
function hubsim(args: string[]): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT });
  return { code: r.status, stderr: r.stderr };
}

/**
 * Start `hubsim args` under strace, kill it with SIGKILL as soon as `observe` shows `target`, and
 * return the step it was at when it died (`exited` when it finished first).
 */
async function killAt(args: string[], observe: () => { step: string; pid?: number }, target: string): Promise<string> {
  const child = spawn('strace', ['-f', '-qq', '-o', '/dev/null', '-e', `trace=${STEP_CALLS}`, '-e', `inject=${STEP_CALLS}:delay_exit=${DELAY_US}`, process.execPath, BIN, ...args], { cwd: ROOT, stdio: 'ignore' });
  let exited = false;
  const done = new Promise<void>((resolve) => child.on('exit', () => ((exited = true), resolve())));
  while (!exited) {
    const seen = observe();
    if (seen.step === target && seen.pid !== undefined) {
      process.kill(seen.pid, 'SIGKILL');
      await done;
      return observe().step;
    }
    await sleep(1);
  }
  await done;
  return 'exited';
}

interface Case {
  /** the folder the observed entries are in, and the entry name they are for */
  parent: string;
  name: string;
  /** the command that writes the new output */
  args: string[];
  /** the output folder (compared whole) */
  target: string;
  old: Folder;
  fresh: Folder;
  /** put the old output back in place before a try */
  reset: () => void;
  observe: () => { step: string; pid?: number };
  steps: string[];
}

/**
 * Kill the command at each of `steps` (up to TRIES tries each); after every kill the target is
 * absent, old or new and never mixed, and a run after it leaves the new output and no leftover.
 * Returns a line per try, for the log.
 */
async function killAtEveryStep(c: Case): Promise<string[]> {
  const hit = new Set<string>();
  const log: string[] = [];
  for (const step of c.steps) {
    for (let t = 0; t < TRIES && !hit.has(step); t++) {
      c.reset();
      const at = await killAt(c.args, c.observe, step);
      const state = whole(c.target, c.old, c.fresh);
      log.push(`${path.basename(c.target)}: aimed at ${step}, killed at ${at}: target ${state}`);
      expect(state, `killed at ${at}`).not.toBe('mixed');
      // Before the swap the old run stands; from it on, the new one (or, in its window, nothing).
      if (at === 'aside') expect(state).toBe('absent');
      else if (at === 'swapped' || at === 'trash' || at === 'exited') expect(state).toBe('new');
      else expect(state, `killed at ${at}`).toBe('old');
      hit.add(at);
      // Any hubsim writing there recovers first: here one that then stops on a missing hub file.
      // A run set aside comes back; everything else of the killed process goes.
      const recovering = hubsim(['run', path.join(DIR, 'missing.yaml'), '--out', c.target]);
      expect(recovering.stderr).toContain('[hub.notFound]');
      expect(whole(c.target, c.old, c.fresh), `recovered after a kill at ${at}`).toBe(at === 'aside' ? 'old' : state);
      expect(leftovers(c.parent, c.name), `leftovers after recovering from a kill at ${at}`).toEqual([]);
      const again = hubsim(c.args);
      expect(again.code, again.stderr).toBe(0);
      expect(whole(c.target, c.old, c.fresh), `the run after a kill at ${at}`).toBe('new');
      expect(leftovers(c.parent, c.name), `leftovers after a kill at ${at}`).toEqual([]);
    }
  }
  const missed = c.steps.filter((s) => !hit.has(s));
  expect(missed, `steps not hit in ${TRIES} tries each:\n${log.join('\n')}`).toEqual([]);
  return log;
}

/** Run hubsim to completion, expecting exit 0. */
function ok(args: string[]): void {
  const r = hubsim(args);
  expect(r.code, r.stderr).toBe(0);
}

/**
 * A case that replaces the folder `out` under a fresh parent. `make` writes the old or the new
 * output into a reference folder by uninterrupted runs; `args` writes the new one into `out`.
 */
function folderCase(label: string, make: (dir: string, which: 'old' | 'new') => void, args: (out: string) => string[], files: number): Case {
  const parent = path.join(DIR, label);
  const keep = path.join(DIR, `${label}-reference`);
  fs.mkdirSync(parent, { recursive: true });
  const target = path.join(parent, 'out');
  const oldDir = path.join(keep, 'old');
  const newDir = path.join(keep, 'new');
  make(oldDir, 'old');
  make(newDir, 'new');
  const old = readFolder(oldDir);
  const fresh = readFolder(newDir);
  // Different strategies, so every kill can tell the two apart.
  expect(old!.get('results.json')!.equals(fresh!.get('results.json')!)).toBe(false);
  expect(fresh!.size).toBe(files);
  return {
    parent,
    name: 'out',
    args: args(target),
    target,
    old,
    fresh,
    reset: () => {
      for (const l of leftovers(parent, 'out')) fs.rmSync(l.path, { recursive: true, force: true });
      fs.rmSync(target, { recursive: true, force: true });
      fs.cpSync(oldDir, target, { recursive: true });
    },
    observe: () => folderStep(parent, 'out'),
    steps: ['probe', ...Array.from({ length: files + 1 }, (_, k) => `staging ${k}`), 'aside', 'swapped', 'trash'],
  };
}

describe.skipIf(!HAS_STRACE)('output folders under SIGKILL (strace makes each write step observable)', () => {
  it('hubsim run --out --series: every step', async () => {
    const args = (out: string) => ['run', EXAMPLE, '--strategy', 'baseline,peak-shaving,congestion', '--out', out, '--series'];
    const c = folderCase('run', (dir, which) => ok(which === 'old' ? ['run', EXAMPLE, '--strategy', 'baseline', '--out', dir, '--series'] : args(dir)), args, 5);
    console.log((await killAtEveryStep(c)).join('\n'));
  }, SLOW);

  it('hubsim rollout --out: the probe, the empty staging folder, the first and the last file, and the swap', async () => {
    const scenario = (strategies: string) => {
      const file = path.join(DIR, `rollout-${strategies.replace(/\W+/g, '-')}.yaml`);
      fs.writeFileSync(
        file,
        [
          'name: One terrain',
          'horizon: { startYear: 2026, endYear: 2026 }',
          'growth: { baseYear: 2026 }',
          `strategies: ${strategies}`,
          'substations: [{ id: north, capacityKw: 5000 }]',
          'terrains:',
          `  - { id: park-a, substation: north, hubStartYear: 2026, hub: ${path.join(ROOT, 'scenarios', 'examples', 'mixed-park.yaml')} }`,
          '',
        ].join('\n'),
      );
      return file;
    };
    const oldFile = scenario('[{ kind: baseline }]');
    const newFile = scenario('[{ kind: peak-shaving }]');
    const args = (out: string) => ['rollout', newFile, '--workers', '1', '--out', out];
    // results.json and the nine CSV tables of ROLLOUT_TABLES.
    const c = folderCase('rollout', (dir, which) => ok(which === 'old' ? ['rollout', oldFile, '--workers', '1', '--out', dir] : args(dir)), args, 1 + ROLLOUT_TABLES.length);
    c.steps = ['probe', 'staging 0', 'staging 1', `staging ${1 + ROLLOUT_TABLES.length}`, 'aside', 'swapped', 'trash'];
    console.log((await killAtEveryStep(c)).join('\n'));
  }, SLOW);

  it('hubsim sweep --out: every step', async () => {
    const sweep = (count: number) => {
      const file = path.join(DIR, `sweep-${count}.yaml`);
      fs.writeFileSync(file, `name: small\nhub: ${EXAMPLE}\ndraws: { count: ${count}, seed: 7 }\ngrid:\n  battery: { energyKwh: [0, 2000], powerKw: [1000] }\n  strategies: [{ kind: peak-shaving }]\n`);
      return file;
    };
    const args = (out: string) => ['sweep', sweep(2), '--workers', '1', '--out', out];
    const c = folderCase('sweep', (dir, which) => ok(which === 'old' ? ['sweep', sweep(1), '--workers', '1', '--out', dir] : args(dir)), args, 2);
    console.log((await killAtEveryStep(c)).join('\n'));
  }, SLOW);

  it('hubsim regress --update: every step; baseline.json and tolerances.json are carried over', async () => {
    // The hub file sits two levels above every baseline folder, so each baseline.json names it alike.
    const hub = path.join(DIR, 'regress-hub.yaml');
    const text = fs.readFileSync(EXAMPLE, 'utf8').replace(/^\$schema:.*\n/m, '');
    const useHub = (which: 'old' | 'new') => fs.writeFileSync(hub, which === 'old' ? text : text.replace('energyKwh: 4000', 'energyKwh: 2500'));
    const args = (out: string) => ['regress', '--baseline', out, '--update'];
    const c = folderCase(
      'regress',
      (dir, which) => {
        useHub('old');
        ok([...args(dir), '--from', hub, '--strategy', 'baseline,peak-shaving']);
        fs.writeFileSync(path.join(dir, 'tolerances.json'), '{ "rules": [{ "metric": "batteryCycles", "abs": 0.5 }] }\n');
        useHub(which);
        if (which === 'new') ok(args(dir));
      },
      args,
      3,
    );
    console.log((await killAtEveryStep(c)).join('\n'));
  }, SLOW);

  it('hubsim report DIR: the probe and the flushed temporary file; report.html is the old page or the new one', async () => {
    const folder = path.join(DIR, 'report');
    const r = hubsim(['run', EXAMPLE, '--strategy', 'baseline,peak-shaving', '--out', folder, '--series']);
    expect(r.code, r.stderr).toBe(0);
    const page = (week: string) => {
      expect(hubsim(['report', folder, '--week', week]).code).toBe(0);
      return readFolder(folder);
    };
    const old = page('2023-01-02');
    const oldPage = old!.get('report.html')!;
    const fresh = page('2023-06-05');
    expect(fresh!.get('report.html')!.equals(oldPage)).toBe(false);
    const c: Case = {
      parent: folder,
      name: 'report.html',
      args: ['report', folder, '--week', '2023-06-05'],
      target: folder,
      old,
      fresh,
      reset: () => {
        for (const l of leftovers(folder, 'report.html')) fs.rmSync(l.path, { recursive: true, force: true });
        fs.writeFileSync(path.join(folder, 'report.html'), oldPage);
      },
      observe: () => fileStep(folder, 'report.html'),
      steps: ['probe', 'tmp'],
    };
    // A killed report leaves its probe or temporary file beside report.html (readFolder passes over
    // them; the next run removes them), and report.html stays the old page.
    const log: string[] = [];
    for (const step of c.steps) {
      let hit = false;
      for (let t = 0; t < TRIES && !hit; t++) {
        c.reset();
        const at = await killAt(c.args, c.observe, step);
        const state = whole(folder, old, fresh);
        log.push(`report: aimed at ${step}, killed at ${at}: folder ${state}`);
        expect(state).toBe(at === 'exited' ? 'new' : 'old');
        hit = at === step;
        expect(hubsim(c.args).code).toBe(0);
        expect(whole(folder, old, fresh)).toBe('new');
        expect(leftovers(folder, 'report.html')).toEqual([]);
      }
      expect(hit, `report: ${step} not hit in ${TRIES} tries:\n${log.join('\n')}`).toBe(true);
    }
    console.log(log.join('\n'));
  }, SLOW);
});

describe('output paths that cannot be made', () => {
  it('--out under /proc: output.cannotWrite in one line, exit 2, within seconds (run, rollout, sweep)', () => {
    for (const args of [
      ['run', EXAMPLE, '--out', '/proc/x/y'],
      ['rollout', path.join(ROOT, 'tests', 'fixtures', 'rollout-small.yaml'), '--out', '/proc/x/y'],
      ['sweep', path.join(ROOT, 'scenarios', 'sweeps', 'mra-20-battery.yaml'), '--out', '/proc/sys/x/y'],
    ]) {
      const started = Date.now();
      const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT, timeout: 20_000 });
      expect(r.status, `${args[0]}: ${r.stderr}`).toBe(2);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^hubsim: error \[output\.cannotWrite\] \/proc\/(sys\/)?x\/y: /);
    }
  }, 60_000);
});
