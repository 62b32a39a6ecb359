import { BOUND_NOTE, strategyLabel } from '../table.js';
import { ANNUAL_COST_TERMS } from '../../sweep/aggregate.js';
import { SWEEP_COLUMNS } from '../sweep-output.js';
import { humanLabel, unitSuffix } from './labels.js';
import { chartHtml, escapeHtml, pageHtml, textHtml, type PageSection } from './page.js';
import { provenanceSection } from './provenance-section.js';
import { renderSvg } from './render-svg.js';
import { costTargetSpec, picks, targetText, type SweepResultsJson, type SweepRowJson } from './sweep-charts.js';
import { heading, tableHtml, type Heading, type TableCell } from './table.js';

/*
 * report.html of a sweep (hubsim sweep --out): the configurations chosen per terrain, cost against
 * target per terrain, and per terrain every configuration with the spread of its outcomes over the
 * weather draws (P10, P50, P90). Column names are sweep.csv's (data-name), values results.json's.
 */

const STATS = ['p10', 'p50', 'p90'] as const;
const described = new Map(SWEEP_COLUMNS.map((c) => [c.name, c]));

/** A sweep.csv column as a heading: its unit and meaning from SWEEP_COLUMNS. */
function csvHeading(name: string, unit?: string): Heading {
  const c = described.get(name);
  return heading(name, unit ?? c?.unit ?? '', c?.description, c?.basis);
}

/** The heading of a statistic of an outcome, named as sweep.csv names it (peakImportKw_p90). */
function statHeading(r: SweepResultsJson, outcome: string, stat: string): Heading {
  const name = `${outcome}_${stat}`;
  const unit = r.outcomeUnits[outcome] ?? '';
  return { name, label: `${stat === 'mean' ? 'mean' : stat.toUpperCase()} ${humanLabel(outcome, unit)}`, unit, description: described.get(name)?.description };
}

/** The limit the target's statistic must not exceed (an input), in the metric's unit; "limit", not "bound", which names a perfect-foresight figure. */
function limitHeading(r: SweepResultsJson): Heading {
  const unit = r.outcomeUnits[r.sweep.target.metric] ?? '';
  const label = r.sweep.target.atMost === 'importCap' ? 'limit: the import cap (input)' : 'limit (input)';
  return { ...csvHeading('targetBound', unit), label: `${label}${unitSuffix(label, unit)}` };
}

/** The configuration's columns: what was tried (battery, PV, import cap). */
const TRIED = ['batteryEnergyKwh', 'batteryPowerKw', 'pvKwp', 'importCapKw'] as const;
const strategyText = (row: SweepRowJson): string => strategyLabel(row.strategy, row.foresight);

/** The chosen configurations: per terrain the pick (and the causal pick under a bound), what it is, what it costs and meets. */
function chosenTable(r: SweepResultsJson): string {
  const t = r.sweep.target;
  const columns: Heading[] = [
    csvHeading('terrain'),
    { name: 'pick', label: 'pick' },
    csvHeading('configuration'),
    csvHeading('strategy'),
    ...TRIED.map((n) => csvHeading(n)),
    statHeading(r, t.metric, t.statistic),
    limitHeading(r),
    csvHeading('meetsTarget'),
    csvHeading('capexEur'),
    csvHeading('annualCostEur'),
  ];
  const rows = picks(r).map((p) => ({
    key: `${p.terrain}/${p.role}`,
    cells: [p.terrain, p.role, p.row.configuration, strategyText(p.row), ...TRIED.map((n) => p.row[n]), p.row.targetValue, p.row.targetBound, p.row.meetsTarget, p.row.capexEur, p.row.annualCostEur] as TableCell[],
  }));
  return tableHtml({ id: 'chosen', keyColumns: 2, columns, rows });
}

