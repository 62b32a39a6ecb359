import type { Hub } from './hub.js';
import type { HubTariff } from './tariff.js';
import { quote, quoteList } from '../errors.js';
import { fileSafe, strategyName } from './strategy.js';
import { dsoNamed, shippedTariffs, transportTariffOfYear } from '../profiles/transport-tariffs.js';

/** One problem found by a cross-reference check: a stable code, the field path and a sentence. */
export interface Problem {
  code: string;
  path: (string | number)[];
  message: string;
}

type Check = (hub: Hub) => Problem[];

const uniqueMemberIds: Check = (hub) => {
  const seen = new Set<string>();
  return hub.members.flatMap((m, i) => {
    if (seen.has(m.id)) return [{ code: 'hub.duplicateId', path: ['members', i, 'id'], message: `member id ${quote(m.id)} is used twice; ids must be unique` }];
    seen.add(m.id);
    return [];
  });
};

const flexibleMembersExist: Check = (hub) => {
  const ids = new Set(hub.members.map((m) => m.id));
  return hub.flexibleLoad.flatMap((f, i) =>
    ids.has(f.member)
      ? []
      : [{ code: 'hub.unknownMember', path: ['flexibleLoad', i, 'member'], message: `no member ${quote(f.member)}; members are ${quoteList([...ids])}` }],
  );
};

/** Shed energy comes back at the earliest in the next step, so the recovery time is at least one step. */
const recoveryWithinSteps: Check = (hub) => {
  const stepHours = hub.axis.stepMinutes / 60;
  return hub.flexibleLoad.flatMap((f, i) =>
    f.recoverWithinHours === undefined || f.recoverWithinHours >= stepHours - 1e-9
      ? []
      : [
          {
            code: 'hub.contradiction',
            path: ['flexibleLoad', i, 'recoverWithinHours'],
            message: `${f.recoverWithinHours} h is shorter than one step of ${hub.axis.stepMinutes} min: shed energy comes back at the earliest in the next step; give at least ${stepHours} h`,
          },
        ],
  );
};

const memberProfileScaling: Check = (hub) =>
  hub.members.flatMap((m, i) => {
    const p = m.profile;
    if (typeof p === 'number' || Array.isArray(p)) return [];
    const scalings = (['annualKwh', 'peakKw', 'meanKw'] as const).filter((k) => p[k] !== undefined);
    const isShape = 'shape' in p || p.unit === 'shape';
    const path = ['members', i, 'profile'];
    if (isShape && scalings.length !== 1) {
      return [{ code: 'hub.contradiction', path, message: `a shape needs exactly one of annualKwh, peakKw or meanKw (found ${scalings.length === 0 ? 'none' : scalings.join(', ')})` }];
    }
    if (!isShape && scalings.length > 0) {
      return [{ code: 'hub.contradiction', path, message: `a file in ${p.unit} is absolute power; remove ${scalings.join(', ')} or set unit: shape` }];
    }
    return [];
  });

const batteryLimits: Check = (hub) => {
  const b = hub.battery;
  if (b === undefined) return [];
  const out: Problem[] = [];
  if (!(b.socMin <= b.socInitial && b.socInitial <= b.socMax)) {
    out.push({ code: 'hub.contradiction', path: ['battery'], message: `need socMin <= socInitial <= socMax, found ${b.socMin}, ${b.socInitial}, ${b.socMax}` });
  }
  if (b.powerKw === undefined && (b.chargeKw === undefined || b.dischargeKw === undefined)) {
    out.push({ code: 'hub.contradiction', path: ['battery'], message: 'give powerKw, or both chargeKw and dischargeKw' });
  }
  return out;
};

const axisFields: Check = (hub) => {
  const a = hub.axis;
  if (a.start !== undefined && a.year !== undefined) return [{ code: 'hub.contradiction', path: ['axis'], message: 'give either year or start and steps, not both' }];
  if (a.start !== undefined && a.steps === undefined) return [{ code: 'hub.contradiction', path: ['axis'], message: 'start needs steps' }];
  if (a.start === undefined && a.steps !== undefined) return [{ code: 'hub.contradiction', path: ['axis'], message: 'steps needs start (a year always has all its steps)' }];
  return [];
};

const strategies: Check = (hub) => {
  const seen = new Map<string, string>();
  return (hub.strategies ?? []).flatMap((s, i) => {
    const out: Problem[] = [];
    const name = strategyName(s);
    const file = fileSafe(name).toLowerCase();
    const other = seen.get(file);
    if (other === name) out.push({ code: 'hub.duplicateStrategy', path: ['strategies', i], message: `strategy name ${quote(name)} is used twice; give one a name` });
    else if (other !== undefined) out.push({ code: 'hub.duplicateStrategy', path: ['strategies', i], message: `strategy names ${quote(other)} and ${quote(name)} both write series-${fileSafe(name)}.csv; rename one` });
    else seen.set(file, name);
    if (s.kind === 'peak-shaving' && s.thresholdKw !== undefined && s.thresholdQuantile !== undefined) {
      out.push({ code: 'hub.contradiction', path: ['strategies', i], message: 'give thresholdKw or thresholdQuantile, not both' });
    }
    if (s.kind === 'grid-aware') {
      out.push({ code: 'hub.contradiction', path: ['strategies', i, 'kind'], message: 'grid-aware lowers its substation\'s load, which a hub file does not describe: use it in a rollout (hubsim rollout)' });
    }
    return out;
  });
};

