import type { RolloutResult } from '../rollout/aggregate.js';
import { firstPassName, WITHOUT_HUBS } from '../rollout/task.js';

const m = (eur: number | null): string => (eur === null ? '-' : (eur / 1e6).toFixed(2));
const n0 = (x: number | null): string => (x === null ? '-' : Math.round(x).toLocaleString('en-US'));
const n1 = (x: number | null): string => (x === null ? '-' : x.toFixed(1));
const gwh = (kwh: number | null): string => (kwh === null ? '-' : (kwh / 1e6).toFixed(2));
const mw = (kw: number | null): string => (kw === null ? '-' : (kw / 1000).toFixed(1));
const year = (y: number | null): string => (y === null ? '-' : String(y));

function table(rows: string[][]): string {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  const lines = rows.map((r) => r.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join('  '));
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return lines.join('\n');
}

/**
 * The terminal summary of a rollout (docs/economics.md): the money convention; the substations
 * without hubs; per strategy, per terrain the capacity figures of the last year and the terrain's
 * share of avoided reinforcement and its NPV, and per substation what the strategy changes; the totals
 * per strategy; and the agenda's claims beside the simulated figures. Every figure is simulated
 * unless its heading says input or claim.
 */
export function rolloutSummary(r: RolloutResult): string {
  const end = r.years[r.years.length - 1];
  const c = r.economicsConvention;
  const out: string[] = [
    `rollout ${r.name}: ${r.years[0]}-${end}, weather years ${r.weatherYears.join(', ')}, ${r.hubYears.toLocaleString('en-US')} hub-years`,
    `money: ${c.currency}, discounted at ${(c.discountRate * 100).toFixed(1)}% to ${c.baseYear}; investments at the start of their year, other flows at its end, residual values at the horizon end (docs/economics.md)`,
    `capacity requests: ${c.capacityRequests}; energy not served and lost shed load valued at EUR ${c.valueOfLostLoadEurPerKwh}/kWh (input)`,
    c.peaks,
  ];

  const subs = [['substation', 'capacity basis', 'capacity MW', 'first overload', 'orders MEUR', 'in service in horizon MEUR', 'PV MEUR', 'waiting years', 'waiting GWh']];
  for (const s of r.substations.filter((x) => x.strategy === WITHOUT_HUBS)) {
    subs.push([s.substation, s.capacityBasis, n1(s.initialCapacityKw / 1000), year(s.firstOverloadYear), m(s.reinforcementOrderedEur), m(s.reinforcementInHorizonEur), m(s.reinforcementPvEur), String(s.waitingYears), gwh(s.waitingEnergyKwh)]);
  }
  out.push('', 'substations without hubs', table(subs));

  for (const strategy of r.strategies) {
    const rows = [['terrain', 'substation', 'start', `peak red. kW`, 'at subst. peak kW', 'freed MW', 'short kW', 'h > cap', 'unserved GWh', 'wait y', 'reinf. PV MEUR', 'NPV society MEUR']];
    for (const e of r.terrainEconomics.filter((x) => x.strategy === strategy)) {
      const last = r.terrainYears.find((y) => y.terrain === e.terrain && y.strategy === strategy && y.year === end);
      rows.push([e.terrain, e.substation, String(e.hubStartYear), n0(e.peakReductionKw), n0(e.substationPeakLoweredKw), e.capacityFreedMw === null ? '-' : e.capacityFreedMw.toFixed(1), n0(e.capacityShortKw), n0(last?.hoursAboveGrantedCap ?? null), gwh(e.unservedEnergyKwh), String(e.waitingYears), m(e.avoidedReinforcementPvEur), m(e.npvSocietyEur)]);
    }
    const t = r.totals.find((x) => x.strategy === strategy)!;
    rows.push(['total', '', '', n0(t.peakReductionKw), n0(t.substationPeakReductionKw), t.capacityFreedMw.toFixed(1), '', '', gwh(t.unservedEnergyKwh), '', m(t.avoidedReinforcementPvEur), m(t.npvSocietyEur)]);
    out.push('', `strategy ${label(r, strategy)}: per terrain (capacity and hours above the granted cap in ${end}; energy, waiting years and money over the horizon)`, table(rows));
    const perSub = [
      ['substation', `hubs' own red. kW`, `peak MW ${end} without`, 'with', `overload h ${end} without`, 'with', 'years raised', 'most raised kW', 'first overload', 'avoided reinf. PV MEUR', 'deferral y', 'connectable GWh'],
    ];
    for (const s of r.substations.filter((x) => x.strategy === strategy)) {
      const at = (v: string) => r.substationYears.find((y) => y.substation === s.substation && y.strategy === v && y.year === end);
      const last = at(strategy);
      const ref = at(WITHOUT_HUBS);
      const own = r.terrainEconomics.filter((e) => e.strategy === strategy && e.substation === s.substation).reduce((sum, e) => sum + (e.peakReductionKw ?? 0), 0);
      perSub.push([
        s.substation,
        n0(own),
        mw(ref?.peakLoadKw ?? null),
        mw(last?.peakLoadKw ?? null),
        n0(ref?.overloadHours ?? null),
        n0(last?.overloadHours ?? null),
        String(s.yearsPeakRaised),
        s.yearsPeakRaised === 0 ? '-' : n0(s.mostPeakRaisedKw),
        year(s.firstOverloadYear),
        m(s.avoidedReinforcementPvEur),
        `${s.deferralYears}${s.deferralBeyondHorizon ? '+' : ''}`,
        gwh(s.connectableEnergyKwh),
      ]);
    }
    out.push(table(perSub));
  }
  out.push(...flexSections(r, end));

  const money = [['strategy', 'capex MEUR (input)', 'reinf. PV MEUR', 'curt.+imb. MEUR', 'unserved MEUR', 'lost shed MEUR', 'NPV society', 'of which VoLL', 'NPV grid op.', 'NPV members', 'BCR', 'payback']];
  const capacity = [['strategy', `freed MW ${end}`, 'diversity MW', 'control MW', 'MW/MEUR', 'short hubs', 'subst. peak red. kW', 'overloaded subst.', 'subst.-years raised']];
  for (const t of r.totals) {
    const vollPv = t.avoidedUnservedPvEur + t.lostShedPvEur;
    money.push([label(r, t.strategy), m(t.capexEur), m(t.avoidedReinforcementPvEur), m(t.avoidedCurtailmentEur + t.avoidedImbalanceEur), m(t.avoidedUnservedEur), m(t.lostShedEur), m(t.npvSocietyEur), m(vollPv), m(t.npvGridOperatorEur), m(t.npvMembersEur), t.benefitCostRatio === null ? '-' : t.benefitCostRatio.toFixed(2), year(t.paybackYear)]);
    capacity.push([label(r, t.strategy), t.capacityFreedMw.toFixed(1), t.diversityMw.toFixed(1), t.controlMw.toFixed(1), t.mwFreedPerMEur === null ? '-' : t.mwFreedPerMEur.toFixed(2), String(t.hubsShortOfCapacity), n0(t.substationPeakReductionKw), `${t.substationsOverloadedWith} (${t.substationsOverloadedWithout} ${WITHOUT_HUBS})`, String(t.substationYearsPeakRaised)]);
  }
  out.push('', `totals: money over ${r.years[0]}-${end} (sums undiscounted, NPVs in MEUR at ${c.baseYear}; of which VoLL: the present value of avoided unserved energy and lost shed load, the part of the NPV that rests on the value of lost load)`, table(money));
  if (r.strategies.some((s) => r.strategyForesight[s] === 'perfect')) out.push('(bound): a perfect-foresight bound: it plans with the year it is scored on, which no controller knows; the others decide from data before each step');
  out.push('', `totals: capacity in ${end}`, table(capacity));

  if (r.agendaCheck.length > 0) {
    const rows = [['figure', 'strategy', 'claim (input)', 'simulated', 'basis', 'ratio']];
    const value = (x: number | null, unit: string): string => (x === null ? '-' : unit === '1' ? x.toFixed(2) : unit.startsWith('EUR') ? `${m(x)}M` : n1(x));
    for (const a of r.agendaCheck) rows.push([`${a.figure} (${a.unit})`, a.strategy, value(a.claimed, a.unit), value(a.simulated, a.unit), a.basis, a.ratio === null ? '-' : a.ratio.toFixed(2)]);
    out.push('', 'agenda check: each claim (an input) beside the simulated figure', table(rows));
    const seen = new Set<string>();
    for (const a of r.agendaCheck) {
      const line = `  ${a.figure}${a.strategy === '-' ? '' : ` [${a.strategy}]`}: to hold, ${a.impliedAssumption}${a.note === '' ? '' : `; note: ${a.note}`}`;
      if (!seen.has(line)) out.push(line);
      seen.add(line);
    }
  }
  if (r.failures.length > 0) {
    out.push('', `${r.failures.length} job(s) failed:`);
    for (const f of r.failures.slice(0, 20)) out.push(`  terrain ${f.terrain}, year ${f.year}, weather ${f.weatherYear}, strategy ${f.strategy}: ${f.message}`);
  }
  return `${out.join('\n')}\n`;
}

