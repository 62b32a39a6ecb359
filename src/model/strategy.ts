import { z } from 'zod';

const name = z.string().min(1).optional().describe('Name in the outputs; default: the kind (with "+guard" when guarded). Unique per hub.');
const guard = z
  .boolean()
  .default(false)
  .describe('Run congestion management after the battery: shed flexible load above the import cap, curtail PV and wind above the export cap.');

export const BaselineStrategy = z
  .strictObject({ kind: z.literal('baseline'), name })
  .describe('No control: the battery idles, nothing is shed or curtailed. Every reduction is measured against it.');

export const PeakShavingStrategy = z
  .strictObject({
    kind: z.literal('peak-shaving'),
    name,
    thresholdKw: z.number().nonnegative().optional().describe('Discharge when net import would exceed this (kW); recharge below it.'),
    thresholdQuantile: z
      .number()
      .gt(0)
      .lt(1)
      .optional()
      .describe('Derive the threshold as this quantile of the uncontrolled net import. Default when neither is given: the lowest threshold whose daily energy above it fits in the full battery, lowered to the import cap where there is one.'),
    guard,
  })
  .describe('Rule-based peak shaving: discharge above a threshold, recharge below it.');

export const SelfConsumptionStrategy = z
  .strictObject({ kind: z.literal('self-consumption'), name, guard })
  .describe('Rule-based: charge from PV and wind surplus, discharge into the load.');

export const CongestionStrategy = z
  .strictObject({ kind: z.literal('congestion'), name })
  .describe('Congestion management without a battery: shed flexible load when import would exceed the cap, curtail PV and wind when export would exceed the export cap.');

export const OptimalStrategy = z
  .strictObject({ kind: z.literal('optimal'), name, guard })
  .describe('Perfect foresight: the exact lowest possible peak import with the battery over the whole axis, ending at least as full as it started.');

export const StrategySpec = z.discriminatedUnion('kind', [
  BaselineStrategy,
  PeakShavingStrategy,
  SelfConsumptionStrategy,
  CongestionStrategy,
  OptimalStrategy,
]);
export type StrategySpec = z.infer<typeof StrategySpec>;
export type StrategyKind = StrategySpec['kind'];

/** The strategy's name in outputs. */
export function strategyName(spec: StrategySpec): string {
  if (spec.name !== undefined) return spec.name;
  return 'guard' in spec && spec.guard ? `${spec.kind}+guard` : spec.kind;
}
