// docs/sources.md lists every default with its source. These tests read the defaults from the code (the
// zod schemas and the exported constants), never from numbers copied here, and check that the page quotes
// each one with the same value; and that no document points to files outside the repository.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hubTariffRates, RATE_NOT_GIVEN } from '../src/model/tariff-rates.js';
import { sweepTariff } from '../src/sweep/context.js';
import { FORECAST_LAG_HOURS } from '../src/economics/imbalance.js';
import { Battery } from '../src/model/battery.js';
import { CbcA, CbcT, Contract, NonFirm, Tdtr } from '../src/model/contract.js';
import { BASELINE_DAYS } from '../src/flex/rights.js';
import { Connection } from '../src/model/connection.js';
import { DEFAULT_REINFORCEMENT, Economics } from '../src/model/economics.js';
import { Arbitrage, Gopacs } from '../src/model/flex-market.js';
import { FlexibleLoad } from '../src/model/flexible.js';
import { Pv, Wind } from '../src/model/generation.js';
import { Axis } from '../src/model/hub.js';
import { Growth, Substation } from '../src/model/rollout.js';
import { DEFAULT_KWMAX_EUR_PER_KW_MONTH, LpStrategy } from '../src/model/strategy.js';
import { VALUE_OF_LOST_LOAD_EUR_PER_KWH, VALUE_OF_LOST_LOAD_SOURCE } from '../src/model/value-of-lost-load.js';
import { SweepEconomics } from '../src/sweep/schema.js';

const root = new URL('../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');
const sources = read('docs/sources.md');

/** Every table row of docs/sources.md as its cells, keyed by its first cell (which must be unique). */
function rows(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const duplicates: string[] = [];
  for (const line of sources.split('\n')) {
    if (!line.startsWith('|') || /^\|[-| ]+\|$/.test(line)) continue;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (out.has(cells[0])) duplicates.push(cells[0]);
    out.set(cells[0], cells);
  }
  // Header rows repeat across tables; a parameter row must not.
  expect(duplicates.filter((d) => !['parameter', 'level', 'profile'].includes(d))).toEqual([]);
  return out;
}
const table = rows();

function row(key: string): string[] {
  const r = table.get(key);
  if (r === undefined) throw new Error(`docs/sources.md has no row "${key}"`);
  return r;
}

/** How the page writes a number: en-US digit grouping, no rounding. */
const fmt = (x: number | string): string => (typeof x === 'number' ? x.toLocaleString('en-US', { maximumFractionDigits: 12 }) : x);
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The value as a whole token: 0.2 is not found in 0.25, nor 20 in 20,000. */
const token = (x: number | string): RegExp => new RegExp(`(?<![\\d.,])${escape(fmt(x))}(?![\\d]|[.,]\\d)`);

const economics = Economics.parse({});
const sweep = SweepEconomics.parse({});
const lp = LpStrategy.parse({ kind: 'lp' });
const cbcT = CbcT.parse({ importCapKw: 0, blocks: [{ fromHour: 0, toHour: 1 }] });
const cbcA = CbcA.parse({ importCapKw: 0 });
const contract = Contract.parse({});
const tdtr = Tdtr.parse({ importCapKw: 0 });
const nonFirm = NonFirm.parse({ importCapKw: 0 });
const gopacs = Gopacs.parse({ bids: [{ resource: 'battery', kw: 1, priceEurPerMwh: 0 }] });
const arbitrage = Arbitrage.parse({});
const battery = Battery.parse({ energyKwh: 1 });
const substation = Substation.parse({ id: 's' });
const growth = Growth.parse({ baseYear: 2025 });

