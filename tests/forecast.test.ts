// The day-ahead forecaster: calendar, naive forecasts by hand, features, a deterministic and cached
// TensorFlow.js model that beats both naive forecasts, and the `hubsim forecast evaluate` command.
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import * as tf from '@tensorflow/tfjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HubsimError } from '../src/errors.js';
import { tfjsNodeAvailable, useBackend } from '../src/forecast/backend.js';
import { dutchHolidays, easterSundayUtc, isDutchHoliday } from '../src/time/calendar.js';
import { evaluateForecaster } from '../src/forecast/evaluate.js';
import { buildFeatures, dailyNetLoad, HISTORY_DAYS, LAYOUT, normalisation, shippedWeather } from '../src/forecast/features.js';
import { isHeldOutDay, naiveForecast, splitDays, trainOrLoadForecaster } from '../src/forecast/forecaster.js';
import { hubFromSource, loadHub } from '../src/model/load.js';
import { resolveHub } from '../src/model/resolve.js';
import type { ResolvedHub } from '../src/model/resolved.js';
import { sourceFromText } from '../src/model/source.js';
import { lastDaysMeasured, MPC_MEMORY_DAYS, naiveDayForecast } from '../src/strategies/day-forecasts.js';
import { rng } from './support/random.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUSINESS_PARK = path.join(ROOT, 'scenarios/examples/business-park.yaml');
const SLOW = 120_000;

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'hubsim-forecast-'));
afterAll(() => fs.rmSync(DIR, { recursive: true, force: true }));

/** A hub from inline JSON (no file on disk). */
function hubFromJson(data: unknown): ResolvedHub {
  const source = sourceFromText('inline.json', DIR, JSON.stringify(data));
  if ('error' in source) throw new Error(source.error);
  return resolveHub(hubFromSource(source));
}

/**
 * A small hub: `days` days from 2023-01-02 (a Monday) with a weekday office load plus noise and
 * 300 kWp of PV on the shipped pv-roof profile, so the shipped De Bilt weather covers it.
 */
function smallHub(days: number, seed = 7): ResolvedHub {
  const random = rng(seed);
  const steps = days * 24;
  const kw: number[] = [];
  for (let t = 0; t < steps; t++) {
    const hour = t % 24;
    const weekday = Math.floor(t / 24) % 7 < 5;
    const office = weekday && hour >= 7 && hour < 18 ? 400 : 120;
    kw.push(Math.round(office + 40 * random()));
  }
  return hubFromJson({
    name: 'small',
    axis: { start: '2023-01-02T00:00:00Z', steps, stepMinutes: 60 },
    members: [{ id: 'office', profile: kw }],
    pv: { kwp: 300 },
  });
}

describe('Dutch calendar', () => {
  it('Easter and the public holidays of 2023 (checked against the government calendar by hand)', () => {
    expect(new Date(easterSundayUtc(2019)).toISOString().slice(0, 10)).toBe('2019-04-21');
    expect(new Date(easterSundayUtc(2023)).toISOString().slice(0, 10)).toBe('2023-04-09');
    expect(new Date(easterSundayUtc(2024)).toISOString().slice(0, 10)).toBe('2024-03-31');
    const dates = [...dutchHolidays(2023)].sort((a, b) => a - b).map((ms) => new Date(ms).toISOString().slice(0, 10));
    expect(dates).toEqual(['2023-01-01', '2023-04-09', '2023-04-10', '2023-04-27', '2023-05-18', '2023-05-28', '2023-05-29', '2023-12-25', '2023-12-26']);
    // King's Day moves to the 26th when the 27th is a Sunday (2025); Liberation Day in lustrum years.
    expect(isDutchHoliday(Date.UTC(2025, 3, 26, 13))).toBe(true);
    expect(isDutchHoliday(Date.UTC(2025, 4, 5))).toBe(true);
    expect(isDutchHoliday(Date.UTC(2023, 4, 5))).toBe(false);
  });
});

describe('naive forecasts', () => {
  // net[t] = t: hour h of day d holds 24d + h, so the expected forecasts are easy to write by hand.
  const net = Float64Array.from({ length: 10 * 24 }, (_, t) => t);

  it('same hour yesterday and same hour last week, by hand', () => {
    expect([...naiveForecast('yesterday', net, 3)]).toEqual(Array.from({ length: 24 }, (_, h) => 48 + h));
    expect([...naiveForecast('last-week', net, 8)]).toEqual(Array.from({ length: 24 }, (_, h) => 24 + h));
    expect(naiveForecast('yesterday', net, 1)[23]).toBe(23);
    expect(naiveForecast('last-week', net, 7)[0]).toBe(0);
  });

  it('a day without the history it needs is refused', () => {
    expect(() => naiveForecast('yesterday', net, 0)).toThrow(RangeError);
    expect(() => naiveForecast('last-week', net, 6)).toThrow(RangeError);
    expect(() => naiveForecast('yesterday', net, 10)).toThrow(RangeError);
  });
});

