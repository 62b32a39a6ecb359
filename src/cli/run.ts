import { fail, quote, quoteList } from '../errors.js';
import { prepareEarlierYears, runHub } from '../jobs/hub-job.js';
import { loadHub, type LoadedHub } from '../model/load.js';
import { hubAssumptions, provenance, tariffAssumptions } from '../provenance/collect.js';
import type { HubTariffRates } from '../model/tariff-rates.js';
import { withLedger, type Ledger } from '../provenance/ledger.js';
import { priceSubstitutionLines, shownPath, type Provenance } from '../provenance/provenance.js';
import { filledStepsOf, resolveHub } from '../model/resolve.js';
import { scoredYear } from '../model/checks.js';
import { DEFAULT_KWMAX_EUR_PER_KW_MONTH, designYearOf, fileSafe, StrategySpec, strategyName, takesDesignYear } from '../model/strategy.js';
import { prepareStrategies } from '../strategies/registry.js';
import { metricsCsv, seriesCsv } from '../report/csv.js';
import { roundNumber } from '../report/format.js';
import { hubResultJson } from '../report/json.js';
import { REGRET_STRATEGIES, regretRows, regretTable } from '../report/regret.js';
import { filledStepsText, hubTable } from '../report/table.js';
import { wrapText } from '../report/text-table.js';
import { checkOutputFolder, writeOutputFolder } from '../report/write.js';
import { columnsFromRun, hubReportData, parseRunResults } from '../report/html/hub-data.js';
import { hubReportHtml } from '../report/html/hub-report.js';
import { REPORT_FILE } from '../report/html/from-dir.js';
import { asKind } from '../model/input-kind.js';
import type { Io } from './io.js';

export interface RunOptions {
  strategy?: string;
  json?: boolean;
  out?: string;
  series?: boolean;
  regret?: boolean;
  /** designYear of the peak shavers and MPCs named by kind, and of --regret's MPCs. */
  designYear?: number;
  timings?: boolean;
  report?: boolean;
}

/** `hubsim run <hub-file>`: simulate every strategy of the hub (or those chosen) and report. */
export async function runCommand(file: string, options: RunOptions, io: Io): Promise<number> {
  if (options.series && options.out === undefined) fail('cli.seriesNeedsOut', { field: '--series' }, '--series writes per-step CSV files and needs --out DIR');
  if (options.report && options.out === undefined) fail('cli.reportNeedsOut', { field: '--report' }, '--report writes report.html into the results folder and needs --out DIR');
  if (options.timings && options.out === undefined && !options.json) fail('cli.timingsNeedsOutput', { field: '--timings' }, "--timings writes the lp solvers' solve times into results.json and needs --out DIR or --json");
  if (options.out !== undefined) checkOutputFolder(options.out);
  // Every file read until the results are made is an input (provenance).
  const { value, ledger } = await withLedger(async () => {
    const loaded = await asKind(file, 'hub', () => loadHub(file));
    const hub = resolveHub(loaded);
    const strategies = options.strategy === undefined ? hub.strategies : chooseStrategies(options.strategy, hub.strategies, options.designYear);
    const regretSpecs = options.regret ? REGRET_STRATEGIES.map((s) => StrategySpec.parse(withDesignYear(s, options.designYear))) : [];
    // Only a strategy made on the command line takes --design-year; the hub file's set their own.
    if (options.designYear !== undefined) {
      const fromFile = strategies.filter((x) => hub.strategies.includes(x));
      checkDesignYear(options.designYear, scoredYear(loaded.hub), [...strategies.filter((x) => !fromFile.includes(x)), ...regretSpecs], fromFile);
    }
    await prepareEarlierYears(loaded, hub, [...strategies, ...regretSpecs]);
    await prepareStrategies([...strategies, ...regretSpecs], [hub]);
    const result = runHub(hub, strategies);
    const regret = options.regret ? regretRows(runHub(hub, regretSpecs)) : undefined;
    return { loaded, strategies: [...strategies, ...regretSpecs], result, regret };
  });
  const { result, regret } = value;

  const resultJson = hubResultJson(result, { timings: options.timings }) as Record<string, unknown>;
  if (regret !== undefined) resultJson.regret = regret.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? roundNumber(v) : v])));
  const prov = runProvenance(ledger, value.loaded, value.strategies, file, options, undefined, result.hub.tariff);
  resultJson.provenance = prov;
  const json = `${JSON.stringify(resultJson, null, 2)}\n`;
  if (options.out !== undefined) {
    const files = new Map<string, string>([
      ['results.json', json],
      ['metrics.csv', metricsCsv([result])],
    ]);
    if (options.series) for (const r of result.results) files.set(`series-${fileSafe(r.strategy)}.csv`, seriesCsv(result, r));
    // The report reads results.json as written, so its tables show the file's numbers.
    if (options.report) files.set(REPORT_FILE, await hubReportHtml(hubReportData(parseRunResults(JSON.parse(json), 'results.json'), columnsFromRun(result))));
    writeOutputFolder(options.out, files);
  }
  if (options.json) io.stdout.write(json);
  else {
    io.stdout.write(hubTable(result));
    for (const f of filledStepsOf(result.hub)) io.stdout.write(`${wrapText(filledStepsText(f))}\n`);
    if (regret !== undefined) io.stdout.write(`\n${regretTable(regret)}`);
    if (options.designYear !== undefined) io.stdout.write(`${wrapText(designYearLine(options.designYear, value.strategies, value.loaded.hub.strategies ?? []))}\n`);
    for (const line of priceSubstitutionLines(prov)) io.stdout.write(`${wrapText(line)}\n`);
    if (options.out !== undefined) io.stdout.write(`${wrapText(`wrote ${options.out}/results.json and metrics.csv${options.series ? ' and series-*.csv' : ''}${options.report ? ' and report.html' : ''}`)}\n`);
  }
  return 0;
}

