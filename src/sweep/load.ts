import { sweepTrainingYear } from './forecasts.js';
import { createHash } from 'node:crypto';
import { resolve as resolvePath } from 'node:path';
import { fail, failAll, HubsimError, namedBy, problemLine, quote, quoteList, type ProblemLine } from '../errors.js';
import { growthFactor } from '../economics/growth.js';
import { tariffProblems } from '../model/checks.js';
import { readUserDocument } from '../files.js';
import { MAX_CONFIGURATIONS, MAX_HUB_YEARS } from '../limits.js';
import { configurationBound } from './configurations.js';
import { dataFilesDigest, hubDataFiles } from '../model/data-files.js';
import { loadHub, parseSource, validate, type LoadedHub, type ParsedDocuments } from '../model/load.js';
import { strategyName } from '../model/strategy.js';
import { documentSha256, fieldPath, type ParsedDocument, type SourceFile } from '../model/source.js';
import { catalogue } from '../profiles/catalogue.js';
import { backgroundGrowth, backgroundProfile, grownBackground } from '../rollout/background.js';
import { loadRollout, rolloutDataFiles, type LoadedRollout } from '../rollout/load.js';
import { VERSION } from '../version.js';
import { Sweep } from './schema.js';

/** One hub a sweep sizes: the hub file, or one terrain of a rollout (with its demand grown to the sweep year). */
export interface SweepSubject {
  readonly id: string;
  readonly loaded: LoadedHub;
  /** Demand growth factor per member kind (1 for a hub file). */
  readonly factorOf: (kind: string) => number;
  /** The substation a rollout's terrain hangs from; null for a hub file (it describes none). */
  readonly substation: SweepSubstation | null;
}

/**
 * A swept terrain's substation, as the rollout describes it in the sweep year: its background load and
 * the other terrains hanging from it, which run uncontrolled while this terrain is sized.
 */
export interface SweepSubstation {
  readonly id: string;
  /** The background load in the sweep year on a weather year's axis (kW; rollout/background.ts; read-only). */
  readonly backgroundKw: (weatherYear: number, stepMinutes: number) => Float64Array;
  /** The other terrains of the substation, grown to the sweep year like the subject. */
  readonly others: readonly SweepSubject[];
}

export interface LoadedSweep {
  readonly path: string;
  readonly sweep: Sweep;
  readonly subjects: readonly SweepSubject[];
  /**
   * Hash of the sweep file, the file it sizes (a hub file, or a rollout and the hub files its
   * terrains name), the data files (profile CSVs) those name and the hubsim version: a queue worker checks that it reads the same inputs as the
   * submitter, and job ids derive from it.
   */
  readonly hash: string;
  /** The sweep file as written (before defaults), to tell a parameter set from a default. */
  readonly raw: unknown;
  /** The files read, as parsed: what the threads take instead of parsing them again. */
  readonly documents: ParsedDocuments;
}

/** Records a problem at a field of the sweep file (its path in the file's data). */
type ProblemAt = (p: (string | number)[], code: string, message: string) => void;

/** Notes a file read with its text and data, for the threads (LoadedSweep.documents). */
type ParsedAs = (file: string, fileText: string, data: unknown) => void;

/** The hub or rollout a sweep sizes: its subjects, the text its hash covers, and the data files they name. */
interface Subjects {
  readonly subjects: SweepSubject[];
  readonly subjectText: string;
  /** The data files (profile CSVs) the hub or rollout names, whose bytes the hash covers too. */
  readonly dataFiles: string[];
}

/**
 * Read, validate and cross-check a sweep file and the hub or rollout it sizes; a file `parsed` holds
 * with the same text is not parsed again.
 */
