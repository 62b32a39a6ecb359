// The two worked examples of docs/economics.md section 10, recomputed from the default scenario's
// baseline results.json (tests/regression/mra-20/results.json) by the formulas of that page, written
// out here independently of src/: a substation's purchases from its planning peaks, and a terrain's
// attribution and NPV from its yearly rows. The page must quote the numbers the file gives.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Row = Record<string, number | string | boolean | null>;
const read = (path: string): string => readFileSync(fileURLToPath(new URL(`../${path}`, import.meta.url)), 'utf8');
const results = JSON.parse(read('tests/regression/mra-20/results.json')) as Record<string, Row[]> & { economicsConvention: Row };
const doc = read('docs/economics.md');
const num = (x: unknown): number => x as number;
/** The number as the page prints it: thousands separators, two decimals. */
const printed = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const RATE = 0.04; // economics.discountRate of scenarios/mra-20.yaml
const BASE = 2025; // the horizon start
const END = 2035;
const atStart = (y: number): number => (1 + RATE) ** -(y - BASE);
const atEnd = (y: number): number => (1 + RATE) ** -(y - BASE + 1);

describe('worked example 1: Zaanstad without hubs', () => {
  const sub = results.substations.find((s) => s.substation === 'zaanstad' && s.strategy === 'without-hubs')!;
  const years = results.substationYears.filter((y) => y.substation === 'zaanstad' && y.strategy === 'without-hubs');
  const orders = results.substationPurchases.filter((p) => p.substation === 'zaanstad' && p.strategy === 'without-hubs');

  it('orders one step a level in each year the peak passes the committed capacity (2 MW steps, leads 3 and 5 years)', () => {
    // By hand from the peaks: each level starts at 54,750 kW; a year whose peak exceeds a level's
    // committed capacity orders ceil(shortfall / 2,000) steps of 2,000 kW.
    const levels = [
      { level: 'MV network', cost: 1_380_000, lead: 3 },
      { level: 'MV/HV transformer', cost: 500_000, lead: 5 },
    ];
    const expected: [number, string, number, number, number][] = [];
    const committed = levels.map(() => num(sub.initialCapacityKw));
    for (const y of years) {
      levels.forEach((l, i) => {
        const short = num(y.peakLoadKw) - committed[i];
        if (short <= 0) return;
        const steps = Math.ceil(short / 2000);
        committed[i] += steps * 2000;
        expected.push([num(y.year), l.level, steps, steps * l.cost, num(y.year) + l.lead]);
      });
    }
    expect(orders.map((o) => [o.year, o.level, o.steps, o.costEur, o.inServiceYear])).toEqual(expected);
    expect(num(sub.initialCapacityKw)).toBe(54_750);
    expect(sub.firstOverloadYear).toBe(2032);
    expect(num(sub.reinforcementOrderedEur)).toBe(4 * (1_380_000 + 500_000));
    expect(num(sub.reinforcementInHorizonEur)).toBe(1_380_000);
    // The peaks the page's table quotes, and the capacity in service (the lowest level) until 2037.
    for (const y of years.filter((x) => num(x.year) >= 2031)) {
      expect(doc).toContain(`| ${y.year} | ${Math.round(num(y.peakLoadKw)).toLocaleString('en-US')} | ${num(y.capacityInServiceKw).toLocaleString('en-US')} |`);
    }
  });

  it('has the present value the page works out: the 2035 MV step less its residual after one year of 40', () => {
    const first = 1_380_000 * atStart(2035);
    const residual = 1_380_000 * (1 - (END - 2035 + 1) / 40) * atEnd(END);
    expect(num(sub.reinforcementPvEur)).toBeCloseTo(first - residual, 4);
    expect(num(sub.reinforcementResidualEur)).toBeCloseTo(1_345_500, 6);
    expect(doc).toContain(`= ${printed(first)} - ${printed(residual)} = ${printed(first - residual)}`);
  });
});