describe('features', () => {
  it('daily net load, held-out weeks and the feature row of a day', () => {
    const hub = smallHub(28);
    const load = dailyNetLoad(hub);
    expect(load.days).toBe(28);
    for (const t of [0, 100, 500]) expect(load.netKw[t]).toBeCloseTo(hub.demandKw[t] - hub.generationKw[t], 9);

    // Every 4th week held out: week 3 = days 21..27.
    const { trainingDays, heldOutDays } = splitDays(28, 4);
    expect([...heldOutDays]).toEqual([21, 22, 23, 24, 25, 26, 27]);
    expect([...trainingDays]).toEqual(Array.from({ length: 14 }, (_, i) => 7 + i));
    expect(isHeldOutDay(55, 4)).toBe(true);
    expect(isHeldOutDay(56, 4)).toBe(false);

    const norm = normalisation(load.netKw, trainingDays);
    const f = buildFeatures(load, shippedWeather(load), norm);
    expect(f.inputSize).toBe(LAYOUT.size);
    const d = 10; // 2023-01-12, a Thursday
    const row = f.inputs.subarray(d * f.inputSize, (d + 1) * f.inputSize);
    for (const k of [0, 50, 167]) expect(row[LAYOUT.lags + k]).toBeCloseTo((load.netKw[(d - HISTORY_DAYS) * 24 + k] - norm.centreKw) / norm.scaleKw, 5);
    expect([...row.subarray(LAYOUT.dayOfWeek, LAYOUT.dayOfWeek + 7)]).toEqual([0, 0, 0, 0, 1, 0, 0]);
    expect([...row.subarray(LAYOUT.holidays, LAYOUT.holidays + 3)]).toEqual([0, 0, 0]);
    // Baseline: the mean of the same hour over the 7 days before; target: the rest, normalised.
    const h = 12;
    let mean = 0;
    for (let k = 1; k <= 7; k++) mean += load.netKw[(d - k) * 24 + h] / 7;
    expect(f.baselineKw[d * 24 + h]).toBeCloseTo(mean, 9);
    expect(f.targets[d * 24 + h]).toBeCloseTo((load.netKw[d * 24 + h] - mean) / norm.scaleKw, 5);
  });

  it('a 15-minute axis is averaged to hours; an axis that does not start at a UTC midnight is refused', () => {
    const quarter = hubFromJson({ name: 'q', axis: { start: '2023-01-02T00:00:00Z', steps: 8 * 96, stepMinutes: 15 }, members: [{ id: 'a', profile: Array.from({ length: 8 * 96 }, (_, t) => t % 4) }] });
    const load = dailyNetLoad(quarter);
    expect(load.days).toBe(8);
    expect(load.netKw[5]).toBeCloseTo(1.5, 12); // the mean of 0, 1, 2, 3
    const morning = hubFromJson({ name: 'morning', axis: { start: '2023-01-02T06:00:00Z', steps: 10 * 24 }, members: [{ id: 'a', profile: 100 }] });
    let code = '';
    try {
      dailyNetLoad(morning);
    } catch (err) {
      code = (err as HubsimError).code;
    }
    expect(code).toBe('forecast.unsupportedAxis');
  });
});