export function loadSweep(path: string, parsed?: ParsedDocuments): LoadedSweep {
  const text = readUserDocument(path, 'sweep.notFound');
  const source = parseSource(path, text, 'sweep.badSyntax', parsed);
  const documents = new Map<string, ParsedDocument>();
  const parsedAs: ParsedAs = (file, fileText, data) => void documents.set(resolvePath(file), { sha256: documentSha256(fileText), data });
  parsedAs(path, text, source.data);
  if (source.data === null || typeof source.data !== 'object') fail('sweep.invalidField', { file: path, line: 1 }, 'the file must hold a sweep object');
  const sweep = validate(Sweep, source, 'sweep.invalidField');
  // The sweep's own checks run to the end and report their problems together, before its hub or rollout is read.
  const problems: ProblemLine[] = [];
  const at: ProblemAt = (p, code, message) => {
    problems.push(problemLine(code, { file: path, line: source.lineOf(p), field: fieldPath(p) }, message));
  };
  const stopAt = (p: (string | number)[], code: string, message: string): never => fail(code, { file: path, line: source.lineOf(p), field: fieldPath(p) }, message);
  checkSweep(sweep, at);
  checkDraws(sweep, at);
  if (problems.length > 0) failAll(problems);
  const { subjects, subjectText, dataFiles } = sweep.hub !== undefined ? hubSubject(sweep, source, parsedAs, parsed) : rolloutSubjects(sweep, source, parsedAs, at, problems, parsed);
  checkSubjects(sweep, subjects, at);
  if (problems.length > 0) failAll(problems);
  // Sizes before anything is allocated: each terrain's configurations, and the sweep's hub-years.
  const perTerrain = configurationBound(sweep);
  if (perTerrain > MAX_CONFIGURATIONS) stopAt(['grid'], 'sweep.tooLarge', `the grid makes ${perTerrain} configurations per terrain, above the limit of ${MAX_CONFIGURATIONS}; sweep fewer sizes at once`);
  const hubYears = perTerrain * sweep.draws.count * subjects.length;
  if (hubYears > MAX_HUB_YEARS) stopAt(['draws', 'count'], 'sweep.tooLarge', `${subjects.length} terrain(s) x ${perTerrain} configurations x ${sweep.draws.count} draws = ${hubYears} hub-years, above the limit of ${MAX_HUB_YEARS}; use fewer draws or configurations`);
  const hash = createHash('sha256').update(`hubsim ${VERSION}\n`).update(text).update('\n--\n').update(subjectText).update('\n--\n').update(dataFilesDigest(dataFiles)).digest('hex');
  return { path: resolvePath(path), sweep, subjects, hash, raw: source.data, documents };
}

/**
 * The sweep's own fields agree: a hub or a rollout, one battery size per dimension, one import cap,
 * a known tariff, strategies a synthetic weather year can run (each with its own name), and a target
 * the subject can meet.
 */
