// The measurement behind README's "The days before" for mpc in hubsim run: each shipped example's MPC
// (the trained model, same hour last week, same hour yesterday; without the guard, as --regret runs
// them) on 2023, starting without days before (as hubsim run does) and with the last 14 UTC days of
// 2019 in memory, a stand-in for the days before 2023 (as the examples' peak shavers take 2019 with
// designYear): the forecasts of the first week read them and the margin starts from their misses.
// Prints each run's peak import (kW) and the day of the year (0 = 1 January) it falls on.
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
  console.log(ex + '\n  ' + out.join('\n  '));
}
