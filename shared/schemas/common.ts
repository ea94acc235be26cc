import * as z from 'zod';
import { LOCALES, ORGANISATION_KINDS, ROLES } from '../roles.js';

/** Database ids are positive integers; path params arrive as strings. */
export const Id = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);
export const IdParams = z.object({ id: Id }).strict();
/** `{ organisationId }`: what the watch events (organisation, review, statistics) name. */
export const OrganisationRef = z.object({ organisationId: Id }).strict();

export const Role = z.enum(ROLES);
export const Locale = z.enum(LOCALES);
export const OrganisationKind = z.enum(ORGANISATION_KINDS);

/** Printable text without control characters; trims and rejects blank strings. */
export const Text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s), { message: 'control_characters' });

/** Mainland China mobile numbers: 11 digits starting 13–19. */
export const MobilePhone = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, { message: 'invalid_mobile' });

export const ErrorBodySchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .meta({ id: 'ErrorBody' });

export const OkSchema = z.object({ ok: z.literal(true) });

export const PageQuery = z.object({
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
