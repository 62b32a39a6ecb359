import { tariffJson } from './json.js';
import { csvCell, fmt, roundNumber } from './format.js';
import { textTable, wrapText, type TextColumn } from './text-table.js';
import { BOUND_NOTE, strategyLabel } from './table.js';
import { SEASON_NAMES } from '../weather/day-keys.js';
import { ANNUAL_COST_TERMS, type SweepResult, type SweepRow } from '../sweep/aggregate.js';
import { sweepRateSources } from '../sweep/context.js';
import { OUTCOMES } from '../sweep/outcome.js';
import type { StrategySpec } from '../model/strategy.js';
import { daysRemembered } from '../strategies/registry.js';

export const SWEEP_SCHEMA_VERSION = 1;
const STATS = ['mean', 'p10', 'p50', 'p90'] as const;

/**
 * The columns of sweep.csv that state what was tried or asked (the configuration, the target's limit)
 * or what the inputs' prices make of it (capex): basis "input"; the identities are "id"; every other
 * column is simulated over the draws.
 */
const INPUT_COLUMNS: ReadonlySet<string> = new Set(['batteryEnergyKwh', 'batteryPowerKw', 'pvKwp', 'importCapKw', 'draws', 'capexEur', 'targetBound']);
const ID_COLUMNS: ReadonlySet<string> = new Set(['terrain', 'configuration', 'strategy', 'foresight']);

/**
 * The columns of sweep.csv, each with its unit, meaning and basis (also the README's output reference);
 * targetValue and targetBound have the unit of the target's metric (unit '' here, named so in the
 * reference).
 */
export const SWEEP_COLUMNS: readonly { name: string; unit: string; description: string; basis: 'id' | 'input' | 'simulated' }[] = ([
  { name: 'terrain', unit: '-', description: 'The terrain id (rollout) or the hub file name.' },
  { name: 'configuration', unit: '-', description: 'Index of the configuration within the terrain (grid order: battery energy, battery power, PV, import cap, strategy).' },
  { name: 'strategy', unit: '-', description: 'Strategy name.' },
  {
    name: 'foresight',
    unit: '-',
    description:
      'causal: the strategy decides from data before each step (a controller can run it); perfect: a perfect-foresight bound, which plans with the synthetic year it is scored on (optimal, lp, flex with plan perfect, grid-aware joint, peak shaving sized in hindsight or on a quantile of the year).',
  },
  { name: 'batteryEnergyKwh', unit: 'kWh', description: 'Battery energy tried (empty: as built).' },
  { name: 'batteryPowerKw', unit: 'kW', description: 'Battery power tried (empty: as built).' },
  { name: 'pvKwp', unit: 'kWp', description: 'PV peak power tried (empty: as built).' },
  { name: 'importCapKw', unit: 'kW', description: 'Import cap of the configuration (empty: none).' },
  { name: 'draws', unit: 'count', description: 'Weather draws run.' },
  ...OUTCOMES.flatMap((o) => STATS.map((s) => ({ name: `${o.name}_${s}`, unit: o.unit, description: `${s === 'mean' ? 'Mean' : s.toUpperCase()} over the draws: ${o.description}` }))),
  { name: 'capexEur', unit: 'EUR', description: 'Capex of the configuration: battery energy x batteryEurPerKwh + power x batteryEurPerKw, plus PV beyond the PV as built x pvEurPerKwp.' },
  { name: 'annualCostEur', unit: 'EUR/yr', description: 'capexEur x annuity factor (discountRate, lifetimeYears) + the transport tariff fixed fee + contracted kW (the import cap; without one the uncontrolled peak) x contractEurPerKwYear + importEnergyKwh_mean x the tariff EUR/kWh + kwmaxCostEur_mean + energyCostEur_mean + unservedShedKwh_mean x valueOfLostLoadEurPerKwh.' },
  { name: 'targetValue', unit: '', description: "The target's statistic of its metric (e.g. P90 of peakImportKw), in the unit of the target's metric (kW for peakImportKw)." },
  { name: 'targetBound', unit: '', description: "The limit it must not exceed (empty: no import cap), in the metric's unit." },
  { name: 'meetsTarget', unit: 'bool', description: 'true when targetValue <= targetBound.' },
  { name: 'cheapest', unit: 'bool', description: "true on the terrain's cheapest configuration (lowest annualCostEur) that meets the target, of every strategy: it may be a perfect-foresight bound (see foresight)." },
  { name: 'cheapestCausal', unit: 'bool', description: "true on the terrain's cheapest configuration that meets the target with a causal strategy (the answer a controller can reach)." },
] as { name: string; unit: string; description: string }[]).map((c) => ({ ...c, basis: ID_COLUMNS.has(c.name) ? 'id' : INPUT_COLUMNS.has(c.name) ? 'input' : 'simulated' }));

