import { Op, type Transaction } from 'sequelize';
import {
  displaySettings,
  flagDeadlines,
  flagSchedule,
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
export async function settingsFor(
  db: Database,
  tree: OrgTree,
  organisationId: number,
  t?: Transaction,
): Promise<DisplaySettings> {
  const ids = await tree.lineage(organisationId);
  const rows = await db.models.Organisation.findAll({
    where: { id: { [Op.in]: ids } },
    attributes: ['id', 'settings'],
    transaction: t,
  });
  const byId = new Map(rows.map((r) => [r.id, r.settings]));
  return displaySettings(ids.map((id) => byId.get(id) ?? null));
}

const group = <T extends { procedureId: number }>(rows: T[]) => {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(r.procedureId);
    if (list) list.push(r);
    else out.set(r.procedureId, [r]);
  }
  return out;
};

/** Everything the flag rules read about some procedures, four queries for all of them. */
export async function factsOfMany(
  db: Database,
  procedures: readonly Procedure[],
  settings: (organisationId: number) => DisplaySettings,
  t?: Transaction,
): Promise<Map<number, ProcedureFacts>> {
  const ids = procedures.map((p) => p.id);
  const stages = await db.models.ProcedureStage.findAll({
    where: { procedureId: { [Op.in]: ids } },
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
  const publications = await db.models.ProcedurePublication.findAll({
    where: { procedureId: { [Op.in]: ids } },
    order: [['id', 'ASC']],
    transaction: t,
  });
  const ends = new Map(publications.map((x) => [x.id, x.endsAt]));
  const objections = await db.models.ProcedureObjection.findAll({
    where: { procedureId: { [Op.in]: ids } },
    order: [['id', 'ASC']],
    transaction: t,
  });
  const [stagesOf, publicationsOf, objectionsOf] = [group(stages), group(publications), group(objections)];
  const out = new Map<number, ProcedureFacts>();
  for (const p of procedures) {
    const s = settings(p.organisationId);
    out.set(p.id, {
      stages: (stagesOf.get(p.id) ?? []).map((x) => ({
        stage: x.stage,
        state: x.state,
        body: x.body,
        meetingStartsAt: meetings.get(x.meetingId)?.startsAt ?? new Date(0),
        meetingPublishedAt: meetings.get(x.meetingId)?.publishedAt ?? null,
        decidedAt: x.decidedAt,
        quorumMet: x.quorumMet,
        quorumRequired: x.quorumRequired,
      })),
      publications: (publicationsOf.get(p.id) ?? []).map((x) => ({
        kind: x.kind,
        startsAt: x.startsAt,
        endsAt: x.endsAt,
        days: x.days,
        minDays: x.minDays,
        withdrawnAt: x.withdrawnAt,
        voided: x.voided,
      })),
      objections: (objectionsOf.get(p.id) ?? []).map((o) => ({
        publicationEndsAt: ends.get(o.publicationId)!,
        answeredAt: o.answeredAt,
      })),
      resultRatedAt: p.resultRatedAt,
      minDisplayDays: s.minDisplayDays,
      // The deadline fixed when the result was rated; today's only for matters rated before it was kept.
      resultPublishLimitDays: p.resultLimitDays ?? s.resultPublishLimitDays,
    });
  }
  return out;
}

/** Everything the flag rules read about one procedure, from the database. */
export async function factsOf(
  db: Database,
  p: Procedure,
  s: DisplaySettings,
  t?: Transaction,
): Promise<ProcedureFacts> {
  return (await factsOfMany(db, [p], () => s, t)).get(p.id)!;
}

const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

/**
 * Recomputes the flags of some procedures from their facts (shared/rules/procedure.ts) and stores
 * what changed, inside the transaction that changed the facts: the procedure's `flags` and due
 * dates (what a page shows) and its `procedure_flags` rows (what the township filters and counts
 * by). Nothing is written for a procedure whose flags did not change. Returns the ids that changed.
 * The rows are re-read under a lock, so the callers' instances keep the flags they had.
 */
export async function refreshFlagsOf(
  db: Database,
  tree: OrgTree,
  procedures: readonly Procedure[],
  t: Transaction,
): Promise<number[]> {
  const changed: number[] = [];
  const ids = [...new Set(procedures.map((p) => p.id))].sort((a, b) => a - b);
  for (let i = 0; i < ids.length; i += 500) {
    // Locked (in id order, so two refreshes cannot deadlock) and read afresh: a concurrent
    // transaction that changed the same matter's facts commits first, and this one then reads them.
    const chunk = await db.models.Procedure.findAll({
      where: { id: { [Op.in]: ids.slice(i, i + 500) } },
      order: [['id', 'ASC']],
      lock: t.LOCK.UPDATE,
      transaction: t,
    });
    const settings = new Map<number, DisplaySettings>();
    for (const id of new Set(chunk.map((p) => p.organisationId))) settings.set(id, await settingsFor(db, tree, id, t));
    const facts = await factsOfMany(db, chunk, (id) => settings.get(id)!, t);
    const stored = group(
      await db.models.ProcedureFlag.findAll({
        where: { procedureId: { [Op.in]: chunk.map((p) => p.id) } },
        transaction: t,
      }),
    );
    for (const p of chunk) {
      const f = facts.get(p.id)!;
      const flags = staticFlags(f);
      const d = flagDeadlines(f);
      const rows = flagSchedule(flags, d);
      const had = stored.get(p.id) ?? [];
      const rowsSame =
        had.length === rows.length &&
        rows.every((r) => had.some((h) => h.flag === r.flag && h.appliesFrom.getTime() === r.from.getTime()));
      const columnsSame =
        p.flags === encodeFlags(flags) &&
        sameTime(p.objectionDueAt, d.objectionDueAt) &&
        sameTime(p.resultDueAt, d.resultDueAt);
      if (rowsSame && columnsSame) continue;
      changed.push(p.id);
      if (!columnsSame)
        await p.update(
          { flags: encodeFlags(flags), objectionDueAt: d.objectionDueAt, resultDueAt: d.resultDueAt },
          { transaction: t },
        );
      if (!rowsSame) {
        await db.models.ProcedureFlag.destroy({ where: { procedureId: p.id }, transaction: t });
        await db.models.ProcedureFlag.bulkCreate(
          rows.map((r) => ({ procedureId: p.id, flag: r.flag, organisationId: p.organisationId, appliesFrom: r.from })),
          { transaction: t },
        );
      }
    }
  }
  return changed;
}

/** Recomputes and stores the flags and their deadlines, inside the transaction that changed the facts. */
export async function refreshFlags(db: Database, tree: OrgTree, p: Procedure, t: Transaction): Promise<void> {
  await refreshFlagsOf(db, tree, [p], t);
}
