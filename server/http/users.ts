import { IdParams } from '../../shared/schemas/common.js';
import {
  CreateUserBody,
  GrantRoleBody,
  IssuedPassword,
  MembershipParams,
  UpdateUserBody,
  UserList,
  UserListQuery,
  UserView,
} from '../../shared/schemas/user.js';
import type { Services } from '../services/index.js';
import { defineRoute, type AnyRoute } from './route.js';

/** Admin management of staff accounts and their roles. Authorisation lives in UserService. */
export function userRoutes(s: Services): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/users',
      tag: 'users',
      summary: 'Users I administer (paginated, searchable)',
      access: 'staff',
      query: UserListQuery,
      response: { status: 200, schema: UserList },
      handler: ({ principal, query }) => s.users.list(principal, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/users',
      tag: 'users',
      summary: 'Create a user with a first role; the one-time password is returned once',
      access: 'staff',
      body: CreateUserBody,
      response: { status: 201, schema: IssuedPassword },
      handler: ({ principal, body }) => s.users.create(principal, body),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/users/:id',
      tag: 'users',
      summary: 'Rename, disable or enable a user',
      access: 'staff',
      params: IdParams,
      body: UpdateUserBody,
      response: { status: 200, schema: UserView },
      handler: ({ principal, params, body }) => s.users.update(principal, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/users/:id/password',
      tag: 'users',
      summary: 'Reset a password: issues a one-time password and ends the user’s sessions',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: IssuedPassword },
      handler: ({ principal, params }) => s.users.resetPassword(principal, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/users/:id/memberships',
      tag: 'users',
      summary: 'Grant a role at an organisation',
      access: 'staff',
      params: IdParams,
      body: GrantRoleBody,
      response: { status: 200, schema: UserView },
      handler: ({ principal, params, body }) => s.users.grant(principal, params.id, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/users/:id/memberships/:membershipId',
      tag: 'users',
      summary: 'Revoke a role',
      access: 'staff',
      params: MembershipParams,
      response: { status: 200, schema: UserView },
      handler: ({ principal, params }) => s.users.revoke(principal, params.id, params.membershipId),
    }),
  ];
}
