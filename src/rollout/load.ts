import { strategyName } from '../model/strategy.js';
import { resolve as resolvePath } from 'node:path';
import { fail, failAll, HubsimError, namedBy, problemLine, problemsOf, quote, quoteList, type ProblemLine } from '../errors.js';
import { MAX_GROWTH_FACTOR, MAX_HUB_YEARS, MAX_POWER_KW } from '../limits.js';
import { growthFactor } from '../economics/growth.js';
import { DEFAULT_REINFORCEMENT, type ReinforcementLevel } from '../model/economics.js';
import { readUserDocument } from '../files.js';
import { dataFilesIn, hubDataFiles } from '../model/data-files.js';
import { hubFromSource, loadHub, parseSource, validate, type LoadedHub, type ParsedDocuments } from '../model/load.js';
import { MEMBER_KINDS } from '../model/member.js';
import { Rollout } from '../model/rollout.js';
import { fieldPath, type SourceFile } from '../model/source.js';
import { catalogue } from '../profiles/catalogue.js';

export interface LoadedRollout {
  readonly rollout: Rollout;
  readonly source: SourceFile;
  /** Each terrain's hub, loaded and cross-checked (its axis is set per weather year when run). */
  readonly hubs: readonly LoadedHub[];
  readonly years: readonly number[];
  readonly levels: readonly ReinforcementLevel[];
}

/** A view of part of a scenario file as its own source, so inline hubs keep their line numbers. */
function subSource(parent: SourceFile, prefix: (string | number)[], data: unknown): SourceFile {
  return { path: parent.path, dir: parent.dir, data, lineOf: (p) => parent.lineOf([...prefix, ...p]), fieldPrefix: [...(parent.fieldPrefix ?? []), ...prefix] };
}

/** Records a problem at a field of the rollout file (its path in the file's data). */
type ProblemAt = (p: (string | number)[], code: string, message: string) => void;

/**
 * Read, validate and cross-check a rollout scenario and every hub it refers to; a file `parsed` holds
 * with the same text is not parsed again.
 */
export function loadRollout(path: string, parsed?: ParsedDocuments): LoadedRollout {
  const source = parseSource(path, readUserDocument(path, 'rollout.notFound'), 'rollout.badSyntax', parsed);
  if (source.data === null || typeof source.data !== 'object') fail('rollout.invalidField', { file: path, line: 1 }, 'the file must hold a rollout object');
  const rollout = validate(Rollout, source, 'rollout.invalidField');
  // Every cross-check runs and every terrain's hub is loaded; their problems are reported together.
  const problems: ProblemLine[] = [];
  const at: ProblemAt = (p, code, message) => {
    problems.push(problemLine(code, { file: path, line: source.lineOf(p), field: fieldPath(p) }, message));
  };
  const years = horizonYears(rollout, source, at);
  checkWeatherYears(rollout, at);
  const table = rollout.economics.reinforcement ?? DEFAULT_REINFORCEMENT;
  checkGrowth(rollout, table, at);
  checkLevels(table, at);
  const substationIds = checkSubstations(rollout, table, at);
  const hubs = terrainHubs(rollout, source, substationIds, at, problems, parsed);
  checkSubstationsUsed(rollout, substationIds, at);
  checkValueOfLostLoad(rollout, hubs, at);
  checkRequestsPlannedOn(rollout, at);
  checkStrategies(rollout, at);
  if (problems.length > 0) failAll(problems);
  return { rollout, source, hubs: hubs as LoadedHub[], years, levels: table };
}

/**
 * The horizon's years, and the size of the run before anything is resolved: every terrain, year,
 * strategy (and the reference) and weather year is one hub-year; a run above MAX_HUB_YEARS stops here.
 */
function horizonYears(rollout: Rollout, source: SourceFile, at: ProblemAt): number[] {
  const { startYear, endYear } = rollout.horizon;
  if (endYear < startYear) at(['horizon'], 'rollout.contradiction', `endYear ${endYear} is before startYear ${startYear}`);
  const years = Array.from({ length: endYear - startYear + 1 }, (_, i) => startYear + i);
  const hubYears = rollout.terrains.length * years.length * (rollout.strategies.length + 1) * rollout.weatherYears.length;
  if (hubYears > MAX_HUB_YEARS) {
    fail('rollout.tooLarge', { file: source.path, line: source.lineOf(['terrains']), field: 'terrains' }, `${rollout.terrains.length} terrains x ${years.length} years x ${rollout.strategies.length + 1} strategies (with the reference) x ${rollout.weatherYears.length} weather years = ${hubYears} hub-years, above the limit of ${MAX_HUB_YEARS}; split the study`);
  }
  return years;
}

