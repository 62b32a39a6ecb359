import { batteryStep, clipBatteryKw, nextSocKwh, type BatteryStep } from '../engine/battery.js';
import type { PlanView, Planner } from '../engine/planner.js';
import type { Setpoints } from '../engine/setpoints.js';
import { capsKnownDayAhead } from '../flex/contract-caps.js';
import { clearStep, type ClearedStep } from '../flex/gopacs.js';
import type { MarketPositions } from '../flex/positions.js';
import type { ResolvedHub } from '../model/resolved.js';
import { sortDay } from './day-net-load.js';
import { clockDayOf, earlierForecast, ForecastMisses, MISS_WINDOW_DAYS, plannedNetLoad, type ClockDay, type FlexMemory } from './flex-forecast.js';

export interface FlexOptions {
  /**
   * Peak-shaving levels per local day (kW), each lowered to the cap in force in each step: the battery
   * discharges above the first and refills only below the second; +Infinity: no level yet (an online
   * level's first day), the battery then holds the cap and does not refill.
   */
  readonly dischargeAboveKw: Float64Array;
  readonly chargeBelowKw: Float64Array;
  /**
   * How a day is planned (the reserve the levels need later in the day, the refill valley, the steps
   * free for arbitrage): on a forecast from the days before (plannedNetLoad: causal), or on the day's
   * own net load (false: a perfect-foresight bound). Each step acts on its measured load either way.
   */
  readonly forecast: boolean;
  /**
   * With a forecast, the reserve for the levels rests on the forecast plus this quantile of its own
   * misses over the last MISS_WINDOW_DAYS days (ForecastMisses); null: on the forecast alone.
   */
  readonly marginQuantile: number | null;
  /**
   * With a forecast, what the plan remembers of the days before the run (FlexMemory): the first
   * week's forecasts read them and the margin starts with their misses; null: it learns its first
   * week (no plan on the first day, the day before alone for the rest, no margin).
   */
  readonly memory: FlexMemory | null;
  readonly gopacs: boolean;
  readonly arbitrage: boolean;
  /** Day-ahead prices (EUR/MWh) on the hub's axis; needed for arbitrage. */
  readonly pricesEurPerMwh: Float64Array | null;
}

/**
 * Revenue stacking on one battery. Priority, highest first:
 *   1. the contract: import at most the cap in force (firm, TBTR, TDTR, non-firm, CBC-T blocks, CBC-A
 *      calls), and export at most an active export limit (charged into the battery, the rest curtailed);
 *   2. peak shaving: import at most the peak level;
 *   3. GOPACS: in congested steps the ladder clears against the request with the battery power and
 *      flexible load the first two leave; a cleared bid lowers the level it holds by its volume.
 *      Intraday (flexMarket.gopacs.leadTimeHours, docs/contracts.md section 6) a request is known
 *      lead steps ahead and the battery promises only what it held then;
 *   4. arbitrage: per local day the cheapest steps are bought to charge and the dearest sold from
 *      the battery, pairwise while the spread beats the round-trip losses and the wear margin.
 * The day is planned the day before: on the day-ahead prices, the grid operator's day-ahead signals
 * and, as a controller knows it, a forecast of the day's net load (in each step the higher of the
 * day before and a week before at the same local clock time; FlexOptions.forecast), which sets the
 * energy reserved for later in the day (on the forecast plus a quantile of its own past misses,
 * FlexOptions.marginQuantile), the valley the battery refills in and the steps free to trade; each
 * step then acts on its measured net load.
 * Reservation: a GOPACS bid or an arbitrage sale never takes the battery below what uses 1-2 need
 * in the rest of the day as planned (on a day heavier than its forecast, what they need then is
 * more); without arbitrage the battery recharges up to the level whenever it can (peak shaving).
 * Arbitrage never trades in a step with a CBC block or call or congestion (where GOPACS may clear),
 * so no kWh is sold twice. The plan tracks the state of charge with the engine's battery physics, so the powers
 * it writes are what the physics executes; the levels it also writes are what a local controller
 * would hold, and agree with them.
 */
