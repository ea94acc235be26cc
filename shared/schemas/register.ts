import * as z from 'zod';
import { IMPORT_FIELDS } from '../rules/register-headers.js';
import { GENDERS, isCalendarDay, PERSON_STATUSES } from '../rules/register.js';
import { Id, MobilePhone, PageQuery, Text } from './common.js';

/** A calendar day in China time, 'YYYY-MM-DD'. */
export const Day = z.string().refine(isCalendarDay, { message: 'invalid_day' });
export const PersonStatus = z.enum(PERSON_STATUSES);
export const Gender = z.enum(GENDERS);
const Year = z.number().int().min(1900).max(2100);
/** An empty string clears the phone; otherwise a mainland mobile. */
const OptionalPhone = z.union([z.literal(''), MobilePhone]);
/** The last four characters of an ID card, never more (the register keeps no ID numbers). */
const IdSuffix = z.string().regex(/^[0-9X]{4}$/, { message: 'invalid_id_suffix' });

const PersonFields = {
  name: Text(1, 40),
  gender: Gender,
  birthYear: Year.nullable(),
  adult: z.boolean().nullable(),
  /** 户号; a new number creates the household. */
  householdNumber: Text(1, 32).nullable(),
  relation: Text(1, 16).nullable(),
  gridId: Id.nullable(),
  phone: OptionalPhone,
  idSuffix: IdSuffix.nullable(),
  partyMember: z.boolean(),
};

export const CreatePersonBody = z
  .object({
    ...PersonFields,
    status: PersonStatus.default('resident'),
    statusSince: Day.optional(),
  })
  .strict();
export type CreatePersonBody = z.infer<typeof CreatePersonBody>;

/** Status changes have a verb of their own (with a date and a reason), not a field here. */
export const UpdatePersonBody = z.object(PersonFields).partial().strict();
export type UpdatePersonBody = z.infer<typeof UpdatePersonBody>;

export const StatusChangeBody = z.object({ status: PersonStatus, effectiveOn: Day, reason: Text(1, 200) }).strict();
export type StatusChangeBody = z.infer<typeof StatusChangeBody>;

export const PeopleQuery = PageQuery.extend({
  q: z.string().trim().max(40).optional(),
  gridId: Id.optional(),
  status: PersonStatus.optional(),
  householdId: Id.optional(),
}).strict();
export type PeopleQuery = z.infer<typeof PeopleQuery>;

export const HouseholdsQuery = PageQuery.extend({
  q: z.string().trim().max(32).optional(),
  gridId: Id.optional(),
}).strict();
export type HouseholdsQuery = z.infer<typeof HouseholdsQuery>;

export const UpdateHouseholdBody = z
  .object({ gridId: Id.nullable(), address: Text(1, 100).nullable(), headPersonId: Id.nullable() })
  .partial()
  .strict();
export type UpdateHouseholdBody = z.infer<typeof UpdateHouseholdBody>;

export const PersonView = z.object({
  id: z.number().int(),
  organisationId: z.number().int(),
  externalKey: z.string(),
  name: z.string(),
  gender: Gender,
  birthYear: z.number().int().nullable(),
  adultFlag: z.boolean().nullable(),
  /** Adult today (China time), from the year of birth or the flag. */
  adult: z.boolean(),
  householdId: z.number().int().nullable(),
  householdNumber: z.string().nullable(),
  isHead: z.boolean(),
  relation: z.string().nullable(),
  gridId: z.number().int().nullable(),
  gridName: z.string().nullable(),
  /** Only the village's staff read the register, so the phone is shown here and nowhere public. */
  phone: z.string().nullable(),
  idSuffix: z.string().nullable(),
  status: PersonStatus,
  statusSince: z.string(),
  partyMember: z.boolean(),
});
export type PersonView = z.infer<typeof PersonView>;

export const StatusEventView = z.object({
  id: z.number().int(),
  status: PersonStatus,
  effectiveOn: z.string(),
  reason: z.string().nullable(),
  recordedBy: z.string().nullable(),
  at: z.string(),
});

export const SeatView = z.object({
  id: z.number().int(),
  bodyId: z.number().int(),
  bodyName: z.string(),
  kind: z.string(),
  role: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
});

export const PersonDetail = PersonView.extend({
  history: z.array(StatusEventView),
  seats: z.array(SeatView),
  household: z.array(PersonView.pick({ id: true, name: true, relation: true, status: true })),
});
export type PersonDetail = z.infer<typeof PersonDetail>;

export const PeoplePage = z.object({ items: z.array(PersonView), total: z.number().int() });

export const HouseholdView = z.object({
  id: z.number().int(),
  number: z.string(),
  gridId: z.number().int().nullable(),
  gridName: z.string().nullable(),
  address: z.string().nullable(),
  headPersonId: z.number().int().nullable(),
  headName: z.string().nullable(),
  /** People on the register in it, and those of them who count as villagers (resident or away). */
  members: z.number().int(),
  villagers: z.number().int(),
});
export type HouseholdView = z.infer<typeof HouseholdView>;
export const HouseholdsPage = z.object({ items: z.array(HouseholdView), total: z.number().int() });

export const RegisterSummary = z.object({
  organisationId: z.number().int(),
  name: z.string(),
  canEdit: z.boolean(),
  grids: z.array(z.object({ id: z.number().int(), name: z.string() })),
  people: z.number().int(),
  /** Villagers (resident or away) aged 18+ today: the villagers' assembly. */
  adults: z.number().int(),
  /** Households with at least one such adult: the assembly's alternative quorum counts these. */
  households: z.number().int(),
  byStatus: z.record(PersonStatus, z.number().int()),
});
export type RegisterSummary = z.infer<typeof RegisterSummary>;

export const ImportMapping = z.partialRecord(z.enum(IMPORT_FIELDS), z.number().int().min(0).max(59).nullable());

/** The multipart field `meta` of an import: which column feeds which field (none: the suggestion). */
export const ImportMeta = z.object({ mapping: ImportMapping.optional() }).strict();
export type ImportMeta = z.infer<typeof ImportMeta>;

export const ImportProblem = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  field: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
export type ImportProblem = z.infer<typeof ImportProblem>;

export const ImportCounts = z.object({
  rows: z.number().int(),
  new: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  households: z.number().int(),
});

export const ImportPreview = z.object({
  format: z.enum(['xlsx', 'csv']),
  headers: z.array(z.string()),
  headerRows: z.array(z.number().int()),
  /** The first rows as read, for the mapping step. */
  sample: z.array(z.object({ row: z.number().int(), cells: z.array(z.string()) })),
  mapping: ImportMapping,
  suggested: ImportMapping,
  problems: z.array(ImportProblem),
  counts: ImportCounts,
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportResult = z.object({ counts: ImportCounts });

export const ExportParams = z.object({ id: Id, format: z.enum(['xlsx', 'csv']) }).strict();