describe('the TensorFlow.js model', () => {
  it('runs without @tensorflow/tfjs-node (not installable here): the wasm backend', async () => {
    if (!(await tfjsNodeAvailable())) {
      await expect(import(['@tensorflow', 'tfjs-node'].join('/'))).rejects.toThrow();
      expect(await useBackend('auto')).toBe('wasm');
    }
    expect(await useBackend('wasm')).toBe('wasm');
    const f = await trainOrLoadForecaster(smallHub(28), { epochs: 2, cacheDir: null, backend: 'wasm' });
    expect(f.backend).toBe('wasm');
    expect(f.forecastDay(20)).toHaveLength(24);
  });

  it(
    'is deterministic: the same data and seed give the same weights and forecasts; another seed does not',
    async () => {
      const hub = smallHub(56);
      const options = { epochs: 15, cacheDir: null, seed: 3 } as const;
      const a = await trainOrLoadForecaster(hub, options);
      const tensors = tf.memory().numTensors;
      const b = await trainOrLoadForecaster(hub, options);
      expect(tf.memory().numTensors).toBe(tensors); // training leaks no tensors
      expect(a.fromCache || b.fromCache).toBe(false);
      for (let k = 0; k < a.weights.weights.length; k++) {
        expect(b.weights.weights[k]).toEqual(a.weights.weights[k]);
        expect(b.weights.biases[k]).toEqual(a.weights.biases[k]);
      }
      for (const d of [7, 30, 55]) expect(b.forecastDay(d)).toEqual(a.forecastDay(d));
      const c = await trainOrLoadForecaster(hub, { ...options, seed: 4 });
      expect(c.forecastDay(30)).not.toEqual(a.forecastDay(30));
      expect(() => a.forecastDay(6)).toThrow(RangeError);
      expect(() => a.forecastDay(56)).toThrow(RangeError);
    },
    SLOW,
  );

  it(
    'is cached on disk under HUBSIM_CACHE_DIR: the second call loads, faster, with the same forecasts',
    async () => {
      const cacheDir = path.join(DIR, 'cache-small');
      const before = process.env.HUBSIM_CACHE_DIR;
      process.env.HUBSIM_CACHE_DIR = cacheDir;
      try {
        const hub = smallHub(56);
        const first = await trainOrLoadForecaster(hub, { epochs: 15 });
        const second = await trainOrLoadForecaster(hub, { epochs: 15 });
        expect(first.fromCache).toBe(false);
        expect(second.fromCache).toBe(true);
        expect(second.seconds).toBeLessThan(first.seconds);
        expect(first.cachePath).toMatch(new RegExp(`^${cacheDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/forecast/[0-9a-f]{64}$`));
        expect(second.cachePath).toBe(first.cachePath);
        expect(fs.readdirSync(first.cachePath!).sort()).toEqual(['model.json', 'weights.bin']);
        for (const d of [7, 30, 55]) expect(second.forecastDay(d)).toEqual(first.forecastDay(d));
        // Other settings are another model.
        const other = await trainOrLoadForecaster(hub, { epochs: 16 });
        expect(other.fromCache).toBe(false);
        expect(other.cachePath).not.toBe(first.cachePath);
      } finally {
        if (before === undefined) delete process.env.HUBSIM_CACHE_DIR;
        else process.env.HUBSIM_CACHE_DIR = before;
      }
    },
    SLOW,
  );
});

describe('forecasts that read the days measured before their axis', () => {
  /**
   * An office load with noise and 300 kWp of shipped PV on `days` days from 2023-01-02 (a Monday),
   * at `stepMinutes`, as one hub; and the same columns split at day 14 into the hub of the days
   * before and the hub of the axis after them.
   */
  function split(days: number, stepMinutes: number): { joined: ResolvedHub; earlier: ResolvedHub; later: ResolvedHub } {
    const random = rng(11);
    const perDay = (24 * 60) / stepMinutes;
    const kw = Array.from({ length: days * perDay }, (_, t) => {
      const hour = Math.floor(t / (perDay / 24)) % 24;
      const weekday = Math.floor(t / perDay) % 7 < 5;
      return Math.round((weekday && hour >= 7 && hour < 18 ? 400 : 120) + 40 * random());
    });
    const hub = (fromDay: number, toDay: number): ResolvedHub =>
      hubFromJson({
        name: 'split',
        axis: { start: new Date(Date.UTC(2023, 0, 2 + fromDay)).toISOString(), steps: (toDay - fromDay) * perDay, stepMinutes },
        members: [{ id: 'office', profile: kw.slice(fromDay * perDay, toDay * perDay) }],
        pv: { kwp: 300 },
      });
    return { joined: hub(0, days), earlier: hub(0, 14), later: hub(14, days) };
  }

  it('naive: the same as on one axis through both, to the bit (hourly and 15-minute), and days before the axis too', () => {
    for (const stepMinutes of [60, 15]) {
      const { joined, earlier, later } = split(42, stepMinutes);
      const before = lastDaysMeasured(earlier, MPC_MEMORY_DAYS, null);
      for (const kind of ['yesterday', 'last-week'] as const) {
        const f = naiveDayForecast(later, kind, before);
        const through = naiveDayForecast(joined, kind);
        for (let d = -14; d < 28; d++) expect(f(d), `${kind} ${stepMinutes} min, day ${d}`).toEqual(through(d + 14));
        // Without them the first days have no forecast.
        expect(naiveDayForecast(later, kind)(0)).toBeNull();
      }
    }
  });

  it(
    'the model: the same as on one axis through both, to the bit, and without them the same from day 7 on',
    async () => {
      const { joined, earlier, later } = split(42, 60);
      const f = await trainOrLoadForecaster(joined, { epochs: 2, cacheDir: null });
      const norm = { centreKw: 200, scaleKw: 120 };
      const before = lastDaysMeasured(earlier, MPC_MEMORY_DAYS, shippedWeather(dailyNetLoad(earlier)));
      const withBefore = f.applyTo(later, { norm, before });
      const through = f.applyTo(joined, { norm });
      const alone = f.applyTo(later, { norm });
      for (let d = -7; d < 28; d++) expect(withBefore(d), `day ${d}`).toEqual(through(d + 14));
      expect(withBefore(-8)).toBeNull();
      for (let d = 0; d < HISTORY_DAYS; d++) expect(alone(d)).toBeNull();
      for (let d = HISTORY_DAYS; d < 28; d++) expect(alone(d)).toEqual(withBefore(d));
    },
    SLOW,
  );
});

