import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withCongestion, withImportCapRaised } from '../src/flex/contract-caps.js';
import { loadHub } from '../src/model/load.js';
import { resolveHub } from '../src/model/resolve.js';
import type { ResolvedHub } from '../src/model/resolved.js';
import { grownHub } from '../src/rollout/grow.js';
import { configuredHub, SweepContext } from '../src/sweep/context.js';
import { loadSweep } from '../src/sweep/load.js';
import { testHub } from './support/build-hub.js';
import { randomHub } from './support/random-hub.js';

/*
 * ResolvedHub.importCapLowestKw is kept beside importCapKw wherever a hub is built, so that peak
 * shaving can skip lowering its level to a cap that is never below it. Here every way of building a
 * hub is checked against the lowest value of its own cap column, found by a plain loop; then what
 * buildHub (src/model/build-hub.ts) derives from a hub's parts, on a hub small enough to check by hand.
 */
function lowestOf(column: Float64Array): number {
  return column.reduce((m, x) => Math.min(m, x), Number.POSITIVE_INFINITY);
}

// hubOf's fields, in its order: every hub the project builds has exactly these, so that hubs share one
// shape in V8 (see hubOf in src/model/resolved.ts).
const FIELDS = ['name', 'axis', 'members', 'demandKw', 'pvKw', 'windKw', 'generationKw', 'importCapKw', 'importCapLowestKw', 'exportCapKw', 'battery', 'flexible', 'valueOfLostLoadEurPerKwh', 'dayIndex', 'dayStarts', 'strategies', 'contract', 'flexMarket', 'congestionKw', 'exportCongestionKw', 'demandStepMinutes', 'tariff', 'acmUnusedThresholdKw'];

function expectConsistent(hub: ResolvedHub, where: string): void {
  expect(hub.importCapLowestKw, where).toBe(lowestOf(hub.importCapKw));
  expect(Object.keys(hub), where).toEqual(FIELDS);
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

  it('holds for the random hubs of the property tests, built by testHub through buildHub', () => {
    for (let seed = 1; seed <= 300; seed++) expectConsistent(randomHub(seed), `seed ${seed}`);
    // With more capacity granted (a rollout's raised caps), by whole and odd amounts.
    for (let seed = 1; seed <= 100; seed++) for (const delta of [250, 0.1, 1234.567]) expectConsistent(withImportCapRaised(randomHub(seed), delta), `seed ${seed} raised by ${delta}`);
  });
});

describe('buildHub, the model\'s constructor: what it derives from the parts, by hand', () => {
  /*
   * Three hourly steps from 2023-01-09T22:00Z = 23:00 local (UTC+1): local days [0, 1, 1], day starts
   * [0, 1, 3]. Members a [100, 300, 200] (own connection 400 given) and b [50, 50, 150] (own
   * connection: its peak, 150): demand [150, 350, 350]. PV [0, 40, 10] + wind [5, 5, 5] = generation
   * [5, 45, 15]. Firm import cap 1000, with a CBC-T of 600 kW in local hours 0-24 on every day:
   * cap in force [600, 600, 600], lowest 600, while the firm cap in the contract stays 1000. Flexible
   * load of a: share 0.5, but a's group minimum is 180 kW: available min(0.5 x a, a - 180, >= 0) =
   * [0, 120, 20]; at most 2 h a day = 2 steps; recovered within 1.5 h = 1 whole step.
   */
  const hub = testHub({
    startMs: Date.UTC(2023, 0, 9, 22),
    members: [
      { id: 'a', demand: [100, 300, 200], ownConnectionKw: 400 },
      { id: 'b', demand: [50, 50, 150] },
    ],
    pv: [0, 40, 10],
    wind: 5,
    importCapKw: 1000,
    contract: { cbcT: { importCapKw: 600, blocks: [{ fromHour: 0, toHour: 24 }] }, groupMinimums: [{ member: 'a', minimumKw: 180 }] },
    flexibleLoad: [{ member: 'a', share: 0.5, maxHoursPerDay: 2, recoverWithinHours: 1.5 }],
  });

  it('the axis and the local days', () => {
    expect(hub.axis).toEqual({ startMs: Date.UTC(2023, 0, 9, 22), stepHours: 1, steps: 3 });
    expect(Array.from(hub.dayIndex)).toEqual([0, 1, 1]);
    expect(Array.from(hub.dayStarts)).toEqual([0, 1, 3]);
  });

  it('the sums, the own connections, the caps in force and the flexible load', () => {
    expect(Array.from(hub.demandKw)).toEqual([150, 350, 350]);
    expect(Array.from(hub.generationKw)).toEqual([5, 45, 15]);
    expect(hub.members.map((m) => m.ownConnectionKw)).toEqual([400, 150]);
    expect(Array.from(hub.importCapKw)).toEqual([600, 600, 600]);
    expect(hub.importCapLowestKw).toBe(600);
    expect(Array.from(hub.contract!.firmImportCapKw)).toEqual([1000, 1000, 1000]);
    expect(Array.from(hub.exportCapKw)).toEqual([Infinity, Infinity, Infinity]);
    expect(hub.flexible.map((f) => [Array.from(f.availableKw), f.maxStepsPerDay, f.recoverSteps])).toEqual([[[0, 120, 20], 2, 1]]);
    expect(Object.keys(hub)).toEqual(FIELDS);
  });

  it('refuses a column off the axis', () => {
    expect(() => testHub({ startMs: 0, members: [{ id: 'a', demand: [1, 2, 3] }], pv: [1, 2] })).toThrow(/2 steps where its first member has 3/);
  });

  it('an export CBC-T lowers the export cap in force in its blocks from the start, in a hub file as by hand', () => {
    // 24 hourly steps from local midnight; export CBC-T 200 kW in local hours 11-12 (steps 11, 12).
    const contract = { cbcT: { direction: 'export', exportCapKw: 200, blocks: [{ fromHour: 11, toHour: 13 }] } };
    const byHand = testHub({ startMs: Date.UTC(2023, 0, 9, 23), members: [{ id: 'a', demand: new Array(24).fill(100) }], importCapKw: 1000, exportCapKw: 1000, contract });
    const dir = mkdtempSync(join(tmpdir(), 'hubsim-hub-build-'));
    const path = join(dir, 'hub.yaml');
    writeFileSync(path, `name: export-cbc\naxis: { start: "2023-01-09T23:00:00Z", steps: 24 }\nmembers: [{ id: a, profile: 100 }]\nconnection: { importCapKw: 1000, exportCapKw: 1000 }\ncontract: ${JSON.stringify(contract)}\n`);
    const fromFile = resolveHub(loadHub(path));
    for (const hub of [byHand, fromFile]) expect(Array.from(hub.exportCapKw.subarray(9, 15))).toEqual([1000, 1000, 200, 200, 1000, 1000]);
    expect(Array.from(fromFile.importCapKw)).toEqual(new Array(24).fill(1000));
  });
});
