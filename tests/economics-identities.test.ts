// The identities of the rollout's economics (tests/support/economics-identities.ts, each recomputed
// from the other tables of results.json) on every shipped rollout besides the default one (which
// tests/rollout-economics.test.ts checks with the worked figures) and on drawn national rollouts of
// other seeds, sizes and substations: the identities hold on rollouts nobody looked at by hand, and
// across them every identity meets cases where it says something.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rolloutJson } from '../src/report/rollout-output.js';
import { generateNational } from '../src/rollout/generate-national.js';
import { runRollout } from '../src/rollout/run.js';
import { caseFiles } from './support/case-files.js';
import { IDENTITIES, type Results } from './support/economics-identities.js';

const SLOW = 600_000;
const SHIPPED = ['scenarios/mra-20-flex.yaml', 'scenarios/seed-agenda.yaml'];
/** Drawn national rollouts: seed, terrains, substations (hubsim generate national). */
const DRAWN: [number, number, number][] = [
  [11, 12, 3],
  [12, 12, 3],
  [13, 20, 4],
  [14, 30, 5],
];
const { dir } = caseFiles('hubsim-identities-');
const results = new Map<string, Results>();
const found = new Map<string, number>();

beforeAll(async () => {
  const files = [...SHIPPED];
  for (const [seed, terrains, substations] of DRAWN) {
    const file = join(dir, `national-${seed}.yaml`);
    writeFileSync(file, generateNational({ terrains, substations, seed }));
    files.push(file);
  }
  for (const file of files) {
    const r = await runRollout(file, { workers: 2 });
    expect(r.failures, file).toEqual([]);
    results.set(file, JSON.parse(JSON.stringify(rolloutJson(r))) as Results);
  }
}, SLOW);

afterAll(() => {
  // Across the rollouts every identity met cases where it says something (a check with nothing to
  // check would pass on anything).
  for (const name of Object.keys(IDENTITIES)) expect(found.get(name) ?? 0, name).toBeGreaterThan(0);
});

describe('the economics identities on the shipped and drawn rollouts', () => {
  const names = [...SHIPPED, ...DRAWN.map(([seed, terrains, substations]) => `national seed ${seed} (${terrains} terrains, ${substations} substations)`)];
  it.each(names.map((n, k) => [n, k] as const))('%s', (_name, k) => {
    const r = [...results.values()][k];
    for (const [name, check] of Object.entries(IDENTITIES)) found.set(name, (found.get(name) ?? 0) + check(r));
  });
});