function rowCells(row: SweepRow, draws: number, cheapest: boolean, cheapestCausal: boolean): (string | number | null)[] {
  const c = row.configuration;
  return [
    row.subject,
    c.index,
    c.strategyName,
    c.foresight,
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
    String(cheapestCausal),
  ];
}

/**
 * sweep.csv: one tidy row per terrain x configuration, each number at its unit's resolution
 * (format.ts); targetValue and targetBound in the unit of the target's metric.
 */
export function sweepCsv(result: SweepResult): string {
  const draws = result.loaded.sweep.draws.count;
  const cheapest = new Set(result.cheapest.map((c) => c.row));
  const cheapestCausal = new Set(result.cheapest.map((c) => c.causal?.row));
  const targetUnit = OUTCOMES.find((o) => o.name === result.loaded.sweep.target.metric)?.unit;
  const units = SWEEP_COLUMNS.map((c) => (c.name === 'targetValue' || c.name === 'targetBound' ? targetUnit : c.unit === '' ? undefined : c.unit));
  const lines = [SWEEP_COLUMNS.map((c) => c.name).join(',')];
  for (const row of result.rows) lines.push(rowCells(row, draws, cheapest.has(row), cheapestCausal.has(row)).map((v, j) => csvCell(v, units[j])).join(','));
  return `${lines.join('\n')}\n`;
}

const round = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : roundNumber(x));

function rowJson(row: SweepRow): object {
  const c = row.configuration;
  return {
    terrain: row.subject,
    configuration: c.index,
    strategy: c.strategyName,
    foresight: c.foresight,
    batteryEnergyKwh: round(c.batteryEnergyKwh),
    batteryPowerKw: round(c.batteryPowerKw),
    pvKwp: round(c.pvKwp),
    importCapKw: round(row.importCapKw),
    stats: Object.fromEntries(OUTCOMES.map((o) => [o.name, Object.fromEntries(STATS.map((s) => [s, round(row.stats[o.name][s])]))])),
    capexEur: round(row.capexEur),
    annualCostEur: round(row.annualCostEur),
    tariff: tariffJson(row.tariff),
    targetValue: round(row.targetValue),
    targetBound: round(row.targetBound),
    meetsTarget: row.meetsTarget,
  };
}

/**
 * results.json of a sweep: its inputs (with the economics' sources), every row, and per terrain the
 * cheapest configuration meeting the target and the cheapest with a causal strategy (`causal`).
 */
export function sweepJson(result: SweepResult): object {
  const s = result.loaded.sweep;
  return {
    schemaVersion: SWEEP_SCHEMA_VERSION,
    // kwmaxSource and contractSource: where the rates paid came from, not only the default's source.
    sweep: { name: s.name, draws: s.draws, target: s.target, economics: { ...s.economics, ...sweepRateSources(result.loaded) }, seasons: SEASON_NAMES },
    hubYears: result.hubYears,
    outcomeUnits: Object.fromEntries(OUTCOMES.map((o) => [o.name, o.unit])),
    rows: result.rows.map(rowJson),
    cheapest: result.cheapest.map((c) => ({
      terrain: c.subject,
      ...pickJson(c),
      causal: c.causal === null ? null : pickJson(c.causal),
    })),
    ...(result.provenance === undefined ? {} : { provenance: result.provenance }),
  };
}

/** A pick of the cheapest row meeting the target (or, when none does, the closest), with its foresight. */
function pickJson(p: { row: SweepRow | null; closest: SweepRow }): object {
  const shown = p.row ?? p.closest;
  return { meetsTarget: p.row !== null, configuration: shown.configuration.index, foresight: shown.configuration.foresight, row: rowJson(shown) };
}

/** The files `--out` writes. */
export function sweepFiles(result: SweepResult): Map<string, string> {
  return new Map([
    // A template literal: scripts/docs-lib.mjs reads single-quoted sweep.* strings as error codes.
    [`sweep.csv`, sweepCsv(result)],
    ['results.json', `${JSON.stringify(sweepJson(result), null, 2)}\n`],
  ]);
}

/**
 * Said after the head line when a strategy of the sweep starts from the days before each synthetic
 * year (README "Sweeps and weather draws"): they come from another draw, not from a real year.
 */
function rememberedNote(strategies: readonly StrategySpec[]): string {
  return strategies.some((spec) => daysRemembered(spec) > 0) ? '; the controllers start each draw knowing a year drawn before it (README "Sweeps and weather draws")' : '';
}

/** Fewer draws than this make a P10 or P90 that the terminal summary flags. */
export const FEW_DRAWS = 10;

/**
 * A note under the table when the target's statistic is a tail quantile (P10, P90) over fewer than
 * FEW_DRAWS draws: it is then interpolated between the one or two extreme draws (src/stats.ts), so
 * it stands for one weather year, not for "1 year in 10", and moves with the seed.
 */
