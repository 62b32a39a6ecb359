import { z } from 'zod';

/** Part of a member's load that may be switched off temporarily (tijdelijk afschakelen). */
export const FlexibleLoad = z.strictObject({
  member: z.string().min(1).describe('Id of the member whose load may be shed.'),
  share: z.number().gt(0).max(1).describe('Share (0-1] of the member load that may be shed in a step.'),
  maxHoursPerDay: z.number().gt(0).max(25).default(24).describe('At most this many hours of shedding per local (Europe/Amsterdam) day.'),
});
export type FlexibleLoad = z.infer<typeof FlexibleLoad>;
