import { Op, type Transaction } from 'sequelize';
import {
  displaySettings,
  flagDeadlines,
  staticFlags,
  type DisplaySettings,
  type Flag,
  type ProcedureFacts,
} from '../../../shared/rules/procedure.js';
import type { Database } from '../../db/index.js';
import type { Procedure } from '../../db/models/procedure.js';
import type { OrgTree } from '../org-tree.js';

/** Stored flags are wrapped in commas (`,short_notice,no_quorum,`) so one LIKE finds one flag. */
export const encodeFlags = (flags: readonly Flag[]): string => `,${flags.join(',')}${flags.length ? ',' : ''}`;
export const decodeFlags = (stored: string): Flag[] => stored.split(',').filter(Boolean) as Flag[];

/** The organisation's display settings, inherited down the tree (village, township, county). */
export async function settingsFor(db: Database, tree: OrgTree, organisationId: number): Promise<DisplaySettings> {
  const ids = await tree.lineage(organisationId);
  const rows = await db.models.Organisation.findAll({
    where: { id: { [Op.in]: ids } },
    attributes: ['id', 'settings'],
  });
  const byId = new Map(rows.map((r) => [r.id, r.settings]));
  return displaySettings(ids.map((id) => byId.get(id) ?? null));
}

/** Everything the flag rules read about one procedure, from the database. */
export async function factsOf(
  db: Database,
  p: Procedure,
  s: DisplaySettings,
  t?: Transaction,
): Promise<ProcedureFacts> {
  const stages = await db.models.ProcedureStage.findAll({
    where: { procedureId: p.id },
    order: [['id', 'ASC']],
    transaction: t,
  });
  const meetings = new Map(
    (
      await db.models.Meeting.findAll({
        where: { id: { [Op.in]: [...new Set(stages.map((x) => x.meetingId))] } },
        attributes: ['id', 'startsAt', 'publishedAt'],
        transaction: t,
      })
    ).map((m) => [m.id, m]),
  );
  const publications = await db.models.ProcedurePublication.findAll({ where: { procedureId: p.id }, transaction: t });
  const ends = new Map(publications.map((x) => [x.id, x.endsAt]));
  const objections = await db.models.ProcedureObjection.findAll({ where: { procedureId: p.id }, transaction: t });
  return {
    stages: stages.map((x) => ({
      stage: x.stage,
      state: x.state,
      body: x.body,
      meetingStartsAt: meetings.get(x.meetingId)?.startsAt ?? new Date(0),
      meetingPublishedAt: meetings.get(x.meetingId)?.publishedAt ?? null,
      decidedAt: x.decidedAt,
      quorumMet: x.quorumMet,
      quorumRequired: x.quorumRequired,
    })),
    publications: publications.map((x) => ({
      kind: x.kind,
      startsAt: x.startsAt,
      endsAt: x.endsAt,
      days: x.days,
      withdrawnAt: x.withdrawnAt,
      voided: x.voided,
    })),
    objections: objections.map((o) => ({ publicationEndsAt: ends.get(o.publicationId)!, answeredAt: o.answeredAt })),
    resultRatedAt: p.resultRatedAt,
    minDisplayDays: s.minDisplayDays,
    resultPublishLimitDays: s.resultPublishLimitDays,
  };
}

/** Recomputes and stores the flags and their deadlines, inside the transaction that changed the facts. */
export async function refreshFlags(db: Database, tree: OrgTree, p: Procedure, t: Transaction): Promise<void> {
  const facts = await factsOf(db, p, await settingsFor(db, tree, p.organisationId), t);
  const d = flagDeadlines(facts);
  await p.update(
    { flags: encodeFlags(staticFlags(facts)), objectionDueAt: d.objectionDueAt, resultDueAt: d.resultDueAt },
    { transaction: t },
  );
}
