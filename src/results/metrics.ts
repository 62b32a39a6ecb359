import type { RunRecord } from '../engine/simulate.js';
import type { RunSummary } from '../engine/summary.js';
import type { ResolvedHub } from '../model/resolved.js';
import { settleFlex, type FlexSettlement } from '../economics/flex-revenue.js';
import { hubFacts, type HubFacts } from './hub-facts.js';
import { hubTariffCost, type HubTariffCost } from '../economics/hub-tariff.js';
import { ACM_UNUSED_THRESHOLD_KW } from '../model/connection.js';
import { highestFiniteOrZero } from '../columns.js';

/**
 * What a metric is computed from: the run's sums, the hub's facts, the hub. (Nested rather than
 * spread into one object: spreading them cost more than computing every metric.)
 */
interface Aggregates {
  readonly sums: RunSummary;
  readonly facts: HubFacts;
  readonly hub: ResolvedHub;
  readonly run: RunRecord;
  readonly stepHours: number;
  readonly socStartKwh: number;
  /** Contract and market settlement; null without a contract or market positions, or without per-step columns. */
  readonly flex: FlexSettlement | null;
  /** The transport tariff of the run's grid exchange; null without a tariff block or without per-step columns. */
  readonly tariff: HubTariffCost | null;
  /** The contracted import capacity ACM compares with (acmContractedKw), found once per run. */
  readonly acmContractedKw: number | null;
}

/** A scalar result: a stable JSON name, a unit, a sentence for the README, whether it is an input or simulated, and how to compute it. */
export interface MetricDef {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  /** input: it restates the hub file (its caps, contracts and their fees) whatever the strategy does; simulated: the model's result. */
  readonly basis: 'input' | 'simulated';
  readonly value: (a: Aggregates) => number | null;
}

/** A metric as written below, before its basis is looked up in INPUT_METRICS. */
type MetricSpec = Omit<MetricDef, 'basis'>;

/**
 * The metrics that restate the hub file's inputs: the members' own contracts, the collective
 * connection's caps, and the fees and discounts its contracts fix (per kW contracted or given up,
 * pro rata to the hours run). Every other metric is simulated. Tables that say which (docs/outputs.md,
 * the rollout's CSV tables, hubsim compare) read it from here.
 */
export const INPUT_METRICS: ReadonlySet<string> = new Set([
  'memberContractedKw',
  'importCapKw',
  'exportCapKw',
  'tariffFixedEur',
  'tariffContractEur',
  'cbcTAvailabilityEur',
  'cbcAAvailabilityEur',
  'tbtrDiscountEur',
  'tdtrDiscountEur',
  'nonFirmDiscountEur',
]);

const pct = (part: number, whole: number): number | null => (whole > 0 ? (100 * part) / whole : null);
const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
/** The hub needs more than it holds: its peak import is above its highest import cap. */
const short = (a: Aggregates): boolean => a.sums.peakImportKw > a.facts.importCapKw + 1e-9;

/**
 * Every metric of a hub x strategy run, in output order. This list is the single source for
 * results.json, metrics.csv, the terminal table and the README's output reference.
 */
