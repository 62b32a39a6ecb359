import { z } from 'zod';
import { PowerSeries } from './series.js';

/**
 * ACM use-it-or-lose-it (Netcode elektriciteit art. 7.13, ACM besluit 16 April 2024, Stcrt. 2024,
 * 13531): the unused contracted capacity at or above which the grid operator may reclaim it, by
 * voltage level of the connection (kW): 1 MW on MV and on HV below 110 kV, 10 MW on HV from 110 kV.
 */
export const ACM_UNUSED_THRESHOLD_KW = { MV: 1000, 'HV-below-110kV': 1000, 'HV-110kV-and-above': 10_000 } as const;

/** The one collective grid connection of the hub (a group contract, GTO). */
export const Connection = z
  .strictObject({
    importCapKw: PowerSeries.optional().describe('Contracted import capacity (kW): a constant, one value per step, or a CSV file. Omitted: no cap.'),
    exportCapKw: PowerSeries.optional().describe('Contracted export (feed-in) capacity (kW), as a positive number. Omitted: no cap.'),
    voltageLevel: z
      .enum(['MV', 'HV-below-110kV', 'HV-110kV-and-above'])
      .default('MV')
      .describe('Voltage level of the collective connection and of the members\' own connections, for ACM use-it-or-lose-it (Netcode art. 7.13): 1 MW unused may be reclaimed on MV and HV below 110 kV, 10 MW from 110 kV. Default MV (an assumption: business parks connect on MV).'),
  })
  .describe('The collective connection and its transport capacity.');
export type Connection = z.infer<typeof Connection>;
