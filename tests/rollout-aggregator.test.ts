import { beforeAll, describe, expect, it } from 'vitest';
import { aggregate, RolloutAggregator, type RolloutResult } from '../src/rollout/aggregate.js';
import { RolloutContext } from '../src/rollout/context.js';
import { loadRollout, type LoadedRollout } from '../src/rollout/load.js';
import { rolloutTasks } from '../src/rollout/study.js';
import { runTask } from '../src/rollout/run-task.js';
import { WITHOUT_HUBS, type TaskResult } from '../src/rollout/task.js';

// Two substations (north: park-a, campus-b; south: park-c), two years, two strategies.
const SMALL = 'tests/fixtures/rollout-small.yaml';
const SLOW = 120_000;

/** Sum in the order given, as the totals must (the same bits as the rows' order in results.json). */
const sumOf = <T>(xs: readonly T[], f: (x: T) => number | null): number => xs.reduce((s, x) => s + (f(x) ?? 0), 0);

describe('RolloutAggregator', () => {
  let loaded: LoadedRollout;
  let results: TaskResult[];
  beforeAll(() => {
    loaded = loadRollout(SMALL);
    const ctx = new RolloutContext(loaded);
    results = rolloutTasks(loaded.rollout.substations.map((s) => s.id)).map((task) => runTask(ctx, task));
  }, SLOW);

  it('fed one task result at a time gives what aggregate gives for all of them; each total is the sum of the rows results.json lists, in their order', () => {
    const aggregator = new RolloutAggregator(loaded);
    for (const r of results) aggregator.add(r);
    const streamed = aggregator.finish();
    expect(streamed).toEqual(aggregate(loaded, results));
    expect(streamed.hubYears).toBe(sumOf(results, (r) => r.hubYears));
    const end = loaded.rollout.horizon.endYear;
    for (const t of streamed.totals) {
      const te = streamed.terrainEconomics.filter((e) => e.strategy === t.strategy);
      const yt = streamed.yearTotals.filter((y) => y.strategy === t.strategy);
      const subs = streamed.substations.filter((s) => s.strategy === t.strategy);
      const lastRows = streamed.terrainYears.filter((r) => r.strategy === t.strategy && r.year === end);
      expect(te.map((e) => e.terrain)).toEqual(['park-a', 'campus-b', 'park-c']);
      expect(t.capexEur).toBe(sumOf(te, (e) => e.capexEur));
      expect(t.npvSocietyEur).toBe(sumOf(te, (e) => e.npvSocietyEur));
      expect(t.avoidedReinforcementPvEur).toBe(sumOf(subs, (s) => s.avoidedReinforcementPvEur));
      expect(t.substationPeakReductionKw).toBe(sumOf(streamed.substationYears.filter((s) => s.strategy === t.strategy && s.year === end), (s) => s.peakReductionKw));
      expect(t.diversityMw).toBe(sumOf(lastRows, (r) => r.diversityKw) / 1000);
      expect(t.unservedEnergyKwh).toBe(sumOf(streamed.terrainYears.filter((r) => r.strategy === t.strategy), (r) => r.unservedEnergyKwh));
      expect(t.substationsOverloadedWithout).toBe(streamed.substations.filter((s) => s.strategy === WITHOUT_HUBS && s.firstOverloadYear !== null).length);
      // Each year's capex is the terrains' capex bought that year; over the horizon, the terrains' capex.
      expect(sumOf(yt, (y) => y.capexEur)).toBeCloseTo(t.capexEur, 6);
      // The perspectives add up for the totals as for each terrain.
      expect(t.npvSocietyEur).toBeCloseTo(t.npvMembersEur + t.npvGridOperatorEur, 6);
    }
  });

  it('a substation without a result: its terrains keep their hub capex and nothing simulated; the failures of tasks without a result come after the tasks\' own', () => {
    const aggregator = new RolloutAggregator(loaded);
    aggregator.add(results[1]); // south only: north's task gave no result
    const failure = { terrain: '(substation north)', year: 2026, weatherYear: 2023, strategy: '(all)', message: 'worker exited' };
    aggregator.addFailures([failure]);
    const r: RolloutResult = aggregator.finish();
    expect(r.terrainYears.every((t) => t.substation === 'south')).toBe(true);
    expect(r.substations.every((s) => s.substation === 'south')).toBe(true);
    const parkA = r.terrainEconomics.filter((e) => e.terrain === 'park-a');
    expect(parkA).toHaveLength(loaded.rollout.strategies.length);
    for (const e of parkA) {
      expect(e.capexEur).toBeGreaterThan(0);
      expect(e.opexEur).toBe(0);
      expect(e.avoidedReinforcementPvEur).toBe(0);
      expect(e.peakReductionKw).toBe(0);
    }
    // Rows stay in scenario order, north's terrains first, though south's result came alone.
    expect(r.terrainEconomics.map((e) => e.terrain).slice(0, 3)).toEqual(['park-a', 'campus-b', 'park-c']);
    expect(r.failures).toEqual([...results[1].failures, failure]);
  });

  it('terrains listed out of their substations\' order: economics rows and totals follow the scenario\'s order of terrains', () => {
    // park-c (south) between the two terrains of north: its economics are known only after campus-b's.
    const order = [0, 2, 1];
    const shuffled: LoadedRollout = { ...loaded, rollout: { ...loaded.rollout, terrains: order.map((i) => loaded.rollout.terrains[i]) }, hubs: order.map((i) => loaded.hubs[i]) };
    const aggregator = new RolloutAggregator(shuffled);
    for (const r of results) aggregator.add(r);
    const r = aggregator.finish();
    for (const t of r.totals) {
      const te = r.terrainEconomics.filter((e) => e.strategy === t.strategy);
      expect(te.map((e) => e.terrain)).toEqual(['park-a', 'park-c', 'campus-b']);
      expect(t.capexEur).toBe(sumOf(te, (e) => e.capexEur));
      expect(t.npvMembersEur).toBe(sumOf(te, (e) => e.npvMembersEur));
    }
    // The same rows as in the scenario's own order, only listed differently.
    const plain = aggregate(loaded, results);
    const key = (e: { terrain: string; strategy: string }) => `${e.strategy} ${e.terrain}`;
    expect([...r.terrainEconomics].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...plain.terrainEconomics].sort((a, b) => key(a).localeCompare(key(b))));
  });

  it('takes results in task order only, and nothing after finish', () => {
    const aggregator = new RolloutAggregator(loaded);
    aggregator.add(results[1]);
    expect(() => aggregator.add(results[0])).toThrow(/task order/);
    expect(() => aggregator.add(results[1])).toThrow(/task order/);
    aggregator.finish();
    expect(() => aggregator.finish()).toThrow(/finish/);
    expect(() => aggregator.addFailures([])).toThrow(/finish/);
  });
});