/** A strategy's name, marked when it is a perfect-foresight bound. */
const label = (r: RolloutResult, strategy: string): string => (r.strategyForesight[strategy] === 'perfect' ? `${strategy} (bound)` : strategy);

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
    const subs = [['substation', `peak kW before requests ${end}`, `peak kW with flex ${end}`, 'overload h before', 'overload h with flex', 'reinf. PV MEUR before', 'reinf. PV MEUR with flex']];
    for (const s of r.substations.filter((x) => x.strategy === strategy)) {
      const y1 = r.substationYears.find((x) => x.substation === s.substation && x.strategy === first && x.year === end);
      const y2 = r.substationYears.find((x) => x.substation === s.substation && x.strategy === strategy && x.year === end);
      const before = r.substations.find((x) => x.substation === s.substation && x.strategy === first);
      subs.push([s.substation, n0(y1?.peakLoadKw ?? null), n0(y2?.peakLoadKw ?? null), n0(y1?.overloadHours ?? null), n0(y2?.overloadHours ?? null), m(before?.reinforcementPvEur ?? null), m(s.reinforcementPvEur)]);
    }
    out.push('', `strategy ${strategy}: substations before the grid operator's requests (pass 1) and with the hubs answering them (pass 2)`, table(subs));
  }
  return out;
}