export class FlexStack implements Planner {
  readonly windowSteps = 0;
  private state: MarketPositions | undefined;
  /** The stored energy at the start of each step, as planned: what an intraday bid is answered from. */
  private socAt: Float64Array | undefined;
  /** The day's net load as planned (forecast or known: FlexOptions.forecast), and sorted (its median is the valley the battery refills in). */
  private dayNet: Float64Array = new Float64Array(0);
  /** For each step of the day, the step of the day before its forecast reads (-1: none), whose flexible load a bid counts on. */
  private dayFrom: Int32Array = new Int32Array(0);
  private dayScratch: Float64Array = new Float64Array(0);
  /** For a bid made a whole day ahead, the day's forecast from two days before (earlierForecast) and the steps it reads. */
  private earlierNet: Float64Array = new Float64Array(0);
  private earlierFrom: Int32Array = new Int32Array(0);
  /** The steps of the day a forecast reads, by clock slot. */
  private clock: ClockDay | undefined;
  /**
   * The day before's plan, which a bid for the first lead steps of a day is sized on (it is made
   * before the day's plan, in the day before): its level (kW; NaN: no day before) and whether its
   * levels needed the shedding budgets.
   */
  private lastLevelKw = Number.NaN;
  private lastNeededShedding = true;

  constructor(
    readonly name: string,
    private readonly options: FlexOptions,
    private readonly guard: boolean,
  ) {}

  positions(): MarketPositions | undefined {
    return this.state;
  }

  plan(view: PlanView, out: Setpoints): void {
    const { hub } = view;
    const n = hub.axis.steps;
    out.clear(view.from, view.to);
    const pos: MarketPositions = (this.state ??= {
      gopacsBatteryKw: new Float64Array(n),
      gopacsBatteryExecutedKw: new Float64Array(n),
      gopacsShedKw: new Float64Array(n),
      gopacsEurPerHour: new Float64Array(n),
      gopacsBaselineKw: new Float64Array(n),
      gopacsExportBatteryKw: new Float64Array(n),
      gopacsCurtailKw: new Float64Array(n),
      gopacsExportEurPerHour: new Float64Array(n),
      gopacsExportBaselineKw: new Float64Array(n),
      arbitrage: new Int8Array(n),
    });
    const step = batteryStep(hub.battery, hub.axis.stepHours);
    // The battery holds the level `hold` and follows explicit powers; the shedding and feed-in levels carry the guard and the GOPACS bids.
    const hold = out.open('dischargeAboveKw');
    const shedAbove = out.open('shedAboveKw');
    const curtailAbove = out.open('curtailAboveKw');
    out.open('batteryKw');
    const reserve = new Float64Array(n);
    const reserveLevels = new Float64Array(n);
    // Intraday GOPACS (a lead time): the requests are not known when the day is planned, so no
    // energy is reserved for them and arbitrage does not avoid them.
    const intraday = leadSteps(view, this.options.forecast) !== null;
    const biddable = intraday ? 0 : biddableBatteryKw(view, this.options.gopacs);
    const socAt = (this.socAt = this.socAt?.length === n ? this.socAt : new Float64Array(n));
    const clock: ClockDay = (this.clock = clockDayOf(hub, this.clock));
    const quantile = this.options.forecast ? this.options.marginQuantile : null;
    const misses = quantile === null ? null : new ForecastMisses(MISS_WINDOW_DAYS, clock.bySlot.length + Math.round(1 / hub.axis.stepHours));
    const memory = this.options.forecast ? this.options.memory : null;
    if (misses !== null && memory !== null) for (const day of memory.misses) misses.addMisses(day);
    let soc = view.socKwh;
    let start = view.from;
    let dayBefore = -1;
    while (start < view.to) {
      let end = start + 1;
      while (end < view.to && hub.dayIndex[end] === hub.dayIndex[start]) end++;
      this.levels(view, start, end, hold, pos);
      // The day before is over: its misses are measured (a day planned without a forecast has none).
      if (misses !== null && dayBefore >= 0 && this.dayNet[0] !== Number.POSITIVE_INFINITY) misses.addDay(view.demandKw, view.generationKw, dayBefore, this.dayNet, start - dayBefore);
      const marginKw = misses === null ? 0 : misses.marginKw(quantile!);
      this.dayFrom = growSteps(this.dayFrom, end - start);
      const planned = (this.dayNet = plannedNetLoad(view, start, end, this.options.forecast, growTo(this.dayNet, end - start), this.dayFrom, clock, memory));
      if (this.options.forecast && (leadSteps(view, true) ?? 0) > 0) {
        this.earlierFrom = growSteps(this.earlierFrom, end - start);
        this.earlierNet = earlierForecast(view, start, end, growTo(this.earlierNet, end - start), this.earlierFrom, clock, memory);
      }
      reserveAfter(view, start, end, planned, marginKw, hold, step, biddable, reserve, reserveLevels);
      if (this.options.arbitrage && this.options.pricesEurPerMwh !== null) markTrades(hub, this.options.pricesEurPerMwh, start, end, planned, hold, pos, intraday);
      soc = this.dispatch(view, start, end, planned, soc, step, hold, reserve, reserveLevels, pos, out, socAt);
      dayBefore = start;
      start = end;
    }
    if (this.guard) {
      for (let t = view.from; t < view.to; t++) {
        // The guard sheds above the cap in force; a cleared shedding bid lowers that level by its volume.
        // A shedding bid lowers import, never below none: shedding while exporting delivers nothing.
        const shedLevel = Math.max(0, hold[t] - pos.gopacsShedKw[t]);
        shedAbove[t] = pos.gopacsShedKw[t] > 0 && shedLevel < hub.importCapKw[t] ? shedLevel : hub.importCapKw[t];
        curtailAbove[t] = hub.exportCapKw[t];
      }
    } else {
      for (let t = view.from; t < view.to; t++) if (pos.gopacsShedKw[t] > 0) shedAbove[t] = Math.max(0, hold[t] - pos.gopacsShedKw[t]);
    }
    // A cleared curtailment bid lowers the export the feed-in limiter allows by its volume.
    for (let t = view.from; t < view.to; t++) {
      if (pos.gopacsCurtailKw[t] <= 0) continue;
      const level = pos.gopacsExportBaselineKw[t] - pos.gopacsExportBatteryKw[t] - pos.gopacsCurtailKw[t];
      if (level < curtailAbove[t]) curtailAbove[t] = level;
    }
  }

