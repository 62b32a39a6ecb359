import { describe, expect, it } from 'vitest';
import { runRollout } from '../src/rollout/run.js';
import { firstPassName } from '../src/rollout/task.js';

/*
 * tests/fixtures/rollout-flex.yaml: one substation (6 MW, safe 4.5 MW at 25% spare) with an office
 * background (3 MW peak) and one park (office 6 GWh + works 3 GWh, battery 4 MWh / 1.2 MW, peak level
 * 2.4 MW = its cap, so the battery is free for requests; CBC-A at 2 MW; GOPACS ladder 1.2 MW battery
 * at EUR 150 and 200 kW shedding at EUR 300, willingness to pay EUR 400/MWh).
 */
describe('two-pass flex rollout', () => {
  it('pass 2 answers the overload of pass 1: the congested substation peak and overload hours drop', async () => {
    const r = await runRollout('tests/fixtures/rollout-flex.yaml', { workers: 1 });
    const strategy = 'flex+guard';
    const first = firstPassName(strategy);
    expect(r.strategies).toEqual([first, strategy]);
    const year = (s: string) => r.substationYears.find((x) => x.substation === 'east' && x.strategy === s && x.year === 2026)!;
    const before = year(first);
    const after = year(strategy);
    // Pass 1 overloads the substation (above 4,500 kW in some hours) ...
    expect(before.peakLoadKw).toBeGreaterThan(before.capacityInServiceKw);
    expect(before.overloaded).toBe(true);
    expect(before.overloadHours).toBeGreaterThan(0);
    // ... and the hub's answers (GOPACS, CBC-A) bring the peak and the overload hours down.
    expect(after.peakLoadKw).toBeLessThan(before.peakLoadKw);
    expect(after.overloadHours).toBeLessThan(before.overloadHours);
    // The reinforcement pass 1 needs is then avoided or smaller.
    const plan = (s: string) => r.substations.find((x) => x.substation === 'east' && x.strategy === s)!;
    expect(plan(strategy).reinforcementOrderedEur).toBeLessThan(plan(first).reinforcementOrderedEur);
    // Only pass 2 gets requests: GOPACS volume and CBC-A calls appear there, not in pass 1.
    const park = (s: string) => r.terrainYears.find((x) => x.terrain === 'flexpark' && x.strategy === s && x.year === 2026)!.metrics;
    expect(park(first).gopacsDeliveredKwh).toBe(0);
    expect(park(first).cbcAHoursCalled).toBe(0);
    expect(park(strategy).gopacsDeliveredKwh).toBeGreaterThan(0);
    expect(park(strategy).cbcAHoursCalled).toBeGreaterThan(0);
    // Flex revenue is part of the members' benefits (the year's cash flow holds it): the fees and
    // penalties as a transfer from the grid operator, arbitrage as earned in the market.
    const yt = r.yearTotals.find((y) => y.strategy === strategy && y.year === 2026)!;
    expect(yt.flexTransfersEur + yt.arbitrageRevenueEur).toBeCloseTo(park(strategy).flexRevenueEur!, 6);
    expect(yt.arbitrageRevenueEur).toBeCloseTo(park(strategy).arbitrageRevenueEur!, 6);
  }, 120_000);
});
