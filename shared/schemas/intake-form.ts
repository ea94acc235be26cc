import * as z from 'zod/mini';
import { DETAILS_MAX, LOCATION_MAX, MOBILE_PATTERN, NAME_MAX, TITLE_MAX, TITLE_MIN } from '../rules/intake.js';

/**
 * The residents' own payloads — the topic form and co-signing — written with `zod/mini`, because
 * the resident's phone runs the very same schemas before sending: classic zod would cost about
 * 28 KB gzipped of a 35 KB page budget, `zod/mini` about 6 KB. The server validates requests
 * with these same objects (server/http/intake.ts); their issues map onto the same `field.*`
 * messages (shared/schemas/problems.ts).
 */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const printable = z.refine<string>((s) => !CONTROL_CHARACTERS.test(s), { error: 'control_characters' });
const text = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max), printable);
const optionalText = (max: number) => z._default(z.string().check(z.trim(), z.maxLength(max), printable), '');

export const ResidentMobile = z
  .string()
  .check(z.trim(), z.regex(new RegExp(MOBILE_PATTERN), { error: 'invalid_mobile' }));
const DeviceId = z.string().check(z.trim(), z.minLength(8), z.maxLength(64));

/** The resident's topic. `website` is a honeypot: people never see it, bots fill it in. */
export const SubmitTopicBody = z.strictObject({
  title: text(TITLE_MIN, TITLE_MAX),
  details: optionalText(DETAILS_MAX),
  category: z.string().check(z.trim(), z.minLength(1), z.maxLength(20)),
  location: optionalText(LOCATION_MAX),
  gridId: z._default(z.nullable(z.int().check(z.positive(), z.maximum(2 ** 31 - 1))), null),
  name: optionalText(NAME_MAX),
  phone: z._default(z.union([ResidentMobile, z.literal('')]), ''),
  anonymous: z._default(z.boolean(), false),
  website: z._default(z.string().check(z.maxLength(200)), ''),
  deviceId: z.optional(DeviceId),
});
export type SubmitTopicBody = z.output<typeof SubmitTopicBody>;
export type SubmitTopicInput = z.input<typeof SubmitTopicBody>;

export const CosignBody = z.strictObject({
  deviceId: DeviceId,
  phone: z.optional(ResidentMobile),
});
export type CosignBody = z.output<typeof CosignBody>;
