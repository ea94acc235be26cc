import * as z from 'zod';
import { MIN_PASSWORD_LENGTH, MIN_PASSWORD_SCORE, passwordScore } from '../rules/password-strength.js';
import { Locale, OrganisationKind, Role } from './common.js';

export const LoginBody = z
  .object({
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(256),
  })
  .strict();
export type LoginBody = z.infer<typeof LoginBody>;

export const LogoutQuery = z.object({ everywhere: z.enum(['0', '1']).optional() }).strict();

export const MembershipView = z.object({
  id: z.number().int(),
  organisationId: z.number().int(),
  organisationName: z.string(),
  organisationKind: OrganisationKind,
  /** Part of the clearly labelled demo county (the shell shows a banner). */
  isDemo: z.boolean(),
  role: Role,
});
export type MembershipView = z.infer<typeof MembershipView>;

export const SessionUser = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  locale: Locale,
  memberships: z.array(MembershipView),
});
export type SessionUser = z.infer<typeof SessionUser>;

/** GET /api/session. `csrfToken` must be echoed in `X-CSRF-Token` on every write. */
export const SessionView = z.object({ user: SessionUser, csrfToken: z.string() });
export type SessionView = z.infer<typeof SessionView>;

export const UpdateMeBody = z
  .object({ locale: Locale.optional(), displayName: z.string().trim().min(1).max(40).optional() })
  .strict();

/**
 * A password a person chooses: long enough and not easily guessed (zxcvbn score, see
 * shared/rules/password-strength.ts). The length rule reports first; strength is judged only
 * on a password of acceptable length.
 */
export const NewPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH)
  .max(256)
  .refine((p) => p.length < MIN_PASSWORD_LENGTH || p.length > 256 || passwordScore(p) >= MIN_PASSWORD_SCORE, {
    message: 'weak_password',
    params: { min: MIN_PASSWORD_LENGTH },
  });

export const ChangePasswordBody = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: NewPassword })
  .strict();
