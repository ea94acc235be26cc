import * as z from 'zod';
import { IdParams } from '../../shared/schemas/common.js';
import { CreateOrganisationBody, OrganisationView, UpdateOrganisationBody } from '../../shared/schemas/organisation.js';
import type { Services } from '../services/index.js';
import { defineRoute, type AnyRoute } from './route.js';

export const OrganisationList = z.object({ items: z.array(OrganisationView) });

/** The organisation tree. Changes are pushed live to sockets watching the organisation. */
export function organisationRoutes(s: Services, onUpdated: (o: OrganisationView) => Promise<void>): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/organisations',
      tag: 'organisations',
      summary: 'Organisations in the subtrees where I hold a role, parents first',
      access: 'staff',
      response: { status: 200, schema: OrganisationList },
      handler: async ({ principal }) => ({ items: await s.organisations.listVisible(principal) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/organisations',
      tag: 'organisations',
      summary: 'Create an organisation under one I administer',
      access: 'staff',
      body: CreateOrganisationBody,
      response: { status: 201, schema: OrganisationView },
      handler: async ({ principal, body }) => {
        const created = await s.organisations.create(principal, body);
        await onUpdated(created);
        return created;
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/organisations/:id',
      tag: 'organisations',
      summary: 'Rename an organisation or change its settings (adult population, households)',
      access: 'staff',
      params: IdParams,
      body: UpdateOrganisationBody,
      response: { status: 200, schema: OrganisationView },
      handler: async ({ principal, params, body }) => {
        const updated = await s.organisations.update(principal, params.id, body);
        await onUpdated(updated);
        return updated;
      },
    }),
  ];
}
