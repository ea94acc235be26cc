import * as z from 'zod';
import { Id, OrganisationKind, Text } from './common.js';

/** Figures used later for quorum (adult population, households) and co-sign thresholds. */
export const OrganisationSettings = z
  .object({
    adultPopulation: z.number().int().min(0).max(10_000_000).optional(),
    households: z.number().int().min(0).max(10_000_000).optional(),
    /** Members checked in remotely may vote (here and, unless they say otherwise, in organisations below). */
    allowRemoteVoting: z.boolean().optional(),
    /** Hours within which a topic's first action counts as a response (响应率); inherited, default 24. */
    responseLimitHours: z.number().int().min(1).max(720).optional(),
    /** 四议两公开: a publication's display period (公示期) in days; inherited, default 7. */
    displayDays: z.number().int().min(1).max(90).optional(),
    /** The shortest display period anyone may choose here; inherited, default 5. */
    minDisplayDays: z.number().int().min(1).max(90).optional(),
    /** Days after a result is rated within which it must be published; inherited, default 7. */
    resultPublishLimitDays: z.number().int().min(1).max(90).optional(),
  })
  .strict();
export type OrganisationSettings = z.infer<typeof OrganisationSettings>;

export const OrganisationView = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: OrganisationKind,
  parentId: z.number().int().nullable(),
  settings: OrganisationSettings,
  isDemo: z.boolean(),
});
export type OrganisationView = z.infer<typeof OrganisationView>;

export const CreateOrganisationBody = z
  .object({
    name: Text(2, 60),
    kind: OrganisationKind,
    parentId: Id.nullable(),
    settings: OrganisationSettings.default({}),
  })
  .strict();
export type CreateOrganisationBody = z.infer<typeof CreateOrganisationBody>;

export const UpdateOrganisationBody = z
  .object({ name: Text(2, 60).optional(), settings: OrganisationSettings.optional() })
  .strict();
export type UpdateOrganisationBody = z.infer<typeof UpdateOrganisationBody>;