describe('worked example 2: am-kantorenpark with peak-shaving+guard', () => {
  const strategy = 'peak-shaving+guard';
  const terrains = ['am-datacampus', 'am-kantorenpark', 'am-bedrijvenpark'];
  const rows = (terrain: string) => results.terrainYears.filter((r) => r.terrain === terrain && r.strategy === strategy);
  const amstel = results.substations.find((s) => s.substation === 'amstel' && s.strategy === strategy)!;
  const econ = results.terrainEconomics.find((e) => e.terrain === 'am-kantorenpark' && e.strategy === strategy)!;

  it('gets its share of Amstel\'s avoided reinforcement by the kW it lowered at the reference\'s peak hour, over all years', () => {
    const weights = terrains.map((t) => rows(t).reduce((s, r) => s + Math.max(0, num(r.substationPeakLoweredKw)), 0));
    const share = (num(amstel.avoidedReinforcementPvEur) * weights[1]) / weights.reduce((s, w) => s + w, 0);
    expect(num(econ.avoidedReinforcementPvEur)).toBeCloseTo(share, 4);
    expect(num(econ.attributionWeightKw)).toBeCloseTo(weights[1], 6);
    expect(doc).toContain(`${printed(num(amstel.avoidedReinforcementPvEur))} x ${printed(weights[1])} / (${printed(weights[0])} + ${printed(weights[1])} + ${printed(weights[2])}) = ${printed(share)}`);
  });

  it('has the NPVs of the table: members, grid operator and society, from the yearly flows and the convention', () => {
    const capex = -10_000_000 * atStart(2028);
    let opex = 0;
    let imbalance = 0;
    let unserved = 0;
    let tariff = 0;
    // Lost shed load from the energy itself (docs/economics.md section 6), not from the lostShedEur
    // column: -(kWh shed without recovery with the strategy - without hubs) x EUR 20/kWh, end of year.
    const voll = num(results.economicsConvention.valueOfLostLoadEurPerKwh);
    const withoutHubs = (year: unknown) => results.terrainYears.find((r) => r.terrain === 'am-kantorenpark' && r.strategy === 'without-hubs' && r.year === year)!;
    let lostShed = 0;
    let shedKwh = 0;
    for (const r of rows('am-kantorenpark')) {
      const shed = num(r.unservedShedKwh) - num(withoutHubs(r.year).unservedShedKwh);
      expect(num(r.lostShedEur)).toBeCloseTo(-shed * voll, 4);
      shedKwh += shed;
      lostShed -= shed * voll * atEnd(num(r.year));
      if (!r.hubActive) continue;
      opex -= 200_000 * atEnd(num(r.year));
      imbalance += num(r.avoidedImbalanceEur) * atEnd(num(r.year));
      unserved += num(r.avoidedUnservedEur) * atEnd(num(r.year));
      tariff += num(r.transportTariffSavingEur) * atEnd(num(r.year));
      expect([r.avoidedCurtailmentEur, r.arbitrageRevenueEur, r.flexTransfersEur]).toEqual([0, 0, 0]);
    }
    expect(voll).toBe(20);
    expect(doc).toContain(`${printed(shedKwh)} kWh in all`);
    expect(num(econ.lostShedPvEur)).toBeCloseTo(lostShed, 3);
    const residual = 10_000_000 * (1 - 8 / 15) * atEnd(END);
    const reinforcement = num(econ.avoidedReinforcementPvEur);
    const members = capex + opex + residual + imbalance + unserved + lostShed + tariff;
    const grid = reinforcement - tariff;
    expect(num(econ.npvMembersEur)).toBeCloseTo(members, 3);
    expect(num(econ.npvGridOperatorEur)).toBeCloseTo(grid, 3);
    expect(num(econ.npvSocietyEur)).toBeCloseTo(members + grid, 3);
    expect(num(econ.avoidedUnservedPvEur)).toBeCloseTo(unserved, 3);
    for (const x of [capex, opex, residual, imbalance, unserved, lostShed, tariff, reinforcement, members, grid, members + grid]) {
      expect(doc, String(x)).toContain(printed(Math.abs(x)));
    }
    // What the NPV would be without the value of lost load: both of its flows taken out.
    const withoutVoll = members + grid - unserved - lostShed;
    expect(doc).toContain(`${printed(members + grid)} - ${printed(unserved)} + ${printed(-lostShed)} = ${printed(withoutVoll)}`);
  });
});