/** Every weather year has shipped profiles, and is listed once. */
function checkWeatherYears(rollout: Rollout, at: ProblemAt): void {
  const shipped = new Set(catalogue().map((e) => e.year));
  rollout.weatherYears.forEach((w, i) => {
    if (!shipped.has(w)) at(['weatherYears', i], 'rollout.unknownWeatherYear', `no shipped profiles for ${w}; shipped years are ${[...shipped].sort().join(', ')}`);
  });
  if (new Set(rollout.weatherYears).size !== rollout.weatherYears.length) at(['weatherYears'], 'rollout.duplicateId', 'a weather year is listed twice');
}

/**
 * Demand growth stays below MAX_GROWTH_FACTOR in every year the rollout reads: the year before the
 * horizon (a design year), the horizon, the next year (requests) and a level's lead time ahead (plans
 * for the in-service year).
 */
function checkGrowth(rollout: Rollout, table: readonly ReinforcementLevel[], at: ProblemAt): void {
  const { startYear, endYear } = rollout.horizon;
  const lastRead = endYear + 1 + Math.max(0, ...table.map((l) => l.leadTimeYears));
  for (const kind of MEMBER_KINDS) {
    for (let y = startYear - 1; y <= lastRead; y++) {
      const f = growthFactor(rollout.growth[kind], rollout.growth.baseYear, y);
      if (!(f <= MAX_GROWTH_FACTOR)) {
        at(['growth', kind], 'rollout.absurdValue', `demand grows to ${f} times the hub files' in ${y}, beyond the limit of ${MAX_GROWTH_FACTOR}; check the factors and perYear`);
        break;
      }
    }
  }
}

/** Each reinforcement level is defined once. */
function checkLevels(table: readonly ReinforcementLevel[], at: ProblemAt): void {
  table.forEach((l, j) => {
    if (table.findIndex((other) => other.level === l.level) !== j) {
      at(['economics', 'reinforcement', j, 'level'], 'rollout.duplicateLevel', `reinforcement level ${quote(l.level)} is defined twice; give each level once`);
    }
  });
}

/**
 * Each substation has its own id, a capacity within MAX_POWER_KW and known voltage levels, each listed
 * once; returns the substations' ids.
 */
function checkSubstations(rollout: Rollout, table: readonly ReinforcementLevel[], at: ProblemAt): Set<string> {
  const substationIds = new Set<string>();
  rollout.substations.forEach((s, i) => {
    if (substationIds.has(s.id)) at(['substations', i, 'id'], 'rollout.duplicateId', `substation id ${quote(s.id)} is used twice`);
    substationIds.add(s.id);
    if (s.capacityKw !== undefined && s.capacityKw > MAX_POWER_KW) {
      at(['substations', i, 'capacityKw'], 'rollout.absurdValue', `${s.capacityKw} kW is beyond the limit of ${MAX_POWER_KW} kW (10 GW), above any substation; check the unit`);
    }
    s.voltageLevels.forEach((level, j) => {
      if (!table.some((l) => l.level === level)) {
        at(['substations', i, 'voltageLevels', j], 'rollout.unknownLevel', `no reinforcement level ${quote(level)}; known levels are ${quoteList(table.map((l) => l.level))}`);
      } else if (s.voltageLevels.indexOf(level) !== j) {
        at(['substations', i, 'voltageLevels', j], 'rollout.duplicateLevel', `reinforcement level ${quote(level)} is listed twice; it would be paid twice: list it once`);
      }
    });
  });
  return substationIds;
}

/**
 * Each terrain's hub, loaded from its file or from the rollout's own text (undefined where it has
 * problems, which join `problems`); each terrain has its own id and a known substation.
 */
function terrainHubs(
  rollout: Rollout,
  source: SourceFile,
  substationIds: ReadonlySet<string>,
  at: ProblemAt,
  problems: ProblemLine[],
  parsed: ParsedDocuments | undefined,
): (LoadedHub | undefined)[] {
  const path = source.path;
  const terrainIds = new Set<string>();
  return rollout.terrains.map((t, i) => {
    if (terrainIds.has(t.id)) at(['terrains', i, 'id'], 'rollout.duplicateId', `terrain id ${quote(t.id)} is used twice`);
    terrainIds.add(t.id);
    if (!substationIds.has(t.substation)) {
      at(['terrains', i, 'substation'], 'rollout.unknownSubstation', `no substation ${quote(t.substation)}; substations are ${quoteList([...substationIds])}`);
    }
    try {
      if (typeof t.hub === 'string') return loadHub(resolvePath(source.dir, t.hub), parsed);
      const raw = (source.data as { terrains: { hub: unknown }[] }).terrains[i].hub;
      return hubFromSource(subSource(source, ['terrains', i, 'hub'], raw));
    } catch (err) {
      if (!(err instanceof HubsimError)) throw err;
      // A hub file that cannot be read is told at the terrain that names it.
      const told = err.code === 'hub.notFound' ? namedBy({ file: path, line: source.lineOf(['terrains', i, 'hub']), field: fieldPath(['terrains', i, 'hub']) }, err, source.dir) : err;
      problems.push(...problemsOf(told));
      return undefined;
    }
  });
}

