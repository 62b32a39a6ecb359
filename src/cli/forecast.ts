import { fileURLToPath } from 'node:url';
import { fail, HubsimError, quote } from '../errors.js';
import { evaluateForecaster, type ForecastEvaluation, type ForecastMethod } from '../forecast/evaluate.js';
import { trainOrLoadForecaster, type Forecaster } from '../forecast/forecaster.js';
import { loadHub } from '../model/load.js';
import { resolveHub } from '../model/resolve.js';
import { fmt, roundNumber } from '../report/format.js';
import { columnsOf, textTable, wrapText } from '../report/text-table.js';
import type { Io } from './io.js';

export interface ForecastEvaluateOptions {
  json?: boolean;
  seed?: string;
  /** commander's --no-cache sets this to false. */
  cache?: boolean;
}

const EXAMPLES_DIR = fileURLToPath(new URL('../../scenarios/examples/', import.meta.url));

/** The hubs evaluated when none are given: the three example hubs (all on 2023). */
export const DEFAULT_FORECAST_HUBS: readonly string[] = ['business-park', 'datacenter-campus', 'mixed-park'].map((n) => `${EXAMPLES_DIR}${n}.yaml`);

const METHOD_TITLES: Record<ForecastMethod, string> = {
  model: 'model (MLP)',
  yesterday: 'same hour yesterday',
  'last-week': 'same hour last week',
};

interface HubEvaluation {
  readonly file: string;
  readonly forecaster: Forecaster;
  readonly evaluation: ForecastEvaluation;
}

/**
 * `hubsim forecast evaluate [hub-files...]`: train (or load from the cache) each hub's day-ahead
 * forecaster and score it against the naive forecasts on the held-out weeks.
 */
export async function forecastEvaluateCommand(files: readonly string[], options: ForecastEvaluateOptions, io: Io): Promise<number> {
  const seed = options.seed === undefined ? undefined : Number(options.seed);
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0)) fail('cli.badSeed', { field: '--seed' }, `must be a whole number >= 0, not ${quote(options.seed)}`);
  const hubs = (files.length > 0 ? files : DEFAULT_FORECAST_HUBS).map((file) => ({ file, hub: resolveHub(loadHub(file)) }));

  const results: HubEvaluation[] = [];
  for (const { file, hub } of hubs) {
    let forecaster: Forecaster;
    try {
      forecaster = await trainOrLoadForecaster(hub, { seed, cacheDir: options.cache === false ? null : undefined });
    } catch (err) {
      if (err instanceof HubsimError) throw new HubsimError(err.code, `${file}: ${err.message}`, err.exitCode);
      throw err;
    }
    if (forecaster.heldOutDays.length === 0) fail('forecast.noHeldOut', { file, field: 'axis' }, 'the axis is too short to hold out a week for evaluation (every 4th week is held out); give at least 4 weeks');
    results.push({ file, forecaster, evaluation: evaluateForecaster(forecaster) });
  }

  if (options.json) io.stdout.write(`${JSON.stringify({ hubs: results.map(toJson) }, null, 2)}\n`);
  else io.stdout.write(results.map(table).join('\n'));
  return 0;
}

function toJson({ file, forecaster: f, evaluation: e }: HubEvaluation): unknown {
  return {
    hub: f.hubName,
    file,
    backend: f.backend,
    fromCache: f.fromCache,
    seconds: roundNumber(f.seconds),
    trainingDays: f.trainingDays.length,
    heldOutDays: e.days,
    meanAbsNetKw: roundNumber(e.meanAbsNetKw),
    scores: e.scores.map((s) => ({ method: s.method, maeKw: roundNumber(s.maeKw), maePercent: roundNumber(s.maePercent) })),
    modelBeatsNaive: e.modelBeatsNaive,
  };
}

function table({ forecaster: f, evaluation: e }: HubEvaluation): string {
  const how = f.fromCache ? `loaded from the cache in ${fmt(f.seconds, 2)} s` : `trained in ${fmt(f.seconds, 1)} s`;
  const head = [
    wrapText(`hub ${f.hubName}: day-ahead net load, ${e.days} held-out days (every 4th week), ${f.trainingDays.length} training days; backend ${f.backend}, ${how}; every MAE computed on the held-out days (simulated)`),
  ];
  const rows = e.scores.map((s) => [METHOD_TITLES[s.method], fmt(s.maeKw, 1), fmt(s.maePercent, 2)]);
  const lines = [textTable(columnsOf(['forecast', 'MAE kW', 'MAE % of mean |net load|']), rows)];
  const verdict = `model beats both naive forecasts: ${e.modelBeatsNaive ? 'yes' : 'NO'} (mean |net load| ${fmt(e.meanAbsNetKw, 0)} kW)`;
  return `${[...head, ...lines, verdict].join('\n')}\n`;
}