/** The cross-reference checks, run in order after the schema has accepted the file. */
const contractTerms: Check = (hub) => {
  const c = hub.contract;
  if (c === undefined) return [];
  const ids = new Set(hub.members.map((m) => m.id));
  const out: Problem[] = [];
  const blocks: [string | number, ...(string | number)[]][] = [];
  c.tbtr.forEach((_, i) => blocks.push(['tbtr', i]));
  c.cbcT?.blocks.forEach((_, i) => blocks.push(['cbcT', 'blocks', i]));
  for (const path of blocks) {
    const b = path[0] === 'tbtr' ? c.tbtr[path[1] as number] : c.cbcT!.blocks[path[2] as number];
    if (b.fromHour >= b.toHour) out.push({ code: 'hub.contradiction', path: ['contract', ...path], message: `a block needs fromHour < toHour, found ${b.fromHour} and ${b.toHour}` });
  }
  c.groupMinimums.forEach((g, i) => {
    if (!ids.has(g.member)) out.push({ code: 'hub.unknownMember', path: ['contract', 'groupMinimums', i, 'member'], message: `no member "${g.member}"; members are ${[...ids].join(', ')}` });
  });
  const cap = hub.connection.importCapKw;
  const total = c.groupMinimums.reduce((s, g) => s + g.minimumKw, 0);
  if (typeof cap === 'number' && total > cap) {
    out.push({ code: 'hub.contradiction', path: ['contract', 'groupMinimums'], message: `the members' minimums add up to ${total} kW, above the collective import cap of ${cap} kW` });
  }
  for (const key of ['tdtr', 'nonFirm'] as const) {
    const right = c[key];
    if (right !== undefined && right.importCapKw === undefined && right.exportCapKw === undefined) {
      out.push({ code: 'hub.missingField', path: ['contract', key], message: `a ${key === 'tdtr' ? 'TDTR' : 'non-firm'} right needs the cap it restricts to: give importCapKw and/or exportCapKw` });
    }
  }
  for (const key of ['cbcT', 'cbcA'] as const) {
    const cbc = c[key];
    if (cbc === undefined) continue;
    const name = key === 'cbcT' ? 'CBC-T' : 'CBC-A';
    const side = cbc.direction === 'export' ? 'exportCapKw' : 'importCapKw';
    const other = cbc.direction === 'export' ? 'importCapKw' : 'exportCapKw';
    const own = cbc[side];
    const firm = hub.connection[side];
    if (own === undefined) {
      out.push({ code: 'hub.missingField', path: ['contract', key, side], message: `an ${cbc.direction} ${name} needs ${side}, the lower cap it keeps to` });
    } else if (cbc[other] !== undefined) {
      out.push({ code: 'hub.contradiction', path: ['contract', key, other], message: `an ${cbc.direction} ${name} limits ${cbc.direction} only: give ${side}, not ${other} (a contract of the other direction is a separate offer)` });
    } else if (typeof firm === 'number' && own >= firm) {
      out.push({ code: 'hub.contradiction', path: ['contract', key, side], message: `a ${name} cap of ${own} kW gives up nothing below the firm cap of ${firm} kW; set it lower` });
    } else if (firm === undefined) {
      out.push({ code: 'hub.contradiction', path: ['contract', key], message: `a CBC lowers the firm ${cbc.direction} cap: set connection.${side}` });
    }
  }
  return out;
};

const congestionBlocks: Check = (hub) =>
  (hub.flexMarket?.congestionBlocks ?? []).flatMap((b, i) =>
    b.fromHour < b.toHour
      ? []
      : [{ code: 'hub.contradiction', path: ['flexMarket', 'congestionBlocks', i], message: `a block needs fromHour < toHour, found ${b.fromHour} and ${b.toHour}` }],
  );

const gopacsBids: Check = (hub) =>
  (hub.flexMarket?.gopacs?.bids ?? []).flatMap((b, i) => {
    const wrong = (b.direction === 'import' && b.resource === 'curtailment') || (b.direction === 'export' && b.resource === 'shedding');
    return wrong
      ? [{ code: 'hub.contradiction', path: ['flexMarket', 'gopacs', 'bids', i], message: `a ${b.direction} bid cannot be delivered by ${b.resource}; use battery or ${b.direction === 'import' ? 'shedding' : 'curtailment'}` }]
      : [];
  });

