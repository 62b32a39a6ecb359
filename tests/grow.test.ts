import { describe, expect, it } from 'vitest';
import { grownHub } from '../src/rollout/grow.js';
import { testHub } from './support/build-hub.js';
import { randomHubSpec } from './support/random-hub.js';
import { rng } from './support/random.js';

/*
 * A hub in a later year (src/rollout/grow.ts): each member's demand times its kind's factor, and the
 * hub's demand the sum 0 + f_1 x_1 + f_2 x_2 + ... added in the members' order, held to that
 * definition to the bit, in columns a worker reuses (left with other values by an earlier hub), with
 * members that do not grow (factor 1), zero and negative steps, and -0.
 */
describe('a grown hub', () => {
  it('has the members\' grown demand and their sum in order, on random hubs in reused columns', () => {
    const factors = [0, 0.37, 1, 1, 2.5, -0.5];
    const columns: Float64Array[] = [];
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed);
      const spec = randomHubSpec(seed);
      // Members of different kinds, so that some grow and some do not.
      const kinds = ['business', 'logistics', 'industry', 'datacenter'];
      const members = spec.members.map((m) => ({ ...m, kind: kinds[Math.floor(r() * kinds.length)], demand: Float64Array.from(m.demand) }));
      for (const m of members) {
        if (r() < 0.3) for (let t = 0; t < m.demand.length; t++) m.demand[t] -= 2 * m.demand[t] * r();
        if (r() < 0.3) m.demand[Math.floor(r() * m.demand.length)] = -0;
      }
      // A step where every member is -0: the sum is +0 (0 + -0), a sum started from the first member -0.
      const quiet = Math.floor(r() * spec.members[0].demand.length);
      for (const m of members) m.demand[quiet] = -0;
      const hub = testHub({ ...spec, members });
      const byKind = new Map<string, number>();
      const factorOf = (kind: string): number => byKind.get(kind) ?? (byKind.set(kind, factors[Math.floor(r() * factors.length)]), byKind.get(kind)!);
      let k = 0;
      const reused = (n: number): Float64Array => {
        columns[k] ??= new Float64Array(n);
        if (columns[k].length !== n) columns[k] = new Float64Array(n);
        columns[k].fill(Number.NaN);
        return columns[k++];
      };
      const grown = grownHub(hub, factorOf, reused);
      const n = hub.axis.steps;
      const sum = new Float64Array(n);
      hub.members.forEach((m, i) => {
        const f = factorOf(m.kind);
        for (let t = 0; t < n; t++) {
          const x = f === 1 ? m.demandKw[t] : m.demandKw[t] * f;
          expect(Object.is(grown.members[i].demandKw[t], x), `seed ${seed}, member ${m.id}, step ${t}`).toBe(true);
          sum[t] += x;
        }
      });
      if (grown === hub) continue;
      for (let t = 0; t < n; t++) expect(Object.is(grown.demandKw[t], sum[t]), `seed ${seed}, step ${t}: ${grown.demandKw[t]} against ${sum[t]}`).toBe(true);
    }
  });
});
