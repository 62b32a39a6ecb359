// The grid operator's planning conventions (docs/economics.md section 3): ordering for the planning peak
// and the capacity requested and not yet granted (economics.reinforcementPlansOn), and for the load
// expected when a step comes into service (economics.reinforcementPlansFor), checked on the results of
// tests/fixtures/rollout-queue.yaml: every order recomputed from the other tables of results.json and
// the scenario's growth inputs, and one year worked out by hand.
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
let ahead: Results;

async function results(file: string): Promise<Results> {
  return JSON.parse(JSON.stringify(rolloutJson(await runRollout(file, { workers: 1 })))) as Results;
}

beforeAll(async () => {
  queue = await results(FIXTURE);
  // The same rollout with the default convention (the fixture gives every hub inline, so a copy runs anywhere).
  const dir = mkdtempSync(path.join(tmpdir(), 'hubsim-queue-'));
  const text = readFileSync(FIXTURE, 'utf8');
  const variant = async (name: string, from: string, to: string): Promise<Results> => {
    const copy = path.join(dir, name);
    writeFileSync(copy, text.replace(from, to));
    return results(copy);
  };
  try {
    served = await variant('served.yaml', 'reinforcementPlansOn: served-load-and-requests', 'reinforcementPlansOn: served-load');
    ahead = await variant('ahead.yaml', 'reinforcementPlansOn: served-load-and-requests', 'reinforcementPlansOn: served-load-and-requests\n  reinforcementPlansFor: in-service-year');
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

describe('reinforcement planned for the year a step comes into service', () => {
  // The fixture's growth inputs, by hand: the background grows 2% a year (the default
  // backgroundGrowthPerYear), the campus's one member (a datacenter) by factorByYear 2026: 1 to
  // 2030: 2, linear between and flat after, the park's office (business) not at all.
  const datacenter = (y: number): number => Math.min(2, 1 + (y - 2026) / 4);
  const growth = (terrain: unknown, from: number, to: number): number => (terrain === 'campus' ? datacenter(to) / datacenter(from) : 1);
  const lead = DEFAULT_REINFORCEMENT.find((l) => l.level === 'MV network')!.leadTimeYears;

  it('every order is for the peak\'s parts grown to the in-service year, plus the queue, recomputed from results.json and the inputs', () => {
    let checked = 0;
    for (const s of ahead.substations) {
      let committed = num(s.initialCapacityKw);
      const expected: [number, number, number][] = [];
      for (const y of ahead.substationYears.filter((r) => r.substation === s.substation && r.strategy === s.strategy)) {
        const year = num(y.year);
        // One weather year: a terrain's importAtSubstationPeakKw is its import at that year's peak step.
        const terrains = ahead.terrainYears.filter((t) => t.substation === y.substation && t.strategy === y.strategy && t.year === y.year);
        const background = num(y.peakLoadKw) - terrains.reduce((a, t) => a + num(t.importAtSubstationPeakKw), 0);
        // Each terrain's consumption there grows; its import beside it (PV and battery as built) does not.
        const expectedKw = background * 1.02 ** lead + terrains.reduce((a, t) => a + num(t.importAtSubstationPeakKw) + num(t.demandAtSubstationPeakKw) * (growth(t.terrain, year, year + lead) - 1), 0);
        const needed = (expectedKw + queueKw(ahead, y.substation, y.strategy, y.year)) / (1 - num(s.planningMargin));
        if (needed - committed > 2e-6 * 1000) {
          const steps = Math.ceil((needed - committed) / 2000 - 1e-9);
          committed += steps * 2000;
          expected.push([year, steps, needed]);
        }
      }
      const got = ahead.substationPurchases.filter((o) => o.substation === s.substation && o.strategy === s.strategy);
      expect(got.map((o) => [o.year, o.steps]), `${s.substation} ${s.strategy}`).toEqual(expected.map((e) => [e[0], e[1]]));
      got.forEach((o, i) => expect(num(o.neededKw)).toBeCloseTo(expected[i][2], 5));
      checked += got.length;
    }
    expect(checked).toBeGreaterThan(0);
    expect(ahead.economicsConvention.reinforcementPlansFor).toBe('in-service-year');
    expect(queue.economicsConvention.reinforcementPlansFor).toBe('year-found');
  });

  it('a terrain\'s consumption at the peak step is its import there without PV and battery, and within the battery\'s charging power of it with them', () => {
    // The fixture: the campus has no PV and a 500 kW battery, the park PV and a 600 kW battery; without
    // hubs the batteries are idle.
    const chargeKw: Record<string, number> = { campus: 500, park: 600 };
    let differs = 0;
    for (const t of ahead.terrainYears) {
      const demand = num(t.demandAtSubstationPeakKw);
      const imported = num(t.importAtSubstationPeakKw);
      const at = `${t.terrain} ${t.strategy} ${t.year}`;
      if (t.terrain === 'campus' && t.strategy === 'without-hubs') expect(demand, at).toBeCloseTo(imported, 6);
      else expect(imported, at).toBeLessThanOrEqual(demand + chargeKw[t.terrain as string] + 1e-6);
      if (t.terrain === 'campus' && t.strategy !== 'without-hubs' && Math.abs(demand - imported) > 1) differs++;
    }
    // With peak shaving the campus's battery acts at some substation peaks: there the two differ.
    expect(differs).toBeGreaterThan(0);
  });

  it('by hand: without hubs, 2026 orders for 2029 (MV network, lead 3 years), before any overload, and the substation is never overloaded', () => {
    // 2026's peak (5,065 kW) in its parts, grown to 2029: the background x 1.02^3, the campus x 1.75
    // (its datacenter's 1.75 / 1), the park x 1; plus the campus's 400 kW waiting (2,200 asked, 1,800
    // held): above 6,000 kW, so one 2 MW step, in service 2029, the first year the load served
    // (6,373 kW) needs it.
    const order = ahead.substationPurchases.filter((o) => o.strategy === 'without-hubs');
    expect(order.map((o) => [o.year, o.steps, o.inServiceYear])).toEqual([[2026, 1, 2029]]);
    expect(num(order[0].neededKw)).toBeGreaterThan(6000);
    expect(num(ahead.substationYears.find((y) => y.strategy === 'without-hubs' && y.year === 2029)!.peakLoadKw)).toBeGreaterThan(6000);
    expect(ahead.substationYears.every((y) => num(y.overloadHours) === 0)).toBe(true);
    // Planned for the year found, the same rollout is overloaded in 2029 and 2030.
    expect(queue.substationYears.filter((y) => y.strategy === 'without-hubs' && num(y.overloadHours) > 0).map((y) => y.year)).toEqual([2029, 2030]);
  });
});
