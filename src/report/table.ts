import type { ResolvedHub } from '../model/resolved.js';
import type { FilledSteps } from '../model/resolve.js';
import type { HubTariffRates } from '../model/tariff-rates.js';
import { peakResolution } from '../results/peak-resolution.js';
import type { HubResult } from '../results/result.js';
import { fmt } from './format.js';
import { textTable, wrapText } from './text-table.js';

/** A column of the run table: the metric, its header (lines broken with '\n', so the table fits the terminal) and decimals. */
interface RunColumn {
  readonly metric: string;
  readonly title: string;
  readonly digits: number;
}

const COLUMNS: RunColumn[] = [
  { metric: 'peakImportKw', title: 'peak\nimport\nkW', digits: 0 },
  { metric: 'peakReductionKw', title: 'peak\nreduction\nkW', digits: 0 },
  { metric: 'peakReductionPct', title: 'peak\nreduction\n%', digits: 1 },
  { metric: 'capacityFreedKw', title: 'freed\nkW', digits: 0 },
  { metric: 'peakExportKw', title: 'peak\nexport\nkW', digits: 0 },
  { metric: 'hoursAboveImportCap', title: 'h >\nimport\ncap', digits: 2 },
  { metric: 'hoursAboveExportCap', title: 'h >\nexport\ncap', digits: 2 },
  { metric: 'energyShedKwh', title: 'shed\nkWh', digits: 0 },
  { metric: 'energyCurtailedKwh', title: 'curtailed\nkWh', digits: 0 },
  { metric: 'equivalentFullCycles', title: 'battery\ncycles', digits: 1 },
];

/** After 'shed kWh' for a hub whose loads recover: what of the shed load is lost, and what came back by force. */
const SHIFT_COLUMNS: RunColumn[] = [
  { metric: 'unservedShedKwh', title: 'lost\nkWh', digits: 0 },
  { metric: 'energyReboundKwh', title: 'rebound\nkWh', digits: 0 },
  { metric: 'energyOwedAtEndKwh', title: 'owed\nat end\nkWh', digits: 0 },
];

/**
 * After 'shed kWh' (and 'lost kWh') for a hub with a flexible load that is lost when shed (no
 * recoverWithinHours): that lost load at the value of lost load, a price the hub file gives (an input,
 * said under the table). Shown whenever such a load exists, 0 included, so that runs of one hub always
 * have the same columns.
 */
const LOST_COST_COLUMN: RunColumn = { metric: 'unservedShedCostEur', title: 'lost\nload\nEUR', digits: 0 };

/** Last, for a hub with a tariff block: the transport tariff of the run (its rates said under the table). */
const TARIFF_COLUMN = { metric: 'tariffEur', title: 'tariff EUR', digits: 0 };

/** The columns of a hub's table: the shifted-load columns when a load recovers, the cost of lost load when a load does not. */
function columnsFor(hub: HubResult['hub']): RunColumn[] {
  const recovers = hub.flexible.some((f) => f.recoverSteps > 0);
  const loses = hub.flexible.some((f) => f.recoverSteps === 0);
  const shift = recovers ? [...SHIFT_COLUMNS] : [];
  if (loses) shift.splice(recovers ? 1 : 0, 0, LOST_COST_COLUMN);
  const shed = COLUMNS.findIndex((c) => c.metric === 'energyShedKwh') + 1;
  const tariff = hub.tariff === undefined ? [] : [TARIFF_COLUMN];
  return [...COLUMNS.slice(0, shed), ...shift, ...COLUMNS.slice(shed), ...tariff];
}

/**
 * The footnote under a table that marks a perfect-foresight strategy "(bound)" (hubsim run, rollout,
 * sweep), in four terminal lines. A bound bounds what it optimises: the joint grid-aware plan, at
 * the lowest substation peak, can leave more hours above the substation's capacity than no hub at all.
 * A peak shaver whose threshold is sized on the scored year optimises nothing: it is in-sample (the
 * hindsight threshold is the lowest level the battery could hold on every day of that year; a
 * quantile threshold not even that).
 */
export const BOUND_NOTE =
  '(bound): a perfect-foresight figure: it uses the year it is scored on, which no controller knows. optimal, lp,\n' +
  '  flex with plan perfect and the joint grid-aware plan bound only what they optimise (a peak import, or their\n' +
  '  objective), not their other figures (hours above a cap or capacity, energy not served, money); a peak-shaving\n' +
  '  threshold sized on that year (hindsight, thresholdQuantile) is an in-sample figure, not an optimum. The others\n' +
  '  decide from data before each step';

/** A strategy's name as printed: marked "(bound)" when it is a perfect-foresight bound (BOUND_NOTE). */
export const strategyLabel = (strategy: string, foresight: 'causal' | 'perfect' | undefined): string => (foresight === 'perfect' ? `${strategy} (bound)` : strategy);

/**
 * The strategies of a results.json that are perfect-foresight bounds: a rollout's strategyForesight,
 * hubsim run's strategies.<name>.foresight, or a sweep row's foresight, "perfect".
 */
export function boundsOf(results: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  const foresight = results.strategyForesight;
  if (typeof foresight === 'object' && foresight !== null) for (const [s, f] of Object.entries(foresight)) if (f === 'perfect') out.add(s);
  const strategies = results.strategies;
  if (typeof strategies === 'object' && strategies !== null && !Array.isArray(strategies)) {
    for (const [s, v] of Object.entries(strategies)) if (typeof v === 'object' && v !== null && (v as { foresight?: unknown }).foresight === 'perfect') out.add(s);
  }
  const rows = results.rows;
  if (Array.isArray(rows)) {
    for (const row of rows) {
      const r = row as { strategy?: unknown; foresight?: unknown } | null;
      if (typeof r?.strategy === 'string' && r.foresight === 'perfect') out.add(r.strategy);
    }
  }
  return out;
}