export const METRICS: readonly MetricDef[] = ([
  { name: 'peakImportKw', unit: 'kW', description: 'Highest grid import of the collective connection with the strategy.', value: (a) => a.sums.peakImportKw },
  { name: 'peakExportKw', unit: 'kW', description: 'Highest grid export (feed-in) with the strategy, as a positive number.', value: (a) => a.sums.peakExportKw },
  { name: 'coincidentPeakKw', unit: 'kW', description: 'Highest import of the collective connection without control (demand - PV - wind): the baseline peak.', value: (a) => a.facts.coincidentPeakKw },
  { name: 'sumOfMemberPeaksKw', unit: 'kW', description: 'Sum of the members\' own consumption peaks: every company on its own connection.', value: (a) => a.facts.sumOfMemberPeaksKw },
  { name: 'peakReductionKw', unit: 'kW', description: 'coincidentPeakKw - peakImportKw: what the strategy takes off the uncontrolled peak.', value: (a) => a.facts.coincidentPeakKw - a.sums.peakImportKw },
  { name: 'peakReductionPct', unit: '%', description: 'peakReductionKw as a percentage of coincidentPeakKw.', value: (a) => pct(a.facts.coincidentPeakKw - a.sums.peakImportKw, a.facts.coincidentPeakKw) },
  { name: 'peakReductionVsMemberPeaksKw', unit: 'kW', description: 'sumOfMemberPeaksKw - peakImportKw: the reduction against every company on its own connection (sharing plus control).', value: (a) => a.facts.sumOfMemberPeaksKw - a.sums.peakImportKw },
  { name: 'peakReductionVsMemberPeaksPct', unit: '%', description: 'peakReductionVsMemberPeaksKw as a percentage of sumOfMemberPeaksKw.', value: (a) => pct(a.facts.sumOfMemberPeaksKw - a.sums.peakImportKw, a.facts.sumOfMemberPeaksKw) },
  { name: 'memberContractedKw', unit: 'kW', description: 'Sum of the capacities the members would hold on their own connections (ownConnectionKw, or their own peak).', value: (a) => a.facts.memberContractedKw },
  { name: 'diversityKw', unit: 'kW', description: 'sumOfMemberPeaksKw - coincidentPeakKw: contracted capacity that sharing one connection frees (empty when the hub needs more than its import cap).', value: (a) => (short(a) ? null : a.facts.sumOfMemberPeaksKw - a.facts.coincidentPeakKw) },
  { name: 'controlKw', unit: 'kW', description: 'coincidentPeakKw - peakImportKw: capacity the strategy\'s control frees (empty when the hub needs more than its import cap).', value: (a) => (short(a) ? null : a.facts.coincidentPeakKw - a.sums.peakImportKw) },
  { name: 'capacityFreedKw', unit: 'kW', description: 'diversityKw + controlKw = sumOfMemberPeaksKw - peakImportKw: capacity freed for companies on the waiting list; empty when the hub needs more than its import cap (it frees nothing then). Contract headroom is never part of it.', value: (a) => (short(a) ? null : a.facts.sumOfMemberPeaksKw - a.sums.peakImportKw) },
  { name: 'contractHeadroomKw', unit: 'kW', description: 'Highest import cap - peakImportKw: contracted capacity the hub holds and does not use (empty without a cap; negative when short). Not capacity freed.', value: (a) => finite(a.facts.importCapKw - a.sums.peakImportKw) },
  { name: 'capacityShortKw', unit: 'kW', description: 'peakImportKw - the highest import cap when above it, else 0: what the hub lacks.', value: (a) => Math.max(0, a.sums.peakImportKw - a.facts.importCapKw) },
  { name: 'importCapKw', unit: 'kW', description: 'Highest contracted import cap over the axis (empty when there is no cap).', value: (a) => finite(a.facts.importCapKw) },
  { name: 'exportCapKw', unit: 'kW', description: 'Highest contracted export cap over the axis (empty when there is no cap).', value: (a) => finite(a.facts.exportCapKw) },
  { name: 'hoursAboveImportCap', unit: 'h', description: 'Time with grid import above the import cap.', value: (a) => a.sums.stepsAboveImportCap * a.stepHours },
  { name: 'energyAboveImportCapKwh', unit: 'kWh', description: 'Energy imported above the import cap.', value: (a) => a.sums.energyAboveImportCapKwh },
  { name: 'hoursAboveExportCap', unit: 'h', description: 'Time with grid export above the export cap.', value: (a) => a.sums.stepsAboveExportCap * a.stepHours },
  { name: 'energyAboveExportCapKwh', unit: 'kWh', description: 'Energy exported above the export cap.', value: (a) => a.sums.energyAboveExportCapKwh },
  { name: 'importEnergyKwh', unit: 'kWh', description: 'Energy imported from the grid.', value: (a) => a.sums.importKwh },
  { name: 'exportEnergyKwh', unit: 'kWh', description: 'Energy exported to the grid.', value: (a) => a.sums.exportKwh },
  { name: 'demandEnergyKwh', unit: 'kWh', description: 'Members\' consumption before shedding.', value: (a) => a.facts.demandKwh },
  { name: 'generationEnergyKwh', unit: 'kWh', description: 'PV and wind output available before curtailment.', value: (a) => a.facts.generationKwh },
  { name: 'energyShedKwh', unit: 'kWh', description: 'Flexible load switched off.', value: (a) => a.sums.shedKwh },
  { name: 'hoursShed', unit: 'h', description: 'Time with some load shed.', value: (a) => a.sums.stepsShed * a.stepHours },
  { name: 'unservedShedKwh', unit: 'kWh', description: 'Flexible load shed from loads without recoverWithinHours: lost, never served (energyShedKwh - energyShiftedKwh).', value: (a) => a.sums.unservedShedKwh },
  {
    name: 'unservedShedCostEur',
    unit: 'EUR',
    description:
      'unservedShedKwh x valueOfLostLoadEurPerKwh: the lost flexible load at the value of lost load. The price is an input (the hub file\'s valueOfLostLoadEurPerKwh, default EUR 20/kWh; in a rollout economics.valueOfLostLoadEurPerKwh), not a payment anyone makes.',
    value: (a) => a.sums.unservedShedKwh * a.hub.valueOfLostLoadEurPerKwh,
  },
  { name: 'energyShiftedKwh', unit: 'kWh', description: 'Flexible load shed from loads with recoverWithinHours: deferred, owed back to the member within that time (part of energyShedKwh).', value: (a) => a.sums.shiftedKwh },
  { name: 'energyRecoveredKwh', unit: 'kWh', description: 'Shifted load served again before its deadline, in steps with import below the level the shedding holds (the import cap), up to the load\'s flexible power.', value: (a) => a.sums.recoveredKwh },
  { name: 'energyReboundKwh', unit: 'kWh', description: 'Shifted load served at its deadline regardless of the cap (forced rebound); it may raise import above the cap.', value: (a) => a.sums.reboundKwh },
  { name: 'hoursRebound', unit: 'h', description: 'Time with a forced rebound of shifted load.', value: (a) => a.sums.stepsRebound * a.stepHours },
  { name: 'energyOwedAtEndKwh', unit: 'kWh', description: 'Shifted load neither recovered nor due by the end of the axis: energyShiftedKwh - energyRecoveredKwh - energyReboundKwh.', value: (a) => a.sums.owedAtEndKwh },
  { name: 'energyCurtailedKwh', unit: 'kWh', description: 'PV and wind output curtailed.', value: (a) => a.sums.curtailedKwh },
  { name: 'batteryChargeKwh', unit: 'kWh', description: 'Energy into the battery, grid side.', value: (a) => a.sums.chargeKwh },
  { name: 'batteryDischargeKwh', unit: 'kWh', description: 'Energy out of the battery, grid side.', value: (a) => a.sums.dischargeKwh },
  { name: 'batteryThroughputKwh', unit: 'kWh', description: 'batteryChargeKwh + batteryDischargeKwh.', value: (a) => a.sums.chargeKwh + a.sums.dischargeKwh },
  { name: 'batteryLossesKwh', unit: 'kWh', description: 'Conversion and self-discharge losses: charged - discharged - rise in stored energy.', value: (a) => a.sums.chargeKwh - a.sums.dischargeKwh - (a.sums.socEndKwh - a.socStartKwh) },
  { name: 'equivalentFullCycles', unit: 'cycles', description: 'batteryDischargeKwh / battery energyKwh (0 without a battery).', value: (a) => (a.hub.battery.capacityKwh > 0 ? a.sums.dischargeKwh / a.hub.battery.capacityKwh : 0) },
  { name: 'socEndKwh', unit: 'kWh', description: 'Stored energy at the end of the run.', value: (a) => a.sums.socEndKwh },
  {
    name: 'selfConsumptionRatio',
    unit: '1',
    description: 'Share of PV and wind output used on site: (generation - curtailed - exported) / generation, export counted at most up to the generation (empty without generation).',
    value: (a) => {
      if (a.facts.generationKwh <= 0) return null;
      const produced = a.facts.generationKwh - a.sums.curtailedKwh;
      return (produced - Math.min(a.sums.exportKwh, produced)) / a.facts.generationKwh;
    },
  },
  { name: 'loadFactor', unit: '1', description: 'Mean import / peak import of the connection (empty when nothing is imported).', value: (a) => (a.sums.peakImportKw > 0 ? a.sums.importKwh / a.facts.hours / a.sums.peakImportKw : null) },
  { name: 'stepsBatteryLimited', unit: 'steps', description: 'Steps where the battery could not do what was asked of it, as an explicit power or as a grid level its controller holds (rule strategies): it was at its power limit, empty or full.', value: (a) => a.sums.stepsBatteryLimited },
  { name: 'stepsShedLimited', unit: 'steps', description: 'Steps where shedding could not hold the import level asked (the cap, under congestion management): the flexible loads or their daily budgets ran out.', value: (a) => a.sums.stepsShedLimited },
  ...flexMetrics(),
  ...tariffMetrics(),
  {
    name: 'acmUnderused',
    unit: '1',
    description: "ACM use-it-or-lose-it, first criterion (Netcode art. 7.13): 1 when the connection's peak import is 50% or less of its highest contracted (firm) import cap over the axis (12 months), 0 otherwise; empty without a cap.",
    value: (a) => (a.acmContractedKw === null ? null : a.sums.peakImportKw <= 0.5 * a.acmContractedKw ? 1 : 0),
  },
  {
    name: 'acmUnusedKw',
    unit: 'kW',
    description: 'ACM: highest contracted (firm) import cap - peakImportKw: the contracted capacity the connection left unused over the axis (empty without a cap).',
    value: (a) => (a.acmContractedKw === null ? null : a.acmContractedKw - a.sums.peakImportKw),
  },
  {
    name: 'acmUnusedAboveThreshold',
    unit: '1',
    description: 'ACM use-it-or-lose-it, second criterion: 1 when acmUnusedKw is at least 1 MW (connection.voltageLevel MV or HV below 110 kV; 10 MW from 110 kV), 0 otherwise; empty without a cap.',
    value: (a) => (a.acmContractedKw === null ? null : a.acmContractedKw - a.sums.peakImportKw >= acmThreshold(a) ? 1 : 0),
  },
  {
    name: 'acmReclaimableKw',
    unit: 'kW',
    description: 'ACM: what the grid operator could reclaim of the collective connection: acmUnusedKw when either criterion holds, else 0 (empty without a cap). The third condition, that the capacity will not be used within a reasonable term, is the operator\'s judgement and not simulated.',
    value: (a) => {
      const contracted = a.acmContractedKw;
      if (contracted === null) return null;
      const unused = contracted - a.sums.peakImportKw;
      return a.sums.peakImportKw <= 0.5 * contracted || unused >= acmThreshold(a) ? Math.max(0, unused) : 0;
    },
  },
  {
    name: 'membersUnderused',
    unit: 'members',
    description: 'ACM use-it-or-lose-it on the members\' own connections, first criterion: how many members used 50% or less of their ownConnectionKw (only members that gave one).',
    value: (a) => a.facts.membersUnderused,
  },
  {
    name: 'membersUnusedAboveThreshold',
    unit: 'members',
    description: 'ACM on the members\' own connections, second criterion: how many members left at least 1 MW (10 MW from 110 kV) of their ownConnectionKw unused.',
    value: (a) => a.facts.membersUnusedAboveThreshold,
  },
  {
    name: 'membersReclaimableKw',
    unit: 'kW',
    description: 'ACM on the members\' own connections: the sum over the members meeting either criterion of ownConnectionKw - their own peak: what the grid operator could reclaim were each on its own connection.',
    value: (a) => a.facts.membersReclaimableKw,
  },
  { name: 'energyBalanceResidualKwh', unit: 'kWh', description: 'Sum of (served + charge + export + curtailed) - (generation + discharge + import), served = demand - shed + recovered + rebound; must be ~0 (checked to 1e-6 relative).', value: (a) => a.run.balance.energyResidualKwh },
  { name: 'batteryBalanceResidualKwh', unit: 'kWh', description: 'Stored energy change minus what the charge, discharge and losses imply; must be ~0.', value: (a) => a.run.balance.batteryResidualKwh },
] satisfies MetricSpec[]).map((m) => ({ ...m, basis: INPUT_METRICS.has(m.name) ? 'input' : 'simulated' }));

