import { z } from 'zod';
import { PowerSeries } from './series.js';

/** The one collective grid connection of the hub (a group contract, GTO). */
export const Connection = z
  .strictObject({
    importCapKw: PowerSeries.optional().describe('Contracted import capacity (kW): a constant, one value per step, or a CSV file. Omitted: no cap.'),
    exportCapKw: PowerSeries.optional().describe('Contracted export (feed-in) capacity (kW), as a positive number. Omitted: no cap.'),
  })
  .describe('The collective connection and its transport capacity.');
export type Connection = z.infer<typeof Connection>;
