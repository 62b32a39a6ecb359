import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runCli } from './support/cli.js';
import { mutatedDocument } from './support/mutations.js';
import { rng } from './support/random.js';

/*
 * A user's mistake gets a coded one-line error and exit 2, never a stack trace or a failed job, and
 * leaves no output; a file that is still valid runs. The bad-input corpus (tests/bad-inputs) holds
 * the mistakes we thought of; this test makes mistakes nobody chose: random edits of a shipped hub
 * and of a small rollout (a field deleted, set to a value of another type, a number scaled by 0,
 * -1, 1000 or a million, an array item removed or repeated), from fixed seeds. Runs of this kind
 * found a terrain whose member never draws failing its tariff (exit 3) and a substation without
 * terrains failing with a TypeError.
 */

const SLOW = 300_000;
const VALUES: unknown[] = [undefined, -1, 0, 0.5, 2.5, 1e12, 1e308, -1e-9, 'abc', '', null, [], {}, true, 100000, 'nedu-e3a'];
const FACTORS = [0, 0.001, 0.5, 1.5, 2, 1000, 1e6, -1];

/** Runs `count` random edits of `text` with `command`; returns how many ran (exit 0) and how many were refused (exit 2). */
async function edits(text: string, command: string, extra: string[], count: number, seed: number): Promise<[number, number]> {
  const dir = mkdtempSync(join(tmpdir(), 'hubsim-mutated-'));
  const doc = parse(text);
  const random = rng(seed);
  let ran = 0;
  let refused = 0;
  for (let i = 0; i < count; i++) {
    const [copy, what] = mutatedDocument(doc, random, { values: VALUES, factors: FACTORS });
    const file = join(dir, `${i}.yaml`);
    writeFileSync(file, stringify(copy));
    const out = join(dir, `out-${i}`);
    const { code, stderr } = await runCli(command, file, '--out', out, ...extra);
    const at = `seed ${seed}, edit ${i}: ${what}\n${stderr}`;
    expect([0, 2], at).toContain(code);
    if (code === 2) {
      refused++;
      for (const line of stderr.trimEnd().split('\n')) expect(line, at).toMatch(/^hubsim: error \[[a-zA-Z]+\.[a-zA-Z]+\] /);
      expect(existsSync(out), at).toBe(false);
    } else {
      ran++;
      expect(existsSync(join(out, 'results.json')), at).toBe(true);
    }
  }
  return [ran, refused];
}

describe('random edits of valid files: exit 0 with results, or exit 2 with coded lines and nothing written', () => {
  it.each([
    ['scenarios/examples/business-park.yaml', 20261207],
    ['scenarios/examples/flex-park.yaml', 20261208],
    ['scenarios/examples/datacenter-campus.yaml', 20261209],
  ])('%s, hubsim run', async (file, seed) => {
    const [ran, refused] = await edits(readFileSync(file, 'utf8'), 'run', [], 120, seed);
    // The edits reach both: files still valid and files refused.
    expect(ran).toBeGreaterThan(5);
    expect(refused).toBeGreaterThan(60);
  }, SLOW);

  it.each([
    ['tests/fixtures/rollout-small.yaml', 20261210],
    ['tests/fixtures/rollout-flex.yaml', 20261211],
  ])('%s, hubsim rollout', async (file, seed) => {
    const text = readFileSync(file, 'utf8').replaceAll('../../scenarios/', `${resolve('scenarios')}/`);
    const [ran, refused] = await edits(text, 'rollout', ['--workers', '1'], 100, seed);
    expect(ran).toBeGreaterThan(5);
    expect(refused).toBeGreaterThan(50);
  }, SLOW);
});