function checkSweep(sweep: Sweep, at: ProblemAt): void {
  if ((sweep.hub === undefined) === (sweep.rollout === undefined)) at([], 'sweep.contradiction', 'give either hub (a hub file) or rollout (a rollout scenario), not both or neither');
  if (sweep.hub !== undefined && (sweep.terrains !== undefined || sweep.year !== undefined)) at([sweep.terrains !== undefined ? 'terrains' : 'year'], 'sweep.contradiction', 'terrains and year apply to a rollout; a hub file is swept as it is');
  const b = sweep.grid.battery;
  if (b !== undefined) {
    if ((b.energyKwh === undefined) === (b.hours === undefined)) at(['grid', 'battery'], 'sweep.contradiction', 'give either energyKwh or hours for the battery sizes');
    if ((b.powerKw === undefined) === (b.powerShareOfPeak === undefined)) at(['grid', 'battery'], 'sweep.contradiction', 'give either powerKw or powerShareOfPeak for the battery sizes');
  }
  if (sweep.grid.importCapKw !== undefined && sweep.grid.importCapShareOfPeak !== undefined) at(['grid', 'importCapShareOfPeak'], 'sweep.contradiction', 'give importCapKw or importCapShareOfPeak, not both');
  const tariff = sweep.economics.tariff === undefined ? [] : tariffProblems(sweep.economics.tariff, ['economics', 'tariff'], { missing: 'sweep.missingField', unknown: 'sweep.unknownTariff' });
  if (tariff.length > 0) at(tariff[0].path, tariff[0].code, tariff[0].message);
  const names = new Set<string>();
  sweep.grid.strategies.forEach((s, i) => {
    if (s.kind === 'mpc' && s.forecast === 'model' && sweepTrainingYear({ sweep }) === null) {
      at(['grid', 'strategies', i, 'forecast'], 'sweep.unsupportedStrategy', 'mpc on the model is trained on a shipped year whose days the draws do not resample (out of sample); leave one out of draws.sourceYears (e.g. [2023], and it trains on 2019), or use a naive forecast');
    }
    if (s.kind === 'mpc' && s.trainYear !== undefined) at(['grid', 'strategies', i, 'trainYear'], 'sweep.unsupportedStrategy', 'a sweep trains the model on the shipped year its draws do not resample; remove trainYear');
    if (s.kind === 'mpc' && s.designYear !== undefined) at(['grid', 'strategies', i, 'designYear'], 'sweep.unsupportedStrategy', 'a synthetic weather year has no real year before it; remove designYear (MPC starts each draw with the last 14 days of the year drawn before it)');
    if (s.kind === 'grid-aware' && sweep.hub !== undefined) {
      at(['grid', 'strategies', i, 'kind'], 'sweep.unsupportedStrategy', 'grid-aware lowers its substation\'s load, and a hub file describes no substation: sweep the terrains of a rollout (rollout: instead of hub:)');
    }
    if (s.kind === 'flex' && s.designYear !== undefined) at(['grid', 'strategies', i, 'designYear'], 'sweep.unsupportedStrategy', 'a synthetic weather year has no real year before it; remove designYear (flex\'s levels start each draw with the last 28 days of the year drawn before it)');
    if (s.kind === 'peak-shaving' && s.designYear !== undefined) at(['grid', 'strategies', i, 'designYear'], 'sweep.unsupportedStrategy', 'a synthetic weather year has no real year before it; remove designYear (each draw draws the year before it: a design-year threshold is sized on that, an online one remembers its last days)');
    const name = strategyName(s);
    if (names.has(name)) at(['grid', 'strategies', i], 'sweep.duplicateStrategy', `strategy name ${quote(name)} is used twice; give one a name`);
    names.add(name);
  });
  if (sweep.target.metric === 'substationPeakKw' && sweep.hub !== undefined) {
    at(['target', 'metric'], 'sweep.contradiction', 'substationPeakKw is the load of the substation a rollout\'s terrain hangs from, and a hub file describes no substation: sweep the terrains of a rollout, or choose another metric');
  }
  if (sweep.target.atMost === 'importCap' && sweep.target.metric !== 'peakImportKw') at(['target', 'atMost'], 'sweep.contradiction', `atMost: importCap is a bound in kW, for peakImportKw only; give a number in the unit of ${sweep.target.metric}`);
}

/** The draws' source years are shipped, each listed once, and their calendar year a shipped non-leap year. */
function checkDraws(sweep: Sweep, at: ProblemAt): void {
  const shipped = new Set(catalogue().map((e) => e.year));
  const isLeap = (y: number): boolean => new Date(Date.UTC(y, 1, 29)).getUTCMonth() === 1;
  sweep.draws.sourceYears.forEach((y, i) => {
    if (!shipped.has(y)) at(['draws', 'sourceYears', i], 'sweep.unknownWeatherYear', `no shipped profiles for ${y}; shipped years are ${[...shipped].sort().join(', ')}`);
  });
  if (new Set(sweep.draws.sourceYears).size !== sweep.draws.sourceYears.length) at(['draws', 'sourceYears'], 'sweep.contradiction', 'a source year is listed twice');
  if (!shipped.has(sweep.draws.calendarYear) || isLeap(sweep.draws.calendarYear)) {
    at(['draws', 'calendarYear'], 'sweep.unknownWeatherYear', `the calendar year must be a shipped non-leap year (${[...shipped].filter((y) => !isLeap(y)).sort().join(', ')})`);
  }
}

