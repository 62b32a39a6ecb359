import { drawnGridCost } from '../economics/tariff.js';
import { simulate } from '../engine/simulate.js';
import { mpcNetBefore, setDayForecast, setMeasuredBefore } from '../strategies/day-forecasts.js';
import { createPlanner, dayForecastsOf, daysRemembered, prepareDaysBefore, prepareSubstation } from '../strategies/registry.js';
import type { SweepBatch } from './batches.js';
import { configuredHub, type SweepContext } from './context.js';
import { rememberedGeneration } from './year-before.js';
import { K } from './outcome.js';

/**
 * Run one batch: every configuration of the subject on each weather draw of the range. The draw's
 * columns (and its forecasts, sweep/forecasts.ts) are built once and shared by its configurations;
 * a subject whose strategies plan with the trained model needs ctx.prepareForecasts first. Returns
 * draws x configurations x OUTCOMES values (draw-major), the same bytes wherever it runs.
 */
export function runSweepBatch(ctx: SweepContext, batch: SweepBatch): Float64Array {
  const p = ctx.subject(batch.subject);
  const configs = p.configurations;
  const n = p.base.axis.steps;
  const dt = p.base.axis.stepHours;
  // Reused from run to run: the grid exchange (the tariff prices it), the battery's power between
  // the physics passes, and the setpoints.
  const gridKw = ctx.workspace.column('gridKw', n);
  const batteryKw = ctx.workspace.column('batteryKw', n);
  const setpoints = ctx.workspace.setpoints(n);
  const out = new Float64Array((batch.drawTo - batch.drawFrom) * configs.length * K);
  // The day-ahead forecasts each configuration's strategy plans with (mpc), made per draw from the draw's own history.
  const kinds = configs.map((c) => dayForecastsOf(c.strategy));
  // The rest of the substation (rollout terrains), read through each draw's runs. A hub file has none:
  // the pass reads a stand-in of the same length (whatever it holds) and the substation peak is left empty.
  const otherKw = p.joined.substationOtherKw ?? ctx.workspace.column('noSubstation', p.joined.prices.length);
  const forecasting = kinds.some((k) => k.length > 0);
  const remembers = configs.map((c) => daysRemembered(c.strategy) > 0);
  let o = 0;
  for (let d = batch.drawFrom; d < batch.drawTo; d++) {
    const draw = ctx.draw(d);
    const drawn = ctx.drawnColumns(p, draw);
    const daysBefore = ctx.drawnDaysBefore(p, d);
    const forecasts = forecasting ? ctx.drawForecasts(batch.subject, draw, daysBefore === null ? null : ctx.drawBefore(d)) : null;
    for (const c of configs) {
      const hub = configuredHub(ctx, p, drawn, c);
      // The days before the drawn year, with this configuration's generation (year-before.ts).
      const before = daysBefore !== null && remembers[c.index] ? daysBefore : null;
      if (before !== null) {
        rememberedGeneration(before, c.pvKwp ?? p.asBuiltKwp, p.joined.pvPerKwp, p.windy ? p.joined.windKw : null);
        prepareDaysBefore(c.strategy, hub, before);
      }
      // MPC starts with the last UTC days of the year before: its forecasts read them, its margin their misses.
      const netBefore = before !== null && kinds[c.index].length > 0 ? mpcNetBefore(before, p.stepsPerDay) : undefined;
      for (const kind of kinds[c.index]) setDayForecast(hub, kind, forecasts!.get(kind, c.pvKwp ?? p.asBuiltKwp, hub, netBefore));
      if (netBefore !== undefined) setMeasuredBefore(hub, netBefore);
      if (drawn.substationOtherKw !== null) prepareSubstation(c.strategy, hub, drawn.substationOtherKw, before);
      // Only the grid exchange is kept per step: the tariff prices it.
      const run = simulate(hub, createPlanner(c.strategy, hub), { record: false, gridKw, batteryKw, setpoints });
      const s = run.balance;
      out[o] = s.peakImportKw;
      out[o + 1] = s.stepsAboveImportCap * dt;
      out[o + 2] = s.energyAboveImportCapKwh;
      out[o + 3] = s.shedKwh;
      out[o + 4] = s.curtailedKwh;
      out[o + 5] = s.importKwh;
      // The tariff at the drawn days' prices, and the substation's peak with this hub (the rest of the
      // substation on the same days; none for a hub file), in one pass over the grid exchange.
      drawnGridCost(gridKw, p.joined.prices, otherKw, drawn.runs, drawn.count, p.billingMonths, dt, p.tariffOf(c).kwmaxEurPerKwMonth, out, o + 6);
      if (p.joined.substationOtherKw === null) out[o + 8] = Number.NaN;
      out[o + 9] = s.unservedShedKwh;
      o += K;
    }
  }
  return out;
}