  /** Priorities 1-2: the level the battery holds in each step of the day (before any GOPACS bid). */
  private levels(view: PlanView, start: number, end: number, hold: Float64Array, pos: MarketPositions): void {
    const { hub } = view;
    // The day's level as a double of the loop's own (docs/performance.md, "Code shapes").
    const levelKw = +this.options.dischargeAboveKw[hub.dayIndex[start]];
    // Planned the day before, the day knows the caps decided by then (firm, TBTR, TDTR, CBC), not a
    // non-firm limit, which comes in its step: dispatch lowers the level to it then.
    const caps = this.options.forecast ? capsKnownDayAhead(hub, 'import') : hub.importCapKw;
    for (let t = start; t < end; t++) {
      const cap = caps[t];
      const level = cap < levelKw ? cap : levelKw;
      const net = view.demandKw[t] - view.generationKw[t];
      hold[t] = level;
      pos.gopacsBaselineKw[t] = net < level ? net : level;
      pos.gopacsBatteryKw[t] = 0;
      pos.gopacsBatteryExecutedKw[t] = 0;
      pos.gopacsShedKw[t] = 0;
      pos.gopacsEurPerHour[t] = 0;
    }
  }

  /**
   * The battery power of each step of the day, tracked with the engine's battery physics. GOPACS
   * clears here (priority 3), with the battery power the level leaves and only the energy above
   * the day's reserve for priorities 1-2, so a bid never costs the contract or the peak later on.
   */
  private dispatch(
    view: PlanView,
    start: number,
    end: number,
    plannedNetKw: Float64Array,
    socStart: number,
    step: BatteryStep,
    hold: Float64Array,
    reserve: Float64Array,
    reserveLevels: Float64Array,
    pos: MarketPositions,
    out: Setpoints,
    socAt: Float64Array,
  ): number {
    const { hub } = view;
    const trading = this.options.arbitrage && this.options.pricesEurPerMwh !== null;
    const gopacs = this.options.gopacs ? (hub.flexMarket?.gopacs ?? null) : null;
    const lead = leadSteps(view, this.options.forecast);
    const signal = hub.congestionKw;
    const forecast = this.options.forecast;
    const cleared: ClearedStep = { batteryKw: 0, shedKw: 0, curtailKw: 0, eurPerHour: 0 };
    const exportSignal = hub.exportCongestionKw;
    // On a day with requests the battery refills in the day's valley (up to its median net load),
    // not up to the level: a refill up to the cap right after the requests would make a new peak
    // at the substation (the rebound).
    // Intraday, the hub knows of a request only lead steps before it: it refills as usual until then.
    let firstRequest = -1;
    for (let t = start; t < end; t++) {
      if (firstRequest < 0 && signal !== undefined && signal[t] > 0) {
        firstRequest = t;
        break;
      }
    }
    const valley = medianOf(plannedNetKw, end - start, (this.dayScratch = growTo(this.dayScratch, end - start)));
    // The refill level: the day's recharge level (lowered to the cap); none on a day without a level yet.
    const chargeLevelKw = +this.options.chargeBelowKw[hub.dayIndex[start]];
    // The refill turns to the valley from the first step that starts once the day's first request is
    // known (a lead that is not a whole number of steps: the step after the one it becomes known in).
    const knownLead = leadSteps(view, forecast, 'known');
    const knownFrom = firstRequest < 0 ? Number.POSITIVE_INFINITY : knownLead === null ? start : firstRequest - knownLead;
    // Shedding bids may use only the flexible load the contract leaves: none on a day where the
    // battery alone cannot hold the levels (the guard will need the shedding budgets), and each load
    // only while its daily budget has steps left.
    let levelsNeedShedding = false;
    for (let t = start; t < end; t++) if (plannedNetKw[t - start] - hold[t] > step.dischargeKw) levelsNeedShedding = true;
    // Planned causally, a bid is made lead steps ahead, or (leadTimeHours null) when the day starts.
    const madeAhead = forecast ? (lead === null ? null : lead) : null;
    const caps = forecast ? capsKnownDayAhead(hub, 'import') : hub.importCapKw;
    const exportCaps = forecast ? capsKnownDayAhead(hub, 'export') : hub.exportCapKw;
    const shedUsed = new Int32Array(hub.flexible.length);
    let soc = socStart;
    for (let t = start; t < end; t++) {
      socAt[t] = soc;
      const refillTo = t >= knownFrom ? valley : Number.POSITIVE_INFINITY;
      const net = view.demandKw[t] - view.generationKw[t];
      const floor = step.socMinKwh + reserve[t];
      // A bid is sized when it is made (the day before, or lead steps ahead), on the level and the net
      // load the day was planned on; with plan perfect that is the step's own.
      // A bid made lead steps ahead whose day-before step is not measured yet then (a lead of a whole
      // day) is sized on the forecast from the day before that (earlierForecast).
      const earlier = madeAhead !== null && madeAhead > 0 && this.dayFrom[t - start] >= t - madeAhead;
      const plannedNet = forecast ? (earlier ? this.earlierNet[t - start] : plannedNetKw[t - start]) : net;
      const plannedHold = hold[t];
      // In its step the level meets the cap in force then (a non-firm limit comes now).
      if (forecast && hub.importCapKw[t] < hold[t]) {
        hold[t] = hub.importCapKw[t];
        if (pos.gopacsBaselineKw[t] > hold[t]) pos.gopacsBaselineKw[t] = hold[t];
      }
      const need = net > hold[t] ? net - hold[t] : 0;
      const before = pos.gopacsBaselineKw[t];
      // A bid made in the day before (the first lead steps of a day) is sized on that day's plan: its
      // level and its shedding budgets; on the first day of a run there is none, and no bid.
      const inDayBefore = madeAhead !== null && t - madeAhead < start;
      const decisionHold = !inDayBefore ? plannedHold : Number.isNaN(this.lastLevelKw) ? Number.NaN : caps[t] < this.lastLevelKw ? caps[t] : this.lastLevelKw;
      const plannedNeed = forecast ? (plannedNet > decisionHold ? plannedNet - decisionHold : 0) : need;
      const plannedBefore = forecast ? (plannedNet < decisionHold ? plannedNet : decisionHold) : before;
      const sheddingFree = inDayBefore ? !this.lastNeededShedding : !levelsNeedShedding;
      // The flexible load a bid offers: as planned, that of the step the forecast reads (none on a
      // day without one).
      const offered = forecast ? (earlier ? this.earlierFrom[t - start] : this.dayFrom[t - start]) : t;
      // How many steps before t a bid for t is answered (null: in the step itself, the bound's day-ahead plan).
      const answeredAt = lead !== null ? lead : forecast ? t - start : null;
      // A bid needs what it is sized on to be known when it is made: the forecast's step before then,
      // and a bid made in the day before needs that day to have begun (a lead longer than the day
      // before, a spring daylight-saving day or a short first day, makes none).
      const bidKnown = madeAhead === null || (offered >= 0 && offered < t - madeAhead && (!inDayBefore || (hub.dayIndex[start] > 0 && t - madeAhead >= hub.dayStarts[hub.dayIndex[start] - 1])));
      if (gopacs !== null && signal !== undefined && signal[t] > 0 && plannedBefore > 0 && bidKnown) {
        // Intraday the bid is answered at t - lead, from the energy stored then (less what the
        // levels need in the rest of that day and what earlier bids still hold); day-ahead, from now
        // (planned causally, from the start of the day).
        const spareKw = answeredAt === null ? (soc * step.keep - step.socMinKwh - reserveLevels[t]) * step.dischargeCostInverse - plannedNeed : intradaySpareKw(socAt, pos, reserveLevels, step, t, answeredAt) - plannedNeed;
        const batteryRoom = Math.min(step.dischargeKw - plannedNeed, spareKw);
        let shedRoom = 0;
        if (sheddingFree && offered >= 0) hub.flexible.forEach((f, j) => (shedRoom += shedUsed[j] < f.maxStepsPerDay ? f.availableKw[offered] : 0));
        clearStep(gopacs, Math.min(signal[t], plannedBefore), batteryRoom, shedRoom, cleared);
        // What the battery can still give now without the levels' reserve: an intraday promise made at
        // t - lead that the battery cannot keep is not delivered (and pays the non-delivery penalty).
        const nowKw = Math.min(step.dischargeKw - need, (soc * step.keep - step.socMinKwh - reserveLevels[t]) * step.dischargeCostInverse - need);
        // Planned causally, a promise is kept at most down to no import (the battery does not export
        // to deliver an import reduction).
        const executedKw = !forecast ? (lead === null ? cleared.batteryKw : Math.min(cleared.batteryKw, Math.max(0, nowKw))) : Math.min(cleared.batteryKw, Math.max(0, nowKw), Math.max(0, before));
        // The physics serves a request from the loads in file order: count the steps it will use, as
        // the bid counted them (planned causally: on the load it offered).
        let left = cleared.shedKw;
        hub.flexible.forEach((f, j) => {
          if (left > 0 && shedUsed[j] < f.maxStepsPerDay && f.availableKw[offered] > 0) {
            shedUsed[j]++;
            left -= f.availableKw[offered];
          }
        });
        pos.gopacsBatteryKw[t] = cleared.batteryKw;
        pos.gopacsShedKw[t] = cleared.shedKw;
        pos.gopacsEurPerHour[t] = cleared.eurPerHour;
        pos.gopacsBatteryExecutedKw[t] = executedKw;
        hold[t] = before - executedKw;
      }
      const room = hold[t] - net;
      const chargeBelow = hub.importCapKw[t] < chargeLevelKw ? hub.importCapKw[t] : chargeLevelKw;
      // The refill charges below the recharge level (and, on a day with requests, the valley); above
      // them it idles: it never discharges.
      const refillRoom = chargeLevelKw === Number.POSITIVE_INFINITY ? 0 : Math.max(0, Math.min(room, refillTo - net, chargeBelow - net));
      const congested = signal !== undefined && signal[t] > 0;
      let want = 0;
      // A trade planned day-ahead does not run in a step the grid operator requested import relief in intraday.
      if (congested && pos.arbitrage[t] !== 0) pos.arbitrage[t] = 0;
      // Nor a sale in a step of feed-in congestion (an export bid's baseline must not hold its
      // discharge); a purchase there charges, which relieves it.
      if (exportSignal !== undefined && exportSignal[t] > 0 && pos.arbitrage[t] === -1) pos.arbitrage[t] = 0;
      if (room < 0) want = room;
      else if (congested) want = 0;
      else if (pos.arbitrage[t] === -1) {
        const spare = (soc * step.keep - floor) * step.dischargeCostInverse;
        const exportRoom = net + hub.exportCapKw[t];
        want = -Math.max(0, Math.min(step.dischargeKw, spare, exportRoom));
      } else if (pos.arbitrage[t] === 1) want = chargeLevelKw === Number.POSITIVE_INFINITY ? 0 : Math.max(0, Math.min(room, chargeBelow - net));
      else if (!trading) want = refillRoom;
      else if (soc * step.keep < floor) want = Math.min(refillRoom, (floor - soc * step.keep) * step.chargeGainInverse);
      // Priority 1 on the export side: where an export limit of the contract is active (an export CBC,
      // a TDTR restriction or a non-firm limit below the firm export cap), the battery charges the
      // export above it; the guard curtails what it cannot take.
      if (hub.contract !== undefined && hub.exportCapKw[t] < hub.contract.firmExportCapKw[t]) {
        const overExport = -(net + want) - hub.exportCapKw[t];
        if (overExport > 0) want += overExport;
      }
      pos.gopacsExportBatteryKw[t] = 0;
      pos.gopacsCurtailKw[t] = 0;
      pos.gopacsExportEurPerHour[t] = 0;
      pos.gopacsExportBaselineKw[t] = 0;
      // Feed-in congestion: export bids clear against the export the plan has in this step, with
      // the battery's charging room and the generation; the battery charges the cleared volume on
      // top, and the feed-in limiter curtails the rest.
      const exportRequested = gopacs !== null && exportSignal !== undefined && exportSignal[t] > 0;
      // The export a bid can keep off the grid: the plan's export in the step, at most the export cap
      // in force (the contract removes what is above it anyway, an export CBC-A's called slice too).
      const exportNow = exportRequested ? Math.min(-(net + clipBatteryKw(step, soc, want)), hub.exportCapKw[t]) : 0;
      // Sized as planned: on the forecast's export before the battery and its generation (plan
      // forecast), at most the export cap known then.
      const offeredStep = offered;
      const exportPlanned = !forecast ? exportNow : exportRequested && offeredStep >= 0 && bidKnown ? Math.min(-plannedNet, exportCaps[t]) : 0;
      if (exportRequested && exportPlanned > 0) {
        const charging = forecast ? 0 : want > 0 ? want : 0;
        // Answered lead steps ahead (or, planned causally, as the day starts) from the energy stored
        // then and the charging already promised to the bids cleared since; in the step itself
        // (the bound without a lead) from what is stored now.
        const chargeRoom = Math.min(
          step.chargeKw - charging,
          (answeredAt === null ? (step.socMaxKwh - soc * step.keep) * step.chargeGainInverse : intradayChargeRoomKw(socAt, pos, step, t, answeredAt)) - charging,
        );
        clearStep(gopacs, Math.min(exportSignal[t], exportPlanned), chargeRoom, view.generationKw[offeredStep], cleared, 'export');
        pos.gopacsExportBaselineKw[t] = exportNow;
        pos.gopacsExportBatteryKw[t] = cleared.batteryKw;
        pos.gopacsCurtailKw[t] = cleared.curtailKw;
        pos.gopacsExportEurPerHour[t] = cleared.eurPerHour;
        want = (want > 0 ? want : 0) + cleared.batteryKw;
      }
      const p = clipBatteryKw(step, soc, want);
      out.batteryKw[t] = p;
      soc = nextSocKwh(step, soc, p);
    }
    this.lastLevelKw = +this.options.dischargeAboveKw[hub.dayIndex[start]];
    this.lastNeededShedding = levelsNeedShedding;
    return soc;
  }
}

