import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withImportCapRaised } from '../src/flex/contract-caps.js';
import { loadHub } from '../src/model/load.js';
import { resolveHub } from '../src/model/resolve.js';
import type { ResolvedHub } from '../src/model/resolved.js';
import { hubFacts } from '../src/results/hub-facts.js';
import { grownHub } from '../src/rollout/grow.js';
import { randomHub } from './support/random-hub.js';
import { rng } from './support/random.js';

/*
 * Hub facts keep each member's peak per member: hubs made from one hub with other caps share its
 * members, and a rollout grows members into reused columns. Every member peak here is held to a plain
 * loop over the member's column as it is when the hub is asked.
 */
function expectMemberPeaks(hub: ResolvedHub, where: string): void {
  const acm = hubFacts(hub).memberAcm;
  hub.members.forEach((m, i) => expect(acm[i].peakKw, `${where}, member ${m.id}`).toBe(m.demandKw.reduce((p, x) => (x > p ? x : p), 0)));
}

describe('hub facts: each member\'s peak', () => {
  it('is its own column\'s highest value for a hub, its grown years in reused columns, and the same years with a granted cap', () => {
    const hub = resolveHub(loadHub(fileURLToPath(new URL('../scenarios/examples/mixed-park.yaml', import.meta.url))));
    expectMemberPeaks(hub, 'as described');
    // One set of columns for every grown year, as a rollout's worker reuses them.
    const columns: Float64Array[] = [];
    const reused = (): ((n: number) => Float64Array) => {
      let k = 0;
      return (n) => (columns[k] ??= new Float64Array(n), columns[k++]);
    };
    for (const factor of [1.4, 2, 0.5]) {
      const grown = grownHub(hub, () => factor, reused());
      expectMemberPeaks(grown, `grown x ${factor}`);
      expect(hubFacts(grown).memberAcm[0].peakKw).not.toBe(hubFacts(hub).memberAcm[0].peakKw);
      expectMemberPeaks(withImportCapRaised(grown, 250), `grown x ${factor}, cap raised`);
    }
  });

  it('of a grown member, taken as the factor times its base member\'s, is its column\'s highest value on random hubs and factors', () => {
    // Members with negative demand steps, whose peaks are 0, and factors of 0 and below 1 included.
    const factors = [0, 1e-9, 0.37, 1, 1.0000001, 2.5, 1e6];
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed);
      const hub = randomHub(seed);
      for (const m of hub.members) if (r() < 0.3) for (let t = 0; t < m.demandKw.length; t++) m.demandKw[t] -= 2 * m.demandKw[t] * r();
      const byKind = new Map<string, number>();
      const grown = grownHub(hub, (kind) => byKind.get(kind) ?? (byKind.set(kind, factors[Math.floor(r() * factors.length)]), byKind.get(kind)!));
      expectMemberPeaks(grown, `seed ${seed}`);
    }
  });
});

