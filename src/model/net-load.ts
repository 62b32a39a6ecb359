import type { ResolvedHub } from './resolved.js';

/*
 * A hub's net load: what its members draw less what its PV and wind give, x_t = demand_t -
 * generation_t (kW), before any battery or flexible load acts. Positive: the hub would import;
 * negative: it would export. Every rule and the grid operator's view of a terrain start from it.
 */

/** The hub's net load, step by step, into `out` (out's length); returns `out`. */
export function netLoadInto(hub: ResolvedHub, out: Float64Array): Float64Array {
  const { demandKw, generationKw } = hub;
  for (let t = 0; t < out.length; t++) out[t] = demandKw[t] - generationKw[t];
  return out;
}

/** The net load demand - generation of the steps [from, to) of two columns, as a new column. */
export function netLoadOfSteps(demandKw: Float64Array, generationKw: Float64Array, from: number, to: number): Float64Array {
  const out = new Float64Array(to - from);
  for (let t = 0; t < out.length; t++) out[t] = demandKw[from + t] - generationKw[from + t];
  return out;
}

/** The hub's net load as a new column of its axis. */
export function netLoadOf(hub: ResolvedHub): Float64Array {
  return netLoadInto(hub, new Float64Array(hub.axis.steps));
}

/** out += the hub's net load, step by step (out's length): a substation's load summed terrain by terrain. */
export function addNetLoadInto(hub: ResolvedHub, out: Float64Array): void {
  const { demandKw, generationKw } = hub;
  for (let t = 0; t < out.length; t++) out[t] += demandKw[t] - generationKw[t];
}
