import * as z from 'zod';
import { Id, Locale, MobilePhone, Role, Text } from './common.js';
import { MembershipView } from './session.js';

export const Username = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[a-z0-9_.-]+$/, { message: 'username_chars' });

export const UserView = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  locale: Locale,
  disabled: z.boolean(),
  /** Staff phone numbers are shown to admins only, masked to the last four digits. */
  phoneMasked: z.string().nullable(),
  memberships: z.array(MembershipView),
});
export type UserView = z.infer<typeof UserView>;

export const CreateUserBody = z
  .object({
    username: Username,
    displayName: Text(1, 40),
    phone: MobilePhone.optional(),
    locale: Locale.default('zh-CN'),
    organisationId: Id,
    role: Role,
  })
  .strict();
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const UpdateUserBody = z
  .object({ displayName: Text(1, 40).optional(), disabled: z.boolean().optional(), locale: Locale.optional() })
  .strict();
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const GrantRoleBody = z.object({ organisationId: Id, role: Role }).strict();
export type GrantRoleBody = z.infer<typeof GrantRoleBody>;

export const MembershipParams = z.object({ id: Id, membershipId: Id }).strict();

/** A new password is shown once to the admin who created or reset it, never stored in clear. */
export const IssuedPassword = z.object({ user: UserView, password: z.string() });
export type IssuedPassword = z.infer<typeof IssuedPassword>;

export const UserListQuery = z
  .object({
    q: z.string().trim().max(40).optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const UserList = z.object({ items: z.array(UserView), total: z.number().int() });
export type UserList = z.infer<typeof UserList>;
