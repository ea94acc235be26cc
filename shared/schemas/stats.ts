import * as z from 'zod';
import { Id, OrganisationKind } from './common.js';

const Month = z.string().regex(/^20\d\d-(0[1-9]|1[0-2])$/, { message: 'invalid_month' });

/** The dashboard's filters: which organisation (default: the highest the user covers), months, category. */
export const StatsQuery = z
  .object({
    organisationId: Id.optional(),
    from: Month.optional(),
    to: Month.optional(),
    category: z.string().trim().min(1).max(20).optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'invalid_period', path: ['to'] });
export type StatsQuery = z.infer<typeof StatsQuery>;

export const RatioView = z.object({ numerator: z.number().int(), denominator: z.number().int() });
export const DurationSummary = z.object({
  /** Seconds; null when there is nothing to measure. */
  median: z.number().nullable(),
  p90: z.number().nullable(),
  count: z.number().int(),
});

/**
 * One organisation's (or the whole scope's) figures. Resolution measures are null where there
 * are no resolutions to count from (shown as "—").
 */
export const Measures = z.object({
  topics: z.number().int(),
  response: RatioView,
  completion: RatioView.nullable(),
  resolution: RatioView.nullable(),
  satisfaction: RatioView.nullable(),
  ratings: z
    .object({
      satisfied: z.number().int(),
      basicallySatisfied: z.number().int(),
      dissatisfied: z.number().int(),
    })
    .nullable(),
  overdue: z.number().int().nullable(),
});
export type Measures = z.infer<typeof Measures>;

export const OrgRef = z.object({ id: z.number().int(), name: z.string(), kind: OrganisationKind });
export type OrgRef = z.infer<typeof OrgRef>;

export const StatsDashboard = z.object({
  organisation: OrgRef,
  /** From the highest organisation the user covers down to this one. */
  breadcrumb: z.array(OrgRef),
  period: z.object({ from: Month, to: Month }),
  category: z.string().nullable(),
  responseLimitHours: z.number(),
  totals: Measures,
  responseTime: DurationSummary,
  closeTime: DurationSummary.nullable(),
  /** One row per child (townships, villages or grids); `id` null for topics filed on no grid. */
  children: z.array(
    z.object({
      id: z.number().int().nullable(),
      name: z.string(),
      kind: OrganisationKind.nullable(),
      measures: Measures,
    }),
  ),
  byCategory: z.array(z.object({ category: z.string(), topics: z.number().int() })),
  byMonth: z.array(
    z.object({ month: Month, topics: z.number().int(), responded: z.number().int(), closed: z.number().int() }),
  ),
  meetingsByKind: z.array(z.object({ kind: z.string(), count: z.number().int() })),
  visits: z.number().int(),
  cosignLeaders: z.array(
    z.object({ id: z.number().int(), title: z.string(), cosigns: z.number().int(), organisation: z.string() }),
  ),
  /** False until the resolutions feature's tables exist: its measures then read "—". */
  resolutionsAvailable: z.boolean(),
  generatedAt: z.string(),
});
export type StatsDashboard = z.infer<typeof StatsDashboard>;

/** The public board's three rates, month by month, for the last 12 months. */
export const BoardRates = z.object({
  organisation: z.object({ id: z.number().int(), name: z.string() }),
  months: z.array(
    z.object({
      month: Month,
      response: RatioView,
      completion: RatioView.nullable(),
      satisfaction: RatioView.nullable(),
    }),
  ),
  totals: z.object({ response: RatioView, completion: RatioView.nullable(), satisfaction: RatioView.nullable() }),
});
export type BoardRates = z.infer<typeof BoardRates>;

export const EXPORT_KINDS = ['topics', 'resolutions', 'meetings', 'visits', 'ballots'] as const;
export const ExportKind = z.enum(EXPORT_KINDS);
export type ExportKind = z.infer<typeof ExportKind>;
export const ExportFormat = z.enum(['csv', 'xlsx']);
export type ExportFormat = z.infer<typeof ExportFormat>;
export const ExportParams = z.object({ kind: ExportKind, format: ExportFormat }).strict();
