import { z } from 'zod';

const fraction = z.number().min(0).max(1);

/** A stationary battery on the hub's side of the connection. */
export const Battery = z
  .strictObject({
    energyKwh: z.number().positive().describe('Nominal energy capacity (kWh).'),
    powerKw: z.number().positive().optional().describe('Charge and discharge power limit (kW) at the grid side, when both are equal.'),
    chargeKw: z.number().positive().optional().describe('Charge power limit (kW); overrides powerKw.'),
    dischargeKw: z.number().positive().optional().describe('Discharge power limit (kW); overrides powerKw.'),
    chargeEfficiency: z.number().gt(0).max(1).default(0.95).describe('One-way charge efficiency (0-1]; round-trip = charge x discharge.'),
    dischargeEfficiency: z.number().gt(0).max(1).default(0.95).describe('One-way discharge efficiency (0-1].'),
    socMin: fraction.default(0.05).describe('Lowest state of charge, as a fraction of energyKwh.'),
    socMax: fraction.default(0.95).describe('Highest state of charge, as a fraction of energyKwh.'),
    socInitial: fraction.default(0.5).describe('State of charge at the start, as a fraction of energyKwh; perfect foresight ends at least this full.'),
    selfDischargePerHour: z.number().min(0).lt(1).default(0).describe('Fraction of the stored energy lost per hour.'),
  })
  .describe('A battery behind the collective connection.');
export type Battery = z.infer<typeof Battery>;
