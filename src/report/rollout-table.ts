import type { RolloutResult, StrategyTotals, SubstationYearRow, TerrainYearRow } from '../rollout/aggregate.js';
import { firstPassName, WITHOUT_HUBS, type TerrainYearMetric } from '../rollout/task.js';
import type { TerrainEconomics } from '../rollout/terrain-economics.js';
import { eurText, fmt, fmtYear } from './format.js';
import { BOUND_NOTE, strategyLabel } from './table.js';
import { textTable, wrapText, type TextColumn } from './text-table.js';
import { hubStartNotes } from './hub-start-note.js';
import { unservedBelowZeroNote } from './unserved-note.js';
import { npvWithoutVoll, vollNote } from './voll-note.js';
import { rowsShown } from './rows-shown.js';

/*
 * The terminal summary of a rollout (docs/economics.md), at most TERMINAL_WIDTH characters wide. Every
 * table keeps three kinds of figure apart, each in a labelled block of columns:
 *   "in <year>"                 the figure of that one year (the last horizon year unless said);
 *   "over <start>-<end>"        the horizon: one-off sums, undiscounted; counts of years; first years;
 *   "present value at <base>"   discounted to the base year: avoided reinforcement, NPVs, BCR.
 * Every figure is simulated unless its header says input or claim.
 */

const MEUR = 1e6;
const money = (eur: number | null | undefined): string => fmt(eur, 2, MEUR);
const kEur = (eur: number | null | undefined): string => fmt(eur, 0, 1e3);
const kw = (x: number | null | undefined): string => fmt(x, 0);
/** What the grid operator orders reinforcement for (economics.reinforcementPlansOn), in words. */
const PLANNED_ON: Record<RolloutResult['economicsConvention']['reinforcementPlansOn'], string> = {
  'served-load': 'load served',
  'served-load-and-requests': 'load served and the requests waiting',
};
/** For which year (economics.reinforcementPlansFor), in words. */
const PLANNED_FOR: Record<RolloutResult['economicsConvention']['reinforcementPlansFor'], string> = {
  'year-found': 'of the year it is found',
  'in-service-year': 'expected when a step comes into service',
};
const mw = (kWorMw: number | null | undefined, scale = 1): string => fmt(kWorMw, 1, scale);
const gwh = (kwh: number | null | undefined): string => fmt(kwh, 2, 1e6);
const hours = (h: number | null | undefined): string => fmt(h, 0);

const left = (header: string, group?: string): TextColumn => ({ header, align: 'left', group });
const right = (header: string, group?: string): TextColumn => ({ header, align: 'right', group });

/** The block labels of a rollout's tables. */
interface Blocks {
  readonly end: number;
  readonly inEnd: string;
  readonly sum: string;
  readonly pv: string;
}

function blocksOf(r: RolloutResult): Blocks {
  const end = r.years[r.years.length - 1];
  return { end, inEnd: `in ${end}`, sum: `over ${r.years[0]}-${end}`, pv: `present value\nat ${r.economicsConvention.baseYear}` };
}