/**
 * A substation is studied through the terrains on it: one without any has no load to simulate (asked
 * only when every terrain names a known substation: a misspelt one is the problem then).
 */
function checkSubstationsUsed(rollout: Rollout, substationIds: ReadonlySet<string>, at: ProblemAt): void {
  const used = new Set(rollout.terrains.map((t) => t.substation));
  const allKnown = [...used].every((id) => substationIds.has(id));
  rollout.substations.forEach((s, i) => {
    if (allKnown && !used.has(s.id)) at(['substations', i, 'id'], 'rollout.substationWithoutTerrains', `substation ${quote(s.id)} has no terrain on it; add a terrain with substation: ${s.id}, or remove the substation`);
  });
}

/** One value of lost load per rollout (docs/economics.md section 8): a hub may repeat it, not change it. */
function checkValueOfLostLoad(rollout: Rollout, hubs: readonly (LoadedHub | undefined)[], at: ProblemAt): void {
  const voll = rollout.economics.valueOfLostLoadEurPerKwh;
  hubs.forEach((loaded, i) => {
    const own = loaded?.hub.valueOfLostLoadEurPerKwh;
    if (own !== undefined && own !== voll) {
      at(
        ['terrains', i, 'hub', 'valueOfLostLoadEurPerKwh'],
        'rollout.contradiction',
        `the hub prices lost load at EUR ${own}/kWh and the rollout at EUR ${voll}/kWh (economics.valueOfLostLoadEurPerKwh); a rollout has one price: remove it from the hub or set economics.valueOfLostLoadEurPerKwh`,
      );
    }
  });
}

/** Requests are what the queue convention plans on: with capacityRequests unserved no hub makes one. */
function checkRequestsPlannedOn(rollout: Rollout, at: ProblemAt): void {
  if (rollout.economics.reinforcementPlansOn === 'served-load-and-requests' && rollout.growth.capacityRequests === 'unserved') {
    at(
      ['economics', 'reinforcementPlansOn'],
      'rollout.contradiction',
      'served-load-and-requests plans on the capacity hubs request, and with growth.capacityRequests: unserved no hub requests any: set capacityRequests to request, or reinforcementPlansOn to served-load',
    );
  }
}

/**
 * What a strategy reads in a rollout comes from the terrain's own years (no designYear or trainYear),
 * mpc on the model needs a second weather year to train on, and each strategy's name is its own.
 */
function checkStrategies(rollout: Rollout, at: ProblemAt): void {
  const names = new Set<string>();
  rollout.strategies.forEach((s, i) => {
    if (s.kind === 'peak-shaving' && s.designYear !== undefined) {
      at(['strategies', i, 'designYear'], 'rollout.invalidField', 'in a rollout a design-year threshold is sized on the terrain\'s previous simulated year; remove designYear');
    }
    if (s.kind === 'mpc' && s.trainYear !== undefined) at(['strategies', i, 'trainYear'], 'rollout.invalidField', 'in a rollout the forecaster of each weather year is trained on the other weather year; remove trainYear');
    if (s.kind === 'mpc' && s.designYear !== undefined) at(['strategies', i, 'designYear'], 'rollout.invalidField', 'in a rollout MPC starts each year with the last 14 days of the terrain\'s year before; remove designYear');
    if (s.kind === 'flex' && s.designYear !== undefined) at(['strategies', i, 'designYear'], 'rollout.invalidField', 'in a rollout flex (plan forecast) starts each year with the last days of the terrain\'s year before (its online levels and its margin), and plan perfect reads none; remove designYear');
    if (s.kind === 'mpc' && s.forecast === 'model' && rollout.weatherYears.length < 2) {
      at(['weatherYears'], 'rollout.invalidField', 'mpc with forecast model is trained on another weather year than the one it forecasts (out of sample): give two weather years, or a naive forecast');
    }
    const name = strategyName(s);
    if (names.has(name)) at(['strategies', i], 'rollout.duplicateStrategy', `strategy name ${quote(name)} is used twice; give one a name`);
    names.add(name);
  });
}

/**
 * The data files a loaded rollout reads, absolute, each once: the CSVs its scenario names (a
 * substation's background load, an inline hub's profiles) and those of its hub files.
 */
export function rolloutDataFiles(loaded: LoadedRollout): string[] {
  return [...new Set([...dataFilesIn(loaded.rollout, loaded.source.dir), ...loaded.hubs.flatMap(hubDataFiles)])];
}
