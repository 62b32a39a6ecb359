import { z } from 'zod';

/** Part of a member's load that may be switched off temporarily (tijdelijk afschakelen). */
export const FlexibleLoad = z.strictObject({
  member: z.string().min(1).describe('Id of the member whose load may be shed.'),
  share: z.number().gt(0).max(1).describe('Share (0-1] of the member load that may be shed in a step.'),
  maxHoursPerDay: z.number().gt(0).max(25).default(24).describe('At most this many hours of shedding per local (Europe/Amsterdam) day.'),
  recoverWithinHours: z
    .number()
    .gt(0)
    .optional()
    .describe(
      'Shed energy is deferred, not lost (a cold store, heat pump or EV charger catching up): it comes back as extra load of the member within this many hours after the step it was shed in (whole steps, at least one), while import is below the level the shedding holds (the import cap) and up to the flexible share of the member load, and at the deadline whatever is still owed regardless of the cap (forced rebound). Absent: shed energy is lost.',
    ),
});
export type FlexibleLoad = z.infer<typeof FlexibleLoad>;
