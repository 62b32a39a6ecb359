import { chartHtml, pageHtml, type PageSection } from './page.js';
import { renderSvg } from './render-svg.js';
import { substationLoadSpec, terrainAvoidedSpec, terrainPeakSpec, waterfallSpec, type RolloutResultsJson } from './rollout-charts.js';
import { tableHtml, type TableCell } from './table.js';

/** A results.json table (an array of rows) as HTML, every column, values as results.json has them. */
export function rowsTable(id: string, rows: readonly Record<string, unknown>[], keyOf: (row: Record<string, unknown>) => string): string {
  const columns = rows.length === 0 ? [] : Object.keys(rows[0]).map((k) => ({ key: k, title: k }));
  return tableHtml(id, columns, rows.map((row) => ({ key: keyOf(row), cells: columns.map((c) => row[c.key] as TableCell) })));
}

/** report.html of a rollout. */
export async function rolloutReportHtml(r: RolloutResultsJson): Promise<string> {
  const sections: PageSection[] = [
    { title: 'Totals per strategy (results.json totals)', html: rowsTable('totals', r.totals, (row) => String(row.strategy)) },
    {
      title: 'Per terrain',
      html: [
        chartHtml({ id: 'terrain-peak-reduction', caption: 'Peak reduction of each terrain\'s collective connection in the last horizon year, per strategy (terrainEconomics.peakReductionKw).', svg: await renderSvg(terrainPeakSpec(r), 'terrain-peak-reduction') }),
        chartHtml({ id: 'terrain-avoided-cost', caption: 'Avoided reinforcement, curtailment and imbalance costs over the horizon per terrain (terrainEconomics), one row per strategy.', svg: await renderSvg(terrainAvoidedSpec(r), 'terrain-avoided-cost') }),
      ].join('\n'),
    },
    {
      title: 'Substation load over the years',
      html: chartHtml({ id: 'substation-load', caption: 'Peak load of each substation per year without hubs and with each strategy (worst weather year), against its safe capacity as built and its capacity after the reinforcement bought without hubs (substationYears).', svg: await renderSvg(substationLoadSpec(r), 'substation-load') }),
    },
    {
      title: 'Costs and savings',
      html: chartHtml({ id: 'waterfall', caption: 'Undiscounted over the horizon, per strategy: every EUR column of yearTotals summed over the years (capex and opex down, avoided costs up), ending at the net cash flow (the sum of yearTotals.netCashFlowEur).', svg: await renderSvg(waterfallSpec(r), 'waterfall') }),
    },
    { title: 'Per terrain and strategy (results.json terrainEconomics)', html: rowsTable('terrainEconomics', r.terrainEconomics, (row) => `${String(row.terrain)}/${String(row.strategy)}`) },
  ];
  const meta = `hubsim rollout: years ${r.years[0]}-${r.years[r.years.length - 1]}, weather years ${r.weatherYears.join(', ')}, strategies ${r.strategies.join(', ')}, ${r.hubYears} hub-years.`;
  return pageHtml(`Rollout report: ${r.name}`, meta, sections);
}
