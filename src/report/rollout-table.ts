import type { RolloutResult } from '../rollout/aggregate.js';
import { firstPassName, WITHOUT_HUBS } from '../rollout/task.js';

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
  out.push(...flexSections(r, end));
  const rows = [['strategy', 'capex MEUR', 'opex MEUR', 'avoided reinf. MEUR', 'deferral value MEUR', `avoided curt. MEUR/y`, `avoided imb. MEUR/y`, 'flex MEUR/y', 'NPV MEUR', 'BCR', 'payback', 'freed MW', 'MW/MEUR', 'overloaded subst.']];
  for (const t of r.totals) {
    rows.push([t.strategy, m(t.capexEur), m(t.opexEur), m(t.avoidedReinforcementEur), m(t.deferralValueEur), m(t.avoidedCurtailmentEurPerYear), m(t.avoidedImbalanceEurPerYear), m(t.flexRevenueEurPerYear), m(t.npvEur), t.benefitCostRatio === null ? '-' : t.benefitCostRatio.toFixed(2), t.paybackYear === null ? '-' : String(t.paybackYear), n1(t.capacityFreedMw), t.mwFreedPerMEur === null ? '-' : t.mwFreedPerMEur.toFixed(2), `${t.substationsOverloadedWith} (${t.substationsOverloadedWithout} ${WITHOUT_HUBS})`]);
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

const k = (eur: number | null | undefined): string => (eur === null || eur === undefined ? '-' : Math.round(eur / 1000).toLocaleString('en-US'));

/**
 * For each flex strategy (one with a first pass): per terrain in the last year, revenue by product
 * and compliance; per substation, the peak and overload hours before the grid operator's requests
 * (pass 1) and answering them (pass 2), and the reinforcement each pass needs.
 */
function flexSections(r: RolloutResult, end: number): string[] {
  const out: string[] = [];
  for (const strategy of r.strategies) {
    const first = firstPassName(strategy);
    if (!r.strategies.includes(first)) continue;
    const rows = [['terrain', 'CBC-T kEUR', 'CBC-A kEUR', 'CBC-A h', 'GOPACS kEUR', 'GOPACS MWh', 'arbitrage kEUR', 'penalties kEUR', 'flex kEUR', 'h > cap', 'MWh > cap', 'ACM']];
    for (const t of r.terrainYears.filter((x) => x.strategy === strategy && x.year === end && x.hubActive)) {
      const v = t.metrics;
      const sum = (a: string, b: string): number | null => (v[a] === null || v[b] === null ? null : v[a]! + v[b]!);
      rows.push([
        t.terrain,
        k(sum('cbcTAvailabilityEur', 'cbcTActivationEur')),
        k(sum('cbcAAvailabilityEur', 'cbcAActivationEur')),
        n0(v.cbcAHoursCalled),
        k(v.gopacsRevenueEur),
        n1(v.gopacsDeliveredKwh === null ? null : v.gopacsDeliveredKwh / 1000),
        k(v.arbitrageRevenueEur),
        k(sum('contractPenaltyEur', 'gopacsPenaltyEur')),
        k(v.flexRevenueEur),
        n0(v.hoursAboveImportCap),
        n1(v.energyAboveImportCapKwh === null ? null : v.energyAboveImportCapKwh / 1000),
        v.acmUnderused === 1 ? 'flag' : '-',
      ]);
    }
    out.push('', `strategy ${strategy}: flex revenue by product and compliance per terrain, ${end}`, table(rows));
    const subs = [['substation', `peak kW before requests ${end}`, `peak kW with flex ${end}`, 'overload h before', 'overload h with flex', 'reinf. MEUR before', 'reinf. MEUR with flex']];
    for (const s of r.substations.filter((x) => x.strategy === strategy)) {
      const y1 = r.substationYears.find((x) => x.substation === s.substation && x.strategy === first && x.year === end);
      const y2 = r.substationYears.find((x) => x.substation === s.substation && x.strategy === strategy && x.year === end);
      const before = r.substations.find((x) => x.substation === s.substation && x.strategy === first);
      subs.push([s.substation, n0(y1?.peakLoadKw ?? null), n0(y2?.peakLoadKw ?? null), n0(y1?.overloadHours ?? null), n0(y2?.overloadHours ?? null), m(before?.reinforcementEur ?? null), m(s.reinforcementEur)]);
    }
    out.push('', `strategy ${strategy}: substations before the grid operator's requests (pass 1) and with the hubs answering them (pass 2)`, table(subs));
  }
  return out;
}