/** [first cell of the row, the default values the row's default cell must quote, the default's source string]. */
const DEFAULTS: [string, (number | string)[], string?][] = [
  ['`economics.spareCapacity`', [economics.spareCapacity], economics.spareCapacitySource],
  ['`substations[].planningMargin`', [substation.planningMargin]],
  ['`economics.hubCapex.infrastructureEur`', [economics.hubCapex.infrastructureEur], economics.hubCapex.source],
  ['`economics.hubCapex.equipmentEur`', [economics.hubCapex.equipmentEur], economics.hubCapex.source],
  ['`economics.hubCapex.softwareEur`', [economics.hubCapex.softwareEur], economics.hubCapex.source],
  ['`economics.hubOpexPerYearEur`', [economics.hubOpexPerYearEur], economics.hubOpexSource],
  ['`economics.hubLifetimeYears`', [economics.hubLifetimeYears], economics.hubLifetimeSource],
  ['`economics.transportTariffs.dso`', [economics.transportTariffs.dso]],
  // Without a tariff block the lp and sweep kWmax rate is the constant, the sweep's contract rate the rate not given.
  ['`strategies[].kwmaxEurPerKwMonth` (kind `lp`)', [DEFAULT_KWMAX_EUR_PER_KW_MONTH], lp.kwmaxSource],
  ['sweep `economics.kwmaxEurPerKwMonth`', [sweepTariff(sweep, undefined).block.kwmaxEurPerKwMonth!], sweep.kwmaxSource],
  ['sweep `economics.contractEurPerKwYear`', [hubTariffRates(sweepTariff(sweep, undefined).block, 1).contractEurPerKwYear], sweep.contractSource],
  ['`tariff` (hub file), sweep `economics.tariff`', [RATE_NOT_GIVEN]],
  ['`contract.cbcT.availabilityEurPerMwYear`, `contract.cbcA.availabilityEurPerMwYear`', [cbcT.availabilityEurPerMwYear, cbcA.availabilityEurPerMwYear], cbcT.source],
  ['`contract.cbcT.activationEurPerMwh`, `contract.cbcA.activationEurPerMwh`', [cbcT.activationEurPerMwh, cbcA.activationEurPerMwh], cbcA.source],
  ['`contract.penaltyEurPerKwh`', [contract.penaltyEurPerKwh], contract.penaltySource],
  ['`contract.tbtrDiscountEurPerKwYear`', [contract.tbtrDiscountEurPerKwYear], contract.tbtrSource],
  ['`contract.tdtr.discountEurPerKwYear`', [tdtr.discountEurPerKwYear], tdtr.source],
  ['`contract.tdtr.maxRestrictedShare`', [tdtr.maxRestrictedShare]],
  ['`contract.tdtr.callBlockHours`', [tdtr.callBlockHours]],
  ['`connection.voltageLevel`', [Connection.parse({}).voltageLevel]],
  ['`contract.cbcA.callBlockHours`', [cbcA.callBlockHours]],
  ['CBC-A baseline days', [BASELINE_DAYS]],
  ['`contract.nonFirm.discountEurPerKwYear`', [nonFirm.discountEurPerKwYear], nonFirm.source],
  ['`contract.nonFirm.maxHoursPerYear`', [nonFirm.maxHoursPerYear]],
  ['`flexMarket.gopacs.willingnessToPayEurPerMwh`', [gopacs.willingnessToPayEurPerMwh], gopacs.source],
  ['`flexMarket.gopacs.nonDeliveryPenaltyEurPerMwh`', [gopacs.nonDeliveryPenaltyEurPerMwh], gopacs.source],
  ['`flexMarket.gopacs.leadTimeHours`', [gopacs.leadTimeHours!]],
  ['`flexMarket.arbitrage.minSpreadEurPerMwh`', [arbitrage.minSpreadEurPerMwh]],
  ['sweep `economics.batteryEurPerKwh`', [sweep.batteryEurPerKwh], sweep.batterySource],
  ['sweep `economics.batteryEurPerKw`', [sweep.batteryEurPerKw], sweep.batterySource],
  ['sweep `economics.pvEurPerKwp`', [sweep.pvEurPerKwp], sweep.pvSource],
  ['`strategies[].wearEurPerKwh` (kind `lp`)', [lp.wearEurPerKwh]],
  ['`strategies[].capViolationEurPerKwh` (kind `lp`)', [lp.capViolationEurPerKwh]],
  ['`economics.valueOfLostLoadEurPerKwh`', [economics.valueOfLostLoadEurPerKwh, VALUE_OF_LOST_LOAD_EUR_PER_KWH], economics.valueOfLostLoadSource],
  ['`valueOfLostLoadEurPerKwh` (hub file)', [VALUE_OF_LOST_LOAD_EUR_PER_KWH]],
  ['`economics.imbalanceForecast`', [economics.imbalanceForecast, FORECAST_LAG_HOURS[economics.imbalanceForecast]]],
  [
    '`growth.business.perYear`, `growth.industry.perYear`, `growth.datacenter.perYear`, `growth.other.perYear`',
    [growth.business.perYear, growth.industry.perYear, growth.datacenter.perYear, growth.other.perYear],
    growth.source,
  ],
  ['`substations[].backgroundGrowthPerYear`', [substation.backgroundGrowthPerYear]],
  ['`economics.capacityRequestStepKw`', [economics.capacityRequestStepKw]],
  ['`economics.discountRate`', [economics.discountRate], economics.discountRateSource],
  ['sweep `economics.discountRate`', [sweep.discountRate], sweep.discountRateSource],
  ['sweep `economics.lifetimeYears`', [sweep.lifetimeYears]],
  ['`battery.chargeEfficiency`', [battery.chargeEfficiency]],
  ['`battery.dischargeEfficiency`', [battery.dischargeEfficiency]],
  ['`battery.socMin`', [battery.socMin]],
  ['`battery.socMax`', [battery.socMax]],
  ['`battery.socInitial`', [battery.socInitial]],
  ['`battery.selfDischargePerHour`', [battery.selfDischargePerHour]],
  ['`flexibleLoad[].maxHoursPerDay`', [FlexibleLoad.parse({ member: 'm', share: 0.5 }).maxHoursPerDay]],
  ['`axis.stepMinutes`', [Axis.parse({}).stepMinutes]],
  ['`pv.profile`', [`\`${String(Pv.parse({ kwp: 1 }).profile)}\``]],
  ['`wind.profile`', [`\`${String(Wind.parse({ ratedKw: 1 }).profile)}\``]],
];

