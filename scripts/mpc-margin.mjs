// The measurement behind the default marginQuantile of mpc (src/model/strategy.ts): MPC with the
// trained model and with both naive forecasts, for each margin quantile, on the three example loads
// (business-park; flex-park has the same load and battery) with half, the same and twice their
// battery, and the model trained with seeds 1, 2 and 3 on the hub in 2019 (out of sample, as hubsim
// run trains it) and applied to 2023: 27 cases. Per quantile it prints
//   beats  the cases where MPC on the model reaches no higher peak and no higher tariff cost (kWmax
//          at EUR 3/kW/month + energy at day-ahead prices, as hubsim run --regret) than on either
//          naive forecast;
//   gap    the mean share of the peak reduction perfect foresight reaches that MPC on the model
//          misses: (its peak - optimal peak) / (highest net load - optimal peak), lower is better;
//   cost   the mean tariff cost of MPC on the model against that without a margin (EUR per case);
// and the shipped examples themselves (seed 1, their own battery).
// Run after npm run build: node scripts/mpc-margin.mjs [--quantiles 0.5,0.6,0.7,0.8,0.9]
import { loadHub } from '../dist/model/load.js';
import { resolveHub } from '../dist/model/resolve.js';
import { simulate } from '../dist/engine/simulate.js';
import { StrategySpec } from '../dist/model/strategy.js';
import { createPlanner, prepareStrategies } from '../dist/strategies/registry.js';
import { setDayForecast } from '../dist/strategies/day-forecasts.js';
import { minimumPeakImport } from '../dist/strategies/optimal.js';
import { trainOrLoadForecaster } from '../dist/forecast/forecaster.js';
import { tariffCost } from '../dist/economics/tariff.js';
import { dayAheadPrices } from '../dist/profiles/prices.js';

const args = process.argv.slice(2);
const at = args.indexOf('--quantiles');
// none first: the reference of the cost column.
const quantiles = ['none', ...(at >= 0 ? args[at + 1] : '0.5,0.6,0.65,0.7,0.75,0.8,0.9')
  .split(',')
  .filter((q) => q !== 'none')].map((q) => (q === 'none' ? null : Number(q)));
const FILES = ['business-park', 'datacenter-campus', 'mixed-park'];
const SCALES = [0.5, 1, 2];
const SEEDS = [1, 2, 3];

/** The hub with its battery scaled in energy and power. */
function scaled(hub, s) {
  const b = hub.battery;
  const battery = { ...b, capacityKwh: s * b.capacityKwh, socMinKwh: s * b.socMinKwh, socMaxKwh: s * b.socMaxKwh, socInitialKwh: s * b.socInitialKwh, chargeKw: s * b.chargeKw, dischargeKw: s * b.dischargeKw };
  return { ...hub, battery };
}

function peakAndCost(hub, spec, prices) {
  const grid = simulate(hub, createPlanner(spec, hub)).recorder.gridKw;
  let peak = 0;
  for (const g of grid) if (g > peak) peak = g;
  return { peak, cost: tariffCost(hub, grid, prices).totalEur };
}

const cases = [];
for (const file of FILES) {
  const loaded = loadHub(`scenarios/examples/${file}.yaml`);
  const base = resolveHub(loaded);
  // Trained out of sample, as hubsim run does: on the hub in the year before with shipped profiles.
  const earlier = resolveHub({ ...loaded, hub: { ...loaded.hub, axis: { ...loaded.hub.axis, year: 2019 } } });
  const forecasters = await Promise.all(SEEDS.map((seed) => trainOrLoadForecaster(earlier, { seed })));
  const prices = dayAheadPrices(base.axis);
  for (const s of SCALES) {
    const hub = scaled(base, s);
    const net = Float64Array.from(hub.demandKw, (d, t) => d - hub.generationKw[t]);
    const optimal = minimumPeakImport(net, 0, net.length, hub.battery, hub.axis.stepHours, hub.battery.socInitialKwh).peakKw;
    cases.push({ file, s, hub, forecasters, prices, optimal, highest: Math.max(...net) });
  }
}

/** Tariff cost of MPC on the model without a margin, per case and seed, the reference of the cost column. */
const plainCost = new Map();
for (const q of quantiles) {
  let beats = 0;
  let gap = 0;
  let cost = 0;
  const shipped = [];
  for (const c of cases) {
    const spec = (forecast) => StrategySpec.parse({ kind: 'mpc', forecast, guard: false, marginQuantile: q });
    await prepareStrategies([spec('yesterday'), spec('last-week')], [c.hub]);
    const yesterday = peakAndCost(c.hub, spec('yesterday'), c.prices);
    const lastWeek = peakAndCost(c.hub, spec('last-week'), c.prices);
    for (const [k, f] of c.forecasters.entries()) {
      // A fresh hub object per seed: prepared forecasts are kept per hub.
      const hub = { ...c.hub };
      setDayForecast(hub, 'model', f.applyTo(hub));
      await prepareStrategies([spec('model')], [hub]);
      const model = peakAndCost(hub, spec('model'), c.prices);
      const ok = model.peak <= Math.min(yesterday.peak, lastWeek.peak) + 1e-6 && model.cost <= Math.min(yesterday.cost, lastWeek.cost) + 1e-6;
      beats += ok ? 1 : 0;
      gap += (model.peak - c.optimal) / (c.highest - c.optimal);
      const key = `${c.file}:${c.s}:${k}`;
      if (q === null) plainCost.set(key, model.cost);
      cost += model.cost - (plainCost.get(key) ?? Number.NaN);
      if (c.s === 1 && SEEDS[k] === 1) shipped.push(`${c.file} ${Math.round(model.peak)}/${Math.round(yesterday.peak)}/${Math.round(lastWeek.peak)} kW ${ok ? 'ok' : 'not ok'}`);
    }
  }
  const n = cases.length * SEEDS.length;
  console.log(`${String(q ?? 'none').padEnd(5)} beats ${beats}/${n}  gap ${(gap / n).toFixed(3)}  cost ${Math.round(cost / n)}  examples (model/yesterday/last week): ${shipped.join('; ')}`);
}