/** The hub file or rollout named at `field`, read by `read`; a file that cannot be read is told at that field. */
function namedIn<T>(source: SourceFile, field: 'hub' | 'rollout', read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof HubsimError && err.code === `${field}.notFound`) throw namedBy({ file: source.path, line: source.lineOf([field]), field }, err, source.dir);
    throw err;
  }
}

/** A hub file as the sweep's one subject, swept as it is (no growth, no substation). */
function hubSubject(sweep: Sweep, source: SourceFile, parsedAs: ParsedAs, parsed: ParsedDocuments | undefined): Subjects {
  const hubPath = resolvePath(source.dir, sweep.hub!);
  const subjectText = namedIn(source, 'hub', () => readUserDocument(hubPath, 'hub.notFound'));
  const loaded = loadHub(hubPath, parsed);
  parsedAs(hubPath, subjectText, loaded.source.data);
  return { subjects: [{ id: sweepSubjectId(sweep.hub!), loaded, factorOf: () => 1, substation: null }], subjectText, dataFiles: hubDataFiles(loaded) };
}

/**
 * The terrains of a rollout the sweep sizes (all unless it names some), grown to the sweep year (the
 * growth's base year unless it names one in the horizon), each with its substation.
 */
function rolloutSubjects(sweep: Sweep, source: SourceFile, parsedAs: ParsedAs, at: ProblemAt, problems: ProblemLine[], parsed: ParsedDocuments | undefined): Subjects {
  const rolloutPath = resolvePath(source.dir, sweep.rollout!);
  let subjectText = namedIn(source, 'rollout', () => readUserDocument(rolloutPath, 'rollout.notFound'));
  const rollout = loadRollout(rolloutPath, parsed);
  parsedAs(rolloutPath, subjectText, rollout.source.data);
  const dataFiles = rolloutDataFiles(rollout);
  // The hub files its terrains name are inputs too (inline hubs are in the rollout's text).
  rollout.rollout.terrains.forEach((t, i) => {
    if (typeof t.hub !== 'string') return;
    const hubText = readUserDocument(resolvePath(rollout.source.dir, t.hub), 'hub.notFound');
    subjectText += `\n--\n${hubText}`;
    parsedAs(rollout.hubs[i].source.path, hubText, rollout.hubs[i].source.data);
  });
  const { growth, horizon } = rollout.rollout;
  if (sweep.year !== undefined && (sweep.year < horizon.startYear || sweep.year > horizon.endYear)) {
    at(['year'], 'sweep.contradiction', `${sweep.year} is not a year of the rollout's horizon; give a year from ${horizon.startYear} to ${horizon.endYear}`);
  }
  const year = sweep.year ?? growth.baseYear;
  const factorOf = (kind: string): number => growthFactor(growth[kind as keyof typeof growth] as never, growth.baseYear, year);
  const ids = rollout.rollout.terrains.map((t) => t.id);
  const wanted = sweep.terrains ?? ids;
  wanted.forEach((id, i) => {
    if (!ids.includes(id)) at(['terrains', i], 'sweep.unknownTerrain', `no terrain ${quote(id)} in ${sweep.rollout}; terrains are ${quoteList(ids)}`);
  });
  if (new Set(wanted).size !== wanted.length) at(['terrains'], 'sweep.contradiction', 'a terrain is listed twice');
  if (problems.length > 0) failAll(problems);
  const substations = substationsOf(rollout, year, factorOf);
  const subjects = wanted.map((id) => ({ id, loaded: rollout.hubs[ids.indexOf(id)], factorOf, substation: substations[ids.indexOf(id)] }));
  return { subjects, subjectText, dataFiles };
}

