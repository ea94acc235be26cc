import { IdParams } from '../../shared/schemas/common.js';
import {
  AddMemberBody,
  BodyDetail,
  BodyList,
  BodyQuery,
  CreateBodyBody,
  EndMemberBody,
  MemberParams,
  UpdateBodyBody,
} from '../../shared/schemas/bodies.js';
import type { Services } from '../services/index.js';
import { defineRoute, type AnyRoute } from './route.js';

/** Deliberating bodies (议事主体) and their dated seats. Authorisation lives in the service. */
export function bodyRoutes(s: Services): AnyRoute[] {
  const bodies = s.bodies;
  return [
    defineRoute({
      method: 'get',
      path: '/api/organisations/:id/bodies',
      tag: 'bodies',
      summary: "A village's bodies with who they count on a day and their composition warnings",
      access: 'staff',
      params: IdParams,
      query: BodyQuery,
      response: { status: 200, schema: BodyList },
      handler: async ({ principal, params, query }) => ({ items: await bodies.list(principal, params.id, query.on) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/organisations/:id/bodies',
      tag: 'bodies',
      summary: 'Create a body (representatives, party members, two committees, a custom round-table)',
      access: 'staff',
      params: IdParams,
      body: CreateBodyBody,
      response: { status: 201, schema: BodyDetail },
      handler: ({ principal, params, body }) => bodies.create(principal, params.id, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/bodies/:id',
      tag: 'bodies',
      summary: 'A body with its seats (start and end dates) and composition on a day',
      access: 'staff',
      params: IdParams,
      query: BodyQuery,
      response: { status: 200, schema: BodyDetail },
      handler: ({ principal, params, query }) => bodies.get(principal, params.id, query.on),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/bodies/:id',
      tag: 'bodies',
      summary: 'Rename a body, change whether guests vote and how many proxies, archive it',
      access: 'staff',
      params: IdParams,
      body: UpdateBodyBody,
      response: { status: 200, schema: BodyDetail },
      handler: ({ principal, params, body }) => bodies.update(principal, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/bodies/:id/members',
      tag: 'bodies',
      summary: 'Seat a person of the register in the body from a date (optionally until one)',
      access: 'staff',
      params: IdParams,
      body: AddMemberBody,
      response: { status: 201, schema: BodyDetail },
      handler: ({ principal, params, body }) => bodies.addMember(principal, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/bodies/:id/members/:memberId/end',
      tag: 'bodies',
      summary: 'End a seat on a date; seats are kept, so past rolls can be rebuilt',
      access: 'staff',
      params: MemberParams,
      body: EndMemberBody,
      response: { status: 200, schema: BodyDetail },
      handler: ({ principal, params, body }) => bodies.endMember(principal, params.id, params.memberId, body.endsOn),
    }),
  ];
}
