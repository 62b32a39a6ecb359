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
    // The reinforcement pass 1 needs is then no larger (reinforcement comes in steps: since the
    // causal plan keeps a margin for its levels, pass 1's overload needs the same step as pass 2's).
    const plan = (s: string) => r.substations.find((x) => x.substation === 'east' && x.strategy === s)!;
    expect(plan(strategy).reinforcementOrderedEur).toBeLessThanOrEqual(plan(first).reinforcementOrderedEur);
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

describe('the flex table of the terminal summary and flex-years.csv', () => {
  it('every figure of the printed flex table is in flex-years.csv (or terrain-years.csv): the CBC fees by kind, calls and restrictions, GOPACS, penalties, flex revenue', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { parse } = await import('csv-parse/sync');
    const { runCli } = await import('./support/cli.js');
    const { printedTables } = await import('./support/text-table.js');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hubsim-flex-years-'));
    try {
      const r = await runCli('rollout', 'tests/fixtures/rollout-flex.yaml', '--workers', '1', '--out', out);
      expect(r.code, r.stderr).toBe(0);
      const rows = parse(fs.readFileSync(path.join(out, 'flex-years.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
      // Only the answering pass, only years with the hub active.
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((x) => x.strategy))).toEqual(new Set(['flex+guard']));
      const json = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as { flexYears: Record<string, unknown>[]; terrainYears: Record<string, unknown>[]; substationYears: Record<string, unknown>[] };
      expect(json.flexYears.length).toBe(rows.length);
      for (const y of json.flexYears) expect(json.terrainYears.some((t) => t.terrain === y.terrain && t.year === y.year && t.strategy === y.strategy && t.hubActive === true)).toBe(true);
      const end = Math.max(...rows.map((x) => Number(x.year)));
      // The table, cut into parts when wider than the terminal: each part repeats the terrain column.
      const [first, ...more] = printedTables(r.stdout.slice(r.stdout.indexOf('flex revenue by product')));
      const parts = [first, ...more.filter((t, k) => k === 0 && t.headers[0] === 'terrain' && t.rows.map((x) => x[0]).join() === first.rows.map((x) => x[0]).join())];
      const kEur = (x: number): number => Math.round(x / 1000);
      expect(first.rows.length).toBeGreaterThan(0);
      for (const printed of first.rows) {
        const row = rows.find((x) => x.terrain === printed[0] && Number(x.year) === end)!;
        const n = (k: string): number => Number(row[k]);
        const cell = (h: string): number => {
          const part = parts.find((t) => t.headers.some((x) => x.endsWith(h)));
          expect(part, h).toBeDefined();
          const cells = part!.rows.find((x) => x[0] === printed[0])!;
          return Number(cells[part!.headers.findIndex((x) => x.endsWith(h))].replace(/,/g, ''));
        };
        expect(cell('CBC avail. kEUR (input)')).toBe(kEur(n('cbcTAvailabilityEur') + n('cbcAAvailabilityEur')));
        expect(cell('CBC act. kEUR')).toBe(kEur(n('cbcTActivationEur') + n('cbcAActivationEur')));
        expect(cell('CBC-A h called')).toBe(Math.round(n('cbcAHoursCalled')));
        expect(cell('TDTR h restricted')).toBe(Math.round(n('tdtrHoursRestricted')));
        expect(cell('non-firm h limited')).toBe(Math.round(n('nonFirmHoursLimited')));
        expect(cell('GOPACS kEUR')).toBe(kEur(n('gopacsRevenueEur')));
        expect(cell('penalties kEUR')).toBe(kEur(n('contractPenaltyEur') + n('gopacsPenaltyEur')));
        expect(cell('flex kEUR')).toBe(kEur(n('flexRevenueEur')));
      }
      // The substations before and with the flex answers: peaks in MW (as every other substation table), overload hours.
      const subs = printedTables(r.stdout.slice(r.stdout.indexOf('substations before the grid operator')))[0];
      const years = json.substationYears as unknown as Record<string, any>[];
      expect(r.stdout).toContain(`peak MW in ${end}  overload h in ${end}`);
      expect(subs.rows.length).toBeGreaterThan(0);
      for (const printed of subs.rows) {
        const y = (strategy: string) => years.find((x) => x.substation === printed[0] && x.strategy === strategy && x.year === end)!;
        expect(Number(printed[1])).toBe(Number((y('flex+guard:before-requests').peakLoadKw / 1000).toFixed(1)));
        expect(Number(printed[2])).toBe(Number((y('flex+guard').peakLoadKw / 1000).toFixed(1)));
        expect(Number(printed[3].replace(/,/g, ''))).toBe(Math.round(y('flex+guard:before-requests').overloadHours));
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
