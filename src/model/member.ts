import { z } from 'zod';
import { MemberProfile } from './profile.js';

/** The kinds of member; a rollout grows each kind as its `growth` says. */
export const MEMBER_KINDS = ['business', 'datacenter', 'industry', 'other'] as const;

/** A company on the business park or a datacenter on the campus, behind the hub's one connection. */
export const Member = z.strictObject({
  id: z.string().min(1).describe('Unique id of the member, used in flexibleLoad and in outputs.'),
  name: z.string().optional().describe('Display name.'),
  kind: z
    .enum(MEMBER_KINDS)
    .default('business')
    .describe('What kind of member this is (used for growth rates in rollouts and in reports).'),
  profile: MemberProfile.describe('Consumption (kW) over the axis: a constant, an array, a shipped shape or a CSV file.'),
  ownConnectionKw: z
    .number()
    .nonnegative()
    .optional()
    .describe('Import capacity (kW) the member would hold on its own connection. Default: its own peak consumption.'),
});
export type Member = z.infer<typeof Member>;