/**
 * The provenance of `hubsim run`: the command line with the options that shape the results (the
 * strategies chosen, --regret, --timings; not where the results go), the files read, the assumptions.
 */
export function runProvenance(ledger: Ledger, loaded: LoadedHub, strategies: readonly StrategySpec[], file: string, options: Pick<RunOptions, 'strategy' | 'regret' | 'timings' | 'designYear'>, base = process.cwd(), tariff?: HubTariffRates): Provenance {
  const command = ['hubsim', 'run', shownPath(file, base)];
  if (options.strategy !== undefined) command.push('--strategy', options.strategy);
  if (options.regret) command.push('--regret');
  if (options.designYear !== undefined) command.push('--design-year', String(options.designYear));
  if (options.timings) command.push('--timings');
  const assumptions = [...hubAssumptions(loaded, strategies, shownPath(file, base)), ...(tariff === undefined ? [] : tariffAssumptions(tariff))];
  if (options.regret) {
    assumptions.push({ name: 'regret.kwmaxEurPerKwMonth', value: DEFAULT_KWMAX_EUR_PER_KW_MONTH, unit: 'EUR/kW/month', source: 'hubsim default, docs/sources.md (assumption: an MV kWmax tariff of a few EUR/kW/month)', defaulted: true });
  }
  return provenance(ledger, command, assumptions, base);
}

/** A strategy given by kind on the command line with the --design-year it remembers (peak shaving, mpc and flex take one). */
function withDesignYear<T extends { readonly kind: string }>(spec: T, designYear: number | undefined): T | (T & { designYear: number }) {
  return designYear !== undefined && takesDesignYear(spec.kind) ? { ...spec, designYear } : spec;
}

/** The line under the tables naming the strategies --design-year reached and what it gave them. */
function designYearLine(year: number, specs: readonly StrategySpec[], own: readonly StrategySpec[]): string {
  const given = specs.filter((s) => designYearOf(s) === year && !own.includes(s)).map(strategyName);
  return `--design-year ${year}: ${given.join(', ')} started with the last days of ${year} in memory (MPC its last 14 UTC days; a peak shaver its last windowDays days, or its threshold sized on ${year}; flex the last 28 days for its online levels and its margin's forecast misses, with the week before them), a stand-in for the days before the year scored`;
}

/** --design-year must lie before the year scored, and reach a strategy made on the command line (`specs`) that takes it. */
function checkDesignYear(year: number, scored: number, specs: readonly StrategySpec[], fromFile: readonly StrategySpec[]): void {
  if (year >= scored) fail('cli.badDesignYear', { field: '--design-year' }, `${year} is not before the year scored (${scored}): a controller knows only earlier years; give an earlier year`);
  if (!specs.some((s) => designYearOf(s) === year)) {
    // A name in --strategy that is also a strategy of the hub file is that strategy, with its own settings.
    const named = fromFile.filter((s) => takesDesignYear(s.kind)).map(strategyName);
    const why = named.length > 0 ? `; ${quoteList(named)} ${named.length === 1 ? 'is the hub file\'s own strategy, which keeps' : 'are the hub file\'s own strategies, which keep'} its settings (set designYear in the file)` : '';
    fail('cli.badDesignYear', { field: '--design-year' }, `no strategy takes it: it applies to peak-shaving, mpc and flex named by kind in --strategy and to --regret's MPCs${why}`);
  }
}

/** --strategy a,b: names from the hub file, or kinds (run with their defaults, and designYear when given). */
export function chooseStrategies(list: string, own: readonly StrategySpec[], designYear?: number): StrategySpec[] {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) fail('cli.noStrategy', { field: '--strategy' }, `${quote(list)} names no strategy; give names or kinds separated by commas, e.g. --strategy baseline,optimal`);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) fail('cli.duplicateStrategy', { field: '--strategy' }, `${quote(twice)} is listed twice; list each strategy once`);
  return names.map((name) => {
      const byName = own.find((spec) => strategyName(spec) === name);
      if (byName !== undefined) return byName;
      const parsed = StrategySpec.safeParse(withDesignYear({ kind: name }, designYear));
      if (parsed.success && parsed.data.kind === 'grid-aware') fail('cli.unknownStrategy', { field: '--strategy' }, 'grid-aware lowers its substation\'s load, which a hub file does not describe: use it in a rollout (hubsim rollout)');
      if (parsed.success) return parsed.data;
      fail('cli.unknownStrategy', { field: '--strategy' }, `no strategy ${quote(name)}; the hub has ${quoteList(own.map(strategyName))}, and the kinds are baseline, peak-shaving, self-consumption, congestion, optimal, lp, mpc, flex`);
    });
}