/**
 * For each step of the day, the energy (kWh from storage) that the uses above arbitrage need after
 * that step: the levels (contract and peak), then the battery bids GOPACS may clear in the
 * congested steps (the signal is known the day before). GOPACS clearing itself is held only to the
 * levels' part (biddableKw = 0), so it can use what it reserved.
 */
function reserveAfter(view: PlanView, start: number, end: number, planned: Float64Array, marginKw: number, hold: Float64Array, step: BatteryStep, biddableKw: number, reserve: Float64Array, levelsOnly: Float64Array): void {
  const signal = view.hub.congestionKw;
  let need = 0;
  let needLevels = 0;
  for (let t = end - 1; t >= start; t--) {
    reserve[t] = need;
    levelsOnly[t] = needLevels;
    const over = planned[t - start] + marginKw - hold[t];
    const forLevels = over > 0 ? Math.min(over, step.dischargeKw) : 0;
    const forBids = signal !== undefined && signal[t] > 0 ? Math.min(signal[t], biddableKw, step.dischargeKw - forLevels) : 0;
    need += (forLevels + forBids) * step.dischargeCost;
    needLevels += forLevels * step.dischargeCost;
  }
}

/**
 * GOPACS lead time in steps (a request known this many steps before its step); null: known the day
 * before. The hub's, whether this strategy bids or not: it is when the hub learns of the requests.
 */