export type Metrics = Record<string, number | null>;

/** The definitions of the metrics named, in that order (for computeMetrics); an unknown name is a bug in the caller. */
export function metricsNamed(names: readonly string[]): readonly MetricDef[] {
  return names.map((name) => {
    const m = METRICS.find((x) => x.name === name);
    if (m === undefined) throw new Error(`no metric "${name}". This is a bug in hubsim.`);
    return m;
  });
}

/** The metrics of a run: every one of METRICS, or those of `defs` (a rollout keeps a few, metricsNamed). */
export function computeMetrics(hub: ResolvedHub, run: RunRecord, defs: readonly MetricDef[] = METRICS): Metrics {
  const flex = run.recorder !== null && (hub.contract !== undefined || run.positions !== undefined) ? settleFlex(hub, run.recorder, run.positions) : null;
  const tariff = run.recorder !== null && hub.tariff !== undefined ? hubTariffCost(hub.tariff, hub.axis, run.recorder.gridKw) : null;
  const facts = hubFacts(hub);
  const a: Aggregates = { sums: run.balance, facts, hub, run, stepHours: hub.axis.stepHours, socStartKwh: hub.battery.socInitialKwh, flex, tariff, acmContractedKw: acmContractedKw(hub, facts) };
  const out: Metrics = {};
  for (const m of defs) out[m.name] = m.value(a);
  return out;
}

