import * as z from 'zod';
import { Id, Text } from './common.js';
import { Day } from './register.js';

/** The kinds a village keeps as bodies; free consultation has no roll, so it is no body. */
export const BODY_KINDS = [
  'villagers_assembly',
  'representatives_meeting',
  'party_assembly',
  'two_committees',
  'custom',
] as const;
export const BodyKind = z.enum(BODY_KINDS);
export type BodyKind = z.infer<typeof BodyKind>;
export const BODY_ROLES = ['member', 'representative', 'committee', 'guest'] as const;
export const BodyRole = z.enum(BODY_ROLES);

/** Which seats each kind of body has (a round-table's standing guests are 'guest'). */
export const ROLES_OF: Record<BodyKind, readonly (typeof BODY_ROLES)[number][]> = {
  villagers_assembly: [],
  representatives_meeting: ['representative', 'committee', 'guest'],
  party_assembly: ['member', 'guest'],
  two_committees: ['committee'],
  custom: ['member', 'guest'],
};

export const CreateBodyBody = z
  .object({
    kind: BodyKind,
    name: Text(1, 60),
    guestsVote: z.boolean().default(false),
    maxProxies: z.number().int().min(0).max(5).default(0),
  })
  .strict();
export type CreateBodyBody = z.infer<typeof CreateBodyBody>;

export const UpdateBodyBody = z
  .object({
    name: Text(1, 60),
    guestsVote: z.boolean(),
    maxProxies: z.number().int().min(0).max(5),
    archived: z.boolean(),
  })
  .partial()
  .strict();
export type UpdateBodyBody = z.infer<typeof UpdateBodyBody>;

export const AddMemberBody = z
  .object({ personId: Id, role: BodyRole, startsOn: Day, endsOn: Day.nullable().default(null) })
  .strict()
  .refine((b) => b.endsOn == null || b.endsOn >= b.startsOn, { message: 'seat_ends_before_start', path: ['endsOn'] });
export type AddMemberBody = z.infer<typeof AddMemberBody>;

export const EndMemberBody = z.object({ endsOn: Day }).strict();
export const MemberParams = z.object({ id: Id, memberId: Id }).strict();
/** The day whose roll and composition to show; today (China time) when absent. */
export const BodyQuery = z.object({ on: Day.optional() }).strict();

export const Composition = z.object({
  /** Entitled on the day: seats other than guests (for the assembly, adult villagers). */
  members: z.number().int(),
  representatives: z.number().int(),
  committee: z.number().int(),
  women: z.number().int(),
  guests: z.number().int(),
  /** The villagers' assembly only: households with at least one adult villager. */
  households: z.number().int().nullable(),
});

export const BodyView = z.object({
  id: z.number().int(),
  organisationId: z.number().int(),
  kind: BodyKind,
  name: z.string(),
  guestsVote: z.boolean(),
  maxProxies: z.number().int(),
  archived: z.boolean(),
  on: z.string(),
  composition: Composition,
  /** The representatives' meeting's legal composition, unmet: shown as warnings, never blocking. */
  warnings: z.array(z.enum(['representatives_below_four_fifths', 'women_below_one_third'])),
});
export type BodyView = z.infer<typeof BodyView>;

export const BodyMemberView = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  name: z.string(),
  gender: z.string(),
  gridName: z.string().nullable(),
  role: BodyRole,
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  /** Seated on the body's `on` day. */
  current: z.boolean(),
});
export type BodyMemberView = z.infer<typeof BodyMemberView>;

export const BodyDetail = BodyView.extend({ members: z.array(BodyMemberView) });
export type BodyDetail = z.infer<typeof BodyDetail>;
export const BodyList = z.object({ items: z.array(BodyView) });