const flexStrategies: Check = (hub) =>
  (hub.strategies ?? []).flatMap((s, i) =>
    s.kind === 'flex' && hub.battery === undefined && hub.flexMarket?.gopacs?.bids.every((b) => b.resource === 'battery') !== false
      ? [{ code: 'hub.contradiction', path: ['strategies', i], message: 'the flex strategy needs a battery (or GOPACS bids on shedding); add a battery' }]
      : [],
  );

/** The calendar year a hub is scored on: its axis year, the year its axis starts, or the default 2023. */
export function scoredYear(hub: Hub): number {
  return hub.axis?.year ?? (hub.axis?.start !== undefined ? new Date(hub.axis.start).getUTCFullYear() : 2023);
}

/**
 * A peak shaver sized on a design year needs that year in a hub file (a rollout uses the previous
 * simulated year), and a design year, like the year an MPC's forecaster is trained on, is one a
 * controller can know: before the year scored.
 */
const designYears: Check = (hub) =>
  (hub.strategies ?? []).flatMap((s, i) => {
    if (s.kind === 'mpc' && s.trainYear !== undefined && s.trainYear >= scoredYear(hub)) {
      return [{ code: 'hub.contradiction', path: ['strategies', i, 'trainYear'], message: `trainYear ${s.trainYear} is not before the year scored (${scoredYear(hub)}): a forecaster trained on the year it controls knows it in advance; give an earlier year` }];
    }
    if (s.kind !== 'peak-shaving' && s.kind !== 'mpc' && s.kind !== 'flex') return [];
    if (s.kind === 'peak-shaving' && s.thresholdFrom === 'design-year' && s.thresholdKw === undefined && s.designYear === undefined) {
      return [{ code: 'hub.missingField', path: ['strategies', i, 'designYear'], message: 'thresholdFrom design-year needs the designYear its threshold is sized on, e.g. designYear: 2019' }];
    }
    if (s.kind === 'flex' && s.designYear !== undefined && s.plan === 'perfect') {
      return [{ code: 'hub.contradiction', path: ['strategies', i, 'designYear'], message: 'flex with plan perfect plans each day on its own load and sizes its level on the year scored: it reads no designYear; remove it (or plan forecast, whose forecasts, margin and online levels start with its last days)' }];
    }
    const scored = scoredYear(hub);
    if (s.designYear !== undefined && s.designYear >= scored) {
      return [{ code: 'hub.contradiction', path: ['strategies', i, 'designYear'], message: `designYear ${s.designYear} is not before the year scored (${scored}): a controller knows only earlier years; give an earlier year${s.kind === 'peak-shaving' ? ' (thresholdFrom hindsight is the in-sample bound)' : ''}` }];
    }
    return [];
  });

/**
 * A tariff by operator and year needs both, and the shipped table must hold them (no substitute year
 * is taken for a hub file: the rates of another year are another tariff); a tariff with neither needs
 * a rate.
 */
const tariffTable: Check = (hub) => (hub.tariff === undefined ? [] : tariffProblems(hub.tariff, ['tariff'], { missing: 'hub.missingField', unknown: 'hub.unknownTariff' }));

/** The problems of a tariff block at `path` (a hub file's, a sweep's), with the file kind's codes for a missing field and a tariff not shipped. */
export function tariffProblems(t: HubTariff, path: (string | number)[], codes: { missing: string; unknown: string }): Problem[] {
  if ((t.operator === undefined) !== (t.year === undefined)) {
    const missing = t.operator === undefined ? 'operator' : 'year';
    return [{ code: codes.missing, path: [...path, missing], message: `a tariff by operator and year needs both; add ${missing} (shipped: ${shippedTariffs()})` }];
  }
  if (t.operator === undefined) {
    const rates = [t.vastrechtEurPerYear, t.contractEurPerKwYear, t.kwmaxEurPerKwMonth, t.energyEurPerKwh];
    return rates.every((r) => r === undefined)
      ? [{ code: codes.missing, path, message: `give operator and year (shipped: ${shippedTariffs()}) or at least one rate` }]
      : [];
  }
  const dso = dsoNamed(t.operator);
  if (dso === null || transportTariffOfYear(dso, t.year!, 1) === null) {
    const what = dso === null ? `no shipped tariffs of operator ${quote(t.operator)}` : `no shipped tariffs of ${t.operator} for ${t.year}`;
    return [{ code: codes.unknown, path: [...path, dso === null ? 'operator' : 'year'], message: `${what}; shipped: ${shippedTariffs()}` }];
  }
  return [];
}

/** The cross-reference checks, run in order after the schema has accepted the file. */
export const CHECKS: readonly Check[] = [uniqueMemberIds, flexibleMembersExist, recoveryWithinSteps, memberProfileScaling, batteryLimits, axisFields, strategies, contractTerms, congestionBlocks, gopacsBids, flexStrategies, designYears, tariffTable];

export function checkHub(hub: Hub): Problem[] {
  return CHECKS.flatMap((check) => check(hub));
}