function leadSteps(view: PlanView, forecast: boolean, at: 'answered' | 'known' = 'answered'): number | null {
  const gopacs = view.hub.flexMarket?.gopacs;
  // Without a GOPACS ladder nothing tells the hub of a request ahead: planned causally it learns of
  // one in its step (plan perfect keeps the day-before rule).
  if (gopacs === undefined || gopacs === null) return forecast ? 0 : null;
  if (gopacs.leadTimeHours === null) return null;
  // A lead that is not a whole number of steps: a bid is answered at the start of the step in which
  // the request becomes known, from what was measured before it (answered: the next whole step
  // back); what reacts to a request being known starts with the step after (known: rounded down).
  const steps = gopacs.leadTimeHours / view.hub.axis.stepHours;
  return at === 'answered' ? Math.ceil(steps - 1e-9) : Math.floor(steps + 1e-9);
}

/**
 * The battery power (kW) an intraday bid for step t may promise when the request arrives, at step
 * s = t - lead: the energy stored at the start of s above the minimum, less what the levels need in
 * the rest of s's day and what bids already cleared for steps s..t-1 take. Nothing the battery
 * charges after s counts: the hub does not know it yet.
 */
function intradaySpareKw(socAt: Float64Array, pos: MarketPositions, reserveLevels: Float64Array, step: BatteryStep, t: number, lead: number): number {
  const s = Math.max(0, t - lead);
  let committed = 0;
  for (let u = s; u < t; u++) committed += pos.gopacsBatteryKw[u] * step.dischargeCost;
  return (socAt[s] * step.keep - step.socMinKwh - reserveLevels[s] - committed) * step.dischargeCostInverse;
}

