// The measurement behind README's "The days before" for mpc in hubsim run: each shipped example's MPC
// (the trained model, same hour last week, same hour yesterday; without the guard, as --regret runs
// them) on 2023, starting without days before (as hubsim run does) and with the last 14 UTC days of
// 2019 in memory, a stand-in for the days before 2023 (as the examples' peak shavers take 2019 with
// designYear): the forecasts of the first week read them and the margin starts from their misses.
// Prints each run's peak import (kW) and the day of the year (0 = 1 January) it falls on; then, since
// which days stand in matters, the peaks with the 14 days of 2019 ending 31, 28 (a Saturday, as the
// days before 2023 end on Saturday 31 December 2022), 24 and 21 December in memory.
// Run after npm run build, from the project's root: node scripts/mpc-memory.mjs
import { loadHub } from '../dist/model/load.js';
import { resolveHub } from '../dist/model/resolve.js';
import { simulate } from '../dist/engine/simulate.js';
import { createPlanner } from '../dist/strategies/registry.js';
import { MpcStrategy } from '../dist/model/strategy.js';
import { lastDaysMeasured, MPC_MEMORY_DAYS, naiveDayForecast, setDayForecast, setMeasuredBefore } from '../dist/strategies/day-forecasts.js';
import { trainOrLoadForecaster } from '../dist/forecast/forecaster.js';
import { dailyNetLoad, shippedWeather } from '../dist/forecast/features.js';
for (const ex of ['business-park', 'mixed-park', 'datacenter-campus']) {
  const loaded = loadHub(`scenarios/examples/${ex}.yaml`);
  const inYear = (year) => resolveHub({ hub: { ...loaded.hub, axis: { stepMinutes: loaded.hub.axis.stepMinutes, year } }, source: loaded.source });
  const h2019 = inYear(2019);
  const f = await trainOrLoadForecaster(h2019);
  const out = [];
  for (const mem of [false, true]) {
    for (const kind of ['model', 'last-week', 'yesterday']) {
      const hub = inYear(2023);
      const before = mem ? lastDaysMeasured(h2019, MPC_MEMORY_DAYS, shippedWeather(dailyNetLoad(h2019))) : undefined;
      setDayForecast(hub, 'model', f.applyTo(hub, { before }));
      for (const k of ['last-week', 'yesterday']) setDayForecast(hub, k, naiveDayForecast(hub, k, before));
      if (mem) setMeasuredBefore(hub, before.netKw);
      const spec = MpcStrategy.parse({ kind: 'mpc', forecast: kind, guard: false });
      const run = simulate(hub, createPlanner(spec, hub));
      const g = run.recorder.gridKw; let p = -1, at = 0;
      for (let t = 0; t < g.length; t++) if (g[t] > p) { p = g[t]; at = t; }
      out.push(`${mem ? 'mem ' : 'none'} ${kind.padEnd(9)} peak ${p.toFixed(0)} day ${Math.floor(at / (g.length / 365))}`);
    }
  }
  const weather = shippedWeather(dailyNetLoad(h2019));
  const days = Math.floor(h2019.axis.steps / 24);
  for (const shift of [0, 3, 7, 10]) {
    // The hub of 2019 cut to end `shift` days before its end: its last 14 days stand in.
    const end = days - shift;
    const cut = { ...h2019, axis: { ...h2019.axis, steps: end * 24 } };
    const before = lastDaysMeasured(cut, MPC_MEMORY_DAYS, { temperatureC: weather.temperatureC.subarray(0, end * 24), ghiWm2: weather.ghiWm2.subarray(0, end * 24) });
    const peaks = [];
    for (const kind of ['model', 'last-week', 'yesterday']) {
      const hub = inYear(2023);
      setDayForecast(hub, 'model', f.applyTo(hub, { before }));
      for (const k of ['last-week', 'yesterday']) setDayForecast(hub, k, naiveDayForecast(hub, k, before));
      setMeasuredBefore(hub, before.netKw);
      const g = simulate(hub, createPlanner(MpcStrategy.parse({ kind: 'mpc', forecast: kind, guard: false }), hub)).recorder.gridKw;
      peaks.push(Math.max(...g).toFixed(0));
    }
    out.push(`mem ending ${new Date(Date.UTC(2019, 0, end)).toISOString().slice(0, 10)}: model / last-week / yesterday peak ${peaks.join(' / ')}`);
  }
  console.log(ex + '\n  ' + out.join('\n  '));
}
