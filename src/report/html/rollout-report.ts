import { provenanceSection } from './provenance-section.js';
import { chartHtml, pageHtml, textHtml, type PageSection } from './page.js';
import { renderSvg } from './render-svg.js';
import { substationLoadSpec, terrainAvoidedSpec, terrainPeakSpec, waterfallSpec, WITHOUT_HUBS, type RolloutResultsJson } from './rollout-charts.js';
import { ROLLOUT_TABLES } from '../rollout-tables.js';
import { unitOfName } from './labels.js';
import { heading, tableHtml, type Heading, type TableCell } from './table.js';
import { strategyLabel } from '../table.js';
import { hubStartNotes } from '../hub-start-note.js';
import { unservedBelowZeroNote } from '../unserved-note.js';
import { vollNote } from '../voll-note.js';
import { rowsShown } from '../rows-shown.js';

/** The definitions of a rollout table's columns (unit, meaning), by its results.json key. */
function definitions(table: string): Map<string, { unit: string; description: string; basis: string }> {
  const t = ROLLOUT_TABLES.find((x) => x.key === table);
  return new Map((t?.columns ?? []).map((c) => [c.name, { unit: c.unit, description: c.description, basis: c.basis }]));
}

/**
 * The heading of a results.json column: unit, meaning and basis ("(input)" on a restated input) from the table's definition (rollout-tables.ts,
 * the source of the CSVs and docs/outputs.md), or for a column it does not know, the unit its name implies.
 * A column of unit "unit" (the agenda's claimed and simulated) takes each row's unit.
 */
function columnHeading(defs: ReadonlyMap<string, { unit: string; description: string; basis: string }>, name: string, titles: Readonly<Record<string, string>>): Heading {
  const def = defs.get(name);
  const unit = def?.unit ?? unitOfName(name);
  const h = heading(name, unit === 'unit' ? '' : unit, def?.description, def?.basis);
  return { ...h, label: titles[name] ?? h.label, unit: unit === 'unit' ? undefined : unit };
}

/** The column a table leaves out: a strategy's foresight, which its label shows ("NAME (bound)"). */
const SHOWN_IN_LABEL = 'foresight';

/**
 * A results.json table (an array of rows) as HTML, every column but SHOWN_IN_LABEL, values as
 * results.json has them; the `keys` columns first (they name a row, and every part of a split table
 * repeats them). `titles` replaces the label of a column.
 */
export function rowsTable(id: string, rows: readonly Record<string, unknown>[], keys: readonly string[], titles: Readonly<Record<string, string>> = {}): string {
  const defs = definitions(id);
  const names = rows.length === 0 ? [] : [...keys, ...Object.keys(rows[0]).filter((k) => !keys.includes(k) && k !== SHOWN_IN_LABEL)];
  const columns = names.map((n) => columnHeading(defs, n, titles));
  return tableHtml({
    id,
    keyColumns: keys.length,
    columns,
    rows: rows.map((row) => ({ key: keys.map((f) => String(row[f])).join('/'), unit: typeof row.unit === 'string' ? row.unit : undefined, cells: names.map((n) => row[n] as TableCell) })),
  });
}

/**
 * A results.json table with one row per strategy, transposed: one row per column (its label, unit and
 * meaning), one column per strategy, so that its 30-odd columns fit the page whatever their number.
 */
export function strategyColumnsTable(id: string, rows: readonly Record<string, unknown>[]): string {
  const defs = definitions(id);
  const names = rows.length === 0 ? [] : Object.keys(rows[0]).filter((k) => k !== 'strategy' && k !== SHOWN_IN_LABEL);
  const strategies = rows.map((r) => String(r.strategy));
  return tableHtml({
    id,
    headTitle: 'per strategy',
    columns: strategies.map((s) => ({ name: s, label: s })),
    rows: names.map((n) => {
      const head = columnHeading(defs, n, {});
      return { key: n, head, unit: head.unit, cells: rows.map((r) => r[n] as TableCell) };
    }),
  });
}

/** The reinforcement every variant's grid ordered (of the substations shown), or a sentence when none did. */
function purchasesSection(r: RolloutResultsJson, note: string[]): PageSection {
  const html = r.substationPurchases.length > 0 ? [rowsTable('substationPurchases', r.substationPurchases, ['substation', 'strategy', 'year', 'level']), ...note].join('\n') : textHtml('No variant\'s grid ordered any reinforcement within the horizon.');
  return { title: 'Reinforcement ordered (results.json substationPurchases)', html };
}

/**
 * The rollout with only the terrains and substations the page draws and lists one by one (rowsShown:
 * all up to MAX_TABLE_ROWS; beyond, the terrains with the largest society NPV either way in any
 * strategy and the substations whose peak is furthest above their capacity in service without hubs in
 * the last year), and a sentence for each that was cut. Totals, year totals and the agenda stay whole.
 */
