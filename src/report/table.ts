import type { HubTariffRates } from '../economics/hub-tariff.js';
import { peakResolution } from '../results/peak-resolution.js';
import type { HubResult } from '../results/result.js';

const COLUMNS: { metric: string; title: string; digits: number }[] = [
  { metric: 'peakImportKw', title: 'peak import kW', digits: 0 },
  { metric: 'peakReductionKw', title: 'reduction kW', digits: 0 },
  { metric: 'peakReductionPct', title: 'reduction %', digits: 1 },
  { metric: 'capacityFreedKw', title: 'freed kW', digits: 0 },
  { metric: 'peakExportKw', title: 'peak export kW', digits: 0 },
  { metric: 'hoursAboveImportCap', title: 'h > import cap', digits: 2 },
  { metric: 'hoursAboveExportCap', title: 'h > export cap', digits: 2 },
  { metric: 'energyShedKwh', title: 'shed kWh', digits: 0 },
  { metric: 'energyCurtailedKwh', title: 'curtailed kWh', digits: 0 },
  { metric: 'equivalentFullCycles', title: 'cycles', digits: 1 },
];

/** After 'shed kWh' for a hub whose loads recover: what of the shed load is lost, and what came back by force. */
const SHIFT_COLUMNS: { metric: string; title: string; digits: number }[] = [
  { metric: 'unservedShedKwh', title: 'lost kWh', digits: 0 },
  { metric: 'energyReboundKwh', title: 'rebound kWh', digits: 0 },
  { metric: 'energyOwedAtEndKwh', title: 'owed at end kWh', digits: 0 },
];

/**
 * After 'shed kWh' (and 'lost kWh') for a hub with a flexible load that is lost when shed (no
 * recoverWithinHours): that lost load at the value of lost load, a price the hub file gives (an input,
 * said under the table). Shown whenever such a load exists, 0 included, so that runs of one hub always
 * have the same columns.
 */
const LOST_COST_COLUMN = { metric: 'unservedShedCostEur', title: 'lost load EUR', digits: 0 };

/** Last, for a hub with a tariff block: the transport tariff of the run (its rates said under the table). */
const TARIFF_COLUMN = { metric: 'tariffEur', title: 'tariff EUR', digits: 0 };

/** The columns of a hub's table: the shifted-load columns when a load recovers, the cost of lost load when a load does not. */
function columnsFor(hub: HubResult['hub']): { metric: string; title: string; digits: number }[] {
  const recovers = hub.flexible.some((f) => f.recoverSteps > 0);
  const loses = hub.flexible.some((f) => f.recoverSteps === 0);
  const shift = recovers ? [...SHIFT_COLUMNS] : [];
  if (loses) shift.splice(recovers ? 1 : 0, 0, LOST_COST_COLUMN);
  const shed = COLUMNS.findIndex((c) => c.metric === 'energyShedKwh') + 1;
  const tariff = hub.tariff === undefined ? [] : [TARIFF_COLUMN];
  return [...COLUMNS.slice(0, shed), ...shift, ...COLUMNS.slice(shed), ...tariff];
}

/** The footnote under a table that marks a perfect-foresight bound "(bound)" (hubsim run, hubsim sweep). */
export const BOUND_NOTE = '(bound): a perfect-foresight bound: it plans with the year it is scored on, which no controller knows; the others decide from data before each step';

function fmt(v: number | null, digits: number): string {
  if (v === null) return '-';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** The terminal table of `hubsim run`: one row per strategy, the key metrics with their units. */
export function hubTable(hr: HubResult): string {
  const first = hr.results[0].metrics;
  const head = [
    `hub ${hr.hub.name}: ${hr.hub.members.length} members, coincident peak ${fmt(first.coincidentPeakKw, 0)} kW, ` +
      `sum of member peaks ${fmt(first.sumOfMemberPeaksKw, 0)} kW, import cap ${first.importCapKw === null ? 'none' : `${fmt(first.importCapKw, 0)} kW`}`,
  ];
  const columns = columnsFor(hr.hub);
  const rows = [['strategy', ...columns.map((c) => c.title)]];
  for (const r of hr.results) rows.push([r.foresight === 'perfect' ? `${r.strategy} (bound)` : r.strategy, ...columns.map((c) => fmt(r.metrics[c.metric], c.digits))]);
  const widths = rows[0].map((_, j) => Math.max(...rows.map((row) => row[j].length)));
  const lines = rows.map((row) => row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join('  '));
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  const notes = hr.results
    .filter((r) => r.run.diagnostics?.solverStatus !== undefined)
    .map((r) => {
      const d = r.run.diagnostics!;
      return `${r.strategy}: solver ${d.solverStatus}, ${d.solves} solve(s) in ${Number(d.solveTimeS).toFixed(2)} s`;
    });
  const bound = hr.results.some((r) => r.foresight === 'perfect') ? [BOUND_NOTE] : [];
  const price = columns.includes(LOST_COST_COLUMN)
    ? [`lost load EUR: flexible load shed and never served (unservedShedKwh) x EUR ${hr.hub.valueOfLostLoadEurPerKwh.toLocaleString('en-US', { maximumFractionDigits: 2 })}/kWh, the value of lost load: an input (valueOfLostLoadEurPerKwh), not simulated`]
    : [];
  const tariff = hr.hub.tariff === undefined ? [] : [tariffNote(hr.hub.tariff)];
  const after = [peakResolution(hr.hub).note, ...tariff, ...price, ...bound, ...notes];
  return `${[...head, ...lines, ...(after.length > 0 ? ['', ...after] : [])].join('\n')}\n`;
}

/** The line under the table naming the tariff the tariff* metrics (results.json, metrics.csv) price. */
function tariffNote(t: HubTariffRates): string {
  const eur = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 4 });
  const which = t.operator === null ? 'explicit rates' : `${t.operator} ${t.year}, category ${t.category}`;
  return `tariff EUR: transport tariff over the run, ${which} at ${fmt(t.contractKw, 0)} contracted kW: EUR ${eur(t.vastrechtEurPerYear)}/yr + ${eur(t.contractEurPerKwYear)}/kW/yr + kWmax ${eur(t.kwmaxEurPerKwMonth)}/kW/month + ${eur(t.energyEurPerKwh)}/kWh (its parts: tariff* metrics in results.json and metrics.csv)`;
}
