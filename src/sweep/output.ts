import { csvCell, roundNumber } from '../report/format.js';
import { SEASON_NAMES } from '../weather/day-keys.js';
import type { SweepResult, SweepRow } from './aggregate.js';
import { OUTCOMES } from './outcome.js';

export const SWEEP_SCHEMA_VERSION = 1;
const STATS = ['mean', 'p10', 'p50', 'p90'] as const;

/** The columns of sweep.csv, each with its unit and meaning (also the README's output reference). */
export const SWEEP_COLUMNS: readonly { name: string; unit: string; description: string }[] = [
  { name: 'terrain', unit: '', description: 'The terrain id (rollout) or the hub file name.' },
  { name: 'configuration', unit: '', description: 'Index of the configuration within the terrain (grid order: battery energy, battery power, PV, import cap, strategy).' },
  { name: 'strategy', unit: '', description: 'Strategy name.' },
  { name: 'batteryEnergyKwh', unit: 'kWh', description: 'Battery energy tried (empty: as built).' },
  { name: 'batteryPowerKw', unit: 'kW', description: 'Battery power tried (empty: as built).' },
  { name: 'pvKwp', unit: 'kWp', description: 'PV peak power tried (empty: as built).' },
  { name: 'importCapKw', unit: 'kW', description: 'Import cap of the configuration (empty: none).' },
  { name: 'draws', unit: '', description: 'Weather draws run.' },
  ...OUTCOMES.flatMap((o) => STATS.map((s) => ({ name: `${o.name}_${s}`, unit: o.unit, description: `${s === 'mean' ? 'Mean' : s.toUpperCase()} over the draws: ${o.description}` }))),
  { name: 'capexEur', unit: 'EUR', description: 'Capex of the configuration: battery energy x batteryEurPerKwh + power x batteryEurPerKw, plus PV beyond the PV as built x pvEurPerKwp.' },
  { name: 'annualCostEur', unit: 'EUR/yr', description: 'capexEur x annuity factor (discountRate, lifetimeYears) + import cap x contractEurPerKwYear + kwmaxCostEur_mean + energyCostEur_mean.' },
  { name: 'targetValue', unit: '', description: "The target's statistic of its metric (e.g. P90 of peakImportKw)." },
  { name: 'targetBound', unit: '', description: 'The bound it must not exceed (empty: no import cap).' },
  { name: 'meetsTarget', unit: '', description: 'true when targetValue <= targetBound.' },
  { name: 'cheapest', unit: '', description: 'true on the terrain\'s cheapest configuration (lowest annualCostEur) that meets the target.' },
];

function rowCells(row: SweepRow, draws: number, cheapest: boolean): (string | number | null)[] {
  const c = row.configuration;
  return [
    row.subject,
    c.index,
    c.strategyName,
    c.batteryEnergyKwh,
    c.batteryPowerKw,
    c.pvKwp,
    Number.isFinite(row.importCapKw) ? row.importCapKw : null,
    draws,
    ...OUTCOMES.flatMap((o) => STATS.map((s) => row.stats[o.name][s])),
    row.capexEur,
    row.annualCostEur,
    row.targetValue,
    Number.isFinite(row.targetBound) ? row.targetBound : null,
    String(row.meetsTarget),
    String(cheapest),
  ];
}

function isCheapest(result: SweepResult, row: SweepRow): boolean {
  return result.cheapest.some((c) => c.row === row);
}

/** sweep.csv: one tidy row per terrain x configuration. */
export function sweepCsv(result: SweepResult): string {
  const draws = result.loaded.sweep.draws.count;
  const lines = [SWEEP_COLUMNS.map((c) => c.name).join(',')];
  for (const row of result.rows) lines.push(rowCells(row, draws, isCheapest(result, row)).map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

const round = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : roundNumber(x));

function rowJson(row: SweepRow): object {
  const c = row.configuration;
  return {
    terrain: row.subject,
    configuration: c.index,
    strategy: c.strategyName,
    batteryEnergyKwh: round(c.batteryEnergyKwh),
    batteryPowerKw: round(c.batteryPowerKw),
    pvKwp: round(c.pvKwp),
    importCapKw: round(row.importCapKw),
    stats: Object.fromEntries(OUTCOMES.map((o) => [o.name, Object.fromEntries(STATS.map((s) => [s, round(row.stats[o.name][s])]))])),
    capexEur: round(row.capexEur),
    annualCostEur: round(row.annualCostEur),
    targetValue: round(row.targetValue),
    targetBound: round(row.targetBound),
    meetsTarget: row.meetsTarget,
  };
}

/** results.json of a sweep: its inputs (with the economics' sources), every row and the cheapest per terrain. */
export function sweepJson(result: SweepResult): object {
  const s = result.loaded.sweep;
  return {
    schemaVersion: SWEEP_SCHEMA_VERSION,
    sweep: { name: s.name, draws: s.draws, target: s.target, economics: s.economics, seasons: SEASON_NAMES },
    hubYears: result.hubYears,
    outcomeUnits: Object.fromEntries(OUTCOMES.map((o) => [o.name, o.unit])),
    rows: result.rows.map(rowJson),
    cheapest: result.cheapest.map((c) => ({ terrain: c.subject, meetsTarget: c.row !== null, configuration: (c.row ?? c.closest).configuration.index, row: rowJson(c.row ?? c.closest) })),
  };
}

/** The files `--out` writes. */
export function sweepFiles(result: SweepResult): Map<string, string> {
  return new Map([
    // A template literal: scripts/docs-lib.mjs reads single-quoted sweep.* strings as error codes.
    [`sweep.csv`, sweepCsv(result)],
    ['results.json', `${JSON.stringify(sweepJson(result), null, 2)}\n`],
  ]);
}

const fmt = (x: number | null, digits = 0): string =>
  x === null || !Number.isFinite(x) ? '-' : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The terminal summary: per terrain, the cheapest configuration meeting the target (or the closest). */
export function sweepSummary(result: SweepResult): string {
  const s = result.loaded.sweep;
  const t = s.target;
  const head = ['terrain', 'strategy', 'battery kWh', 'battery kW', 'PV kWp', 'cap kW', `${t.statistic.toUpperCase()} ${t.metric}`, 'bound', 'capex EUR', 'EUR/yr', 'meets'];
  const body = result.cheapest.map((c) => {
    const r = c.row ?? c.closest;
    const k = r.configuration;
    return [c.subject, k.strategyName, fmt(k.batteryEnergyKwh), fmt(k.batteryPowerKw), fmt(k.pvKwp), fmt(r.importCapKw), fmt(r.targetValue, t.metric === 'hoursAboveImportCap' ? 1 : 0), fmt(r.targetBound), fmt(r.capexEur), fmt(r.annualCostEur), c.row === null ? 'no (closest shown)' : 'yes'];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => cells.map((x, i) => (i < 2 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ').trimEnd();
  const met = result.cheapest.filter((c) => c.row !== null).length;
  return [
    `${s.name}: ${result.hubYears.toLocaleString('en-US')} hub-years (${result.cheapest.length} terrain(s) x ${s.draws.count} weather draws x configurations), seed ${s.draws.seed}`,
    `cheapest configuration per terrain with ${t.statistic.toUpperCase()} ${t.metric} <= ${t.atMost === 'importCap' ? 'the import cap' : t.atMost}:`,
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    `${met} of ${result.cheapest.length} terrain(s) have a configuration meeting the target.`,
    '',
  ].join('\n');
}