describe('forecast skill on the business-park example (held-out weeks of 2023)', () => {
  const cacheDir = path.join(DIR, 'cache-examples');

  it(
    'the model beats same hour yesterday and same hour last week by a real margin',
    async () => {
      const hub = resolveHub(loadHub(BUSINESS_PARK));
      const f = await trainOrLoadForecaster(hub, { cacheDir: path.join(cacheDir, 'forecast') });
      expect(f.fromCache).toBe(false);
      expect(f.heldOutDays).toHaveLength(91); // 13 held-out weeks: weeks 3, 7, ..., 51
      const e = evaluateForecaster(f);
      const [model, yesterday, lastWeek] = e.scores;
      expect([model.method, yesterday.method, lastWeek.method]).toEqual(['model', 'yesterday', 'last-week']);
      // Measured (wasm, seed 1): model 111 kW, yesterday 219 kW, last week 169 kW, so the model is at
      // 0.66 x the better naive forecast; seeds 1-3 gave 0.62-0.66. 0.8 leaves room for another
      // backend's rounding while still asking for a real margin.
      expect(model.maeKw).toBeLessThan(0.8 * Math.min(yesterday.maeKw, lastWeek.maeKw));
      expect(e.modelBeatsNaive).toBe(true);
    },
    SLOW,
  );

  it(
    'hubsim forecast evaluate prints the table and --json (the model trained above comes from the cache)',
    async () => {
      const before = process.env.HUBSIM_CACHE_DIR;
      process.env.HUBSIM_CACHE_DIR = cacheDir;
      try {
        let { code, stdout, stderr } = await runCli('forecast', 'evaluate', BUSINESS_PARK);
        expect(code, stderr).toBe(0);
        expect(stdout).toContain('hub Bedrijvenpark Amstelzijde (illustrative)');
        expect(stdout).toContain('loaded from the cache');
        expect(stdout).toMatch(/model \(MLP\)\s+[\d,.]+\s+[\d.]+/);
        expect(stdout).toContain('same hour yesterday');
        expect(stdout).toContain('same hour last week');
        expect(stdout).toContain('model beats both naive forecasts: yes');

        ({ code, stdout, stderr } = await runCli('forecast', 'evaluate', BUSINESS_PARK, '--json'));
        expect(code, stderr).toBe(0);
        const json = JSON.parse(stdout) as { hubs: { fromCache: boolean; heldOutDays: number; modelBeatsNaive: boolean; scores: { method: string; maeKw: number }[] }[] };
        expect(json.hubs).toHaveLength(1);
        expect(json.hubs[0]).toMatchObject({ fromCache: true, heldOutDays: 91, modelBeatsNaive: true });
        expect(json.hubs[0].scores.map((s) => s.method)).toEqual(['model', 'yesterday', 'last-week']);

        ({ code, stderr } = await runCli('forecast', 'evaluate', '--seed', 'x'));
        expect(code).toBe(2);
        expect(stderr).toMatch(/^hubsim: error \[cli\.badSeed\] /);
      } finally {
        if (before === undefined) delete process.env.HUBSIM_CACHE_DIR;
        else process.env.HUBSIM_CACHE_DIR = before;
      }
    },
    SLOW,
  );
});