/** The contracted import capacity ACM use-it-or-lose-it compares with: the highest firm import cap; null without a cap. */
function acmContractedKw(hub: ResolvedHub, facts: HubFacts): number | null {
  if (!(Number.isFinite(facts.importCapKw) && facts.importCapKw > 0)) return null;
  return hub.contract ? highestFiniteOrZero(hub.contract.firmImportCapKw) : facts.importCapKw;
}

/** The unused capacity from which the grid operator may reclaim it (kW; default MV: 1 MW). */
function acmThreshold(a: Aggregates): number {
  return a.hub.acmUnusedThresholdKw ?? ACM_UNUSED_THRESHOLD_KW.MV;
}

/** The settlement's figures as metrics; empty for runs without a contract or flex positions. */
function flexMetrics(): MetricSpec[] {
  const defs: [keyof FlexSettlement, string, string][] = [
    ['flexRevenueEur', 'EUR', 'Flex and contract revenue of the run: every product, GOPACS energy leg and transport-right discount below minus the GOPACS refill cost, the non-delivery and the contract overrun penalties.'],
    ['cbcTAvailabilityEur', 'EUR', 'CBC-T availability fee: MW given up below the firm cap of its side x EUR/MW/year, pro rata to the simulated hours.'],
    ['cbcTActivationEur', 'EUR', 'CBC-T activation fee on cbcTEnergyKwh.'],
    ['cbcTHours', 'h', 'Hours in CBC-T blocks.'],
    ['cbcTEnergyKwh', 'kWh', 'Energy kept off the grid in CBC-T blocks between the uncontrolled import (at most the firm cap) and the CBC cap; for an export CBC-T, between the uncontrolled export (at most the firm export cap) and its cap.'],
    ['cbcAAvailabilityEur', 'EUR', 'CBC-A availability fee: MW given up below the firm cap of its side x EUR/MW/year, pro rata to the simulated hours.'],
    ['cbcAActivationEur', 'EUR', 'CBC-A activation fee on cbcAEnergyKwh.'],
    ['cbcAHoursCalled', 'h', 'Hours the grid operator called CBC-A (whole call blocks where its day-ahead forecast shows congestion on the CBC-A side, or with calls: signal the congested hours).'],
    ['cbcADaysCalled', 'days', 'Local days with a CBC-A call.'],
    ['cbcAEnergyKwh', 'kWh', 'Energy kept off the grid in called hours between the observable baseline (the mean measured import in the same local hour on the last 5 earlier uncalled days of the same day type, at most the firm cap) and the CBC-A cap; for an export CBC-A the same with export (docs/contracts.md).'],
    ['cbcAMissedHours', 'h', 'Hours with congestion on the CBC-A side that the grid operator did not call (its day-ahead forecast missed them, or the call days ran out).'],
    ['cbcAOvercalledHours', 'h', 'Hours the grid operator called CBC-A without congestion on its side (over-called).'],
    ['gopacsRevenueEur', 'EUR', 'GOPACS, from the grid operator: delivered volume x the spread the cleared bids ask over the day-ahead reference price (the matched counter-order outside the area taken at that reference).'],
    ['gopacsEnergyEur', 'EUR', 'GOPACS energy leg: import kept off the grid (delivered) sold at the day-ahead price of its hour.'],
    ['gopacsRefillCostEur', 'EUR', 'GOPACS energy leg: the battery energy the delivered bids took, with the round-trip losses, bought back when the battery next charges (not in arbitrage purchases), at the day-ahead price of that hour.'],
    ['gopacsHours', 'h', 'Hours with a cleared GOPACS bid (import or export).'],
    ['gopacsClearedKwh', 'kWh', 'Import reduction, and export reduction in feed-in congestion, sold on GOPACS.'],
    ['gopacsDeliveredKwh', 'kWh', 'Reduction delivered, measured from the import (or export) the plan had without the bids.'],
    ['gopacsPenaltyEur', 'EUR', 'Non-delivery penalty on cleared but undelivered volume.'],
    ['arbitrageRevenueEur', 'EUR', 'Day-ahead arbitrage: sales minus purchases at the NL day-ahead price of the trading steps.'],
    ['arbitrageEnergyKwh', 'kWh', 'Energy sold from the battery in arbitrage steps.'],
    ['contractPenaltyEur', 'EUR', 'Contract penalty: energy imported above the cap in force (up to the firm cap) in CBC blocks and calls, TDTR restrictions and non-firm limits, plus energy exported above the export cap in force (up to the firm export cap) in those steps, x contract.penaltyEurPerKwh.'],
    ['tbtrDiscountEur', 'EUR', 'TBTR transport tariff discount: kW the lowest block caps take off the firm caps x contract.tbtrDiscountEurPerKwYear, pro rata to the simulated hours (docs/contracts.md).'],
    ['tdtrDiscountEur', 'EUR', 'TDTR transport tariff discount: kW its caps take off the firm caps x tdtr.discountEurPerKwYear, pro rata to the simulated hours.'],
    ['tdtrHoursRestricted', 'h', 'Hours the grid operator restricted the TDTR right (announced the day before from its forecast of the congestion signal).'],
    ['tdtrDaysRestricted', 'days', 'Local days with a TDTR restriction.'],
    ['nonFirmDiscountEur', 'EUR', 'Non-firm transport tariff discount: kW its caps take off the firm caps x nonFirm.discountEurPerKwYear, pro rata to the simulated hours.'],
    ['nonFirmHoursLimited', 'h', 'Hours the grid operator limited the non-firm right (in real time, in congested steps).'],
  ];
  return defs.map(([key, unit, description]) => ({ name: key, unit, description, value: (a: Aggregates) => (a.flex === null ? null : a.flex[key]) }));
}