/** The rollout's summary: convention, substations without hubs, per strategy its terrains and substations, flex, totals, agenda. */
export function rolloutSummary(r: RolloutResult): string {
  const b = blocksOf(r);
  const c = r.economicsConvention;
  const out: string[] = [
    wrapText(`rollout ${r.name}: ${r.years[0]}-${b.end}, weather years ${r.weatherYears.join(', ')}, ${r.hubYears.toLocaleString('en-US')} hub-years`),
    wrapText(
      `money: ${c.currency}, discounted at ${fmt(c.discountRate * 100, 1)}% to ${c.baseYear}; investments at the start of their year, other flows at its end, residual values at the horizon end (docs/economics.md)`,
    ),
    wrapText(`capacity requests: ${c.capacityRequests}; reinforcement planned on the ${PLANNED_ON[c.reinforcementPlansOn]} ${PLANNED_FOR[c.reinforcementPlansFor]}; energy not served and lost shed load valued at EUR ${c.valueOfLostLoadEurPerKwh}/kWh (input)`),
    ...(c.peaks !== undefined ? [wrapText(c.peaks)] : []),
    wrapText(
      `columns in blocks: "${b.inEnd}" the figures of that year, the last of the horizon; "${b.sum}" sums over the horizon (undiscounted), counts of years and first years; "${b.pv.replace('\n', ' ')}" discounted at ${fmt(c.discountRate * 100, 1)}% a year; every figure is simulated except those marked "(input)"`,
    ),
    ...hubStartNotes(r.terrainEconomics, r.years[0], b.end).map((n) => wrapText(n)),
    '',
    'substations without hubs',
    substationsWithout(r, b),
  ];
  for (const strategy of r.strategies) out.push(...strategySections(r, b, strategy));
  out.push(...flexSections(r, b));
  out.push(...totalsSections(r, b));
  out.push(...agendaSection(r));
  if (r.failures.length > 0) {
    out.push('', `${r.failures.length} job(s) failed:`);
    for (const f of r.failures.slice(0, 20)) out.push(wrapText(`  terrain ${f.terrain}, year ${f.year}, weather ${f.weatherYear}, strategy ${f.strategy}: ${f.message}`));
  }
  return `${out.join('\n')}\n`;
}

/** Each substation without hubs: its capacity, its load and overload in the last year, what its grid orders and waits for. */
function substationsWithout(r: RolloutResult, b: Blocks): string {
  const columns = [
    left('substation'),
    left('capacity\nbasis'),
    right('capacity at\nstart MW'),
    right('capacity\nMW', b.inEnd),
    right('peak\nMW', b.inEnd),
    right('overload\nh', b.inEnd),
    right('first\noverload', b.sum),
    right('ordered\nMEUR', b.sum),
    right('built\nMEUR', b.sum),
    right('waiting\nyears', b.sum),
    right('waiting\nGWh', b.sum),
    right('reinf.\nMEUR', b.pv),
  ];
  const all = r.substations.filter((s) => s.strategy === WITHOUT_HUBS);
  // The substations shown: the most overloaded in the last year, then the most reinforcement ordered.
  const shown = rowsShown(all, (s) => [substationYear(r, s.substation, WITHOUT_HUBS, b.end)?.overloadHours ?? 0, s.reinforcementOrderedEur]);
  const rows = shown
    .map((s) => {
      const last = substationYear(r, s.substation, WITHOUT_HUBS, b.end);
      return [
        s.substation,
        // A firm capacity is the scenario's (an input); an estimated one the model's (docs/economics.md section 2).
        s.capacityBasis === 'firm' ? 'firm (input)' : s.capacityBasis,
        mw(s.initialCapacityKw, 1000),
        // In service in the last year: the start capacity plus the steps built by then (the weakest level's).
        mw(last?.capacityInServiceKw, 1000),
        mw(last?.peakLoadKw, 1000),
        hours(last?.overloadHours),
        fmtYear(s.firstOverloadYear),
        money(s.reinforcementOrderedEur),
        money(s.reinforcementInHorizonEur),
        String(s.waitingYears),
        gwh(s.waitingEnergyKwh),
        money(s.reinforcementPvEur),
      ];
    });
  return [textTable(columns, rows), ...cutNote(shown.length, all.length, 'substations', `the most overloaded in ${b.end}, then those ordering the most reinforcement`, 'substations.csv and substation-years.csv')].join('\n');
}

/** The first row of a table for each (place, strategy, year), made once per result: a national rollout has some 10^5 rows. */
function firstRows<T extends { strategy: string; year: number }>(rows: readonly T[], place: (row: T) => string): Map<string, T> {
  const index = new Map<string, T>();
  for (const row of rows) {
    const key = rowKey(place(row), row.strategy, row.year);
    if (!index.has(key)) index.set(key, row);
  }
  return index;
}

const rowKey = (place: string, strategy: string, year: number): string => `${place}\u0000${strategy}\u0000${year}`;
const substationYearIndex = new WeakMap<RolloutResult, Map<string, SubstationYearRow>>();
const terrainYearIndex = new WeakMap<RolloutResult, Map<string, TerrainYearRow>>();

