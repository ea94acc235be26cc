import { Op } from 'sequelize';
import { publicationStatus, STAGES, withDeadlines } from '../../../shared/rules/procedure.js';
import type { ProcedureSummary, PublicationView } from '../../../shared/schemas/procedure.js';
import type { Database } from '../../db/index.js';
import type { Procedure } from '../../db/models/procedure.js';
import type { ProcedurePublication } from '../../db/models/procedure-publication.js';
import { decodeFlags } from './facts.js';

export const presentPublication = (x: ProcedurePublication, now: Date): PublicationView => ({
  kind: x.kind,
  text: x.text,
  days: x.days,
  startsAt: x.startsAt.toISOString(),
  endsAt: x.endsAt.toISOString(),
  withdrawnAt: x.withdrawnAt?.toISOString() ?? null,
  status: publicationStatus(x, now),
});

/**
 * One row of the township's list per procedure: its village's name, the date each stage passed and
 * its flags as of `now` (the stored ones plus those whose deadline has passed). Two queries for
 * the whole page, whatever its length.
 */
export async function summarise(db: Database, rows: Procedure[], now: Date): Promise<ProcedureSummary[]> {
  if (!rows.length) return [];
  const names = new Map(
    (
      await db.models.Organisation.findAll({
        where: { id: { [Op.in]: [...new Set(rows.map((r) => r.organisationId))] } },
        attributes: ['id', 'name'],
      })
    ).map((o) => [o.id, o.name]),
  );
  const passed = await db.models.ProcedureStage.findAll({
    where: { procedureId: { [Op.in]: rows.map((r) => r.id) }, state: 'passed' },
    attributes: ['procedureId', 'stage', 'decidedAt'],
    order: [['id', 'ASC']],
  });
  const when = new Map<string, string>();
  for (const s of passed) if (s.decidedAt) when.set(`${s.procedureId}:${s.stage}`, s.decidedAt.toISOString());
  return rows.map((p) => ({
    id: p.id,
    organisationId: p.organisationId,
    organisationName: names.get(p.organisationId) ?? '',
    kind: p.kind,
    title: p.title,
    state: p.state,
    step: p.step,
    flags: withDeadlines(decodeFlags(p.flags), p, now),
    stagePassedAt: STAGES.map((s) => when.get(`${p.id}:${s}`) ?? null),
    openedAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  }));
}