/** A terrain's configurations: what was tried, the target metric's spread, cost, and which was chosen. */
function configurationsTable(r: SweepResultsJson, terrain: string, rows: readonly SweepRowJson[]): string {
  const t = r.sweep.target;
  const chosen = new Map(picks(r).filter((p) => p.terrain === terrain).map((p) => [p.row.configuration, p.role]));
  const stats = t.statistic === 'mean' ? [...STATS, 'mean' as const] : STATS;
  const columns: Heading[] = [
    csvHeading('configuration'),
    csvHeading('strategy'),
    ...TRIED.map((n) => csvHeading(n)),
    ...stats.map((s) => statHeading(r, t.metric, s)),
    limitHeading(r),
    csvHeading('meetsTarget'),
    csvHeading('capexEur'),
    csvHeading('annualCostEur'),
    { name: 'chosen', label: 'chosen' },
  ];
  return tableHtml({
    id: `configurations-${terrain}`,
    keyColumns: 2,
    columns,
    rows: rows.map((row) => ({
      key: `${terrain}/${row.configuration}`,
      cells: [row.configuration, strategyText(row), ...TRIED.map((n) => row[n]), ...stats.map((s) => row.stats[t.metric]?.[s]), row.targetBound, row.meetsTarget, row.capexEur, row.annualCostEur, chosen.get(row.configuration) ?? null] as TableCell[],
    })),
  });
}

/** Every outcome's P10, P50 and P90 over the draws, per configuration (split into parts to fit the page). */
function outcomesTable(r: SweepResultsJson, terrain: string, rows: readonly SweepRowJson[]): string {
  const outcomes = Object.keys(r.outcomeUnits);
  const columns: Heading[] = [csvHeading('configuration'), csvHeading('strategy'), ...outcomes.flatMap((o) => STATS.map((s) => statHeading(r, o, s)))];
  return tableHtml({
    id: `outcomes-${terrain}`,
    keyColumns: 2,
    columns,
    rows: rows.map((row) => ({ key: `${terrain}/${row.configuration}`, cells: [row.configuration, strategyText(row), ...outcomes.flatMap((o) => STATS.map((s) => row.stats[o]?.[s]))] as TableCell[] })),
  });
}

/** report.html of a sweep. */
export async function sweepReportHtml(r: SweepResultsJson): Promise<string> {
  const s = r.sweep;
  const terrains = [...new Set(r.rows.map((x) => x.terrain))];
  const bounds = r.rows.some((x) => x.foresight === 'perfect');
  const sections: PageSection[] = [
    { title: 'Chosen configuration per terrain', html: [chosenTable(r), ...(bounds ? [textHtml(BOUND_NOTE)] : [])].join('\n') },
    {
      title: 'Cost against target',
      html: chartHtml({
        id: 'cost-target',
        caption: `Each configuration at its annual cost (annualCostEur), against ${humanLabel(s.target.metric, r.outcomeUnits[s.target.metric] ?? '')} over the weather draws: the grey bar spans P10 to P90, the tick is P50, the coloured point is the target's statistic (${s.target.statistic}); the dashed red line is the target's limit (${targetText(r)}). Chosen: the picks of the table above.`,
        svg: await renderSvg(costTargetSpec(r), 'cost-target'),
      }),
    },
    ...terrains.map((terrain) => {
      const rows = r.rows.filter((x) => x.terrain === terrain);
      return {
        title: `Configurations of ${terrain}`,
        html: [
          configurationsTable(r, terrain, rows),
          `<h3>${escapeHtml(`Every outcome of ${terrain} over the weather draws: P10, P50, P90`)}</h3>`,
          outcomesTable(r, terrain, rows),
        ].join('\n'),
      };
    }),
  ];
  const provenance = provenanceSection(r);
  if (provenance !== undefined) sections.push(provenance);
  const e = s.economics;
  const drawn = `${s.draws.count} synthetic weather years (seed ${s.draws.seed}, ${s.draws.block} blocks${s.draws.sourceYears !== undefined ? ` from ${s.draws.sourceYears.join(' and ')}` : ''})`;
  const meta = `hubsim sweep: ${r.hubYears.toLocaleString('en-US')} hub-years: ${terrains.length} terrain(s) x ${drawn} x configurations. Target: ${targetText(r)}. Annual cost (sweep.csv annualCostEur): ${ANNUAL_COST_TERMS}; the annuity over ${e.lifetimeYears} years at ${(e.discountRate * 100).toFixed(1)}%.`;
  return pageHtml(`Sweep report: ${s.name}`, meta, sections);
}
