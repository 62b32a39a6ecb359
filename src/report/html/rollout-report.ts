import { provenanceSection } from './provenance-section.js';
import { chartHtml, pageHtml, textHtml, type PageSection } from './page.js';
import { renderSvg } from './render-svg.js';
import { substationLoadSpec, terrainAvoidedSpec, terrainPeakSpec, waterfallSpec, type RolloutResultsJson } from './rollout-charts.js';
import { tableHtml, type TableCell } from './table.js';

/**
 * A results.json table (an array of rows) as HTML, every column, values as results.json has them.
 * `titles` renames column headings (the cells keep the column's name in data-col).
 */
export function rowsTable(id: string, rows: readonly Record<string, unknown>[], keyOf: (row: Record<string, unknown>) => string, titles: Readonly<Record<string, string>> = {}): string {
  const columns = rows.length === 0 ? [] : Object.keys(rows[0]).map((k) => ({ key: k, title: titles[k] ?? k }));
  return tableHtml(id, columns, rows.map((row) => ({ key: keyOf(row), cells: columns.map((c) => row[c.key] as TableCell) })));
}

const key = (...fields: string[]) => (row: Record<string, unknown>): string => fields.map((f) => String(row[f])).join('/');

/** The reinforcement every variant's grid ordered, or a sentence when none did. */
function purchasesSection(r: RolloutResultsJson): PageSection {
  const html = r.substationPurchases.length > 0 ? rowsTable('substationPurchases', r.substationPurchases, key('substation', 'strategy', 'year', 'level')) : textHtml('No variant\'s grid ordered any reinforcement within the horizon.');
  return { title: 'Reinforcement ordered (results.json substationPurchases)', html };
}

/** The agenda's claims (inputs) beside the simulated figures; only when the scenario has an agenda. */
function agendaSection(r: RolloutResultsJson): PageSection[] {
  if (r.agendaCheck.length === 0) return [];
  const html = rowsTable('agendaCheck', r.agendaCheck, key('figure', 'strategy'), { claimed: 'claim (input)', simulated: 'simulated' });
  return [{ title: 'The agenda\'s claims checked (results.json agendaCheck)', html }];
}

/** report.html of a rollout. */
export async function rolloutReportHtml(r: RolloutResultsJson): Promise<string> {
  const sections: PageSection[] = [
    { title: 'Totals per strategy (results.json totals)', html: rowsTable('totals', r.totals, key('strategy')) },
    {
      title: 'Per terrain',
      html: [
        chartHtml({ id: 'terrain-peak-reduction', caption: 'Peak reduction of each terrain\'s collective connection in the last horizon year, per strategy (terrainEconomics.peakReductionKw).', svg: await renderSvg(terrainPeakSpec(r), 'terrain-peak-reduction') }),
        chartHtml({
          id: 'terrain-avoided-cost',
          caption: 'Avoided costs per terrain, one row per strategy (terrainEconomics): reinforcement as the terrain\'s share of its substation\'s present value (avoidedReinforcementPvEur); curtailment, imbalance and unserved energy as undiscounted sums over the horizon; below zero, flexible load shed and never served at the value of lost load (lostShedEur), which takes back the avoided unserved energy that shedding only relabels.',
          svg: await renderSvg(terrainAvoidedSpec(r), 'terrain-avoided-cost'),
        }),
      ].join('\n'),
    },
    {
      title: 'Substation load over the years',
      html: chartHtml({
        id: 'substation-load',
        caption: 'Peak load of each substation per year (worst weather year; thin lines with markers) against its capacity in service (thick step lines, up in the year a reinforcement comes into service), without hubs and with each strategy, each on its own grid (substationYears.peakLoadKw, capacityInServiceKw). Where lines coincide their dashes take turns.',
        svg: await renderSvg(substationLoadSpec(r), 'substation-load'),
      }),
    },
    purchasesSection(r),
    {
      title: 'Costs and savings to society',
      html: chartHtml({
        id: 'waterfall',
        caption: 'Undiscounted sums over the horizon, per strategy: capex and opex down, avoided reinforcement, curtailment, imbalance and unserved energy up, lost shed load down, arbitrage and residual value up (yearTotals), to the society net flow (the sum of yearTotals.netSocietyEur). Fees and tariff savings are transfers and cancel in society. Not present values: the NPVs in the tables discount these flows.',
        svg: await renderSvg(waterfallSpec(r), 'waterfall'),
      }),
    },
    ...agendaSection(r),
    { title: 'Per terrain and strategy (results.json terrainEconomics)', html: rowsTable('terrainEconomics', r.terrainEconomics, key('terrain', 'strategy')) },
  ];
  const provenance = provenanceSection(r);
  if (provenance !== undefined) sections.push(provenance);
  const c = r.economicsConvention;
  const bounds = r.strategies.filter((s) => r.strategyForesight[s] === 'perfect');
  const meta = `${bounds.length > 0 ? `Perfect-foresight bounds (they plan with the year they are scored on, which no controller knows): ${bounds.join(', ')}. ` : ''}hubsim rollout: years ${r.years[0]}-${r.years[r.years.length - 1]}, weather years ${r.weatherYears.join(', ')}, strategies ${r.strategies.join(', ')}, ${r.hubYears} hub-years. Money: ${c.currency}; present values and NPVs at ${c.baseYear}, discounted at ${(c.discountRate * 100).toFixed(1)}% a year; ${c.timing} (docs/economics.md).`;
  return pageHtml(`Rollout report: ${r.name}`, meta, sections);
}