function shownOnPage(r: RolloutResultsJson): { r: RolloutResultsJson; terrainsNote: string[]; substationsNote: string[] } {
  const terrains = [...new Set(r.terrainEconomics.map((t) => t.terrain))];
  const npv = new Map<string, number>();
  for (const t of r.terrainEconomics) npv.set(t.terrain, Math.max(npv.get(t.terrain) ?? 0, Math.abs(Number(t.npvSocietyEur ?? 0))));
  const keptTerrains = new Set(rowsShown(terrains, (t) => [npv.get(t) ?? 0]));
  const last = r.years[r.years.length - 1];
  const substations = [...new Set(r.substationYears.map((y) => y.substation))];
  const above = new Map(r.substationYears.filter((y) => y.strategy === WITHOUT_HUBS && y.year === last).map((y) => [y.substation, (y.peakLoadKw ?? 0) - (y.capacityInServiceKw ?? 0)]));
  const keptSubstations = new Set(rowsShown(substations, (x) => [above.get(x) ?? 0]));
  const note = (kept: number, all: number, what: string, which: string, files: string): string[] =>
    kept === all ? [] : [textHtml(`${kept} of ${all.toLocaleString('en-US')} ${what} shown here, ${which}; every one is in ${files} and results.json.`)];
  return {
    r: {
      ...r,
      terrainEconomics: r.terrainEconomics.filter((t) => keptTerrains.has(t.terrain)) as typeof r.terrainEconomics,
      terrainYears: r.terrainYears.filter((t) => keptTerrains.has(t.terrain)),
      flexYears: r.flexYears.filter((t) => keptTerrains.has(t.terrain)),
      substationYears: r.substationYears.filter((y) => keptSubstations.has(y.substation)),
      substationPurchases: r.substationPurchases.filter((p) => keptSubstations.has(String(p.substation))),
    },
    terrainsNote: note(keptTerrains.size, terrains.length, 'terrains', 'those with the largest society NPV either way', 'terrain-economics.csv'),
    substationsNote: note(keptSubstations.size, substations.length, 'substations', `those whose peak is furthest above their capacity in service without hubs in ${last}`, 'substation-years.csv and substation-purchases.csv'),
  };
}

/**
 * Each flex strategy's hubs in the last horizon year: revenue by product, the grid operator's CBC-A
 * calls, TDTR restrictions and non-firm limits, penalties and ACM compliance (the terminal's flex
 * table, every column); only when the rollout has a flex strategy.
 */
function flexSection(r: RolloutResultsJson, note: string[]): PageSection[] {
  if (r.flexYears.length === 0) return [];
  const last = r.years[r.years.length - 1];
  const rows = r.flexYears.filter((y) => y.year === last);
  const html = [
    rowsTable('flexYears', rows, ['terrain', 'strategy']),
    textHtml(`Every year's rows, of every terrain whose hub operates with a flex strategy answering the grid operator's requests, are in flex-years.csv and results.json flexYears.`),
    ...note,
  ].join('\n');
  return [{ title: `Flex revenue and the grid operator's calls per terrain in ${last} (results.json flexYears)`, html }];
}

/** The agenda's claims (inputs) beside the simulated figures; only when the scenario has an agenda. */
function agendaSection(r: RolloutResultsJson): PageSection[] {
  if (r.agendaCheck.length === 0) return [];
  const html = rowsTable('agendaCheck', r.agendaCheck, ['figure', 'strategy'], { claimed: 'claim (input)', simulated: 'simulated' });
  return [{ title: 'The agenda\'s claims checked (results.json agendaCheck)', html }];
}

/**
 * The rollout as the page shows it: every strategy name that is a perfect-foresight bound written as
 * "NAME (bound)" wherever it appears (the charts' legends and facets, the tables' columns and rows),
 * as the terminal writes it; the numbers as results.json has them.
 */
function withBoundLabels(r: RolloutResultsJson): RolloutResultsJson {
  const shown = (s: string): string => strategyLabel(s, r.strategyForesight[s]);
  if (!r.strategies.some((s) => r.strategyForesight[s] === 'perfect')) return r;
  const relabel = <T,>(rows: readonly T[]): T[] =>
    rows.map((row) => {
      const x = row as Record<string, unknown>;
      return (typeof x.strategy === 'string' ? { ...x, strategy: shown(x.strategy) } : x) as T;
    });
  return {
    ...r,
    strategies: r.strategies.map(shown),
    strategyForesight: Object.fromEntries(Object.entries(r.strategyForesight).map(([s, f]) => [shown(s), f])),
    terrainEconomics: relabel(r.terrainEconomics) as typeof r.terrainEconomics,
    terrainYears: relabel(r.terrainYears),
    flexYears: relabel(r.flexYears),
    substationYears: relabel(r.substationYears),
    substationPurchases: relabel(r.substationPurchases),
    yearTotals: relabel(r.yearTotals) as typeof r.yearTotals,
    totals: relabel(r.totals) as typeof r.totals,
    agendaCheck: relabel(r.agendaCheck),
  };
}