/** The subjects' hubs agree with the sweep: an import cap where the target is bounded by it, and the sweep's value of lost load. */
function checkSubjects(sweep: Sweep, subjects: readonly SweepSubject[], at: ProblemAt): void {
  // atMost: importCap bounds each configuration by its import cap: the grid's, else the hub file's. A
  // hub without one would meet the target at any peak (the bound is infinite), so refuse it here.
  if (sweep.target.atMost === 'importCap' && sweep.grid.importCapKw === undefined && sweep.grid.importCapShareOfPeak === undefined) {
    const uncapped = subjects.filter((s) => s.loaded.hub.connection.importCapKw === undefined).map((s) => s.id);
    if (uncapped.length > 0) {
      const which = sweep.hub !== undefined ? `the hub file ${sweep.hub} sets` : `the hub of terrain(s) ${quoteList(uncapped)} sets`;
      at(['target', 'atMost'], 'sweep.missingField', `atMost: importCap, but ${which} no import cap (connection.importCapKw) and the grid tries none; set the hub's import cap, give grid.importCapKw, or give atMost a number in kW`);
    }
  }
  // One value of lost load per sweep, as per rollout: a hub file may repeat it, not change it.
  const voll = sweep.economics.valueOfLostLoadEurPerKwh;
  const pricedOtherwise = subjects.filter((s) => s.loaded.hub.valueOfLostLoadEurPerKwh !== undefined && s.loaded.hub.valueOfLostLoadEurPerKwh !== voll);
  if (pricedOtherwise.length > 0) {
    const own = pricedOtherwise[0].loaded.hub.valueOfLostLoadEurPerKwh;
    const which = sweep.hub !== undefined ? `the hub file ${sweep.hub}` : `the hub of terrain(s) ${quoteList(pricedOtherwise.map((s) => s.id))}`;
    at(
      ['economics', 'valueOfLostLoadEurPerKwh'],
      'sweep.contradiction',
      `${which} prices lost load at EUR ${own}/kWh and the sweep at EUR ${voll}/kWh; a sweep has one price: remove it from the hub or set economics.valueOfLostLoadEurPerKwh to it`,
    );
  }
}

/**
 * Each terrain's substation in the sweep year, as seen from that terrain: the background
 * (rollout/background.ts, read once per substation and weather year) and the other terrains hanging
 * from it, grown like the subject. The neighbours are one object per terrain, shared by every
 * terrain of the substation, so that a thread makes each one's net load once (sweep/context.ts).
 */
function substationsOf(rollout: LoadedRollout, year: number, factorOf: (kind: string) => number): SweepSubstation[] {
  const { terrains, substations } = rollout.rollout;
  const neighbours: SweepSubject[] = terrains.map((t, i) => ({ id: t.id, loaded: rollout.hubs[i], factorOf, substation: null }));
  const backgrounds = substations.map((_, si) => {
    // Keyed by weather year x 100 + step minutes.
    const grown = new Map<number, Float64Array>();
    return (weatherYear: number, stepMinutes: number): Float64Array => {
      let column = grown.get(weatherYear * 100 + stepMinutes);
      if (column === undefined) {
        const profile = backgroundProfile(rollout, si, weatherYear, stepMinutes);
        column = grownBackground(profile, backgroundGrowth(rollout, si, year), new Float64Array(profile.length));
        grown.set(weatherYear * 100 + stepMinutes, column);
      }
      return column;
    };
  });
  return terrains.map((terrain, index) => {
    const si = substations.findIndex((s) => s.id === terrain.substation);
    const others = neighbours.filter((_, i) => i !== index && terrains[i].substation === terrain.substation);
    return { id: terrain.substation, backgroundKw: backgrounds[si], others };
  });
}

/** The id of a hub file's subject: its file name without the extension. */
function sweepSubjectId(hubFile: string): string {
  return hubFile.replace(/^.*[\\/]/, '').replace(/\.(ya?ml|json)$/i, '');
}