/** The substation's row of that strategy and year (the first, as Array.find gives it). */
function substationYear(r: RolloutResult, substation: string, strategy: string, year: number): SubstationYearRow | undefined {
  let index = substationYearIndex.get(r);
  if (index === undefined) substationYearIndex.set(r, (index = firstRows(r.substationYears, (y) => y.substation)));
  return index.get(rowKey(substation, strategy, year));
}

/** The terrain's row of that strategy and year (the first, as Array.find gives it). */
function terrainYear(r: RolloutResult, terrain: string, strategy: string, year: number): TerrainYearRow | undefined {
  let index = terrainYearIndex.get(r);
  if (index === undefined) terrainYearIndex.set(r, (index = firstRows(r.terrainYears, (y) => y.terrain)));
  return index.get(rowKey(terrain, strategy, year));
}

/** A note as wrapped lines, or none. */
const lines = (note: string | null): string[] => (note === null ? [] : [wrapText(note)]);

/** A strategy's name, marked when it is a perfect-foresight bound. */
const label = (r: RolloutResult, strategy: string): string => strategyLabel(strategy, r.strategyForesight[strategy]);

/** The line under a table cut by rowsShown; none when every row is shown. */
function cutNote(shown: number, all: number, what: string, which: string, files: string): string[] {
  if (shown === all) return [];
  return [wrapText(`${shown} of ${all.toLocaleString('en-US')} ${what} shown, ${which}; every one is in ${files} (--out DIR) and results.json`)];
}

/** Per strategy: its terrains in the last year; their sums and present values; its substations. */
function strategySections(r: RolloutResult, b: Blocks, strategy: string): string[] {
  const economics = r.terrainEconomics.filter((x) => x.strategy === strategy);
  // The terrains shown: those with the largest society NPV either way (the same in both tables).
  const shown = rowsShown(economics, (e) => [Math.abs(e.npvSocietyEur)]);
  const terrainsCut = cutNote(shown.length, economics.length, 'terrains', 'those with the largest society NPV either way', 'terrain-economics.csv and terrain-years.csv');
  const t = r.totals.find((x) => x.strategy === strategy)!;
  const name = label(r, strategy);
  return [
    '',
    `strategy ${name}: per terrain, capacity and hours above the caps in ${b.end}`,
    terrainCapacity(r, b, strategy, economics, shown, t),
    ...terrainsCut,
    loweredAtPeakNote(t),
    '',
    wrapText(`strategy ${name}: per terrain, energy not served and money`),
    terrainMoney(b, shown, t),
    ...terrainsCut,
    ...lines(unservedBelowZeroNote(r, strategy)),
    '',
    `strategy ${name}: per substation`,
    ...substationTable(r, b, strategy, economics),
  ];
}

/**
 * The terrains shown, in the last year: what the hub lowers its own peak and its substation's peak by,
 * the capacity it frees or lacks, and the hours above its caps; with the total over all terrains.
 */
function terrainCapacity(r: RolloutResult, b: Blocks, strategy: string, economics: readonly TerrainEconomics[], shown: readonly TerrainEconomics[], t: StrategyTotals): string {
  const capacity = [
    left('terrain'),
    left('substation'),
    right('hub\nstart\n(input)'),
    right("hub's own\npeak red. kW", b.inEnd),
    right('lowered at\nsubst. peak kW', b.inEnd),
    right('freed\nMW', b.inEnd),
    right('short\nkW', b.inEnd),
    right('h > import\ncap granted', b.inEnd),
    right('h > export\ncap', b.inEnd),
  ];
  const capacityRows = shown.map((e) => {
    const last = terrainYear(r, e.terrain, strategy, b.end);
    return [
      e.terrain,
      e.substation,
      fmtYear(e.hubStartYear),
      kw(e.peakReductionKw),
      kw(e.substationPeakLoweredKw),
      mw(e.capacityFreedMw),
      kw(e.capacityShortKw),
      hours(last?.hoursAboveGrantedCap),
      hours(last?.metrics.hoursAboveExportCap),
    ];
  });
  // The terrains' parts add up (all terrains, shown or not); the substations' own peaks can fall by
  // less, their peak moving to another hour: that sum is the totals' and the substation table's.
  const loweredAtPeak = economics.reduce((sum, e) => sum + e.substationPeakLoweredKw, 0);
  capacityRows.push(['total', '', '', kw(t.peakReductionKw), kw(loweredAtPeak), mw(t.capacityFreedMw), '', '', '']);
  return textTable(capacity, capacityRows);
}

