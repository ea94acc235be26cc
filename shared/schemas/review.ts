import * as z from 'zod';
import { OrganisationKind } from './common.js';
import { StaffTopicSummary } from './intake.js';

/** The merge dialog: open or accepted topics of the same organisation, most alike first. */
export const MergeCandidatesQuery = z.object({ q: z.string().trim().max(60).optional() }).strict();
export const MergeCandidates = z.object({ items: z.array(StaffTopicSummary) });
export type MergeCandidates = z.infer<typeof MergeCandidates>;

/**
 * Where a topic can be referred (即办): departments (organisations where someone holds the
 * department role) and the levels above the village, and the people who would receive it.
 */
export const ReferralTargets = z.object({
  units: z.array(z.object({ id: z.number().int(), name: z.string(), kind: OrganisationKind })),
  people: z.array(
    z.object({
      id: z.number().int(),
      displayName: z.string(),
      organisationId: z.number().int(),
      organisationName: z.string(),
    }),
  ),
});
export type ReferralTargets = z.infer<typeof ReferralTargets>;
