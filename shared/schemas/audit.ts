import * as z from 'zod';

export const AuditEventView = z.object({
  id: z.number().int(),
  actorId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  summary: z.record(z.string(), z.unknown()),
  at: z.string(),
});
export type AuditEventView = z.infer<typeof AuditEventView>;

export const AuditQuery = z
  .object({
    subjectType: z.string().max(40).optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const AuditList = z.object({ items: z.array(AuditEventView), total: z.number().int() });
export type AuditList = z.infer<typeof AuditList>;