/**
 * The charging power (kW) an export bid answered at t - lead can promise for step t: the room above
 * the energy stored then, less the charging promised to the export bids cleared for the steps
 * between (intradaySpareKw on the import side).
 */
function intradayChargeRoomKw(socAt: Float64Array, pos: MarketPositions, step: BatteryStep, t: number, lead: number): number {
  const s = Math.max(0, t - lead);
  let committed = 0;
  for (let u = s; u < t; u++) committed += pos.gopacsExportBatteryKw[u] * step.chargeGain;
  return (step.socMaxKwh - socAt[s] * step.keep - committed) * step.chargeGainInverse;
}

/** Battery volume of the bid steps the grid operator would pay for (kW). */
function biddableBatteryKw(view: PlanView, enabled: boolean): number {
  const gopacs = enabled ? view.hub.flexMarket?.gopacs : undefined;
  if (gopacs === undefined || gopacs === null) return 0;
  return gopacs.bids.filter((b) => b.resource === 'battery' && b.priceEurPerMwh <= gopacs.willingnessToPayEurPerMwh).reduce((s, b) => s + b.kw, 0);
}

/**
 * Day-ahead trades of one local day: the cheapest free step is paired with the dearest while the
 * sale, after the round-trip losses, beats the purchase by the margin, up to the pairs a full
 * battery can serve. A step is free when no contract block or call, cleared bid or level needs it.
 * A heuristic, not an optimum: the pairing ignores the order in time, and the dispatch then sells
 * only what the battery holds.
 */
