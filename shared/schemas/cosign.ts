import * as z from 'zod';
import { Id } from './common.js';
import { MAINLAND_MOBILE, normalisePhone, SMS_CODE } from '../rules/cosign.js';

const DeviceId = z.string().regex(/^[\w-]{8,64}$/);
/** A mobile number as residents type it (full-width digits, spaces), normalised before it is checked. */
export const TypedMobile = z
  .string()
  .max(20)
  .transform(normalisePhone)
  .pipe(z.string().regex(MAINLAND_MOBILE, { message: 'invalid_mobile' }));

/** Step 1: "send a code to this phone" — the phone must be on the register for it to arrive. */
export const CosignCodeBody = z.object({ phone: TypedMobile, deviceId: DeviceId }).strict();
export type CosignCodeBody = z.input<typeof CosignCodeBody>;

/**
 * The same answer whether or not the phone is on the register: a stranger learns nothing about
 * who lives in the village by trying numbers.
 */
export const CosignCodeResult = z.object({ validMinutes: z.number().int(), resendAfterSeconds: z.number().int() });
export type CosignCodeResult = z.infer<typeof CosignCodeResult>;

/** Step 2: the code back, and whether the resident wants to be told what became of the topic. */
export const CosignVerifyBody = z
  .object({
    phone: TypedMobile,
    code: z.string().regex(new RegExp(`^\\d{${SMS_CODE.digits}}$`)),
    deviceId: DeviceId,
    notify: z.boolean().default(false),
  })
  .strict();
export type CosignVerifyBody = z.input<typeof CosignVerifyBody>;

export const VerifiedCosignResult = z.object({
  cosignCount: z.number().int(),
  verifiedCosignCount: z.number().int(),
  alreadyCosigned: z.boolean(),
});
export type VerifiedCosignResult = z.infer<typeof VerifiedCosignResult>;

/** The desk co-signs for a resident in person (no phone needed), by their register entry. */
export const DeskCosignBody = z.object({ personId: Id }).strict();

export const CosignCandidatesQuery = z.object({ q: z.string().trim().min(1).max(20) }).strict();

/** A person the desk may pick: enough to tell two 王芳 apart, nothing more. */
export const CosignCandidate = z.object({
  id: z.number().int(),
  name: z.string(),
  birthYear: z.number().int().nullable(),
  household: z.string().nullable(),
  idSuffix: z.string().nullable(),
  cosigned: z.boolean(),
});
export type CosignCandidate = z.infer<typeof CosignCandidate>;

/** Support and legal weight side by side, for staff and the public topic list. */
export const CosignSummary = z.object({
  cosignCount: z.number().int(),
  verifiedCosignCount: z.number().int(),
  registerAdults: z.number().int(),
  needed: z.number().int(),
  assemblyDemand: z.boolean(),
  /** Representatives seated on the register on the day, and those of them with a verified co-sign. */
  representatives: z.number().int(),
  representativeCosigns: z.number().int(),
  /** One fifth of the representatives co-signed: a representatives' meeting can be demanded. */
  representativesDemand: z.boolean(),
});
export type CosignSummary = z.infer<typeof CosignSummary>;
