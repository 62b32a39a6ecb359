import type { RolloutResult } from '../rollout/aggregate.js';
import { WITHOUT_HUBS } from '../rollout/task.js';

const m = (eur: number | null): string => (eur === null ? '-' : (eur / 1e6).toFixed(2));
const n0 = (x: number | null): string => (x === null ? '-' : Math.round(x).toLocaleString('en-US'));
const n1 = (x: number | null): string => (x === null ? '-' : x.toFixed(1));

function table(rows: string[][]): string {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  const lines = rows.map((r) => r.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join('  '));
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return lines.join('\n');
}

/**
 * The terminal summary of a rollout: per strategy, per terrain the peak reduction and capacity freed
 * in the last year, the avoided reinforcement attributed to it, its substation's deferral and the
 * hub's NPV, with totals; then the scenario totals per strategy (and the agenda's figures).
 */
export function rolloutSummary(r: RolloutResult): string {
  const end = r.years[r.years.length - 1];
  const out: string[] = [`rollout ${r.name}: ${r.years[0]}-${end}, weather years ${r.weatherYears.join(', ')}, ${r.hubYears.toLocaleString('en-US')} hub-years`];
  for (const strategy of r.strategies) {
    const rows = [['terrain', 'substation', 'start', `peak red. kW ${end}`, 'freed MW', 'avoided reinf. MEUR', 'deferral y', 'NPV MEUR']];
    for (const e of r.terrainEconomics.filter((x) => x.strategy === strategy)) {
      const substation = r.terrainYears.find((t) => t.terrain === e.terrain)?.substation ?? '';
      const sub = r.substations.find((s) => s.substation === substation && s.strategy === strategy);
      const deferral = sub === undefined ? '-' : `${sub.deferralYears}${sub.deferralBeyondHorizon ? '+' : ''}`;
      rows.push([e.terrain, substation, String(e.hubStartYear), n0(e.peakReductionKw), n1(e.capacityFreedMw), m(e.avoidedReinforcementEur), deferral, m(e.npvEur)]);
    }
    const t = r.totals.find((x) => x.strategy === strategy)!;
    rows.push(['total', '', '', n0(t.peakReductionKw), n1(t.capacityFreedMw), m(t.avoidedReinforcementEur), '', m(t.npvEur)]);
    out.push('', `strategy ${strategy}`, table(rows));
  }
  const rows = [['strategy', 'capex MEUR', 'opex MEUR', 'avoided reinf. MEUR', 'deferral value MEUR', `avoided curt. MEUR/y`, `avoided imb. MEUR/y`, 'NPV MEUR', 'BCR', 'payback', 'freed MW', 'MW/MEUR', 'overloaded subst.']];
  for (const t of r.totals) {
    rows.push([t.strategy, m(t.capexEur), m(t.opexEur), m(t.avoidedReinforcementEur), m(t.deferralValueEur), m(t.avoidedCurtailmentEurPerYear), m(t.avoidedImbalanceEurPerYear), m(t.npvEur), t.benefitCostRatio === null ? '-' : t.benefitCostRatio.toFixed(2), t.paybackYear === null ? '-' : String(t.paybackYear), n1(t.capacityFreedMw), t.mwFreedPerMEur === null ? '-' : t.mwFreedPerMEur.toFixed(2), `${t.substationsOverloadedWith} (${t.substationsOverloadedWithout} ${WITHOUT_HUBS})`]);
  }
  out.push('', `totals (avoided costs per year: ${end})`, table(rows));
  if (r.agenda !== null) {
    const a = r.agenda;
    out.push(
      '',
      `agenda figures (${a.source}):`,
      `  investment ${a.terrains} x EUR ${m(a.capexPerHubEur)}M = EUR ${m(a.investmentEur)}M; avoided investment EUR ${m(a.avoidedInvestmentEur)}M; avoided curtailment and imbalance EUR ${m(a.avoidedCurtailmentImbalanceEurPerYear)}M per year`,
    );
  }
  if (r.failures.length > 0) {
    out.push('', `${r.failures.length} job(s) failed:`);
    for (const f of r.failures.slice(0, 20)) out.push(`  terrain ${f.terrain}, year ${f.year}, weather ${f.weatherYear}, strategy ${f.strategy}: ${f.message}`);
  }
  return `${out.join('\n')}\n`;
}