/** What "lowered at subst. peak" and a freed "-" mean, with how far the substations' own peaks fell. */
function loweredAtPeakNote(t: StrategyTotals): string {
  return wrapText(
    `lowered at subst. peak: the terrain's import without hubs less with the strategy, at the hour of its substation's peak without hubs (worst weather year); the substations' own peaks fell by ${kw(t.substationPeakReductionKw)} kW in all, a peak moving to another hour (per substation below). freed "-": the hub needs more than its granted cap (short kW) or has not started, and frees nothing`,
  );
}

/** The terrains shown over the horizon: energy not served, years waiting, and their money; with the strategy's total. */
function terrainMoney(b: Blocks, shown: readonly TerrainEconomics[], t: StrategyTotals): string {
  const money_ = [
    left('terrain'),
    right('unserved\nGWh', b.sum),
    right('waiting\nyears', b.sum),
    right('avoided curt.\n+imb. kEUR', b.sum),
    right('avoided\nunserved MEUR', b.sum),
    right('lost shed\nMEUR', b.sum),
    right('avoided reinf.\nkEUR', b.pv),
    right('NPV society\nMEUR', b.pv),
  ];
  const moneyRow = (name: string, x: { unservedEnergyKwh: number; avoidedCurtailmentEur: number; avoidedImbalanceEur: number; avoidedUnservedEur: number; lostShedEur: number; avoidedReinforcementPvEur: number; npvSocietyEur: number }, waiting: string): string[] => [
    name,
    gwh(x.unservedEnergyKwh),
    waiting,
    kEur(x.avoidedCurtailmentEur + x.avoidedImbalanceEur),
    money(x.avoidedUnservedEur),
    money(x.lostShedEur),
    kEur(x.avoidedReinforcementPvEur),
    money(x.npvSocietyEur),
  ];
  const moneyRows = shown.map((e) => moneyRow(e.terrain, e, String(e.waitingYears)));
  moneyRows.push(moneyRow('total', t, ''));
  return textTable(money_, moneyRows);
}

/**
 * The strategy's substations shown: its hubs' own peak reduction beside the substation's, the peak and
 * overload hours without hubs and with them in the last year, and over the horizon the overloads,
 * raised peaks, deferral, connectable energy and avoided reinforcement.
 */
function substationTable(r: RolloutResult, b: Blocks, strategy: string, economics: readonly TerrainEconomics[]): string[] {
  const subs = [
    left('substation'),
    right("hubs' own\npeak red. kW", b.inEnd),
    right('subst. peak\nred. kW', b.inEnd),
    // Beside the hubs' own reduction, the substation's peak and overload hours without hubs and with them.
    right('peak MW\nwithout', b.inEnd),
    right('peak MW\nwith', b.inEnd),
    right('overload h\nwithout', b.inEnd),
    right('overload h\nwith', b.inEnd),
    right('first\noverload', b.sum),
    right('years peak\nraised', b.sum),
    right('most\nraised kW', b.sum),
    right('deferral\nyears', b.sum),
    right('connectable\nGWh', b.sum),
    right('avoided\nreinf. kEUR', b.pv),
  ];
  // The hubs' own peak reduction per substation, added in the terrains' order.
  const ownBySubstation = new Map<string, number>();
  for (const e of economics) ownBySubstation.set(e.substation, (ownBySubstation.get(e.substation) ?? 0) + (e.peakReductionKw ?? 0));
  const substations = r.substations.filter((x) => x.strategy === strategy);
  // The substations shown: those whose avoided reinforcement is largest either way, then the most overloaded.
  const subShown = rowsShown(substations, (s) => [Math.abs(s.avoidedReinforcementPvEur), substationYear(r, s.substation, strategy, b.end)?.overloadHours ?? 0]);
  const substationsCut = cutNote(subShown.length, substations.length, 'substations', 'those whose avoided reinforcement is largest either way, then the most overloaded', 'substations.csv and substation-years.csv');
  const subRows = subShown
    .map((s) => {
      const last = substationYear(r, s.substation, strategy, b.end);
      const without = substationYear(r, s.substation, WITHOUT_HUBS, b.end);
      const own = ownBySubstation.get(s.substation) ?? 0;
      return [
        s.substation,
        kw(own),
        kw(last === undefined ? undefined : 0 - last.peakChangeKw),
        mw(without?.peakLoadKw, 1000),
        mw(last?.peakLoadKw, 1000),
        hours(without?.overloadHours),
        hours(last?.overloadHours),
        fmtYear(s.firstOverloadYear),
        String(s.yearsPeakRaised),
        s.yearsPeakRaised === 0 ? '-' : kw(s.mostPeakRaisedKw),
        `${s.deferralYears}${s.deferralBeyondHorizon ? '+' : ''}`,
        gwh(s.connectableEnergyKwh),
        kEur(s.avoidedReinforcementPvEur),
      ];
    });
  return [textTable(subs, subRows), ...substationsCut];
}

