import { Op } from 'sequelize';
import type { Database } from '../db/index.js';
import type { Organisation } from '../db/models/organisation.js';
import type { User } from '../db/models/user.js';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import type { MembershipView, SessionUser } from '../../shared/schemas/session.js';
import type { UserView } from '../../shared/schemas/user.js';
import type { OrganisationKind, Role, Locale } from '../../shared/roles.js';

/** Turns rows into the shapes the API promises (shared/schemas), and nothing more. */
export function presentOrganisation(o: Organisation): OrganisationView {
  return {
    id: o.id,
    name: o.name,
    kind: o.kind,
    parentId: o.parentId,
    settings: o.settings ?? {},
    isDemo: Boolean(o.isDemo),
  };
}

export async function membershipViews(db: Database, userIds: number[]): Promise<Map<number, MembershipView[]>> {
  const { Membership, Organisation } = db.models;
  const rows = await Membership.findAll({ where: { userId: { [Op.in]: userIds } }, order: [['id', 'ASC']], raw: true });
  const orgIds = [...new Set(rows.map((m) => m.organisationId))];
  const orgs = new Map(
    (await Organisation.findAll({ where: { id: { [Op.in]: orgIds } }, raw: true })).map((o) => [o.id, o]),
  );
  const out = new Map<number, MembershipView[]>(userIds.map((id) => [id, []]));
  for (const m of rows) {
    const org = orgs.get(m.organisationId);
    if (!org) continue;
    out.get(m.userId)!.push({
      id: m.id,
      organisationId: m.organisationId,
      organisationName: org.name,
      organisationKind: org.kind as OrganisationKind,
      isDemo: Boolean(org.isDemo),
      role: m.role as Role,
    });
  }
  return out;
}

/** Staff phone numbers leave the server masked, so a screenshot of the admin page leaks nothing. */
export const maskPhone = (phone: string | null) => (phone ? `*******${phone.slice(-4)}` : null);

export async function presentUsers(db: Database, users: User[]): Promise<UserView[]> {
  const memberships = await membershipViews(
    db,
    users.map((u) => u.id),
  );
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    locale: u.locale as Locale,
    disabled: Boolean(u.disabled),
    phoneMasked: maskPhone(u.phone),
    memberships: memberships.get(u.id) ?? [],
  }));
}

export async function presentSessionUser(db: Database, user: User): Promise<SessionUser> {
  const memberships = await membershipViews(db, [user.id]);
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    locale: user.locale as Locale,
    memberships: memberships.get(user.id) ?? [],
  };
}
