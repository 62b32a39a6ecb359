// Flex market and Dutch transport contracts (issue 5, point 7): contract caps by hand, a CBC-A day
// with known calls, GOPACS clearing, revenue stacking without double counting over random hubs,
// group minimums, ACM flags, bad input, and the CLI on the shipped flex-park example.
//
// Every hand-computed value below comes from the arithmetic in the comment next to it, not from
// running the code. Notation: x = net load = demand - generation, p = battery power (> 0 charge),
// grid = x - shed + curtailed + p (> 0 import), soc = stored energy at the end of the step.
import { describe, expect, it } from 'vitest';
import { caseFiles, lines } from './support/case-files.js';
import { Recorder } from '../src/engine/recorder.js';
import { Setpoints } from '../src/engine/setpoints.js';
import { simulate, type RecordedRun } from '../src/engine/simulate.js';
import { settleFlex } from '../src/economics/flex-revenue.js';
import { blockMask, inBlock, stepCalendar } from '../src/flex/blocks.js';
import { capInForce, cbcCalls, withCongestion } from '../src/flex/contract-caps.js';
import { clearStep, type ClearedStep } from '../src/flex/gopacs.js';
import { Arbitrage, Gopacs } from '../src/model/flex-market.js';
import { loadHub } from '../src/model/load.js';
import { resolveHub } from '../src/model/resolve.js';
import { NO_BATTERY, type BatteryParams, type ResolvedFlexibleLoad, type ResolvedHub } from '../src/model/resolved.js';
import { operatorForesight } from '../src/report/table.js';
import { StrategySpec } from '../src/model/strategy.js';
import { computeMetrics } from '../src/results/metrics.js';
import { createPlanner } from '../src/strategies/registry.js';
import { autoThreshold, peakShavingThreshold } from '../src/strategies/peak-shaving.js';
import { localDayIndex, makeAxis } from '../src/time/axis.js';
import { runCli } from './support/cli.js';
import { expectError } from './support/expect-error.js';
import { testHub, variantOf } from './support/build-hub.js';
import { randomHubSpec } from './support/random-hub.js';
import { rng } from './support/random.js';
import { dayAheadPrices } from '../src/profiles/prices.js';

// ---------------------------------------------------------------------------------------------
// Helpers

const { write: hubFile } = caseFiles('hubsim-flex-');
const loadAndResolve = (p: string): ResolvedHub => resolveHub(loadHub(p));

/** 2023-01-09T23:00Z = local midnight of Tuesday 2023-01-10 in Amsterdam (UTC+1 in winter). */
const JAN_10_LOCAL = Date.UTC(2023, 0, 9, 23);

function battery(p: Partial<BatteryParams> & { capacityKwh: number }): BatteryParams {
  return { socMinKwh: 0, socMaxKwh: p.capacityKwh, socInitialKwh: 0, chargeKw: 0, dischargeKw: 0, chargeEfficiency: 1, dischargeEfficiency: 1, selfDischargePerHour: 0, ...p };
}

function run(hub: ResolvedHub, spec: unknown): RecordedRun {
  const s = StrategySpec.parse(spec);
  return simulate(hub, createPlanner(s, hub));
}