/**
 * For each flex strategy (one with a first pass): per terrain in the last year, revenue by product
 * and compliance; per substation, the peak and overload hours before the grid operator's requests
 * (pass 1) and answering them (pass 2), and the reinforcement each pass needs.
 */
function flexSections(r: RolloutResult, b: Blocks): string[] {
  const out: string[] = [];
  for (const strategy of r.strategies) {
    const first = firstPassName(strategy);
    if (!r.strategies.includes(first)) continue;
    const columns = [
      left('terrain'),
      right('CBC avail.\nkEUR (input)', b.inEnd),
      right('CBC act.\nkEUR', b.inEnd),
      right('CBC-A\nh called', b.inEnd),
      right('TDTR h\nrestricted', b.inEnd),
      right('non-firm h\nlimited', b.inEnd),
      right('GOPACS\nkEUR', b.inEnd),
      right('GOPACS\nMWh', b.inEnd),
      right('arbitrage\nkEUR', b.inEnd),
      right('penalties\nkEUR', b.inEnd),
      right('flex\nkEUR', b.inEnd),
      right('h > import\ncap', b.inEnd),
      right('MWh > import\ncap', b.inEnd),
      right('ACM\nunderused', b.inEnd),
    ];
    const active = r.terrainYears.filter((x) => x.strategy === strategy && x.year === b.end && x.hubActive);
    // The terrains shown: those with the largest flex revenue either way.
    const shownActive = rowsShown(active, (t) => [Math.abs(t.metrics.flexRevenueEur ?? 0)]);
    const rows = shownActive
      .map((t) => {
        const v = t.metrics;
        const sum = (a: TerrainYearMetric, c: TerrainYearMetric): number | null => (v[a] === null || v[c] === null ? null : v[a]! + v[c]!);
        return [
          t.terrain,
          // The availability fees follow from the contract alone (inputs); the activation fees from the calls.
          kEur(sum('cbcTAvailabilityEur', 'cbcAAvailabilityEur')),
          kEur(sum('cbcTActivationEur', 'cbcAActivationEur')),
          hours(v.cbcAHoursCalled),
          hours(v.tdtrHoursRestricted),
          hours(v.nonFirmHoursLimited),
          kEur(v.gopacsRevenueEur),
          fmt(v.gopacsDeliveredKwh, 1, 1000),
          kEur(v.arbitrageRevenueEur),
          kEur(sum('contractPenaltyEur', 'gopacsPenaltyEur')),
          kEur(v.flexRevenueEur),
          hours(v.hoursAboveImportCap),
          fmt(v.energyAboveImportCapKwh, 1, 1000),
          v.acmUnderused === 1 ? 'flag' : '-',
        ];
      });
    out.push('', wrapText(`strategy ${label(r, strategy)}: flex revenue by product and compliance per terrain in ${b.end} (every product's own figures: flex-years.csv)`), textTable(columns, rows));
    out.push(...cutNote(shownActive.length, active.length, 'terrains', 'those with the largest flex revenue either way', 'terrain-years.csv'));
    const subColumns = [
      left('substation'),
      right('before\nrequests', `peak MW in ${b.end}`),
      right('with\nflex', `peak MW in ${b.end}`),
      right('before\nrequests', `overload h in ${b.end}`),
      right('with\nflex', `overload h in ${b.end}`),
      right('before\nrequests', `${b.pv}: reinf. MEUR`),
      right('with\nflex', `${b.pv}: reinf. MEUR`),
    ];
    const flexSubstations = r.substations.filter((x) => x.strategy === strategy);
    // The substations shown: the most overloaded before the requests.
    const shownSubstations = rowsShown(flexSubstations, (s) => [substationYear(r, s.substation, first, b.end)?.overloadHours ?? 0]);
    const subRows = shownSubstations
      .map((s) => {
        const y1 = substationYear(r, s.substation, first, b.end);
        const y2 = substationYear(r, s.substation, strategy, b.end);
        const before = r.substations.find((x) => x.substation === s.substation && x.strategy === first);
        return [s.substation, mw(y1?.peakLoadKw, 1000), mw(y2?.peakLoadKw, 1000), hours(y1?.overloadHours), hours(y2?.overloadHours), money(before?.reinforcementPvEur), money(s.reinforcementPvEur)];
      });
    out.push('', wrapText(`strategy ${label(r, strategy)}: substations before the grid operator's requests (pass 1) and with the hubs answering them (pass 2)`), textTable(subColumns, subRows));
    out.push(...cutNote(shownSubstations.length, flexSubstations.length, 'substations', `the most overloaded in ${b.end} before the requests`, 'substation-years.csv'));
  }
  return out;
}

