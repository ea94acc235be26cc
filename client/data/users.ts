import type { Role } from '../../shared/roles.js';
import type { CreateUserBody, IssuedPassword, UpdateUserBody, UserList, UserView } from '../../shared/schemas/user.js';
import { query, request } from './api.js';

export const listUsers = (q: { q?: string; offset: number; limit: number }): Promise<UserList> =>
  request<UserList>('GET', `/api/users${query(q)}`);

/** Creates a staff account; the issued password is returned this once only. */
export const createUser = (body: CreateUserBody): Promise<IssuedPassword> =>
  request<IssuedPassword>('POST', '/api/users', body);

export const updateUser = (id: number, body: UpdateUserBody): Promise<UserView> =>
  request<UserView>('PATCH', `/api/users/${id}`, body);

/** Issues a new one-time password and ends all the user's sessions. */
export const resetPassword = (id: number): Promise<IssuedPassword> =>
  request<IssuedPassword>('POST', `/api/users/${id}/password`);

export const grantRole = (id: number, organisationId: number, role: Role): Promise<UserView> =>
  request<UserView>('POST', `/api/users/${id}/memberships`, { organisationId, role });

export const revokeRole = (id: number, membershipId: number): Promise<UserView> =>
  request<UserView>('DELETE', `/api/users/${id}/memberships/${membershipId}`);
