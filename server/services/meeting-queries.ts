import { Op } from 'sequelize';
import { shortNotice } from '../../shared/rules/meeting.js';
import type { MeetingList, MeetingListQuery, MeetingStaff, MeetingSummary } from '../../shared/schemas/meeting.js';
import type { Database } from '../db/index.js';
import type { Meeting } from '../db/models/meeting.js';
import { scopeOf, type Principal } from './access.js';
import { STAFF_ROLES } from './meeting-access.js';
import type { OrgTree } from './org-tree.js';
import { remoteVotingAllowed } from './remote-voting.js';

type OrganisationRow = { name: string };

/** Names and settings of organisations by id, in one query. */
export async function organisationsOf(db: Database, ids: number[]): Promise<Map<number, OrganisationRow>> {
  const rows = await db.models.Organisation.findAll({
    where: { id: { [Op.in]: [...new Set(ids)] } },
    attributes: ['id', 'name', 'settings'],
  });
  return new Map(rows.map((o) => [o.id, o]));
}

/** A meeting without its agenda, invitees and attendance: what lists show. */
/** `remoteVoting` is the organisation's setting as inherited (server/services/remote-voting.ts). */
export function summarise(meeting: Meeting, org: OrganisationRow | undefined, remoteVoting: boolean): MeetingSummary {
  return {
    id: meeting.id,
    organisationId: meeting.organisationId,
    organisationName: org?.name ?? '',
    kind: meeting.kind,
    title: meeting.title,
    venue: meeting.venue,
    startsAt: meeting.startsAt.toISOString(),
    endsAt: meeting.endsAt.toISOString(),
    body: meeting.body,
    membersFrom: meeting.membersFrom,
    bodyId: meeting.bodyId ?? null,
    entitledCount: meeting.entitledCount ?? null,
    rosterFrozenAt: meeting.rosterFrozenAt?.toISOString() ?? null,
    status: meeting.status,
    convenerId: meeting.convenerId,
    secretaryIds: meeting.secretaryIds,
    publishedAt: meeting.publishedAt?.toISOString() ?? null,
    shortNotice: meeting.publishedAt ? shortNotice(meeting.body, meeting.publishedAt, meeting.startsAt) : false,
    remoteVoting,
    hasScreenLink: meeting.screenTokenHash !== null,
  };
}

/** Meetings in the principal's part of the tree, newest first, optionally by status and organisation. */
export async function listMeetings(
  db: Database,
  tree: OrgTree,
  principal: Principal,
  query: MeetingListQuery,
): Promise<MeetingList> {
  let ids = [...(await scopeOf(tree, principal, STAFF_ROLES))];
  if (query.organisationId) {
    const below = new Set(await tree.subtree(query.organisationId));
    ids = ids.filter((id) => below.has(id));
  }
  const { rows, count } = await db.models.Meeting.findAndCountAll({
    where: { organisationId: { [Op.in]: ids }, ...(query.status ? { status: query.status } : {}) },
    order: [
      ['startsAt', 'DESC'],
      ['id', 'DESC'],
    ],
    offset: query.offset,
    limit: query.limit,
  });
  const orgs = await organisationsOf(
    db,
    rows.map((m) => m.organisationId),
  );
  const remote = new Map<number, boolean>();
  for (const id of orgs.keys()) remote.set(id, await remoteVotingAllowed(db, tree, id));
  return {
    items: rows.map((m) => summarise(m, orgs.get(m.organisationId), remote.get(m.organisationId) === true)),
    total: count,
  };
}

/** Staff with any role at the organisation or above (who may convene, take minutes or be invited). */
export async function meetingStaff(db: Database, tree: OrgTree, organisationId: number): Promise<MeetingStaff> {
  const memberships = await db.models.Membership.findAll({
    where: { organisationId: { [Op.in]: await tree.lineage(organisationId) } },
    raw: true,
  });
  const roles = new Map<number, Set<string>>();
  for (const m of memberships) roles.set(m.userId, (roles.get(m.userId) ?? new Set()).add(m.role));
  const users = await db.models.User.findAll({
    where: { id: { [Op.in]: [...roles.keys()] }, disabled: false },
    order: [['displayName', 'ASC']],
    limit: 500,
  });
  return { items: users.map((u) => ({ id: u.id, displayName: u.displayName, roles: [...roles.get(u.id)!] })) };
}