/** The totals per strategy in three tables: the last year, the horizon sums, the present values. */
function totalsSections(r: RolloutResult, b: Blocks): string[] {
  const activeLast = (strategy: string): TerrainYearRow[] => r.terrainYears.filter((y) => y.strategy === strategy && y.year === b.end && y.hubActive);
  const sumOf = (rows: TerrainYearRow[], get: (y: TerrainYearRow) => number | null): number => rows.reduce((s, y) => s + (get(y) ?? 0), 0);

  const year = [
    left('strategy'),
    right('freed\nMW', b.inEnd),
    right('diversity\nMW', b.inEnd),
    right('control\nMW', b.inEnd),
    right('freed kW\nper capex\nMEUR', b.inEnd),
    right('hubs\nshort of\ncapacity', b.inEnd),
    right('subst.\npeak red.\nkW', b.inEnd),
    right('hub-hours\n> import cap\ngranted', b.inEnd),
    right('hub-hours\n> export\ncap', b.inEnd),
  ];
  const sums = [
    left('strategy'),
    right('capex\nMEUR\n(input)', b.sum),
    right('avoided\ncurt.+imb.\nkEUR', b.sum),
    right('avoided\nunserved\nMEUR', b.sum),
    right('lost shed\nMEUR', b.sum),
    right('unserved\nGWh', b.sum),
    right('subst.\noverloaded\n(w/o hubs)', b.sum),
    right('subst.-\nyears peak\nraised', b.sum),
    right('payback\nyear', b.sum),
  ];
  const pv = [
    left('strategy'),
    right('avoided reinf.\nkEUR', b.pv),
    right('NPV society\nMEUR', b.pv),
    right('of which\nVoLL MEUR', b.pv),
    right('NPV grid op.\nMEUR', b.pv),
    right('NPV members\nMEUR', b.pv),
    right('benefit-cost\nratio', b.pv),
  ];
  const yearRows: string[][] = [];
  const sumRows: string[][] = [];
  const pvRows: string[][] = [];
  for (const t of r.totals) {
    const name = label(r, t.strategy);
    const last = activeLast(t.strategy);
    yearRows.push([
      name,
      mw(t.capacityFreedMw),
      mw(t.diversityMw),
      mw(t.controlMw),
      fmt(t.mwFreedPerMEur === null ? null : t.mwFreedPerMEur * 1000, 1),
      String(t.hubsShortOfCapacity),
      kw(t.substationPeakReductionKw),
      hours(sumOf(last, (y) => y.hoursAboveGrantedCap)),
      hours(sumOf(last, (y) => y.metrics.hoursAboveExportCap)),
    ]);
    sumRows.push([
      name,
      money(t.capexEur),
      kEur(t.avoidedCurtailmentEur + t.avoidedImbalanceEur),
      money(t.avoidedUnservedEur),
      money(t.lostShedEur),
      gwh(t.unservedEnergyKwh),
      `${t.substationsOverloadedWith} (${t.substationsOverloadedWithout})`,
      String(t.substationYearsPeakRaised),
      fmtYear(t.paybackYear),
    ]);
    pvRows.push([name, kEur(t.avoidedReinforcementPvEur), money(t.npvSocietyEur), money(vollPv(t)), money(t.npvGridOperatorEur), money(t.npvMembersEur), fmt(t.benefitCostRatio, 2)]);
  }
  const out = [
    '',
    wrapText(`totals in ${b.end}: capacity freed, the substations' peaks, and hours above the caps summed over the active hubs`),
    textTable(year, yearRows),
    '',
    wrapText(
      `totals over ${r.years[0]}-${b.end}: sums, undiscounted; substations overloaded in some year with the strategy (and without hubs); payback: the first year from which the society's cumulative undiscounted flow stays at or above zero to the horizon's end`,
    ),
    textTable(sums, sumRows),
    '',
    wrapText(
      `totals in present value at ${r.economicsConvention.baseYear} (of which VoLL: the present value of avoided unserved energy and lost shed load, the part of the society's NPV that rests on the value of lost load)`,
    ),
    textTable(pv, pvRows),
  ];
  const voll = vollNote(r.totals, (s) => label(r, s));
  if (voll !== null) out.push(wrapText(voll));
  if (r.strategies.some((s) => r.strategyForesight[s] === 'perfect')) out.push(BOUND_NOTE);
  return out;
}