function fewDrawsNote(statistic: string, draws: number): string[] {
  if ((statistic !== 'p10' && statistic !== 'p90') || draws >= FEW_DRAWS) return [];
  return ['', wrapText(`${statistic.toUpperCase()} over ${draws} draw(s): interpolated between the most extreme weather years drawn, so it changes with the seed; give draws.count of at least ${FEW_DRAWS} (the shipped sweeps use 20 and 50).`)];
}

/**
 * The terminal summary: per terrain, the cheapest configuration meeting the target (or the closest).
 * When that is a perfect-foresight bound ("(bound)", with the footnote of hubsim run's table), the line
 * under it is the cheapest configuration with a causal strategy: the answer a controller can reach.
 * A sweep of a rollout's terrains adds the same statistic of substationPeakKw (kW), unless that is the target.
 */
export function sweepSummary(result: SweepResult): string {
  const s = result.loaded.sweep;
  const t = s.target;
  const substation = s.rollout !== undefined && t.metric !== 'substationPeakKw';
  const stat = t.statistic.toUpperCase();
  const unit = OUTCOMES.find((o) => o.name === t.metric)?.unit ?? '';
  const target = `target: ${stat} ${t.metric}`;
  const columns: TextColumn[] = [
    { header: 'terrain', align: 'left' },
    { header: 'strategy', align: 'left' },
    { header: 'battery\nkWh', group: 'configuration (input)' },
    { header: 'battery\nkW', group: 'configuration (input)' },
    { header: 'PV\nkWp', group: 'configuration (input)' },
    { header: 'import\ncap kW', group: 'configuration (input)' },
    { header: `${stat}\n${unit}`, group: target },
    { header: `limit\n${unit} (input)`, group: target },
    { header: 'meets', align: 'left', group: target },
    ...(substation ? [{ header: `${stat} subst.\npeak kW` }] : []),
    { header: 'capex\nkEUR (input)' },
    { header: 'cost\nkEUR/yr' },
  ];
  const line = (subject: string, r: SweepRow, meets: string): string[] => {
    const k = r.configuration;
    const strategy = strategyLabel(k.strategyName, k.foresight);
    return [
      subject,
      strategy,
      fmt(k.batteryEnergyKwh),
      fmt(k.batteryPowerKw),
      fmt(k.pvKwp),
      fmt(r.importCapKw),
      fmt(r.targetValue, t.metric === 'hoursAboveImportCap' ? 1 : 0),
      fmt(r.targetBound),
      meets,
      ...(substation ? [fmt(r.stats.substationPeakKw[t.statistic])] : []),
      fmt(r.capexEur, 0, 1e3),
      fmt(r.annualCostEur, 0, 1e3),
    ];
  };
  const body: string[][] = [];
  // Terrains whose line is a bound: the cheapest meeting the target, or (none meets it) the closest.
  let cheapestBound = 0;
  let closestBound = 0;
  let causalMet = 0;
  for (const c of result.cheapest) {
    const shown = c.row ?? c.closest;
    body.push(line(c.subject, shown, c.row === null ? 'no' : 'yes'));
    if (shown.configuration.foresight === 'perfect' && c.causal !== null) {
      if (c.row !== null) cheapestBound++;
      else closestBound++;
      if (c.causal.row !== null) causalMet++;
      body.push(line(c.subject, c.causal.row ?? c.causal.closest, c.causal.row === null ? 'no' : 'yes'));
    }
  }
  const met = result.cheapest.filter((c) => c.row !== null).length;
  const bounds = body.some((b) => b[1].endsWith(' (bound)'));
  return [
    wrapText(`${s.name}: ${result.hubYears.toLocaleString('en-US')} hub-years (${result.cheapest.length} terrain(s) x ${s.draws.count} weather draws x configurations), seed ${s.draws.seed}${rememberedNote(s.grid.strategies)}`),
    wrapText(
      `cheapest configuration per terrain with ${stat} ${t.metric} <= ${t.atMost === 'importCap' ? 'the import cap' : t.atMost} (meets "no": none does, the closest is shown; PV "-": as built; cost a year: ${ANNUAL_COST_TERMS}; figures simulated except those marked "(input)")`,
    ),
    textTable(columns, body, { keys: 2 }),
    ...fewDrawsNote(t.statistic, s.draws.count),
    '',
    `${met} of ${result.cheapest.length} terrain(s) have a configuration meeting the target.`,
    ...(cheapestBound > 0
      ? [wrapText(`On ${cheapestBound} terrain(s) the cheapest is a perfect-foresight bound; the line under it is the cheapest causal configuration (${causalMet} of ${cheapestBound} meet the target).`)]
      : []),
    // None meets the target there, so no causal configuration does either: the closest causal one is shown.
    ...(closestBound > 0
      ? [wrapText(`On ${closestBound} terrain(s) no configuration meets the target and the closest is a perfect-foresight bound; the line under it is the closest causal configuration.`)]
      : []),
    ...(bounds ? ['', BOUND_NOTE] : []),
    '',
  ].join('\n');
}