function markTrades(hub: ResolvedHub, prices: Float64Array, start: number, end: number, planned: Float64Array, hold: Float64Array, pos: MarketPositions, intraday: boolean): void {
  const margin = hub.flexMarket?.arbitrage?.minSpreadEurPerMwh ?? 0;
  const b = hub.battery;
  const roundTrip = b.chargeEfficiency * b.dischargeEfficiency;
  const contract = hub.contract;
  const free = new Int32Array(end - start);
  let count = 0;
  for (let t = start; t < end; t++) {
    pos.arbitrage[t] = 0;
    const blocked =
      (contract?.cbcT?.active[t] ?? 0) === 1 ||
      (contract?.cbcA?.called[t] ?? 0) === 1 ||
      (!intraday && (hub.congestionKw?.[t] ?? 0) > 0) ||
      (!intraday && (hub.exportCongestionKw?.[t] ?? 0) > 0) ||
      planned[t - start] > hold[t];
    if (!blocked) free[count++] = t;
  }
  const power = Math.min(b.chargeKw, b.dischargeKw) * hub.axis.stepHours;
  if (power <= 0) return;
  const maxPairs = Math.ceil(((b.socMaxKwh - b.socMinKwh) / power) - 1e-9);
  byPrice(free, count, prices);
  for (let i = 0, j = count - 1, pairs = 0; i < j && pairs < maxPairs; i++, j--, pairs++) {
    if (prices[free[j]] * roundTrip - prices[free[i]] <= margin) break;
    pos.arbitrage[free[i]] = 1;
    pos.arbitrage[free[j]] = -1;
  }
}

/** The median (the upper of the two middle values) of the first n planned values, sorted into `scratch`; +Infinity for a day planned without a forecast. */
function medianOf(planned: Float64Array, n: number, scratch: Float64Array): number {
  if (n === 0 || planned[0] === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  sortDay(planned, 0, n, scratch);
  return scratch[n >> 1];
}

/** `steps` if it holds at least n values, else a new column of n. */
function growSteps(steps: Int32Array, n: number): Int32Array {
  return steps.length >= n ? steps : new Int32Array(n);
}

/** `column` if it holds at least n values, else a new column of n. */
function growTo(column: Float64Array, n: number): Float64Array {
  return column.length >= n ? column : new Float64Array(n);
}

/** The first `count` steps of `steps` (in time order) in order of price, the earlier step first at equal prices: an insertion sort of one local day's steps. */
function byPrice(steps: Int32Array, count: number, prices: Float64Array): void {
  for (let k = 1; k < count; k++) {
    const s = steps[k];
    const price = prices[s];
    let j = k - 1;
    while (j >= 0 && prices[steps[j]] > price) {
      steps[j + 1] = steps[j];
      j--;
    }
    steps[j + 1] = s;
  }
}