function expectSeries(actual: ArrayLike<number>, expected: number[], what: string, tolerance = 1e-9): void {
  expect(actual.length, what).toBe(expected.length);
  for (let t = 0; t < expected.length; t++) expect(Math.abs(actual[t] - expected[t]), `${what}[${t}]: ${actual[t]} vs ${expected[t]}`).toBeLessThanOrEqual(tolerance);
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

/** A run's GOPACS bid columns: the battery's and the shedding's cleared volume (kW) and the price paid (EUR/h). */
const bidsOf = (r: RecordedRun): Float64Array[] => [r.positions!.gopacsBatteryKw, r.positions!.gopacsShedKw, r.positions!.gopacsEurPerHour];

/** The first column of run a that differs from run b's in a step `decided` holds for; -1: none. */
const movedColumn = (a: Float64Array[], b: Float64Array[], decided: (t: number) => boolean): number => a.findIndex((col, k) => col.some((v, t) => decided(t) && !Object.is(v, b[k][t])));

/** Requests of 400 kW on the evenings (16:00-20:00 local) of local days [fromDay, toDay) of a hub's axis. */
function eveningRequests(hub: ResolvedHub, fromDay: number, toDay: number): Float64Array {
  const hour = stepCalendar(hub.axis).hour;
  const from = hub.dayStarts[fromDay];
  const to = hub.dayStarts[toDay];
  return new Float64Array(hub.axis.steps).map((_, t) => (t >= from && t < to && hour[t] >= 16 && hour[t] < 20 ? 400 : 0));
}

// ---------------------------------------------------------------------------------------------
// 1. Contract caps by hand

describe('contract caps by hand', () => {
  it('firm cap, a time-block right and a CBC-T block, step by step in local (UTC+1) hours', () => {
    /*
     * Start Monday 2023-01-09 15:00Z = 16:00 local (CET, UTC+1); 6 hourly steps at local hours
     * 16, 17, 18, 19, 20, 21. Firm import cap 1000 kW, export 400 kW.
     *   right 1: weekday [17, 19) import 800      -> steps 1, 2 (local 17, 18)
     *   right 2: weekday [20, 21) import 1200 (above firm: no effect), export 100 -> step 4 export 100
     *   right 3: weekend all day import 100       -> never (a Monday)
     *   right 4: months [2] all day import 50     -> never (January)
     * firmImportCapKw = [1000, 800, 800, 1000, 1000, 1000]; exportCapKw = [400, 400, 400, 400, 100, 400].
     * CBC-T 600 kW in weekday [18, 20) -> active steps 2, 3 (local 18, 19).
     * cap in force = min(firm, 600 where active) = [1000, 800, 600, 600, 1000, 1000].
     * If the blocks were read in UTC (hours 15..20) right 1 would hit steps 2, 3 instead.
     */
    const p = hubFile(
      lines(
        'name: caps',
        'axis:',
        '  start: "2023-01-09T15:00:00Z"',
        '  steps: 6',
        'members:',
        '  - { id: a, profile: 500 }',
        'connection: { importCapKw: 1000, exportCapKw: 400 }',
        'contract:',
        '  tbtr:',
        '    - { days: weekday, fromHour: 17, toHour: 19, importCapKw: 800 }',
        '    - { days: weekday, fromHour: 20, toHour: 21, importCapKw: 1200, exportCapKw: 100 }',
        '    - { days: weekend, fromHour: 0, toHour: 24, importCapKw: 100 }',
        '    - { months: [2], fromHour: 0, toHour: 24, importCapKw: 50 }',
        '  cbcT:',
        '    importCapKw: 600',
        '    blocks:',
        '      - { days: weekday, fromHour: 18, toHour: 20 }',
      ),
    );
    const hub = loadAndResolve(p);
    expect(Array.from(stepCalendar(hub.axis).hour)).toEqual([16, 17, 18, 19, 20, 21]);
    expectSeries(hub.contract!.firmImportCapKw, [1000, 800, 800, 1000, 1000, 1000], 'firm');
    expectSeries(hub.exportCapKw, [400, 400, 400, 400, 100, 400], 'export');
    expect(Array.from(hub.contract!.cbcT!.active)).toEqual([0, 0, 1, 1, 0, 0]);
    expectSeries(hub.importCapKw, [1000, 800, 600, 600, 1000, 1000], 'cap in force');
    expect(hub.contract!.cbcA).toBeNull();
  });

  it('weekday vs holiday: King\'s Day 2023-04-27 (a Thursday) counts as weekend, across local midnight in summer time', () => {
    /*
     * Start 2023-04-26 20:00Z = 22:00 local (CEST, UTC+2), Wednesday. Steps at local
     * Wed 22, Wed 23, Thu 00, Thu 01, Thu 02, Thu 03; Thursday 27 April is King's Day.
     * Rights: weekday all day 500 kW, weekend (incl. holidays) all day 400 kW; firm 1000.
     * firm = [500, 500, 400, 400, 400, 400]: the switch is at 22:00Z (local midnight), not 00:00Z.
     * The same hours two weeks later (Wed 10 -> Thu 11 May, no holiday) are all weekday: 500.
     * Friday 13 -> Saturday 14 January (winter, UTC+1): start 21:00Z = Fri 22:00 local; steps
     * Fri 22, Fri 23, Sat 00, Sat 01 -> [500, 500, 400, 400].
     */
    const file = (start: string, steps: number): string =>
      hubFile(
        lines(
          'name: days',
          'axis:',
          `  start: "${start}"`,
          `  steps: ${steps}`,
          'members:',
          '  - { id: a, profile: 100 }',
          'connection: { importCapKw: 1000 }',
          'contract:',
          '  tbtr:',
          '    - { days: weekday, fromHour: 0, toHour: 24, importCapKw: 500 }',
          '    - { days: weekend, fromHour: 0, toHour: 24, importCapKw: 400 }',
        ),
      );
    const kingsDay = loadAndResolve(file('2023-04-26T20:00:00Z', 6));
    const cal = stepCalendar(kingsDay.axis);
    expect(Array.from(cal.hour)).toEqual([22, 23, 0, 1, 2, 3]);
    expect(Array.from(cal.weekend)).toEqual([0, 0, 1, 1, 1, 1]);
    expect(Array.from(cal.month)).toEqual([4, 4, 4, 4, 4, 4]);
    expectSeries(kingsDay.importCapKw, [500, 500, 400, 400, 400, 400], 'King\'s Day');
    expectSeries(loadAndResolve(file('2023-05-09T20:00:00Z', 6)).importCapKw, [500, 500, 500, 500, 500, 500], 'plain Wednesday-Thursday');
    expectSeries(loadAndResolve(file('2023-01-13T21:00:00Z', 4)).importCapKw, [500, 500, 400, 400], 'Friday-Saturday');
  });

  it('local hours across the daylight-saving switches (23- and 25-hour days)', () => {
    /*
     * Spring: 2023-03-26 01:00Z the clocks go from 02:00 to 03:00. From 2023-03-25 22:00Z:
     * 22Z = Sat 23 (UTC+1), 23Z = Sun 00, 00Z = 01, 01Z = 03 (UTC+2), 02Z = 04.
     * Autumn: 2023-10-29 01:00Z the clocks go from 03:00 back to 02:00. From 2023-10-28 23:00Z:
     * 23Z = 01 (UTC+2), 00Z = 02, 01Z = 02 (UTC+1), 02Z = 03. A block [2, 3) holds two steps.
     */
    const spring = stepCalendar(makeAxis(Date.UTC(2023, 2, 25, 22), 60, 5));
    expect(Array.from(spring.hour)).toEqual([23, 0, 1, 3, 4]);
    expect(Array.from(spring.weekend)).toEqual([1, 1, 1, 1, 1]);
    const autumn = stepCalendar(makeAxis(Date.UTC(2023, 9, 28, 23), 60, 4));
    expect(Array.from(autumn.hour)).toEqual([1, 2, 2, 3]);
    const block = { months: [10], days: 'all' as const, fromHour: 2, toHour: 3 };
    expect(Array.from(blockMask(autumn, [block]))).toEqual([0, 1, 1, 0]);
    expect(inBlock(autumn, 3, { ...block, toHour: 4 })).toBe(true);
    expect(inBlock(autumn, 3, { ...block, months: [11] })).toBe(false);
  });

  it('one calendar per axis: equal axes share it, and an axis asked for again after many others gets the same hours', () => {
    // The spring axis above, as a second object of the same start, step and length: the same calendar.
    const spring = makeAxis(Date.UTC(2023, 2, 25, 22), 60, 5);
    const cal = stepCalendar(spring);
    expect(stepCalendar({ ...spring })).toBe(cal);
    // A different length or step is another axis.
    expect(stepCalendar(makeAxis(Date.UTC(2023, 2, 25, 22), 60, 4))).not.toBe(cal);
    expect(Array.from(stepCalendar(makeAxis(Date.UTC(2023, 2, 25, 22), 30, 4)).hour)).toEqual([23, 23, 0, 0]);
    // Forty other axes (one a day from 1 May 2023), then the spring axis again: the hours worked out by hand above.
    for (let d = 0; d < 40; d++) stepCalendar(makeAxis(Date.UTC(2023, 4, 1 + d), 60, 24));
    expect(Array.from(stepCalendar(spring).hour)).toEqual([23, 0, 1, 3, 4]);
    expect(Array.from(stepCalendar(spring).weekend)).toEqual([1, 1, 1, 1, 1]);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. A CBC-A day with known calls

describe('CBC-A with known calls', () => {
  it('cbcCalls: only the first maxCallDays congested local days, exactly their congested steps', () => {
    /*
     * 4 local days of 24 hourly steps from local midnight 2023-01-10. Signal > 0 in
     *   day 0: steps 17, 18; day 1: none; day 2: steps 56, 57 (local 08, 09); day 3: step 89.
     * maxCallDays 2 -> days 0 and 2 are called (day 1 has no congestion and does not count),
     * day 3 is not: called = {17, 18, 56, 57}. maxCallDays 0 -> nothing; 365 -> also 89.
     */
    const axis = makeAxis(JAN_10_LOCAL, 60, 96);
    const day = localDayIndex(axis);
    expect([day[0], day[23], day[24], day[95]]).toEqual([0, 0, 1, 3]);
    const signal = new Float64Array(96);
    for (const t of [17, 18, 56, 57, 89]) signal[t] = 100;
    const calledSteps = (max: number): number[] => range(0, 96).filter((t) => cbcCalls(signal, day, max)[t] === 1);
    expect(calledSteps(2)).toEqual([17, 18, 56, 57]);
    expect(calledSteps(0)).toEqual([]);
    expect(calledSteps(1)).toEqual([17, 18]);
    expect(calledSteps(365)).toEqual([17, 18, 56, 57, 89]);
  });

  /*
   * Three local days (72 hourly steps from local midnight Tue 2023-01-10), one member at 900 kW,
   * firm cap 1000 kW, CBC-A cap 700 kW, at most 2 call days, availability 20,000 EUR/MW/year,
   * activation 100 EUR/MWh, penalty 0.5 EUR/kWh. Congestion signal 200 kW in steps 17, 18
   * (day 0), 41 (day 1) and 65 (day 2): called steps 17, 18, 41 (day 2 is the third day).
   */
  const signal = new Float64Array(72);
  for (const t of [17, 18, 41, 65]) signal[t] = 200;
  const CONTRACT = { cbcA: { calls: 'signal', importCapKw: 700, maxCallDaysPerYear: 2, availabilityEurPerMwYear: 20_000, activationEurPerMwh: 100 }, penaltyEurPerKwh: 0.5 };
  const hubWith = (b: BatteryParams): ResolvedHub =>
    withCongestion(testHub({ startMs: JAN_10_LOCAL, members: [{ id: 'a', demand: new Array(72).fill(900) }], importCapKw: 1000, contract: CONTRACT, battery: b }), signal);
  // Availability: (1000 - 700) kW = 0.3 MW x 20,000 EUR/MW/year x 72 h / 8760 h = 432,000 / 8760 EUR.
  const AVAILABILITY = (0.3 * 20_000 * 72) / 8760;

  it('withCongestion lowers the cap in the called steps only', () => {
    const hub = hubWith(NO_BATTERY);
    const expected = new Array(72).fill(1000);
    for (const t of [17, 18, 41]) expected[t] = 700;
    expectSeries(hub.importCapKw, expected, 'cap in force');
    expectSeries(hub.contract!.firmImportCapKw, new Array(72).fill(1000), 'firm');
    expect(range(0, 72).filter((t) => hub.contract!.cbcA!.called[t] === 1)).toEqual([17, 18, 41]);
    expect(hub.congestionKw).toBe(signal);
  });

  it('baseline (no battery): no activation, availability pro rata, penalty on the overrun', () => {
    /*
     * grid = 900 everywhere. Called hours 3, days 2. Activation slice per called step:
     * min(x 900, firm 1000) - max(import 900, 700) = 0 -> 0 kWh, 0 EUR.
     * Penalty for not keeping the CBC: min(import 900, firm 1000) - CBC cap 700 = 200 kW in 3 called
     * steps = 600 kWh x 0.5 EUR/kWh = 300 EUR.
     * flexRevenueEur = availability - 300.
     */
    const hub = hubWith(NO_BATTERY);
    const r = run(hub, { kind: 'baseline' });
    const s = settleFlex(hub, r.recorder, r.positions);
    expect(s.cbcAHoursCalled).toBe(3);
    expect(s.cbcADaysCalled).toBe(2);
    expect(s.cbcAEnergyKwh).toBe(0);
    expect(s.cbcAActivationEur).toBe(0);
    expect(s.cbcAAvailabilityEur).toBeCloseTo(AVAILABILITY, 9);
    expect(s.contractPenaltyEur).toBeCloseTo(300, 9);
    expect(s.flexRevenueEur).toBeCloseTo(AVAILABILITY - 300, 9);
    const m = computeMetrics(hub, r);
    expect(m.hoursAboveImportCap).toBe(3);
    expect(m.cbcAHoursCalled).toBe(3);
    expect(m.flexRevenueEur).toBeCloseTo(AVAILABILITY - 300, 9);
  });

  it('a battery holds the CBC-A cap: activation on 600 kWh, no penalty', () => {
    /*
     * Battery 1000 kWh full, 500 kW both ways, efficiency 1. flex with level 1000, no markets,
     * no guard: hold = min(cap in force, 1000) = 700 in called steps, 1000 elsewhere.
     *   steps 0-16: x 900 < 1000, the battery is full -> p 0, grid 900
     *   17, 18, 41: discharge 200 each -> grid 700 (the battery holds 600 kWh of its 1000)
     *   other steps: grid 900 plus whatever refill the planner chooses, never above the level 1000
     *   (the refill rule on congested days is the planner's business, not this test's).
     * Activation slice per called step: min(900, 1000) - max(700, 700) = 200 kW; 3 steps = 600 kWh
     * = 0.6 MWh x 100 EUR/MWh = 60 EUR. Never above a CBC cap: no penalty.
     * flexRevenueEur = availability + 60.
     */
    const hub = hubWith(battery({ capacityKwh: 1000, socInitialKwh: 1000, chargeKw: 500, dischargeKw: 500 }));
    const r = run(hub, { kind: 'flex', plan: 'perfect', thresholdKw: 1000, gopacs: false, arbitrage: false, guard: false });
    for (let t = 0; t < 72; t++) {
      const g = r.recorder.gridKw[t];
      if ([17, 18, 41].includes(t)) expect(g, `grid[${t}]`).toBeCloseTo(700, 9);
      else if (t < 17) expect(g, `grid[${t}]`).toBeCloseTo(900, 9);
      else {
        expect(g, `grid[${t}]`).toBeGreaterThanOrEqual(900 - 1e-9);
        expect(g, `grid[${t}]`).toBeLessThanOrEqual(1000 + 1e-9);
      }
    }
    const s = settleFlex(hub, r.recorder, r.positions);
    expect(s.cbcAHoursCalled).toBe(3);
    expect(s.cbcADaysCalled).toBe(2);
    expect(s.cbcAEnergyKwh).toBeCloseTo(600, 9);
    expect(s.cbcAActivationEur).toBeCloseTo(60, 9);
    expect(s.cbcAAvailabilityEur).toBeCloseTo(AVAILABILITY, 9);
    expect(s.contractPenaltyEur).toBe(0);
    expect(s.flexRevenueEur).toBeCloseTo(AVAILABILITY + 60, 9);
    expect(computeMetrics(hub, r).hoursAboveImportCap).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. GOPACS clearing

describe('GOPACS clearing (pay-as-bid ladder)', () => {
  /*
   * The ladder in file order: battery 300 @ 200, shedding 100 @ 50, battery 200 @ 120,
   * shedding 400 @ 300; willingness to pay 250 EUR/MWh. Sorted: shed 100 @ 50, battery 200 @ 120,
   * battery 300 @ 200, shed 400 @ 300 (never clears: 300 > 250).
   */
  const gopacs = Gopacs.parse({
    bids: [
      { resource: 'battery', kw: 300, priceEurPerMwh: 200 },
      { resource: 'shedding', kw: 100, priceEurPerMwh: 50 },
      { resource: 'battery', kw: 200, priceEurPerMwh: 120 },
      { resource: 'shedding', kw: 400, priceEurPerMwh: 300 },
    ],
    willingnessToPayEurPerMwh: 250,
  });
  const clear = (g: typeof gopacs, request: number, batteryRoom: number, shedRoom: number): ClearedStep => clearStep(g, request, batteryRoom, shedRoom, { batteryKw: -1, shedKw: -1, curtailKw: -1, eurPerHour: -1 });

  it('the willingness to pay cuts off the dearest step', () => {
    // request 1000, plenty of room: shed 100 @ 50 + battery 200 @ 120 + battery 300 @ 200 = 600 kW;
    // eur/h = 0.1 x 50 + 0.2 x 120 + 0.3 x 200 = 5 + 24 + 60 = 89.
    const c = clear(gopacs, 1000, 10_000, 10_000);
    expect(c.batteryKw).toBe(500);
    expect(c.shedKw).toBe(100);
    expect(c.eurPerHour).toBeCloseTo(89, 12);
    expect(gopacs.bids.map((b) => b.priceEurPerMwh)).toEqual([200, 50, 120, 300]); // the file's ladder is not reordered
  });

  it('a price equal to the willingness to pay clears', () => {
    // wtp 200: the same as above (the 200 step clears at <=); wtp 199.99: only shed 100 + battery 200,
    // eur/h = 5 + 24 = 29; wtp 300: also shed 400 @ 300 -> 500 + 500 kW (all of 1000 requested),
    // eur/h = 89 + 0.4 x 300 = 209.
    expect(clear({ ...gopacs, willingnessToPayEurPerMwh: 200 }, 1000, 1e4, 1e4).eurPerHour).toBeCloseTo(89, 12);
    const low = clear({ ...gopacs, willingnessToPayEurPerMwh: 199.99 }, 1000, 1e4, 1e4);
    expect([low.batteryKw, low.shedKw]).toEqual([200, 100]);
    expect(low.eurPerHour).toBeCloseTo(29, 12);
    const high = clear({ ...gopacs, willingnessToPayEurPerMwh: 300 }, 1000, 1e4, 1e4);
    expect([high.batteryKw, high.shedKw]).toEqual([500, 500]);
    expect(high.eurPerHour).toBeCloseTo(209, 12);
  });

  it('a request smaller than the ladder takes the cheapest steps only', () => {
    // request 250: shed 100 @ 50 (5 EUR/h) + battery 150 of the 200 @ 120 (0.15 x 120 = 18) = 23.
    const c = clear(gopacs, 250, 1e4, 1e4);
    expect([c.batteryKw, c.shedKw]).toEqual([150, 100]);
    expect(c.eurPerHour).toBeCloseTo(23, 12);
    // request 60: 60 of the shed step only, 0.06 x 50 = 3 EUR/h.
    const d = clear(gopacs, 60, 1e4, 1e4);
    expect([d.batteryKw, d.shedKw]).toEqual([0, 60]);
    expect(d.eurPerHour).toBeCloseTo(3, 12);
  });

  it('battery room and shed room limit the steps; no room or no request clears nothing', () => {
    // battery room 250, shed room 40, request 1000: shed 40 @ 50 (2) + battery 200 @ 120 (24)
    // + battery 50 @ 200 (0.05 x 200 = 10) = 36 EUR/h.
    const c = clear(gopacs, 1000, 250, 40);
    expect([c.batteryKw, c.shedKw]).toEqual([250, 40]);
    expect(c.eurPerHour).toBeCloseTo(36, 12);
    // negative rooms count as 0: only shedding; request 0: nothing (and the out object is reset).
    const e = clear(gopacs, 1000, -50, 70);
    expect([e.batteryKw, e.shedKw]).toEqual([0, 70]);
    expect(e.eurPerHour).toBeCloseTo(3.5, 12);
    const z = clear(gopacs, 0, 1e4, 1e4);
    expect([z.batteryKw, z.shedKw, z.eurPerHour]).toEqual([0, 0, 0]);
  });

  it('a cleared bid in the flex strategy: dispatch and settlement by hand', () => {
    /*
     * One local day, 24 hourly steps, member 500 kW, flexible load share 0.2 (100 kW available),
     * 2 sheddable steps a day. Battery 400 kWh full, 300 kW both ways, efficiency 1. flex level
     * 1000 kW (no cap), GOPACS on, arbitrage off, guard on. Ladder battery 100 @ 100,
     * battery 100 @ 200, shedding 50 @ 150; wtp 250. Signal 180 kW in step 17.
     *   Plan before the bid in step 17: level 1000 > x 500, baseline import = min(500, 1000) = 500.
     *   Battery room = min(300 kW, 400 kWh stored over 1 h) = 300; shed room 100; request
     *   min(180, 500) = 180. Clears battery 100 @ 100 (10 EUR/h), shed 50 @ 150 (7.5), battery 30
     *   @ 200 (6): battery 130, shed 50, 23.5 EUR/h.
     *   Steps 0-16: the battery is full and x < level: grid 500.
     *   Step 17: level 500 - 130 = 370 -> discharge 130 (soc 270); shed above 370 - 50 = 320 -> 50 kW
     *   shed; grid 320. Delivered = min(180, 500 - 320) = 180 kWh = cleared. Revenue 23.5 EUR.
     *   Steps 18-23: grid 500 plus a refill of at most the 130 kWh used (the refill rule on a day
     *   with requests is the planner's business), so 500 <= grid <= 630; nothing is shed.
     */
    const signal = new Float64Array(24);
    signal[17] = 180;
    const hub = withCongestion(
      testHub({
        startMs: JAN_10_LOCAL,
        members: [{ id: 'a', demand: new Array(24).fill(500) }],
        battery: battery({ capacityKwh: 400, socInitialKwh: 400, chargeKw: 300, dischargeKw: 300 }),
        flexibleLoad: [{ member: 'a', share: 0.2, maxHoursPerDay: 2 }],
        flexMarket: {
          gopacs: Gopacs.parse({
            bids: [
              { resource: 'battery', kw: 100, priceEurPerMwh: 200 },
              { resource: 'shedding', kw: 50, priceEurPerMwh: 150 },
              { resource: 'battery', kw: 100, priceEurPerMwh: 100 },
            ],
            willingnessToPayEurPerMwh: 250,
          }),
          arbitrage: null,
        },
      }),
      signal,
    );
    const r = run(hub, { kind: 'flex', plan: 'perfect', thresholdKw: 1000, arbitrage: false });
    const pos = r.positions!;
    expect([pos.gopacsBatteryKw[17], pos.gopacsShedKw[17], pos.gopacsBaselineKw[17]]).toEqual([130, 50, 500]);
    expect(pos.gopacsEurPerHour[17]).toBeCloseTo(23.5, 12);
    for (let t = 0; t < 24; t++) {
      const g = r.recorder.gridKw[t];
      if (t < 17) expect(g, `grid[${t}]`).toBeCloseTo(500, 9);
      else if (t === 17) expect(g, `grid[${t}]`).toBeCloseTo(320, 9);
      else {
        expect(g, `grid[${t}]`).toBeGreaterThanOrEqual(500 - 1e-9);
        expect(g, `grid[${t}]`).toBeLessThanOrEqual(630 + 1e-9);
      }
      expect(r.recorder.shedKw[t], `shed[${t}]`).toBeCloseTo(t === 17 ? 50 : 0, 9);
    }
    const m = computeMetrics(hub, r);
    expect(m.gopacsRevenueEur).toBeCloseTo(23.5, 9);
    expect(m.gopacsHours).toBe(1);
    expect(m.gopacsClearedKwh).toBeCloseTo(180, 9);
    expect(m.gopacsDeliveredKwh).toBeCloseTo(180, 9);
    expect(m.gopacsPenaltyEur).toBe(0);
    // The energy legs (issue 18): the 180 kWh kept off the grid are sold at the day-ahead price of
    // step 17; the 130 kWh from the battery are bought back when it next charges.
    expect(m.gopacsEnergyEur).toBeCloseTo(0.18 * dayAheadPrices(hub.axis)[17], 9);
    expect(m.flexRevenueEur).toBeCloseTo(23.5 + m.gopacsEnergyEur! - m.gopacsRefillCostEur!, 9);
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Stacking without double counting, over random hubs

/**
 * randomHub(seed) with a contract and a flex market attached: its import cap (or, without one,
 * 0.8-1.2 x its highest net load) is the firm cap, its export cap the firm export cap; sometimes a CBC-T (cap 50-90% of the firm cap,
 * one weekday or everyday block of 1-6 local hours), sometimes a CBC-A (40-90%, 0-3 call days);
 * a GOPACS ladder of 1-4 steps (battery and shedding) with a willingness to pay that may cut some
 * off; arbitrage sometimes; in 3 of 4 cases a congestion signal in ~15% of the steps (up to
 * half the peak), else none (all 0). With `changeAfter`, the members' demand after that step is
 * scaled by 0.3-2 (seeded), everything else (caps, contract, market, signal) as without it.
 */
function randomFlexHub(seed: number, changeAfter?: number): ResolvedHub {
  const spec = randomHubSpec(seed);
  const base = testHub(spec);
  const r = rng(seed * 7919 + 17);
  const n = base.axis.steps;
  let maxNet = 0;
  for (let t = 0; t < n; t++) maxNet = Math.max(maxNet, base.demandKw[t] - base.generationKw[t]);
  if (maxNet <= 0) maxNet = 100;
  const firm = Number.isFinite(base.importCapKw[0]) ? Float64Array.from(base.importCapKw) : new Float64Array(n).fill(maxNet * (0.8 + 0.4 * r()));
  const cap = firm[0];
  const block = (): unknown => {
    const from = Math.floor(r() * 20);
    return { days: r() < 0.5 ? 'weekday' : 'all', fromHour: from, toHour: Math.min(24, from + 1 + Math.floor(r() * 6)) };
  };
  const contract = {
    ...(r() < 0.6 ? { cbcT: { importCapKw: cap * (0.5 + 0.4 * r()), blocks: [block()], activationEurPerMwh: 50 + 100 * r() } } : {}),
    ...(r() < 0.7 ? { cbcA: { calls: 'signal', importCapKw: cap * (0.4 + 0.5 * r()), maxCallDaysPerYear: Math.floor(r() * 4) } } : {}),
    penaltyEurPerKwh: r(),
  };
  const bids = range(0, 1 + Math.floor(r() * 4)).map(() => ({
    resource: r() < 0.6 ? 'battery' : 'shedding',
    kw: 1 + r() * maxNet * 0.3,
    priceEurPerMwh: Math.round(r() * 300),
  }));
  const c = rng(seed * 31 + 5);
  const members = changeAfter === undefined ? spec.members : spec.members.map((m) => ({ ...m, demand: m.demand.map((v, t) => (t > changeAfter ? v * (0.3 + 1.7 * c()) : v)) }));
  const hub = testHub({
    ...spec,
    members,
    importCapKw: firm,
    contract,
    flexMarket: {
      gopacs: r() < 0.85 ? Gopacs.parse({ bids, willingnessToPayEurPerMwh: 100 + r() * 200, nonDeliveryPenaltyEurPerMwh: 500 }) : null,
      arbitrage: r() < 0.7 ? Arbitrage.parse({ minSpreadEurPerMwh: r() * 40 }) : null,
    },
  });
  const signal = new Float64Array(n);
  const congested = r() < 0.75;
  for (let t = 0; t < n; t++) if (r() < 0.15 && congested) signal[t] = r() * maxNet * 0.5;
  return withCongestion(hub, signal);
}

const CASES = 80;
const TOL = 1e-6;

describe('flex plan forecast is causal on hubs with every product (tests/causality.test.ts has hubs without a market)', () => {
  it('changing the members\' load after a step changes nothing the run did at or before it; plan perfect does (the test can fail)', () => {
    const columns = (r: RecordedRun): Float64Array[] => [r.recorder.batteryKw, r.recorder.gridKw, r.recorder.socKwh, r.recorder.shedKw, r.recorder.curtailedKw];
    const violations = (spec: unknown): number => {
      let violated = 0;
      for (let seed = 1; seed <= 60; seed++) {
        const hub = randomFlexHub(seed);
        const after = Math.floor(rng(seed + 101)() * (hub.axis.steps - 2));
        const a = columns(run(hub, spec));
        const b = columns(run(randomFlexHub(seed, after), spec));
        if (a.some((col, i) => col.subarray(0, after + 1).some((v, t) => !Object.is(v, b[i][t])))) violated++;
      }
      return violated;
    };
    expect(violations({ kind: 'flex' })).toBe(0);
    expect(violations({ kind: 'flex', name: 'flex-bare', gopacs: false, guard: false })).toBe(0);
    expect(violations({ kind: 'flex', plan: 'perfect' })).toBeGreaterThan(0);
  });

  /*
   * A year of flex-park (every product, intraday GOPACS two hours ahead, the days before a week for
   * the forecast's week-before branch), found by an audit: the random hubs above are 1-6 days long,
   * and a bid's volume was sized on the load of the step it is for. The load (and the flexible load
   * it carries) is changed after a step t; everything the run did up to t must stay, and so must
   * every GOPACS bid decided by then (for step s, decided at s - lead).
   */
  it('on a year of flex-park: the run up to a step and the bids decided by then do not change with the load after it', () => {
    const hub = resolveHub(loadHub('scenarios/examples/flex-park.yaml'));
    const lead = Math.round(hub.flexMarket!.gopacs!.leadTimeHours! / hub.axis.stepHours);
    const changedAfter = (after: number, seed: number): ResolvedHub => {
      const c = rng(seed);
      const factor = new Float64Array(hub.axis.steps).map((_, t) => (t > after ? 0.3 + 1.7 * c() : 1));
      return variantOf(hub, { demandKw: hub.demandKw.map((v, t) => v * factor[t]), flexible: hub.flexible.map((f) => ({ ...f, availableKw: f.availableKw.map((v, t) => v * factor[t]) })) });
    };
    const columns = (r: RecordedRun): Float64Array[] => [r.recorder.batteryKw, r.recorder.gridKw, r.recorder.socKwh, r.recorder.shedKw, r.recorder.curtailedKw];
    // Steps spread over the year, and the step before each of the first congested steps of ten
    // congested days (a bid for the next step was decided before it).
    const congested = hub.congestionKw!.reduce<number[]>((acc, v, t) => (v > 0 && (acc.length === 0 || hub.dayIndex[acc[acc.length - 1]] !== hub.dayIndex[t]) ? [...acc, t] : acc), []);
    const afters = [30, 200, 2015, 4444, 7207, ...congested.filter((_, i) => i % Math.max(1, Math.floor(congested.length / 10)) === 0).slice(0, 10).map((t) => t - 1)];
    const violations = (spec: unknown): string[] => {
      const out: string[] = [];
      const a = run(hub, spec);
      afters.forEach((after, i) => {
        const b = run(changedAfter(after, 7 + i), spec);
        const ran = columns(a).findIndex((col, k) => col.subarray(0, after + 1).some((v, t) => !Object.is(v, columns(b)[k][t])));
        const bid = bidsOf(a).findIndex((col, k) => col.subarray(0, after + lead + 1).some((v, t) => !Object.is(v, bidsOf(b)[k][t])));
        if (ran >= 0 || bid >= 0) out.push(`after ${after}: ${ran >= 0 ? 'run' : 'bid'} changed`);
      });
      return out;
    };
    expect(violations({ kind: 'flex' })).toEqual([]);
    expect(violations({ kind: 'flex', name: 'flex-gopacs', arbitrage: false })).toEqual([]);
    expect(violations({ kind: 'flex', plan: 'perfect' }).length).toBeGreaterThan(0);
    // The grid operator's requests after a step: known lead steps ahead with the ladder, in their
    // step without one (the audit: without a ladder the day plan read the whole day's requests).
    const quiet = variantOf(hub, { flexMarket: { ...hub.flexMarket!, gopacs: null } });
    for (const [h, known] of [[hub, lead], [quiet, 0]] as const) {
      const a = columns(run(h, { kind: 'flex' }));
      for (const [i, after] of afters.entries()) {
        const c = rng(101 + i);
        const b = columns(run(variantOf(h, { congestionKw: h.congestionKw!.map((v, t) => (t > after ? (c() < 0.3 ? 0 : v + 200 * c()) : v)) }), { kind: 'flex' }));
        const upTo = after - known;
        expect(a.findIndex((col, k) => col.subarray(0, upTo + 1).some((v, t) => !Object.is(v, b[k][t]))), `${known === 0 ? 'no ladder' : 'ladder'}, requests changed after ${after}`).toBe(-1);
      }
    }
    // A non-firm limit comes in its step: the limits after a step change nothing up to it.
    const contract = hub.contract!;
    const nonFirm = contract.nonFirm!;
    const limited = (after: number, seed: number): ResolvedHub => {
      const c = rng(seed);
      const importLimited = nonFirm.importLimited.map((v, t) => (t > after ? (c() < 0.2 ? 1 - v : v) : v));
      const changed = { ...contract, nonFirm: { ...nonFirm, importLimited } };
      return variantOf(hub, { contract: changed, importCapKw: capInForce(changed) });
    };
    const own = columns(run(variantOf(hub, { importCapKw: capInForce(contract) }), { kind: 'flex' }));
    for (const [i, after] of afters.entries()) {
      const b = columns(run(limited(after, 301 + i), { kind: 'flex' }));
      expect(own.findIndex((col, k) => col.subarray(0, after + 1).some((v, t) => !Object.is(v, b[k][t]))), `non-firm limits changed after ${after}`).toBe(-1);
    }
  });
});

/*
 * The stacking rules below are checked on days planned with their own net load (plan perfect, the
 * bound), where the reserve, the valley and the free steps are the day's; the causal plan (plan
 * forecast, the default) plans them on the days before, and its runs (forecast) must keep the
 * same physics and settlement invariants; tests/causality.test.ts checks that it uses no later data.
 */
interface StackRuns {
  hub: ResolvedHub;
  forecast: RecordedRun;
  full: RecordedRun;
  noMarkets: RecordedRun;
  gopacsOnly: RecordedRun;
  peakShaving: RecordedRun;
}
let stackCache: StackRuns[] | undefined;
function stackRuns(): StackRuns[] {
  return (stackCache ??= range(1, CASES + 1).map((seed) => {
    const hub = randomFlexHub(seed);
    return {
      hub,
      forecast: run(hub, { kind: 'flex' }),
      full: run(hub, { kind: 'flex', plan: 'perfect' }),
      noMarkets: run(hub, { kind: 'flex', plan: 'perfect', gopacs: false, arbitrage: false }),
      gopacsOnly: run(hub, { kind: 'flex', plan: 'perfect', arbitrage: false }),
      peakShaving: run(hub, { kind: 'peak-shaving', thresholdFrom: 'hindsight', guard: true }),
    };
  }));
}

describe(`revenue stacking without double counting (${CASES} random hubs)`, () => {
  it('the random cases exercise every product', () => {
    let cbcT = 0;
    let cbcA = 0;
    let gopacs = 0;
    let arbitrage = 0;
    for (const { hub, full } of stackRuns()) {
      const s = settleFlex(hub, full.recorder, full.positions);
      if (s.cbcTEnergyKwh > 0) cbcT++;
      if (s.cbcAEnergyKwh > 0) cbcA++;
      if (s.gopacsDeliveredKwh > 0) gopacs++;
      if (s.arbitrageEnergyKwh > 0) arbitrage++;
    }
    expect(cbcT, 'cases with CBC-T activation').toBeGreaterThan(5);
    expect(cbcA, 'cases with CBC-A activation').toBeGreaterThan(5);
    expect(gopacs, 'cases with GOPACS delivery').toBeGreaterThan(5);
    expect(arbitrage, 'cases with arbitrage sales').toBeGreaterThan(5);
  });

  it('(a) energy balance holds (simulate throws otherwise) and the battery stays within its limits', () => {
    for (const { hub, forecast, full, gopacsOnly, noMarkets } of stackRuns()) {
      const b = hub.battery;
      const keep = Math.pow(1 - b.selfDischargePerHour, hub.axis.stepHours);
      for (const r of [forecast, full, gopacsOnly, noMarkets]) {
        expect(Math.abs(r.balance.energyResidualRelative), hub.name).toBeLessThanOrEqual(1e-6);
        const rec = r.recorder;
        for (let t = 0; t < hub.axis.steps; t++) {
          const what = `${hub.name} ${r.strategy} step ${t}`;
          // Self-discharge of an idle battery may take it below socMin (as in tests/properties.test.ts).
          const prev = t === 0 ? b.socInitialKwh : rec.socKwh[t - 1];
          expect(rec.socKwh[t], what).toBeGreaterThanOrEqual(Math.min(b.socMinKwh, prev * keep) - TOL);
          expect(rec.socKwh[t], what).toBeLessThanOrEqual(b.socMaxKwh + TOL);
          expect(rec.batteryKw[t], what).toBeLessThanOrEqual(b.chargeKw + TOL);
          expect(-rec.batteryKw[t], what).toBeLessThanOrEqual(b.dischargeKw + TOL);
        }
      }
    }
  });

  it('(b) per step, each CBC activation slice and the GOPACS delivered slice are disjoint and together at most the import kept off the grid', () => {
    /*
     * The slices as settleFlex pays them (in kW of the step):
     *   CBC (T or A, where active/called): [max(import, CBC cap), min(x, firm cap)]
     *   GOPACS (where cleared): [baseline - delivered, baseline], delivered = min(cleared, max(0, baseline - grid))
     * Each CBC slice must not overlap the GOPACS slice, and CBC + GOPACS <= x - import, the
     * import the hub kept off the grid against doing nothing. (CBC-T and CBC-A in the same step
     * are a separate case below.)
     */
    let checked = 0;
    // Both plans: the day's own load (the bound) and the forecast (causal; an audit found (b) broken there).
    for (const { hub, full: perfect, forecast } of stackRuns()) for (const full of [perfect, forecast]) {
      const c = hub.contract!;
      const pos = full.positions!;
      for (let t = 0; t < hub.axis.steps; t++) {
        const x = hub.demandKw[t] - hub.generationKw[t];
        const grid = full.recorder.gridKw[t];
        const imp = Math.max(0, grid);
        const cleared = pos.gopacsBatteryKw[t] + pos.gopacsShedKw[t];
        const delivered = cleared > 0 ? Math.min(cleared, Math.max(0, pos.gopacsBaselineKw[t] - grid)) : 0;
        const gLo = pos.gopacsBaselineKw[t] - delivered;
        const gHi = pos.gopacsBaselineKw[t];
        const what = `${hub.name} step ${t}`;
        expect(delivered, what).toBeLessThanOrEqual(Math.max(0, x - imp) + TOL);
        for (const cbc of [c.cbcT !== null && c.cbcT.active[t] === 1 ? c.cbcT.terms : null, c.cbcA !== null && c.cbcA.called[t] === 1 ? c.cbcA.terms : null]) {
          if (cbc === null) continue;
          const cLo = Math.max(imp, cbc.importCapKw!);
          const cHi = Math.min(x, c.firmImportCapKw[t]);
          const slice = Math.max(0, cHi - cLo);
          if (slice > 0 && delivered > 0) {
            checked++;
            expect(Math.min(cHi, gHi) - Math.max(cLo, gLo), `overlap ${what}`).toBeLessThanOrEqual(TOL);
          }
          expect(slice + delivered, what).toBeLessThanOrEqual(Math.max(0, x - imp) + TOL);
        }
      }
    }
    expect(checked, 'steps with both a CBC and a GOPACS slice').toBeGreaterThan(0);
  });

  it('(c) arbitrage never trades in a step with a CBC-T block, a CBC-A call or a congestion signal', () => {
    let trades = 0;
    // Both plans: the day's own load (the bound) and the forecast (causal; an audit found (b) broken there).
    for (const { hub, full: perfect, forecast } of stackRuns()) for (const full of [perfect, forecast]) {
      const c = hub.contract!;
      const a = full.positions!.arbitrage;
      for (let t = 0; t < hub.axis.steps; t++) {
        if (a[t] === 0) continue;
        trades++;
        const what = `${hub.name} step ${t}`;
        expect(c.cbcT?.active[t] ?? 0, what).toBe(0);
        expect(c.cbcA?.called[t] ?? 0, what).toBe(0);
        expect(hub.congestionKw![t], what).toBe(0);
        expect(full.positions!.gopacsBatteryKw[t] + full.positions!.gopacsShedKw[t], what).toBe(0);
      }
    }
    expect(trades).toBeGreaterThan(0);
  });

  it('(d) flexRevenueEur is the sum of the product revenues minus the penalties', () => {
    // Both plans: the day's own load (the bound) and the forecast (causal; an audit found (b) broken there).
    for (const { hub, full: perfect, forecast } of stackRuns()) for (const full of [perfect, forecast]) {
      const m = computeMetrics(hub, full);
      const parts =
        m.cbcTAvailabilityEur! + m.cbcTActivationEur! + m.cbcAAvailabilityEur! + m.cbcAActivationEur! + m.gopacsRevenueEur! + m.gopacsEnergyEur! - m.gopacsRefillCostEur! + m.arbitrageRevenueEur! + m.tbtrDiscountEur! + m.tdtrDiscountEur! + m.nonFirmDiscountEur! - m.gopacsPenaltyEur! - m.contractPenaltyEur!;
      expect(m.flexRevenueEur!, hub.name).toBeCloseTo(parts, 6);
      for (const k of ['cbcTActivationEur', 'cbcAActivationEur', 'gopacsRevenueEur', 'gopacsPenaltyEur', 'contractPenaltyEur', 'cbcTAvailabilityEur', 'cbcAAvailabilityEur']) {
        expect(m[k]!, `${hub.name} ${k}`).toBeGreaterThanOrEqual(0);
      }
      expect(m.gopacsDeliveredKwh!, hub.name).toBeLessThanOrEqual(m.gopacsClearedKwh! + TOL);
    }
  });


  it('(e) without markets the flex battery is peak shaving until the first day with a congestion signal', () => {
    /*
     * What holds: flex without GOPACS and arbitrage holds the same level as peak-shaving sized in
     * hindsight (lowered to the cap in force), so up to the first local day with a congestion
     * signal the battery columns are identical, and on hubs without flexible load so are the grid
     * columns, until the day after the peak shaver's import first went above its level: from then
     * on the peak shaver holds the month's measured peak (flex does not). From that day on flex does not charge in congested steps and refills
     * only up to the day's median net load (against the rebound at the substation), and
     * flex+guard sheds above its level (<= the cap) where peak-shaving+guard sheds above the cap
     * only, spending the daily shedding budgets earlier. So the flex peak is NOT always <= the
     * peak-shaving+guard peak: 21 of these 80 cases were higher when written (see the report).
     * Asserted over the whole run: the flex peak never exceeds the peak with its battery alone
     * (guard shedding only lowers the import).
     */
    let compared = 0;
    for (const { hub, noMarkets, peakShaving } of stackRuns()) {
      const n = hub.axis.steps;
      const firstSignal = hub.congestionKw!.findIndex((v) => v > 0);
      const level = peakShavingThreshold(StrategySpec.parse({ kind: 'peak-shaving', thresholdFrom: 'hindsight' }) as Extract<StrategySpec, { kind: 'peak-shaving' }>, hub);
      const over = peakShaving.recorder.gridKw.findIndex((g, t) => g > level[t] + 1e-6);
      const afterOver = over < 0 ? n : (hub.dayStarts[hub.dayIndex[over] + 1] ?? n);
      const until = Math.min(afterOver, firstSignal < 0 ? n : hub.dayIndex.indexOf(hub.dayIndex[firstSignal]));
      for (let t = 0; t < until; t++) {
        compared++;
        expect(noMarkets.recorder.batteryKw[t], `${hub.name} battery[${t}]`).toBeCloseTo(peakShaving.recorder.batteryKw[t], 9);
        if (hub.flexible.length === 0) expect(noMarkets.recorder.gridKw[t], `${hub.name} grid[${t}]`).toBeCloseTo(peakShaving.recorder.gridKw[t], 9);
      }
      let batteryOnlyPeak = 0;
      for (let t = 0; t < n; t++) batteryOnlyPeak = Math.max(batteryOnlyPeak, hub.demandKw[t] - hub.generationKw[t] + noMarkets.recorder.batteryKw[t]);
      expect(computeMetrics(hub, noMarkets).peakImportKw!, hub.name).toBeLessThanOrEqual(batteryOnlyPeak + TOL);
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('(e) the reserve rule: a GOPACS battery bid never takes the battery below what the levels need in the rest of the local day', () => {
    /*
     * hold = min(cap in force, level) with the default level; the levels' need after step t is
     * sum over the later steps s of the same local day of min(max(0, x_s - hold_s), dischargeKw)
     * x dt / eta_d. Where a battery bid cleared, soc after the step >= socMin + that need.
     * (This is the rule as declared: it covers the rest of the day, not the next day, and only
     * battery energy; shedding bids are held back on days the levels need shedding.)
     */
    let bids = 0;
    for (const { hub, gopacsOnly } of stackRuns()) {
      const b = hub.battery;
      if (b.dischargeKw <= 0) continue;
      const level = autoThreshold(hub.demandKw, hub.generationKw, hub.dayStarts, hub.battery, hub.axis.stepHours);
      const dt = hub.axis.stepHours;
      const n = hub.axis.steps;
      const need = new Float64Array(n);
      for (let t = n - 1, acc = 0; t >= 0; t--) {
        if (t === n - 1 || hub.dayIndex[t + 1] !== hub.dayIndex[t]) acc = 0;
        need[t] = acc;
        const over = hub.demandKw[t] - hub.generationKw[t] - Math.min(hub.importCapKw[t], level);
        acc += (over > 0 ? Math.min(over, b.dischargeKw) : 0) * (dt / b.dischargeEfficiency);
      }
      const pos = gopacsOnly.positions!;
      for (let t = 0; t < n; t++) {
        // An intraday promise the battery could no longer keep above the reserve is not executed (issue 18).
        if (pos.gopacsBatteryExecutedKw[t] <= 0) continue;
        bids++;
        expect(gopacsOnly.recorder.socKwh[t], `${hub.name} step ${t}`).toBeGreaterThanOrEqual(b.socMinKwh + need[t] - 1e-6);
        // The cleared step itself stays within the cap in force.
        expect(gopacsOnly.recorder.gridKw[t], `${hub.name} step ${t}`).toBeLessThanOrEqual(hub.importCapKw[t] + TOL);
      }
    }
    expect(bids).toBeGreaterThan(10);
  });

  it('(e) GOPACS vs flex without markets: same dispatch until the first cleared bid; extra hours above the cap only from the known causes', () => {
    /*
     * Expected by the brief: adding GOPACS never increases hoursAboveImportCap. It does (8 of
     * these 80 cases when written), for two reasons: (1) shedding bids spend the daily shedding
     * budgets the guard later needs (fixed since: bids are held back on days the levels need
     * shedding, and count the daily budgets); (2) the reserve
     * covers the rest of the local day only (the declared rule), so a bid leaves the battery
     * emptier for the next day. What holds and is asserted:
     *   - up to the first cleared bid the two runs are identical (nothing else differs);
     *   - on hubs without flexible load, a step above the cap with GOPACS that is within the cap
     *     without it always comes on a local day after a day with a cleared battery bid.
     */
    let identical = 0;
    let extra = 0;
    for (const { hub, noMarkets, gopacsOnly } of stackRuns()) {
      const pos = gopacsOnly.positions!;
      const n = hub.axis.steps;
      const cleared = (t: number): boolean => pos.gopacsBatteryKw[t] + pos.gopacsShedKw[t] > 0;
      for (let t = 0; t < n && !cleared(t); t++) {
        identical++;
        expect(gopacsOnly.recorder.gridKw[t], `${hub.name} step ${t}`).toBeCloseTo(noMarkets.recorder.gridKw[t], 9);
      }
      if (hub.flexible.length > 0) continue;
      let firstBidDay = Number.POSITIVE_INFINITY;
      for (let t = 0; t < n; t++) {
        if (pos.gopacsBatteryKw[t] > 0) firstBidDay = Math.min(firstBidDay, hub.dayIndex[t]);
        if (gopacsOnly.recorder.gridKw[t] > hub.importCapKw[t] + TOL && noMarkets.recorder.gridKw[t] <= hub.importCapKw[t] + TOL) {
          extra++;
          expect(hub.dayIndex[t], `${hub.name} step ${t}: above the cap with GOPACS only, on the day of the first bid or before`).toBeGreaterThan(firstBidDay);
        }
      }
    }
    expect(identical).toBeGreaterThan(500);
  });
});

describe('double counting and priority rules', () => {
  it('a step in a CBC-T block and a CBC-A call pays each kWh kept off the grid once', () => {
    /*
     * One hourly step, x = 900 kW, firm 1000, CBC-T cap 800 (block all day), CBC-A cap 700 called,
     * import 700 (a battery held the lower cap). Kept off the grid: 900 - 700 = 200 kWh.
     * settleFlex pays CBC-T min(900, 1000) - max(700, 800) = 100 kWh AND CBC-A
     * min(900, 1000) - max(700, 700) = 200 kWh: 300 kWh for 200 kWh kept off. Expected: the two
     * slices stacked, CBC-T [800, 900] = 100 and CBC-A [700, 800] = 100, together 200.
     */
    const base = testHub({
      startMs: JAN_10_LOCAL,
      members: [{ id: 'a', demand: [900] }],
      importCapKw: 1000,
      contract: {
        cbcT: { importCapKw: 800, blocks: [{ fromHour: 0, toHour: 24 }] },
        cbcA: { calls: 'signal', importCapKw: 700 },
      },
    });
    const hub = withCongestion(base, Float64Array.from([100]));
    expect(hub.contract!.cbcT!.active[0]).toBe(1);
    expect(hub.contract!.cbcA!.called[0]).toBe(1);
    const rec = new Recorder(1);
    rec.gridKw[0] = 700;
    rec.batteryKw[0] = -200;
    const s = settleFlex(hub, rec, undefined);
    expect(s.cbcTEnergyKwh + s.cbcAEnergyKwh).toBeCloseTo(200, 9);
  });

  it('GOPACS shedding bids do not spend the shedding budget the contract needs later in the day', () => {
    /*
     * One local day, member 500 kW, 1100 kW in step 20; cap 1000; no battery; flexible load share
     * 0.5 with 1 sheddable step a day. flex level 1000 (= the cap). Ladder: shedding 100 @ 50,
     * wtp 250; congestion signal 100 kW in step 10.
     *   without markets: the guard sheds 100 in step 20 -> grid 1000, 0 h above the cap.
     *   with GOPACS: step 10 clears the 100 kW shedding bid and sheds it (the day's one step), so
     *   step 20 cannot shed: grid 1100, 1 h above the cap, penalty 100 kWh x 0.5 = 50 EUR.
     * Expected by the declared priority (GOPACS uses the flexible load the contract leaves): the
     * battery alone cannot hold the cap in step 20 (no battery), so the day's shedding budget is the
     * contract's and the bid is held back: nothing clears, and no hour above the cap with GOPACS on.
     */
    const demand = new Array(24).fill(500);
    demand[20] = 1100;
    const signal = new Float64Array(24);
    signal[10] = 100;
    const hub = withCongestion(
      testHub({
        startMs: JAN_10_LOCAL,
        members: [{ id: 'a', demand }],
        importCapKw: 1000,
        contract: {},
        flexibleLoad: [{ member: 'a', share: 0.5, maxHoursPerDay: 1 }],
        flexMarket: { gopacs: Gopacs.parse({ bids: [{ resource: 'shedding', kw: 100, priceEurPerMwh: 50 }], willingnessToPayEurPerMwh: 250 }), arbitrage: null },
      }),
      signal,
    );
    const without = computeMetrics(hub, run(hub, { kind: 'flex', plan: 'perfect', thresholdKw: 1000, gopacs: false, arbitrage: false }));
    expect(without.hoursAboveImportCap, 'without GOPACS').toBe(0);
    const withGopacs = computeMetrics(hub, run(hub, { kind: 'flex', plan: 'perfect', thresholdKw: 1000, arbitrage: false }));
    expect(withGopacs.gopacsClearedKwh, 'the shedding bid is held back').toBe(0);
    expect(withGopacs.hoursAboveImportCap, 'with GOPACS').toBe(0);
  });

  it('a congested step where no bid clears: the dispatch is the same with and without GOPACS', () => {
    /*
     * One local day, member 500 kW, 1100 kW in step 20; cap 1000; battery 200 kWh empty, 200 kW,
     * efficiency 1; flex level 1000. Ladder: battery 100 @ 300 with wtp 250, so nothing ever
     * clears. Congestion signal 100 kW in steps 0-19. Nothing is sold, so GOPACS on or off must
     * give the same grid column. (Either way the flex planner does not charge in congested steps,
     * so here the battery stays empty and step 20 imports 1100 > 1000: see the report.)
     */
    const demand = new Array(24).fill(500);
    demand[20] = 1100;
    const signal = new Float64Array(24);
    for (let t = 0; t < 20; t++) signal[t] = 100;
    const hub = withCongestion(
      testHub({
        startMs: JAN_10_LOCAL,
        members: [{ id: 'a', demand }],
        importCapKw: 1000,
        contract: {},
        battery: battery({ capacityKwh: 200, chargeKw: 200, dischargeKw: 200 }),
        flexMarket: { gopacs: Gopacs.parse({ bids: [{ resource: 'battery', kw: 100, priceEurPerMwh: 300 }], willingnessToPayEurPerMwh: 250 }), arbitrage: null },
      }),
      signal,
    );
    const without = run(hub, { kind: 'flex', plan: 'perfect', thresholdKw: 1000, gopacs: false, arbitrage: false });
    const withGopacs = run(hub, { kind: 'flex', plan: 'perfect', thresholdKw: 1000, arbitrage: false });
    expect(Array.from(withGopacs.positions!.gopacsBatteryKw).every((v) => v === 0)).toBe(true);
    expectSeries(withGopacs.recorder.gridKw, Array.from(without.recorder.gridKw), 'grid');
    expectSeries(withGopacs.recorder.batteryKw, Array.from(without.recorder.batteryKw), 'battery');
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Group minimums

describe('group minimums (GTO)', () => {
  it('shedding never takes a member below its minimum: availableKw = min(share x demand, demand - minimum)', () => {
    /*
     * Member "plant" demand [1000, 600, 300, 800] kW, share 0.6, minimum 500:
     *   share x demand   = [600, 360, 180, 480]
     *   demand - minimum = [500, 100, -200 -> 0, 300]
     *   available        = [500, 100, 0, 300]
     * Member "office" 200 kW, share 0.5, no minimum: available 100 everywhere.
     * congestion (shed above the cap) with cap 550 kW: total demand [1200, 800, 500, 1000] -> it
     * wants to shed [650, 250, 0, 450] and sheds what is available (plant first, then office):
     * [500 + 100, 100 + 100, 0, 300 + 100] = [600, 200, 0, 400], so the plant keeps
     * [500, 500, 300, 500] >= min(demand, 500).
     */
    const p = hubFile(
      lines(
        'name: gto',
        'axis:',
        '  start: "2023-01-10T00:00:00Z"',
        '  steps: 4',
        'members:',
        '  - { id: plant, profile: [1000, 600, 300, 800] }',
        '  - { id: office, profile: 200 }',
        'connection: { importCapKw: 550 }',
        'flexibleLoad:',
        '  - { member: plant, share: 0.6, maxHoursPerDay: 24 }',
        '  - { member: office, share: 0.5, maxHoursPerDay: 24 }',
        'contract:',
        '  groupMinimums:',
        '    - { member: plant, minimumKw: 500 }',
      ),
    );
    const hub = loadAndResolve(p);
    expectSeries(hub.flexible[0].availableKw, [500, 100, 0, 300], 'plant available');
    expectSeries(hub.flexible[1].availableKw, [100, 100, 100, 100], 'office available');
    const r = run(hub, { kind: 'congestion' });
    expectSeries(r.recorder.shedKw, [600, 200, 0, 400], 'shed');
    const plant = [1000, 600, 300, 800];
    for (let t = 0; t < 4; t++) {
      // The plant's shed is at most its available kW, so it keeps at least min(demand, 500).
      const plantShed = Math.min(r.recorder.shedKw[t], hub.flexible[0].availableKw[t]);
      expect(plant[t] - plantShed).toBeGreaterThanOrEqual(Math.min(plant[t], 500) - 1e-9);
    }
  });

  it('over random hubs, no member is shed below its minimum', () => {
    // Per random case: one flexible load per member, a minimum per member; the sum of the
    // available kW of all loads bounds the shed, and each load's available kW is
    // min(share x demand, demand - minimum), so no member goes below its minimum.
    for (let seed = 1; seed <= 20; seed++) {
      const r = rng(seed * 31 + 5);
      const members = range(0, 1 + Math.floor(r() * 3)).map((i) => ({ id: `m${i}`, demand: range(0, 24).map(() => Math.round(100 + r() * 900)) }));
      const minimums = members.map((m) => ({ member: m.id, minimumKw: Math.round(r() * 600) }));
      const shares = members.map(() => Math.round(r() * 100) / 100);
      const text = lines(
        'name: gto-random',
        'axis: { start: "2023-01-10T00:00:00Z", steps: 24 }',
        'members:',
        ...members.map((m) => `  - { id: ${m.id}, profile: [${m.demand.join(', ')}] }`),
        `connection: { importCapKw: ${Math.round(minimums.reduce((s, g) => s + g.minimumKw, 0) + 1)} }`,
        'flexibleLoad:',
        ...members.map((m, i) => `  - { member: ${m.id}, share: ${shares[i]}, maxHoursPerDay: 24 }`),
        'contract:',
        '  groupMinimums:',
        ...minimums.map((g) => `    - { member: ${g.member}, minimumKw: ${g.minimumKw} }`),
      );
      const hub = loadAndResolve(hubFile(text));
      const rec = run(hub, { kind: 'congestion' }).recorder;
      for (let t = 0; t < 24; t++) {
        let available = 0;
        hub.flexible.forEach((f, i) => {
          const d = members[i].demand[t];
          expect(f.availableKw[t], `seed ${seed} ${f.member} ${t}`).toBeCloseTo(Math.min(shares[i] * d, Math.max(0, d - minimums[i].minimumKw)), 9);
          expect(d - f.availableKw[t], `seed ${seed} ${f.member} ${t}`).toBeGreaterThanOrEqual(Math.min(d, minimums[i].minimumKw) - 1e-9);
          available += f.availableKw[t];
        });
        expect(rec.shedKw[t], `seed ${seed} step ${t}`).toBeLessThanOrEqual(available + 1e-9);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 6. ACM flags

describe('ACM use-it-or-lose-it flags', () => {
  const metricsOf = (hub: ResolvedHub): ReturnType<typeof computeMetrics> => computeMetrics(hub, run(hub, { kind: 'baseline' }));

  it('acmUnderused: 1 at peak <= 50% of the firm cap, 0 above, null without a cap', () => {
    // Baseline peak = the member's highest demand. Cap 1000: peak 500 (= 50%) -> 1; 500.001 -> 0.
    expect(metricsOf(testHub({ startMs: JAN_10_LOCAL, members: [{ id: 'a', demand: [100, 500, 300] }], importCapKw: 1000 })).acmUnderused).toBe(1);
    expect(metricsOf(testHub({ startMs: JAN_10_LOCAL, members: [{ id: 'a', demand: [100, 500.001, 300] }], importCapKw: 1000 })).acmUnderused).toBe(0);
    expect(metricsOf(testHub({ startMs: JAN_10_LOCAL, members: [{ id: 'a', demand: [100, 500, 300] }] })).acmUnderused).toBeNull();
    // With a contract the firm cap counts, not the lower CBC-T cap in force: firm 1000, CBC-T 600
    // all day (cap in force 600 everywhere), peak 450 <= 500 -> 1 (450 > 50% of 600 would say 0).
    const cbc = testHub({ startMs: JAN_10_LOCAL, members: [{ id: 'a', demand: [100, 450, 300] }], importCapKw: 1000, contract: { cbcT: { importCapKw: 600, blocks: [{ fromHour: 0, toHour: 24 }] } } });
    expectSeries(cbc.importCapKw, [600, 600, 600], 'cap in force');
    expect(metricsOf(cbc).acmUnderused).toBe(1);
    const busy = testHub({ startMs: JAN_10_LOCAL, members: [{ id: 'a', demand: [100, 520, 300] }], importCapKw: 1000, contract: { cbcT: { importCapKw: 600, blocks: [{ fromHour: 0, toHour: 24 }] } } });
    expect(metricsOf(busy).acmUnderused).toBe(0);
  });

  it('membersUnderused counts members whose own peak <= 50% of ownConnectionKw', () => {
    // a: peak 200, own 400 -> 50% -> counts; b: peak 201, own 400 -> no; c: peak 100, own 1000 -> counts;
    // d: own = its peak (the default) -> no. membersUnderused = 2.
    const hub = testHub({
      startMs: JAN_10_LOCAL,
      members: [
        { id: 'a', demand: [200, 100], ownConnectionKw: 400 },
        { id: 'b', demand: [201, 0], ownConnectionKw: 400 },
        { id: 'c', demand: [50, 100], ownConnectionKw: 1000 },
        { id: 'd', demand: [300, 10] },
      ],
    });
    expect(metricsOf(hub).membersUnderused).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------------
// 7. Bad input

describe('bad contract input: exit code 2, a HubsimError naming the field', () => {
  /** A small valid hub (lines 1-9) with a cap; the contract follows from line 10. */
  const HEAD = [
    'name: bad', //                                1
    'axis:', //                                    2
    '  start: "2023-01-10T00:00:00Z"', //          3
    '  steps: 4', //                               4
    'members:', //                                 5
    '  - id: office', //                           6
    '    profile: 100', //                         7
    'connection:', //                              8
    '  importCapKw: 1000', //                      9
  ];

  it('a CBC-T or CBC-A cap at or above the firm cap: hub.contradiction', () => {
    const t = hubFile(lines(...HEAD, 'contract:', '  cbcT:', '    importCapKw: 1000', '    blocks: [{ fromHour: 8, toHour: 10 }]'));
    const e = expectError(() => loadHub(t), 'hub.contradiction', { file: t, line: 12, field: 'contract.cbcT.importCapKw' });
    expect(e.message).toContain('CBC-T');
    const a = hubFile(lines(...HEAD, 'contract:', '  cbcA:', '    importCapKw: 1200'));
    expectError(() => loadHub(a), 'hub.contradiction', { file: a, line: 12, field: 'contract.cbcA.importCapKw' });
  });

  it('a CBC without connection.importCapKw: hub.contradiction', () => {
    const p = hubFile(lines(...HEAD.slice(0, 7), 'contract:', '  cbcA:', '    importCapKw: 500'));
    const e = expectError(() => loadHub(p), 'hub.contradiction', { file: p, line: 9, field: 'contract.cbcA' });
    expect(e.message).toContain('connection.importCapKw');
  });

  it('fromHour >= toHour in a time-block right or a CBC-T block: hub.contradiction', () => {
    const right = hubFile(lines(...HEAD, 'contract:', '  tbtr:', '    - { fromHour: 18, toHour: 17, importCapKw: 800 }'));
    expectError(() => loadHub(right), 'hub.contradiction', { file: right, line: 12, field: 'contract.tbtr[0]' });
    const block = hubFile(lines(...HEAD, 'contract:', '  cbcT:', '    importCapKw: 500', '    blocks:', '      - { fromHour: 8, toHour: 10 }', '      - { fromHour: 9, toHour: 9 }'));
    expectError(() => loadHub(block), 'hub.contradiction', { file: block, line: 15, field: 'contract.cbcT.blocks[1]' });
  });

  it('fromHour >= toHour in a congestion block: an error too', () => {
    // flexMarket.congestionBlocks are TimeBlocks ("fromHour < toHour") but checks.ts checks only
    // the contract's blocks: a block 18-17 resolves to a signal that is 0 everywhere.
    const p = hubFile(lines(...HEAD, 'flexMarket:', '  congestionBlocks:', '    - { fromHour: 18, toHour: 17, requestKw: 100 }'));
    expectError(() => loadHub(p), 'hub.contradiction', { file: p, field: 'flexMarket.congestionBlocks[0]' });
  });

  it('a group minimum for an unknown member: hub.unknownMember', () => {
    const p = hubFile(lines(...HEAD, 'contract:', '  groupMinimums:', '    - { member: ofice, minimumKw: 50 }'));
    const e = expectError(() => loadHub(p), 'hub.unknownMember', { file: p, line: 12, field: 'contract.groupMinimums[0].member' });
    expect(e.message).toContain('ofice');
  });

  it('minimums adding up to more than the collective cap: hub.contradiction', () => {
    const p = hubFile(lines(...HEAD, 'contract:', '  groupMinimums:', '    - { member: office, minimumKw: 1001 }'));
    const e = expectError(() => loadHub(p), 'hub.contradiction', { file: p, line: 11, field: 'contract.groupMinimums' });
    expect(e.message).toContain('1001');
  });

  it('the CLI exits with 2 and names the field', async () => {
    const p = hubFile(lines(...HEAD, 'contract:', '  cbcT:', '    importCapKw: 1000', '    blocks: [{ fromHour: 8, toHour: 10 }]'));
    const r = await runCli('run', p, '--json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('hub.contradiction');
    expect(r.stderr).toContain('contract.cbcT.importCapKw');
  });
});

// ---------------------------------------------------------------------------------------------
// 8. The CLI on the shipped example

describe('hubsim run scenarios/examples/flex-park.yaml --json', () => {
  it('flex+guard earns GOPACS and arbitrage revenue, CBC-A is called, and the revenue adds up', async () => {
    const r = await runCli('run', 'scenarios/examples/flex-park.yaml', '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    const m = json.strategies['flex+guard'].metrics as Record<string, number>;
    expect(m.gopacsRevenueEur).toBeGreaterThan(0);
    expect(m.arbitrageRevenueEur).toBeGreaterThan(0);
    expect(m.cbcAHoursCalled).toBeGreaterThan(0);
    expect(m.cbcADaysCalled).toBeGreaterThan(0);
    expect(m.cbcADaysCalled).toBeLessThanOrEqual(40); // maxCallDaysPerYear in the file
    // The transport-right discounts (docs/contracts.md) are part of the revenue too: flex-park has a TBTR block.
    const parts = m.cbcTAvailabilityEur + m.cbcTActivationEur + m.cbcAAvailabilityEur + m.cbcAActivationEur + m.gopacsRevenueEur + m.gopacsEnergyEur - m.gopacsRefillCostEur + m.arbitrageRevenueEur + m.tbtrDiscountEur + m.tdtrDiscountEur + m.nonFirmDiscountEur - m.gopacsPenaltyEur - m.contractPenaltyEur;
    expect(m.flexRevenueEur).toBeCloseTo(parts, 5);
    // The baseline has no market positions but a contract: it is settled for the contract only.
    const base = json.strategies.baseline.metrics as Record<string, number>;
    expect(base.gopacsRevenueEur).toBe(0);
    expect(base.arbitrageRevenueEur).toBe(0);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// GOPACS in feed-in congestion (export bids)

describe('GOPACS export bids in feed-in congestion', () => {
  it('clears battery-charge and curtailment bids against an export request, by hand', () => {
    /*
     * 4 hourly steps, member 100 kW flat, generation [0, 1000, 1000, 0] -> net [100, -900, -900, 100].
     * Battery 400 kWh, 100 kW both ways, efficiency 1, empty. flex with level 1e6 (no peak shaving) and
     * arbitrage on with a margin no spread beats (so the battery idles outside the levels: trading
     * mode never refills up to the level). Ladder (export): battery 100 @ 50, curtailment 300 @ 80,
     * curtailment 300 @ 400; willingness to pay 250. Export request 500 kW in step 1 only.
     *   step 1: the plan exports 900; request min(500, 900) = 500; battery 100 @ 50 (charge room 100),
     *           curtailment 300 @ 80, the 400 bid is above 250: cleared 400 kW, worth
     *           0.1 x 50 + 0.3 x 80 = 29 EUR/h. The battery charges 100; the limiter holds export at
     *           900 - 100 - 300 = 500: curtailed 300, grid -500. Delivered min(400, 900 - 500) = 400.
     *   step 2: no request: the battery idles, grid -900.
     * GOPACS revenue 29 EUR; 1 h; cleared = delivered = 400 kWh; no penalty.
     */
    const base = testHub({
      startMs: JAN_10_LOCAL,
      members: [{ id: 'a', demand: [100, 100, 100, 100] }],
      pv: [0, 1000, 1000, 0],
      battery: battery({ capacityKwh: 400, chargeKw: 100, dischargeKw: 100 }),
      flexMarket: {
        gopacs: Gopacs.parse({
          bids: [
            { direction: 'export', resource: 'curtailment', kw: 300, priceEurPerMwh: 400 },
            { direction: 'export', resource: 'battery', kw: 100, priceEurPerMwh: 50 },
            { direction: 'export', resource: 'curtailment', kw: 300, priceEurPerMwh: 80 },
          ],
          willingnessToPayEurPerMwh: 250,
        }),
        arbitrage: Arbitrage.parse({ minSpreadEurPerMwh: 1e6 }),
      },
    });
    const hub = withCongestion(base, new Float64Array(4), Float64Array.from([0, 500, 0, 0]));
    const r = run(hub, { kind: 'flex', plan: 'perfect', thresholdKw: 1e6 });
    expectSeries(r.recorder.batteryKw, [0, 100, 0, 0], 'battery');
    expectSeries(r.recorder.curtailedKw, [0, 300, 0, 0], 'curtailed');
    expectSeries(r.recorder.gridKw, [100, -500, -900, 100], 'grid');
    const m = computeMetrics(hub, r);
    expect(m.gopacsRevenueEur).toBeCloseTo(29, 9);
    expect(m.gopacsHours).toBe(1);
    expect(m.gopacsClearedKwh).toBeCloseTo(400, 9);
    expect(m.gopacsDeliveredKwh).toBeCloseTo(400, 9);
    expect(m.gopacsPenaltyEur).toBe(0);
    // Arbitrage never trades in a feed-in congested step.
    expect(r.positions!.arbitrage[1]).toBe(0);
  });

  it('an export request never clears import bids, and an import request never clears export bids', () => {
    const gopacs = Gopacs.parse({
      bids: [
        { direction: 'import', resource: 'battery', kw: 100, priceEurPerMwh: 50 },
        { direction: 'export', resource: 'curtailment', kw: 70, priceEurPerMwh: 60 },
      ],
    });
    const cleared: ClearedStep = { batteryKw: 0, shedKw: 0, curtailKw: 0, eurPerHour: 0 };
    clearStep(gopacs, 500, 100, 100, cleared, 'export');
    expect([cleared.batteryKw, cleared.shedKw, cleared.curtailKw]).toEqual([0, 0, 70]);
    clearStep(gopacs, 500, 100, 100, cleared, 'import');
    expect([cleared.batteryKw, cleared.shedKw, cleared.curtailKw]).toEqual([100, 0, 0]);
  });

  it('an import bid delivered by curtailment is bad input: hub.contradiction naming the bid', () => {
    const head = ['name: bad', 'axis:', '  start: "2023-01-10T00:00:00Z"', '  steps: 4', 'members:', '  - id: office', '    profile: 100'];
    const p = hubFile(lines(...head, 'flexMarket:', '  gopacs:', '    bids:', '      - { direction: import, resource: curtailment, kw: 100, priceEurPerMwh: 50 }'));
    expectError(() => loadHub(p), 'hub.contradiction', { file: p, field: 'flexMarket.gopacs.bids[0]' });
  });
});

describe('flex plan forecast: bids across midnight, shedding bids that clear, day-ahead requests (a second audit)', () => {
  it('a year of flex-park with cheap shedding, a night-time peak and requests around midnight: no bid decided by a step moves with the load after it', () => {
    const base = resolveHub(loadHub('scenarios/examples/flex-park.yaml'));
    const n = base.axis.steps;
    const hour = stepCalendar(base.axis).hour;
    // The load shifted by 12 hours (a night-time peak above the levels), requests at 22-01 h every third day.
    const night = base.demandKw.map((_, t) => base.demandKw[(t + 12) % n]);
    const signal = new Float64Array(n).map((_, t) => (base.dayIndex[t] % 3 === 0 && (hour[t] >= 22 || hour[t] <= 1) ? 400 : 0));
    const cheap = { ...base.flexMarket!.gopacs!, bids: base.flexMarket!.gopacs!.bids.map((b) => (b.resource === 'shedding' ? { ...b, priceEurPerMwh: 100 } : b)) };
    const at = (demandKw: Float64Array, leadTimeHours: number | null): ResolvedHub =>
      withCongestion(variantOf(base, { demandKw, flexible: base.flexible.map((f) => ({ ...f, availableKw: f.availableKw.map((_, t) => f.availableKw[(t + 12) % n]) })), flexMarket: { ...base.flexMarket!, gopacs: { ...cheap, leadTimeHours } } }), signal);
    // The hours 22 and 23 before a night of requests: a bid for 00-01 h is made then, in the day before.
    const afters = signal.reduce<number[]>((acc, _, t) => ((hour[t] === 22 || hour[t] === 23) && (base.dayIndex[t] + 1) % 3 === 0 ? [...acc, t] : acc), []).slice(0, 40);
    let cleared = 0;
    for (const leadTimeHours of [2, null]) {
      const a = bidsOf(run(at(night, leadTimeHours), { kind: 'flex' }));
      cleared += a[1].filter((v) => v > 0).length;
      for (const [i, after] of afters.entries()) {
        const c = rng(900 + i);
        const changed = night.map((v, t) => (t > after ? v * (0.3 + 1.7 * c()) : v));
        const b = bidsOf(run(at(changed, leadTimeHours), { kind: 'flex' }));
        // Bids for step s are made at s - lead, or (null) as the day of s starts.
        const decided = (t: number): boolean => (leadTimeHours === null ? base.dayStarts[base.dayIndex[t]] <= after : t - leadTimeHours <= after);
        const moved = movedColumn(a, b, decided);
        expect(moved, `lead ${leadTimeHours}, load changed after ${after}`).toBe(-1);
      }
    }
    expect(cleared, 'shedding bids cleared').toBeGreaterThan(0);
  });

  it('a lead as long as the day before (the spring daylight-saving day, the 23-step first local day): a bid never reads load after it is made (a third audit)', () => {
    const base = resolveHub(loadHub('scenarios/examples/flex-park.yaml'));
    const n = base.axis.steps;
    // The 23-step local days: the first (the UTC axis starts at 01:00 local) and 26 March.
    const short = Array.from({ length: base.dayStarts.length - 1 }, (_, d) => d).filter((d) => base.dayStarts[d + 1] - base.dayStarts[d] === 23);
    expect(short.length).toBe(2);
    const signal = new Float64Array(n).map((_, t) => (short.some((d) => base.dayIndex[t] >= d && base.dayIndex[t] <= d + 2) ? 400 : 0));
    const cheap = { ...base.flexMarket!.gopacs!, bids: base.flexMarket!.gopacs!.bids.map((b) => (b.resource === 'shedding' ? { ...b, priceEurPerMwh: 100 } : b)) };
    for (const leadTimeHours of [23, 24]) {
      const at = (demandKw: Float64Array, availability: (f: ResolvedFlexibleLoad) => Float64Array): ResolvedHub =>
        withCongestion(variantOf(base, { demandKw, flexible: base.flexible.map((f) => ({ ...f, availableKw: availability(f) })), flexMarket: { ...base.flexMarket!, gopacs: { ...cheap, leadTimeHours } } }), signal);
      const a = bidsOf(run(at(base.demandKw, (f) => f.availableKw), { kind: 'flex' }));
      for (const d of short) {
        for (let after = base.dayStarts[d]; after < base.dayStarts[d + 1]; after += 4) {
          const c = rng(after);
          const factor = new Float64Array(n).map((_, t) => (t > after ? 0.3 + 1.7 * c() : 1));
          const b = bidsOf(run(at(base.demandKw.map((v, t) => v * factor[t]), (f) => f.availableKw.map((v, t) => v * factor[t])), { kind: 'flex' }));
          const moved = movedColumn(a, b, (t) => t - leadTimeHours <= after);
          expect(moved, `lead ${leadTimeHours} h, load changed after ${after} (day ${d})`).toBe(-1);
        }
      }
    }
  });

  it('a lead of a whole day bids on the forecast from two days before (the day before is not measured yet), and reads nothing after the bid is made', () => {
    const base = resolveHub(loadHub('scenarios/examples/flex-park.yaml'));
    // Requests on the evenings of three weeks in February (the peaks of the year are in winter).
    const from = base.dayStarts[35];
    const to = base.dayStarts[56];
    const signal = eveningRequests(base, 35, 56);
    const cheap = { ...base.flexMarket!.gopacs!, bids: base.flexMarket!.gopacs!.bids.map((b) => (b.resource === 'shedding' ? { ...b, priceEurPerMwh: 100 } : b)) };
    const leadTimeHours = 24;
    const at = (demandKw: Float64Array): ResolvedHub => withCongestion(variantOf(base, { demandKw, flexMarket: { ...base.flexMarket!, gopacs: { ...cheap, leadTimeHours } } }), signal);
    const a = bidsOf(run(at(base.demandKw), { kind: 'flex' }));
    // Before, a lead of 24 h made no bid at all.
    const cleared = a[0].filter((v) => v > 0).length + a[1].filter((v) => v > 0).length;
    expect(cleared, 'steps with a cleared bid').toBeGreaterThan(20);
    const c0 = rng(2424);
    for (let k = 0; k < 12; k++) {
      const after = from - 48 + Math.floor(c0() * (to - from + 48));
      const c = rng(after);
      // The load from step `after` on changes: a bid made at or before it (t - lead <= after) knows only the steps before it was made.
      const b = bidsOf(run(at(base.demandKw.map((v, t) => (t >= after ? v * (0.3 + 1.7 * c()) : v))), { kind: 'flex' }));
      const moved = movedColumn(a, b, (t) => t - leadTimeHours <= after);
      expect(moved, `load changed from step ${after} on`).toBe(-1);
    }
  });
});

describe('a lead that is not a whole number of steps, and the refill between the levels (an audit)', () => {
  it('a lead of 1.4 h or 23.4 h is answered at the start of the step the request becomes known in: no bid made by a step moves when the load from that step on changes', () => {
    const base = resolveHub(loadHub('scenarios/examples/flex-park.yaml'));
    const signal = eveningRequests(base, 35, 49);
    for (const leadTimeHours of [1.4, 23.4]) {
      const at = (demandKw: Float64Array): ResolvedHub => withCongestion(variantOf(base, { demandKw, flexMarket: { ...base.flexMarket!, gopacs: { ...base.flexMarket!.gopacs!, leadTimeHours } } }), signal);
      const a = bidsOf(run(at(base.demandKw), { kind: 'flex' }));
      expect(a[0].some((v) => v > 0), `lead ${leadTimeHours} h clears battery bids`).toBe(true);
      // The request for t becomes known within step t - ceil(lead): a bid made then knows the steps before it.
      const made = (t: number): number => t - Math.ceil(leadTimeHours);
      // Change points at the step a bid is made in, for requests of each day.
      const afters = [...new Set([...signal.keys()].filter((t) => signal[t] > 0).map((t) => made(t)))].filter((_, i) => i % 5 === 0);
      for (const after of afters) {
        const c = rng(after);
        const b = bidsOf(run(at(base.demandKw.map((v, t) => (t >= after ? v * (0.3 + 1.7 * c()) : v))), { kind: 'flex' }));
        const moved = movedColumn(a, b, (t) => made(t) <= after);
        expect(moved, `lead ${leadTimeHours} h, load changed from step ${after} on`).toBe(-1);
      }
    }
  });

  it('the battery discharges only down to its level but to sell: neither the refill nor a purchase discharges between the levels (flex-park, a year, with and without markets)', () => {
    const hub = resolveHub(loadHub('scenarios/examples/flex-park.yaml'));
    for (const spec of [{ kind: 'flex', gopacs: false, arbitrage: false, guard: false }, { kind: 'flex', guard: false }]) {
      const setpoints = new Setpoints(hub.axis.steps);
      const r = simulate(hub, createPlanner(StrategySpec.parse(spec), hub), { setpoints });
      let discharging = 0;
      for (let t = 0; t < hub.axis.steps; t++) {
        const p = setpoints.batteryKw[t];
        if (p >= -TOL || r.positions!.arbitrage[t] === -1) continue;
        discharging++;
        const net = hub.demandKw[t] - hub.generationKw[t];
        expect(net + p, `${JSON.stringify(spec)} step ${t}`).toBeGreaterThanOrEqual(setpoints.dischargeAboveKw[t] - TOL);
      }
      expect(discharging, 'steps the battery discharges').toBeGreaterThan(100);
    }
  });

  it('a lead of 1.4 h: nothing reacts to a request before the step after the one it becomes known in (a second audit)', () => {
    const base = resolveHub(loadHub('scenarios/examples/flex-park.yaml'));
    const n = base.axis.steps;
    const hour = stepCalendar(base.axis).hour;
    const signal = new Float64Array(n).map((_, t) => (base.dayIndex[t] >= 10 && base.dayIndex[t] < 40 && hour[t] >= 15 && hour[t] < 19 ? 400 : 0));
    const hub = variantOf(base, { flexMarket: { ...base.flexMarket!, gopacs: { ...base.flexMarket!.gopacs!, leadTimeHours: 1.4 } } });
    const battery = (sig: Float64Array): Float64Array => run(withCongestion(hub, sig), { kind: 'flex' }).recorder.batteryKw;
    const a = battery(signal);
    let checked = 0;
    for (let d = 10; d < 40; d++) {
      // The day's first request, at 15:00: known 1.4 h before, within the step two before it.
      const first = [...signal.keys()].find((t) => base.dayIndex[t] === d && signal[t] > 0)!;
      const b = battery(signal.map((v, t) => (t >= first ? 0 : v)));
      for (let t = 0; t <= first - 2; t++) expect(b[t], `day ${d}, step ${t} (first request ${first})`).toBe(a[t]);
      checked++;
    }
    expect(checked).toBe(30);
  });
});

/**
 * Feed-in requests of 200-1,200 kW in most steps of 10:00-15:00 local on about half of the days, drawn
 * from `seed`; with the days drawn, the steps' local hours and the generator, to draw more from.
 */
function middayExportRequests(hub: ResolvedHub, seed: number): { signal: Float64Array; dayOn: Uint8Array; hour: Uint8Array; c: () => number } {
  const hour = stepCalendar(hub.axis).hour;
  const c = rng(seed);
  const dayOn = new Uint8Array(hub.dayStarts.length).map(() => (c() < 0.5 ? 1 : 0));
  const signal = new Float64Array(hub.axis.steps).map((_, t) => (dayOn[hub.dayIndex[t]] && hour[t] >= 10 && hour[t] <= 15 && c() < 0.8 ? 200 + 1000 * c() : 0));
  return { signal, dayOn, hour, c };
}

describe('GOPACS export bids are paid only for export the contract would not remove anyway (an audit)', () => {
  it('on flex-park with more PV, an export non-firm right and an export CBC-A: delivered export stays below the export cap in force, both plans', () => {
    const base = resolveHub(loadHub('tests/fixtures/flex-export.yaml'));
    const { signal: exportSignal, dayOn, hour, c } = middayExportRequests(base, 77);
    // A second audit: without the export CBC-A, with intraday requests from 07:00 to 18:00, a day-ahead
    // sale ran in an export-congested step and its discharge was paid as export kept off the grid.
    const noCbcA = variantOf(base, { contract: { ...base.contract!, cbcA: null } });
    const daytime = new Float64Array(base.axis.steps).map((_, t) => (dayOn[base.dayIndex[t]] && hour[t] >= 7 && hour[t] <= 18 ? 200 + 1000 * c() : 0));
    let checked = 0;
    for (const [hub, spec] of [
      [withCongestion(base, base.congestionKw!, exportSignal), { kind: 'flex' }],
      [withCongestion(base, base.congestionKw!, exportSignal), { kind: 'flex', plan: 'perfect' }],
      [withCongestion(noCbcA, base.congestionKw!, daytime), { kind: 'flex' }],
      [withCongestion(noCbcA, base.congestionKw!, daytime), { kind: 'flex', plan: 'perfect' }],
    ] as const) {
      const r = run(hub, spec);
      const p = r.positions!;
      for (let t = 0; t < hub.axis.steps; t++) {
        const cleared = p.gopacsExportBatteryKw[t] + p.gopacsCurtailKw[t];
        if (cleared <= 0) continue;
        checked++;
        const exported = Math.max(0, -r.recorder.gridKw[t]);
        const delivered = Math.min(cleared, Math.max(0, p.gopacsExportBaselineKw[t] - exported));
        const uncontrolled = Math.max(0, hub.generationKw[t] - hub.demandKw[t]);
        expect(delivered, `${JSON.stringify(spec)} step ${t}`).toBeLessThanOrEqual(Math.max(0, Math.min(uncontrolled, hub.exportCapKw[t]) - exported) + TOL);
      }
    }
    expect(checked, 'steps with a cleared export bid').toBeGreaterThan(100);
  });
});

describe('an export bid promises only the charging room left when it is answered (an audit)', () => {
  it('on flex-park with more PV: the charging cleared for the steps from the answer to the step fits the room stored then, both plans, leads 2 and 6 h and the day before', () => {
    const base = resolveHub(loadHub('tests/fixtures/flex-export.yaml'));
    const { signal: exportSignal } = middayExportRequests(base, 77);
    const b = base.battery;
    const gain = b.chargeEfficiency * base.axis.stepHours;
    const keep = 1 - b.selfDischargePerHour * base.axis.stepHours;
    let checked = 0;
    for (const leadTimeHours of [2, 6, null]) {
      const hub = withCongestion(variantOf(base, { flexMarket: { ...base.flexMarket!, gopacs: { ...base.flexMarket!.gopacs!, leadTimeHours } } }), base.congestionKw!, exportSignal);
      for (const spec of [{ kind: 'flex' }, { kind: 'flex', plan: 'perfect' }]) {
        const r = run(hub, spec);
        const cleared = r.positions!.gopacsExportBatteryKw;
        // The bound without a lead answers in the step itself, from what is stored then: nothing to add up.
        if (leadTimeHours === null && spec.plan === 'perfect') continue;
        for (let t = 0; t < hub.axis.steps; t++) {
          if (cleared[t] <= 0) continue;
          // Answered lead steps before t, or (the causal plan without a lead) as t's day starts.
          const s = leadTimeHours === null ? hub.dayStarts[hub.dayIndex[t]] : Math.max(0, t - leadTimeHours);
          const storedThen = s === 0 ? b.socInitialKwh : r.recorder.socKwh[s - 1];
          let promisedKwh = 0;
          for (let u = s; u <= t; u++) promisedKwh += cleared[u] * gain;
          expect(promisedKwh, `lead ${leadTimeHours} ${JSON.stringify(spec)} step ${t}`).toBeLessThanOrEqual(b.socMaxKwh - storedThen * keep + TOL);
          checked++;
        }
      }
    }
    expect(checked, 'steps with cleared battery export bids').toBeGreaterThan(400);
  });
});

describe("the operator's foresight under hubsim run's table", () => {
  it('names a hub file that lets the grid operator know its day the day before (found by a README check: flex is causal, these rules are the operator\'s)', () => {
    const hub = resolveHub(loadHub('scenarios/examples/flex-park.yaml'));
    expect(operatorForesight(hub)).toBeNull();
    const dayBefore = variantOf(hub, { flexMarket: { ...hub.flexMarket!, gopacs: { ...hub.flexMarket!.gopacs!, leadTimeHours: null } } });
    expect(operatorForesight(dayBefore)).toContain('every GOPACS request of a day known the day before (flexMarket.gopacs.leadTimeHours: null)');
    const signalled = variantOf(hub, { contract: { ...hub.contract!, cbcA: { ...hub.contract!.cbcA!, terms: { ...hub.contract!.cbcA!.terms, calls: 'signal' } } } });
    expect(operatorForesight(signalled)).toContain("CBC-A calls from the day's own congestion signal (contract.cbcA.calls: signal)");
  });
});