/**
 * The transport tariff of the collective connection (the hub file's tariff block; economics/hub-tariff.ts);
 * empty without one. kWmax is charged on each billing month's highest step: the PTU (15-minute)
 * maximum on a 15-minute axis, the hourly maximum on an hourly one (results.json hub.peakResolution).
 */
function tariffMetrics(): MetricSpec[] {
  const defs: [keyof HubTariffCost, string, string][] = [
    ['totalEur', 'tariffEur', 'Transport tariff of the collective connection over the run: tariffFixedEur + tariffContractEur + tariffKwmaxEur + tariffEnergyEur (empty without a tariff block).'],
    ['vastrechtEur', 'tariffFixedEur', 'Fixed transport fee (vastrecht) x simulated hours / 8760.'],
    ['contractEur', 'tariffContractEur', 'Contracted kW (hub.tariff.contractKw) x EUR/kW/year x simulated hours / 8760.'],
    ['kwmaxEur', 'tariffKwmaxEur', 'kWmax: monthlyPeaksSumKw x EUR/kW/month.'],
    ['energyEur', 'tariffEnergyEur', 'Imported energy x the tariff\'s EUR/kWh.'],
  ];
  const money = defs.map(([key, name, description]) => ({ name, unit: 'EUR', description, value: (a: Aggregates) => (a.tariff === null ? null : a.tariff[key]) }));
  return [
    ...money,
    {
      name: 'monthlyPeaksSumKw',
      unit: 'kW',
      description:
        'Sum over the billing months (Europe/Amsterdam; a last month covered for less than a day is not billed) of the month\'s highest import: the highest 15-minute step on a 15-minute axis (the PTU maximum the tariffs charge), the highest hour on an hourly axis (empty without a tariff block).',
      value: (a) => (a.tariff === null ? null : a.tariff.kwmaxSumKw),
    },
  ];
}
