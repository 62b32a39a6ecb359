import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withCongestion } from '../src/flex/contract-caps.js';
import { loadHub } from '../src/model/load.js';
import { resolveHub } from '../src/model/resolve.js';
import type { ResolvedHub } from '../src/model/resolved.js';
import { grownHub } from '../src/rollout/grow.js';
import { configuredHub, SweepContext } from '../src/sweep/context.js';
import { loadSweep } from '../src/sweep/load.js';
import { randomHub } from './support/random-hub.js';

/*
 * ResolvedHub.importCapLowestKw is kept beside importCapKw wherever a hub is built, so that peak
 * shaving can skip lowering its level to a cap that is never below it. Here every way of building a
 * hub is checked against the lowest value of its own cap column, found by a plain loop.
 */
function lowestOf(column: Float64Array): number {
  return column.reduce((m, x) => Math.min(m, x), Number.POSITIVE_INFINITY);
}

// hubOf's fields, in its order: every hub the project builds has exactly these, so that hubs share one
// shape in V8 (see hubOf in src/model/resolved.ts).
const FIELDS = ['name', 'axis', 'members', 'demandKw', 'pvKw', 'windKw', 'generationKw', 'importCapKw', 'importCapLowestKw', 'exportCapKw', 'battery', 'flexible', 'valueOfLostLoadEurPerKwh', 'dayIndex', 'dayStarts', 'strategies', 'contract', 'flexMarket', 'congestionKw', 'exportCongestionKw', 'demandStepMinutes', 'tariff', 'acmUnusedThresholdKw'];

function expectConsistent(hub: ResolvedHub, where: string, fromHubOf = true): void {
  expect(hub.importCapLowestKw, where).toBe(lowestOf(hub.importCapKw));
  if (fromHubOf) expect(Object.keys(hub), where).toEqual(FIELDS);
}

const example = (name: string): string => fileURLToPath(new URL(`../scenarios/examples/${name}.yaml`, import.meta.url));

describe('hubs as the project builds them: the lowest import cap kept with the cap column, and one set of fields', () => {
  it('holds for the example hubs, a contract hub under congestion, and grown hubs', () => {
    for (const name of ['business-park', 'mixed-park', 'datacenter-campus', 'flex-park']) {
      const hub = resolveHub(loadHub(example(name)));
      expectConsistent(hub, name);
      expectConsistent(grownHub(hub, () => 1.4), `${name} grown`);
      // A congestion signal calls CBC-A in the flex park, which lowers the cap in force in those steps.
      const signal = new Float64Array(hub.axis.steps);
      for (let t = 4000; t < 4100; t++) signal[t] = 500;
      const calm = withCongestion(hub, new Float64Array(hub.axis.steps));
      const congested = withCongestion(hub, signal);
      expectConsistent(calm, `${name} without congestion`);
      expectConsistent(congested, `${name} under congestion`);
      if (name === 'flex-park') expect(congested.importCapLowestKw).toBeLessThan(calm.importCapLowestKw);
    }
  });

  it('holds for the hubs of a sweep, with the hub file caps and with the configurations own caps', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hubsim-hub-build-'));
    const path = join(dir, 'sweep.yaml');
    writeFileSync(
      path,
      `name: caps\nhub: ${example('flex-park')}\ndraws: { count: 2, seed: 3 }\neconomics: { batteryEurPerKwh: 100, batteryEurPerKw: 0, lifetimeYears: 10, discountRate: 0 }\n` +
        `grid: { strategies: [{ kind: peak-shaving }], importCapKw: [1500, 2500] }\n`,
    );
    const withOwn = new SweepContext(loadSweep(path));
    writeFileSync(path, `name: caps\nhub: ${example('business-park')}\ndraws: { count: 2, seed: 3 }\neconomics: { batteryEurPerKwh: 100, batteryEurPerKw: 0, lifetimeYears: 10, discountRate: 0 }\ngrid: { strategies: [{ kind: baseline }] }\n`);
    const withFile = new SweepContext(loadSweep(path));
    let hubs = 0;
    for (const ctx of [withOwn, withFile]) {
      const p = ctx.subject(0);
      for (let d = 0; d < 2; d++) {
        const drawn = ctx.drawnColumns(p, ctx.draw(d));
        for (const c of p.configurations) {
          expectConsistent(configuredHub(ctx, p, drawn, c), `draw ${d} configuration ${c.index}`);
          hubs++;
        }
      }
    }
    expect(hubs).toBe(6);
  });

  it('holds for the random hubs of the property tests', () => {
    for (let seed = 1; seed <= 300; seed++) expectConsistent(randomHub(seed), `seed ${seed}`, false); // a test builder, not hubOf
  });
});
