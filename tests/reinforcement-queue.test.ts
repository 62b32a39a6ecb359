// The grid operator's planning convention (economics.reinforcementPlansOn, docs/economics.md section 3):
// ordering for the load served and the capacity requested and not yet granted, checked on the results
// of tests/fixtures/rollout-queue.yaml, every order recomputed from the other tables of results.json,
// and one year worked out by hand.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_REINFORCEMENT } from '../src/model/economics.js';
import { rolloutJson } from '../src/report/rollout-output.js';
import { runRollout } from '../src/rollout/run.js';

type Row = Record<string, number | string | boolean | null>;
interface Results {
  economicsConvention: Row;
  terrainYears: Row[];
  substationYears: Row[];
  substationPurchases: Row[];
  substations: Row[];
}
const num = (x: unknown): number => x as number;
const FIXTURE = 'tests/fixtures/rollout-queue.yaml';
let queue: Results;
let served: Results;

async function results(file: string): Promise<Results> {
  return JSON.parse(JSON.stringify(rolloutJson(await runRollout(file, { workers: 1 })))) as Results;
}

beforeAll(async () => {
  queue = await results(FIXTURE);
  // The same rollout with the default convention (the fixture gives every hub inline, so a copy runs anywhere).
  const dir = mkdtempSync(path.join(tmpdir(), 'hubsim-queue-'));
  try {
    const copy = path.join(dir, 'served.yaml');
    writeFileSync(copy, readFileSync(FIXTURE, 'utf8').replace('reinforcementPlansOn: served-load-and-requests', 'reinforcementPlansOn: served-load'));
    served = await results(copy);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

/** The capacity waiting in the queue at the end of a year: requested minus granted, over the substation's terrains (kW). */
function queueKw(r: Results, substation: unknown, strategy: unknown, year: unknown): number {
  return r.terrainYears
    .filter((t) => t.substation === substation && t.strategy === strategy && t.year === year && t.requestedCapKw !== null)
    .reduce((s, t) => s + num(t.requestedCapKw) - num(t.grantedCapKw), 0);
}

describe('reinforcement planned on the load served and the requests waiting', () => {
  it('every order is the minimal one for (peak + queue) / (1 - planningMargin), recomputed from the other tables', () => {
    const levels = new Map(DEFAULT_REINFORCEMENT.map((l) => [l.level, l]));
    let ordersForTheQueue = 0;
    for (const s of queue.substations) {
      const l = levels.get('MV network')!;
      let committed = num(s.initialCapacityKw);
      const expected: [number, number, number, number][] = [];
      for (const y of queue.substationYears.filter((r) => r.substation === s.substation && r.strategy === s.strategy)) {
        const q = queueKw(queue, y.substation, y.strategy, y.year);
        const needed = (num(y.peakLoadKw) + q) / (1 - num(s.planningMargin));
        if (needed - committed > 1e-6 * l.stepMw * 1000) {
          const steps = Math.ceil((needed - committed) / 1000 / l.stepMw - 1e-9);
          // An order the load served alone would not have made this year.
          if (num(y.peakLoadKw) / (1 - num(s.planningMargin)) <= committed) ordersForTheQueue++;
          committed += steps * l.stepMw * 1000;
          expected.push([num(y.year), steps, num(y.year) + l.leadTimeYears, needed]);
        }
      }
      const got = queue.substationPurchases.filter((o) => o.substation === s.substation && o.strategy === s.strategy).map((o) => [num(o.year), num(o.steps), num(o.inServiceYear), num(o.neededKw)]);
      expect(got.length, `${s.substation} ${s.strategy}`).toBe(expected.length);
      got.forEach((g, i) => {
        expect(g.slice(0, 3)).toEqual(expected[i].slice(0, 3));
        expect(g[3]).toBeCloseTo(expected[i][3], 5);
      });
    }
    expect(ordersForTheQueue).toBeGreaterThan(0);
  });

  it('by hand: without hubs, 2028 orders one 2 MW step for 5,936 kW served + 500 kW requested, in service 2031; planned on the load served, not before 2029', () => {
    // The campus holds 2,600 kW in 2028 and asks for 3,100 kW (its 2029 load, 3,026 kW, rounded up
    // to whole 100 kW steps above its 1,800 kW contract): 500 kW wait. 5,936 + 500 = 6,436 kW is above
    // the 6,000 kW of the substation (planning margin 0), 5,936 kW alone is not.
    const ref = (r: Results, year: number): Row => r.substationYears.find((y) => y.strategy === 'without-hubs' && y.year === year)!;
    const campus = queue.terrainYears.find((t) => t.terrain === 'campus' && t.strategy === 'without-hubs' && t.year === 2028)!;
    expect([campus.grantedCapKw, campus.requestedCapKw]).toEqual([2600, 3100]);
    expect(num(ref(queue, 2028).peakLoadKw)).toBeGreaterThan(5900);
    expect(num(ref(queue, 2028).peakLoadKw)).toBeLessThan(6000);
    const order = queue.substationPurchases.filter((o) => o.strategy === 'without-hubs');
    expect(order.map((o) => [o.year, o.level, o.steps, o.levelCapacityKw, o.inServiceYear])).toEqual([[2028, 'MV network', 1, 8000, 2031]]);
    expect(num(order[0].neededKw)).toBeCloseTo(num(ref(queue, 2028).peakLoadKw) + 500, 6);
    expect(served.substationPurchases.filter((o) => o.strategy === 'without-hubs').map((o) => [o.year, o.inServiceYear])).toEqual([[2029, 2032]]);
    // The step in service a year earlier grants the campus its 3,500 kW in 2031 instead of 2032.
    const grant = (r: Results): unknown => r.terrainYears.find((t) => t.terrain === 'campus' && t.strategy === 'without-hubs' && t.year === 2031)!.grantedCapKw;
    expect([grant(queue), grant(served)]).toEqual([3500, 2600]);
  });

  it('the overload test counts the load served only; results.json states the convention', () => {
    // Up to 2030 both conventions have the same capacity in service, so the same rows.
    for (const y of queue.substationYears.filter((r) => num(r.year) <= 2030)) {
      const same = served.substationYears.find((r) => r.strategy === y.strategy && r.year === y.year)!;
      expect([y.peakLoadKw, y.overloadHours, y.capacityInServiceKw]).toEqual([same.peakLoadKw, same.overloadHours, same.capacityInServiceKw]);
    }
    expect(queue.substationYears.some((y) => num(y.overloadHours) > 0)).toBe(true);
    expect(queue.economicsConvention.reinforcementPlansOn).toBe('served-load-and-requests');
    expect(served.economicsConvention.reinforcementPlansOn).toBe('served-load');
  });
});