describe('docs/sources.md', () => {
  it('quotes every level of the default reinforcement table with the values of the code', () => {
    for (const level of DEFAULT_REINFORCEMENT) {
      const [, cost, step, lead, life, perMw, source] = row(`\`${level.level}\``);
      expect([cost, step, lead, life, perMw], level.level).toEqual(
        [level.costPerStepEur, level.stepMw, level.leadTimeYears, level.lifetimeYears, level.costPerStepEur / level.stepMw].map(fmt),
      );
      expect(source).toMatch(/Energy Transition Model|ETM/);
      if (level.source.includes('lead time: assumption')) expect(source, level.level).toContain('lead time: assumption');
    }
    const levels = [...table.keys()].filter((k) => /^`(LV|MV|HV)[^`]*`$/.test(k));
    expect(levels).toEqual(DEFAULT_REINFORCEMENT.map((l) => `\`${l.level}\``));
  });

  it.each(DEFAULTS)('quotes %s with the default of the code', (key, values, source) => {
    const cells = row(key);
    for (const v of values) expect(cells[1], `${key}: ${fmt(v)}`).toMatch(token(v));
    // An assumption in the code is called one here.
    if (source !== undefined && /assumption/i.test(source)) expect(cells.slice(2).join(' ')).toMatch(/assumption/i);
  });

  it('names the source of the value of lost load as the code does', () => {
    const cells = row('`economics.valueOfLostLoadEurPerKwh`');
    expect(cells[3]).toContain(VALUE_OF_LOST_LOAD_SOURCE.split(',')[0]);
    expect(cells[3]).toMatch(token(VALUE_OF_LOST_LOAD_EUR_PER_KWH * 1000));
  });

  it('lists every shipped profile with its years', () => {
    const catalogue = JSON.parse(read('profiles/catalogue.json')) as { profiles: { id: string; year: number }[] };
    const ids = [...new Set(catalogue.profiles.map((p) => p.id))];
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const [, years] = row(`\`${id}\``);
      for (const p of catalogue.profiles.filter((q) => q.id === id)) expect(years, id).toContain(String(p.year));
    }
    for (const file of readdirSync(new URL('profiles/tariffs/', root))) row(`\`tariffs/${file}\``);
  });
});

describe('no document points outside the repository', () => {
  const docs = ['README.md', 'profiles/README.md', ...readdirSync(new URL('docs/', root)).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  it.each(docs)('%s mentions neither ../shared nor DESIGN.md', (path) => {
    const text = read(path);
    expect(text).not.toContain('../shared');
    expect(text).not.toContain('DESIGN.md');
  });

  it('no source file in src/ mentions ../shared or DESIGN.md', () => {
    const files = readdirSync(new URL('src/', root), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(0);
    const offending = files.filter((f) => /\.\.\/shared|DESIGN\.md/.test(read(`src/${f}`)));
    expect(offending).toEqual([]);
  });
});
