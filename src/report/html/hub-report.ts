import { provenanceSection } from './provenance-section.js';
import { isoUtc, timeMsAt } from '../../time/axis.js';
import { capHeatmap, heatmapSpec, ldcSpec, weekSpec, weekWindow } from './hub-charts.js';
import type { HubReportData } from './hub-data.js';
import { chartHtml, pageHtml, textHtml, type PageSection } from './page.js';
import { renderSvg } from './render-svg.js';
import { METRICS } from '../../results/metrics.js';
import { heading, tableHtml } from './table.js';
import { strategyLabel } from '../table.js';

/**
 * The metrics of every strategy: one row per metric (its label and unit; the JSON name in data-name,
 * the meaning on hover), one column per strategy, values as results.json has them. A metric with no
 * value for any strategy (the flex-market metrics of a hub without a contract) is named under the table.
 */
export function hubMetricsTable(d: HubReportData): string {
  const names = Object.keys(d.results.strategies);
  const described = new Map(METRICS.map((m) => [m.name, m]));
  const rows = Object.entries(d.results.metricUnits).map(([metric, unit]) => ({
    key: metric,
    head: heading(metric, unit, described.get(metric)?.description, described.get(metric)?.basis),
    unit,
    cells: names.map((n) => d.results.strategies[n].metrics[metric]),
  }));
  return tableHtml({ id: 'metrics', headTitle: 'metric', columns: names.map((n) => ({ name: n, label: n })), rows });
}

/**
 * The run as the page shows it: a strategy that is a perfect-foresight bound named "NAME (bound)"
 * wherever it appears (the metrics table's columns, the charts' legends and rows), as the terminal
 * names it; the numbers and series as results.json and the series CSVs have them.
 */
function withBoundLabels(d: HubReportData): HubReportData {
  const shown = (name: string): string => strategyLabel(name, d.results.strategies[name]?.foresight === 'perfect' ? 'perfect' : 'causal');
  if (!Object.values(d.results.strategies).some((s) => s.foresight === 'perfect')) return d;
  return {
    ...d,
    results: { ...d.results, strategies: Object.fromEntries(Object.entries(d.results.strategies).map(([name, s]) => [shown(name), s])) },
    strategies: d.strategies.map((s) => ({ ...s, name: shown(s.name) })),
  };
}

/** report.html of a hub run. `week` (YYYY-MM-DD) chooses the week shown. */
export async function hubReportHtml(data: HubReportData, week?: string): Promise<string> {
  const d = withBoundLabels(data);
  const { hub } = d.results;
  const sections: PageSection[] = [{ title: 'Metrics (results.json)', html: hubMetricsTable(d) }];

  sections.push({
    title: 'Load-duration curves',
    html: chartHtml({ id: 'load-duration', caption: 'Grid exchange of the collective connection sorted from highest to lowest, without control and with each strategy; the import cap dashed. The left end of each curve is its peak import (peakImportKw).', svg: await renderSvg(ldcSpec(d), 'load-duration') }),
  });

  const hasCap = d.importCapKw.some((v) => Number.isFinite(v));
  const cells = hasCap ? capHeatmap(d) : [];
  let heat: string;
  if (!hasCap) heat = textHtml('The hub has no import cap.');
  else if (cells.length === 0) heat = textHtml('No strategy imports above the cap in any hour.');
  else heat = chartHtml({ id: 'cap-heatmap', caption: 'Time above the import cap per local day and hour, per strategy (rows); blank: never above the cap. Each row adds up to the strategy\'s hoursAboveImportCap.', svg: await renderSvg(heatmapSpec(d, cells), 'cap-heatmap') });
  sections.push({ title: 'Hours above the import cap', html: heat });

  const w = weekWindow(d, week);
  sections.push({
    title: 'One week',
    html: chartHtml({
      id: 'week',
      caption: `${isoUtc(timeMsAt(d.axis, w.from))} to ${isoUtc(timeMsAt(d.axis, w.to))} (UTC): grid import without control and with each strategy, the battery's stored energy, and the NL day-ahead price.`,
      svg: await renderSvg(weekSpec(d, w), 'week'),
    }),
  });
  const provenance = provenanceSection(d.results);
  if (provenance !== undefined) sections.push(provenance);
  const bounds = Object.entries(data.results.strategies).filter(([, s]) => s.foresight === 'perfect').map(([name]) => name);
  // results.json of an older hubsim has no peakResolution: the note is then left out.
  const peaks = typeof hub.peakResolution === 'object' && hub.peakResolution !== null && 'note' in hub.peakResolution ? ` ${capitalised(String(hub.peakResolution.note))}.` : '';
  const meta = `hubsim run: ${Object.keys(d.results.strategies).length} strategies, ${hub.axis.steps} steps of ${hub.axis.stepMinutes} min from ${hub.axis.start}.${peaks}${bounds.length > 0 ? ` Perfect-foresight bounds, marked "(bound)" on this page (they plan with the year they are scored on, which no controller knows, and bound only what they optimise, a peak import or the objective of lp and of flex with plan perfect, not their other figures): ${bounds.join(', ')}.` : ''}`;
  return pageHtml(`Hub report: ${hub.name}`, meta, sections);
}

function capitalised(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
