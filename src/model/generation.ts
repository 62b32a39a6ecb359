import { z } from 'zod';
import { FileRef } from './series.js';

const CapacityFactorProfile = z
  .union([z.string().min(1), FileRef])
  .describe('Output per unit of capacity (kW/kWp or kW/kW): a shipped profile id or a CSV file.');

export const Pv = z
  .strictObject({
    kwp: z.number().nonnegative().describe('Installed PV peak power (kWp).'),
    profile: CapacityFactorProfile.default('pv-roof').describe('Output per kWp: shipped id (default pv-roof) or a CSV of kW/kWp.'),
  })
  .describe('Local solar PV.');
export type Pv = z.infer<typeof Pv>;

export const Wind = z
  .strictObject({
    ratedKw: z.number().nonnegative().describe('Rated wind power (kW).'),
    profile: CapacityFactorProfile.default('wind-onshore').describe('Output per kW rated: shipped id (default wind-onshore) or a CSV of kW/kW.'),
  })
  .describe('Local wind turbines.');
export type Wind = z.infer<typeof Wind>;
