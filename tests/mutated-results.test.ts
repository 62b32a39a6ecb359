import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { mutatedCsv, mutatedDocument } from './support/mutations.js';
import { rng } from './support/random.js';

/*
 * The result files are inputs too: `hubsim report`, `hubsim compare` and `hubsim regress` read back
 * folders that users keep, copy, cut and edit. A spoiled one gets a coded one-line error and exit 2,
 * never a stack trace, a NaN printed or a report half written. Random edits of the results.json and
 * CSVs of a run, a rollout and a sweep folder and of two regression baselines, from fixed seeds: a
 * field deleted, set to a value of another type or a number scaled; a CSV line deleted, repeated or
 * cut, a cell or the header spoiled; now and then results.json cut short. A report or a compare reads
 * the fields it shows and checks those; a regression baseline is a record of figures, compared with a
 * fresh run (--allow-input-change: the copies live elsewhere, so their inputs' relative paths differ).
 * A scratch harness of this kind (7 December) found none of these; this keeps it so.
 */

const SLOW = 600_000;
const EDIT_VALUES = {
  values: [undefined, -1, 0, 0.5, 2.5, 1e12, 1e308, -1e-9, 'abc', '', 'NaN', null, [], {}, true, 'peak-shaving', '2023-01-01T00:00:00Z'],
  factors: [0, -1, 2, 1000, 1.0001],
};

let root = '';
const folders: Record<string, string> = {};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'hubsim-mutated-results-'));
  const made = [
    ['run', await runCli('run', 'scenarios/examples/business-park.yaml', '--strategy', 'peak-shaving,optimal', '--series', '--out', join(root, 'run'))],
    ['rollout', await runCli('rollout', 'tests/fixtures/rollout-small.yaml', '--workers', '1', '--out', join(root, 'rollout'))],
    ['sweep', await runCli('sweep', 'tests/fixtures/browser-sweep.yaml', '--workers', '1', '--out', join(root, 'sweep'))],
  ] as const;
  for (const [name, r] of made) {
    expect(r.code, `${name}: ${r.stderr}`).toBe(0);
    folders[name] = join(root, name);
  }
  // Regression baselines with their input made absolute, so a copy elsewhere still finds it.
  for (const name of ['business-park', 'seed-agenda']) {
    const copy = join(root, `baseline-${name}`);
    cpSync(join('tests/regression', name), copy, { recursive: true });
    const baseline = JSON.parse(readFileSync(join(copy, 'baseline.json'), 'utf8'));
    baseline.input = resolve('tests/regression', name, baseline.input);
    writeFileSync(join(copy, 'baseline.json'), JSON.stringify(baseline, null, 2));
    folders[`baseline-${name}`] = copy;
  }
}, SLOW);

/** A copy of `source` with one of its files edited at random (results.json seven times in ten); returns the copy and what was done. */
function spoiledCopy(source: string, random: () => number, at: string): [string, string] {
  const copy = join(root, at);
  cpSync(source, copy, { recursive: true });
  const files = readdirSync(copy).filter((f) => (f.endsWith('.json') && f !== 'baseline.json') || f.endsWith('.csv'));
  const file = random() < 0.7 && files.includes('results.json') ? 'results.json' : files[Math.floor(random() * files.length)];
  const path = join(copy, file);
  const text = readFileSync(path, 'utf8');
  if (file.endsWith('.json')) {
    const [doc, what] = mutatedDocument(JSON.parse(text), random, EDIT_VALUES);
    let edited = JSON.stringify(doc, null, 2);
    let cut = '';
    if (random() < 0.05) {
      edited = edited.slice(0, Math.floor(edited.length * random()));
      cut = ', cut short';
    }
    writeFileSync(path, edited);
    return [copy, `${file}: ${what}${cut}`];
  }
  const [edited, what] = mutatedCsv(text, random);
  writeFileSync(path, edited);
  return [copy, `${file}: ${what}`];
}

type Command = 'report' | 'compare' | 'regress';

/** Runs `count` edits of `folder` through `command`; returns how many exit 0, 1 and 2. */
async function edits(folder: string, command: Command, count: number, seed: number): Promise<Record<number, number>> {
  const random = rng(seed);
  const codes: Record<number, number> = {};
  for (let i = 0; i < count; i++) {
    const [copy, what] = spoiledCopy(folders[folder], random, `${folder}-${command}-${seed}-${i}`);
    const args = command === 'report' ? ['report', copy] : command === 'compare' ? ['compare', folders[folder], copy] : ['regress', '--baseline', copy, '--allow-input-change'];
    const { code, stdout, stderr } = await runCli(...args);
    const at = `seed ${seed}, edit ${i}: ${what}\n${stderr}`;
    codes[code] = (codes[code] ?? 0) + 1;
    expect(command === 'regress' ? [0, 1, 2] : [0, 2], at).toContain(code);
    expect(stdout, at).not.toMatch(/\bNaN\b/);
    if (code === 2) {
      for (const line of stderr.trimEnd().split('\n')) expect(line, at).toMatch(/^hubsim: error \[[a-zA-Z]+\.[a-zA-Z]+\] /);
      if (command === 'report') expect(existsSync(join(copy, 'report.html')), at).toBe(false);
    }
    rmSync(copy, { recursive: true, force: true });
  }
  return codes;
}

describe('random edits of result files: a coded line and exit 2, or a result; never a stack trace', () => {
  it.each([
    ['run', 'report', 20261212],
    ['rollout', 'report', 20261213],
    ['sweep', 'report', 20261214],
    ['run', 'compare', 20261215],
    ['rollout', 'compare', 20261216],
  ] as const)('%s folder, hubsim %s', async (folder, command, seed) => {
    const codes = await edits(folder, command, 60, seed);
    // The edits reach both: files still read and files refused.
    expect(codes[0] ?? 0).toBeGreaterThan(3);
    expect(codes[2] ?? 0).toBeGreaterThan(2);
  }, SLOW);

  it.each([
    ['baseline-business-park', 20261217],
    ['baseline-seed-agenda', 20261218],
  ] as const)('%s, hubsim regress', async (folder, seed) => {
    const codes = await edits(folder, 'regress', 25, seed);
    // A baseline is a record of figures: an edited figure, of any type, shows as moved (exit 1), one
    // deleted as new (exit 0); only a file that is no longer JSON is refused (exit 2).
    expect(codes[0] ?? 0).toBeGreaterThan(2);
    expect(codes[1] ?? 0).toBeGreaterThan(10);
  }, SLOW);
});