/** report.html of a rollout. */
export async function rolloutReportHtml(results: RolloutResultsJson): Promise<string> {
  const r = withBoundLabels(results);
  const page = shownOnPage(r);
  const voll = vollNote(r.totals, (s) => s);
  const sections: PageSection[] = [
    { title: 'Totals per strategy (results.json totals)', html: [strategyColumnsTable('totals', r.totals), ...(voll === null ? [] : [textHtml(`${voll}.`)])].join('\n') },
    {
      title: 'Per terrain',
      html: [
        chartHtml({ id: 'terrain-peak-reduction', caption: 'Peak reduction of each terrain\'s collective connection in the last horizon year, per strategy (terrainEconomics.peakReductionKw).', svg: await renderSvg(terrainPeakSpec(page.r), 'terrain-peak-reduction') }),
        chartHtml({
          id: 'terrain-avoided-cost',
          caption: 'Avoided costs per terrain (EUR M), one row per strategy (terrainEconomics): reinforcement as the terrain\'s share of its substation\'s present value (avoidedReinforcementPvEur); curtailment, imbalance and unserved energy as undiscounted sums over the horizon; below zero, flexible load shed and never served at the value of lost load (lostShedEur), which takes back the avoided unserved energy that shedding only relabels.',
          svg: await renderSvg(terrainAvoidedSpec(page.r), 'terrain-avoided-cost'),
        }),
        ...page.terrainsNote,
        ...hubStartNotes(r.terrainEconomics, r.years[0], r.years[r.years.length - 1]).map((n) => textHtml(`${n[0].toUpperCase()}${n.slice(1)}.`)),
        ...r.strategies.flatMap((s) => {
          const note = unservedBelowZeroNote(r, s);
          return note === null ? [] : [textHtml(`${s}: ${note}.`)];
        }),
      ].join('\n'),
    },
    {
      title: 'Substation load over the years',
      html: [
        chartHtml({
          id: 'substation-load',
          caption: 'Peak load of each substation per year (worst weather year; thin lines with markers) against its capacity in service (thick step lines, up in the year a reinforcement comes into service), without hubs and with each strategy, each on its own grid (substationYears.peakLoadKw, capacityInServiceKw). Where lines coincide their dashes take turns.',
          svg: await renderSvg(substationLoadSpec(page.r), 'substation-load'),
        }),
        ...page.substationsNote,
      ].join('\n'),
    },
    purchasesSection(page.r, page.substationsNote),
    ...flexSection(page.r, page.terrainsNote),
    {
      title: 'Costs and savings to society',
      html: chartHtml({
        id: 'waterfall',
        caption: 'Undiscounted sums over the horizon, per strategy: capex and opex down, avoided reinforcement, curtailment, imbalance and unserved energy up, lost shed load down, arbitrage and residual value up (yearTotals), to the society net flow (the sum of yearTotals.netSocietyEur). Fees and tariff savings are transfers and cancel in society. Not present values: the NPVs in the tables discount these flows.',
        svg: await renderSvg(waterfallSpec(r), 'waterfall'),
      }),
    },
    ...agendaSection(r),
    { title: 'Per terrain and strategy (results.json terrainEconomics)', html: [rowsTable('terrainEconomics', page.r.terrainEconomics, ['terrain', 'strategy']), ...page.terrainsNote].join('\n') },
  ];
  const provenance = provenanceSection(r);
  if (provenance !== undefined) sections.push(provenance);
  const c = r.economicsConvention;
  const bounds = results.strategies.filter((s) => results.strategyForesight[s] === 'perfect');
  const meta = `${bounds.length > 0 ? `Perfect-foresight bounds, marked "(bound)" on this page (they plan with the year they are scored on, which no controller knows, and bound only what they optimise, a peak import or the objective of lp and of flex with plan perfect, not their other figures): ${bounds.join(', ')}. ` : ''}hubsim rollout: years ${r.years[0]}-${r.years[r.years.length - 1]}, weather years ${r.weatherYears.join(', ')}, strategies ${r.strategies.join(', ')}, ${r.hubYears} hub-years. Money: ${c.currency}; present values and NPVs at ${c.baseYear}, discounted at ${(c.discountRate * 100).toFixed(1)}% a year; ${c.timing} (docs/economics.md).${typeof c.peaks === 'string' ? ` ${c.peaks.charAt(0).toUpperCase()}${c.peaks.slice(1)}.` : ''}`;
  return pageHtml(`Rollout report: ${r.name}`, meta, sections);
}
