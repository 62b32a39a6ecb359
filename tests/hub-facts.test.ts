import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withImportCapRaised } from '../src/flex/contract-caps.js';
import { loadHub } from '../src/model/load.js';
import { resolveHub } from '../src/model/resolve.js';
import type { ResolvedHub } from '../src/model/resolved.js';
import { hubFacts } from '../src/results/hub-facts.js';
import { grownHub } from '../src/rollout/grow.js';

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
});