/**
 * The import cap as the head line states it: the cap, or its range when it varies over the axis
 * (contract time blocks, congestion requests), since "h > import cap" counts the hours above the cap
 * in force in each step, not above the highest.
 */
function importCapText(highestKw: number | null, lowestKw: number): string {
  if (highestKw === null) return 'none (input)';
  if (Number.isFinite(lowestKw) && lowestKw < highestKw) return `${fmt(lowestKw, 0)}-${fmt(highestKw, 0)} kW (input, varies; h > import cap: above the cap in force)`;
  return `${fmt(highestKw, 0)} kW (input)`;
}

/** The terminal table of `hubsim run`: one row per strategy, the key metrics with their units. */
export function hubTable(hr: HubResult): string {
  const first = hr.results[0].metrics;
  const head = [
    wrapText(
      `hub ${hr.hub.name}: ${hr.hub.members.length} members; simulated without control, the same for every strategy: coincident peak ${fmt(first.coincidentPeakKw, 0)} kW, ` +
        `sum of member peaks ${fmt(first.sumOfMemberPeaksKw, 0)} kW; import cap ${importCapText(first.importCapKw, hr.hub.importCapLowestKw)}; the table: simulated`,
    ),
  ];
  const columns = columnsFor(hr.hub);
  const rows = hr.results.map((r) => [strategyLabel(r.strategy, r.foresight), ...columns.map((c) => fmt(r.metrics[c.metric], c.digits))]);
  const lines = ['', textTable([{ header: 'strategy', align: 'left' }, ...columns.map((c) => ({ header: c.title }))], rows)];
  const notes = hr.results
    .filter((r) => r.run.diagnostics?.solverStatus !== undefined)
    .map((r) => {
      const d = r.run.diagnostics!;
      return wrapText(`${strategyLabel(r.strategy, r.foresight)}: solver ${d.solverStatus}, ${d.solves} solve(s) in ${fmt(Number(d.solveTimeS), 2)} s`);
    });
  // Which year a trained forecaster learnt from: out of sample, the year before the one scored.
  const trained = hr.results
    .filter((r) => r.run.diagnostics?.forecastTrainYear !== undefined)
    .map((r) => wrapText(`${strategyLabel(r.strategy, r.foresight)}: forecaster trained on ${r.run.diagnostics!.forecastTrainYear} and applied to the year scored`));
  const bound = hr.results.some((r) => r.foresight === 'perfect') ? [BOUND_NOTE] : [];
  const price = columns.includes(LOST_COST_COLUMN)
    ? [wrapText(`lost load EUR (simulated): flexible load shed and never served (unservedShedKwh, simulated) x the value of lost load, EUR ${hr.hub.valueOfLostLoadEurPerKwh.toLocaleString('en-US', { maximumFractionDigits: 2 })}/kWh (input: valueOfLostLoadEurPerKwh)`)]
    : [];
  const tariff = hr.hub.tariff === undefined ? [] : [wrapText(tariffNote(hr.hub.tariff))];
  const operator = operatorForesight(hr.hub);
  const after = [wrapText(peakResolution(hr.hub).note), ...tariff, ...price, ...bound, ...(operator === null ? [] : [wrapText(operator)]), ...notes, ...trained];
  return `${[...head, ...lines, ...(after.length > 0 ? ['', ...after] : [])].join('\n')}\n`;
}

/**
 * The line under the table when the hub file lets the grid operator know a day's congestion the day
 * before (CBC-A calls from the day's own signal; GOPACS requests of a day known the day before): an
 * optimistic assumption about the operator (an input) that every strategy on the hub meets, apart
 * from what each strategy's own label says of its decisions; null otherwise.
 */
export function operatorForesight(hub: ResolvedHub): string | null {
  const rules = [
    ...(hub.contract?.cbcA?.terms.calls === 'signal' ? ['CBC-A calls from the day\'s own congestion signal (contract.cbcA.calls: signal)'] : []),
    ...(hub.flexMarket?.gopacs != null && hub.flexMarket.gopacs.leadTimeHours === null ? ['every GOPACS request of a day known the day before (flexMarket.gopacs.leadTimeHours: null)'] : []),
  ];
  if (rules.length === 0) return null;
  return `operator's foresight (input): ${rules.join('; ')}: the grid operator knows its day's congestion in advance, an optimistic assumption every strategy here meets; "(bound)" above marks only a strategy's own foresight`;
}

/** The line under the table naming the tariff the tariff* metrics (results.json, metrics.csv) price. */
function tariffNote(t: HubTariffRates): string {
  const eur = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 4 });
  const which = t.operator === null ? 'explicit rates' : `${t.operator} ${t.year}, category ${t.category}`;
  return `tariff EUR: transport tariff over the run, ${which} at ${fmt(t.contractKw, 0)} contracted kW, its rates inputs: EUR ${eur(t.vastrechtEurPerYear)}/yr + ${eur(t.contractEurPerKwYear)}/kW/yr (fixed and contract parts: inputs) + kWmax ${eur(t.kwmaxEurPerKwMonth)}/kW/month x each month's simulated peak + ${eur(t.energyEurPerKwh)}/kWh x simulated import (its parts: tariff* metrics in results.json and metrics.csv)`;
}

/** The line saying which steps of a profile file were filled (printed under a run's or rollout's tables). */
export function filledStepsText(f: FilledSteps): string {
  const how = f.method === 'year-edge' ? "taken from the file's first local hour (the UTC year's last local hour, README: Meter data)" : `filled (fill: ${f.method})`;
  return `${f.field} (${f.file}): ${f.steps} step(s) not in the file, ${how}`;
}
