import type {
  CreateOrganisationBody,
  OrganisationView,
  UpdateOrganisationBody,
} from '../../shared/schemas/organisation.js';
import { request } from './api.js';

/** Every organisation in the subtrees where the user holds a role, parents before children. */
export const listOrganisations = async (): Promise<OrganisationView[]> =>
  (await request<{ items: OrganisationView[] }>('GET', '/api/organisations')).items;

export const createOrganisation = (body: CreateOrganisationBody): Promise<OrganisationView> =>
  request<OrganisationView>('POST', '/api/organisations', body);

export const updateOrganisation = (id: number, body: UpdateOrganisationBody): Promise<OrganisationView> =>
  request<OrganisationView>('PATCH', `/api/organisations/${id}`, body);

/** Organisations whose parent is not in the list: the tops of the user's part of the tree. */
export function tops(orgs: OrganisationView[]): OrganisationView[] {
  const ids = new Set(orgs.map((o) => o.id));
  return orgs.filter((o) => o.parentId === null || !ids.has(o.parentId));
}

/** Children of each organisation, in list order. */
export function childrenMap(orgs: OrganisationView[]): Map<number, OrganisationView[]> {
  const children = new Map<number, OrganisationView[]>();
  for (const o of orgs) {
    if (o.parentId === null) continue;
    const siblings = children.get(o.parentId);
    if (siblings) siblings.push(o);
    else children.set(o.parentId, [o]);
  }
  return children;
}

/** Depth-first order with depths, for indented pickers (the server's order is only parents-first). */
export function treeOrder(orgs: OrganisationView[]): { org: OrganisationView; depth: number }[] {
  const children = childrenMap(orgs);
  const out: { org: OrganisationView; depth: number }[] = [];
  const walk = (o: OrganisationView, depth: number) => {
    out.push({ org: o, depth });
    for (const c of children.get(o.id) ?? []) walk(c, depth + 1);
  };
  for (const o of tops(orgs)) walk(o, 0);
  return out;
}