/** The part of a strategy's society NPV that rests on the value of lost load (EUR; voll-note.ts). */
const vollPv = (t: StrategyTotals): number | null => npvWithoutVoll(t)?.voll ?? null;

/** The agenda's claims (inputs) beside the simulated figures, one figure per heading, and what each claim implies. */
function agendaSection(r: RolloutResult): string[] {
  if (r.agendaCheck.length === 0) return [];
  const value = (x: number | null, unit: string): string =>
    x === null ? '-' : unit === '1' ? fmt(x, 2) : unit.startsWith('EUR') ? `${eurText(x)}${unit.slice(3)}` : fmt(x, 1);
  const columns = [left('figure (unit), strategy'), right('claim\n(input)'), right('simulated'), right('ratio')];
  const rows: string[][] = [];
  const figures = [...new Set(r.agendaCheck.map((a) => a.figure))];
  for (const figure of figures) {
    const of = r.agendaCheck.filter((a) => a.figure === figure);
    const cells = (a: (typeof of)[number]): string[] => [
      value(a.claimed, a.unit),
      `${value(a.simulated, a.unit)}${a.basis === 'simulated' ? '' : ' (input)'}`,
      fmt(a.ratio, 2),
    ];
    const head = `${figure} (${of[0].unit})`;
    if (of.length === 1) rows.push([`${head}${of[0].strategy === '-' || of[0].strategy === WITHOUT_HUBS ? '' : `, ${label(r, of[0].strategy)}`}`, ...cells(of[0])]);
    else {
      rows.push([head, '', '', '']);
      for (const a of of) rows.push([`  ${label(r, a.strategy)}`, ...cells(a)]);
    }
  }
  const out = [
    '',
    wrapText('agenda check: each claim (an input) beside the simulated figure ("(input)": the model\'s figure is itself an input; ratio: claim / simulated)'),
    textTable(columns, rows),
    '',
    'what each claim needs to hold:',
  ];
  const seen = new Set<string>();
  for (const a of r.agendaCheck) {
    const line = `  ${a.figure}${a.strategy === '-' ? '' : ` [${label(r, a.strategy)}]`}: to hold, ${a.impliedAssumption}${a.note === '' ? '' : `; note: ${a.note}`}`;
    if (!seen.has(line)) out.push(wrapText(line, undefined, '    '));
    seen.add(line);
  }
  return out;
}
