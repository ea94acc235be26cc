import { Op } from 'sequelize';
import { STAGES } from '../../../shared/rules/procedure.js';
import type { PublicTimeline } from '../../../shared/schemas/procedure.js';
import type { Database } from '../../db/index.js';
import { presentPublication } from './summaries.js';

/**
 * Timelines of a village's major matters for the public board (or the given ones only): four stages
 * with dates and outcomes, two publications with their periods, objections as counts.
 */
export async function timelines(
  db: Database,
  now: Date,
  organisationId: number,
  only?: number[],
): Promise<PublicTimeline[]> {
  const rows = await db.models.Procedure.findAll({
    where: { organisationId, ...(only ? { id: { [Op.in]: only } } : {}) },
    order: [['updatedAt', 'DESC']],
    limit: 50,
  });
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const stages = await db.models.ProcedureStage.findAll({
    where: { procedureId: { [Op.in]: ids } },
    order: [['id', 'ASC']],
  });
  const pubs = await db.models.ProcedurePublication.findAll({
    where: { procedureId: { [Op.in]: ids } },
    order: [['id', 'ASC']],
  });
  const objections = await db.models.ProcedureObjection.findAll({
    where: { procedureId: { [Op.in]: ids } },
    attributes: ['procedureId', 'answeredAt'],
  });
  return rows.map((p) => ({
    id: p.id,
    title: p.title,
    kind: p.kind,
    state: p.state,
    stages: STAGES.map((stage) => {
      // The latest try of each stage tells where it stands.
      const tries = stages.filter((s) => s.procedureId === p.id && s.stage === stage);
      const last = tries[tries.length - 1];
      const outcome: 'passed' | 'failed' | 'pending' =
        last?.state === 'passed'
          ? 'passed'
          : last && last.state !== 'scheduled' && last.state !== 'annulled'
            ? 'failed'
            : 'pending';
      // An annulled vote decided nothing: the stage is pending again.
      return { stage, decidedAt: outcome === 'pending' ? null : (last?.decidedAt?.toISOString() ?? null), outcome };
    }),
    publications: pubs.filter((x) => x.procedureId === p.id).map((x) => presentPublication(x, now)),
    objections: {
      raised: objections.filter((o) => o.procedureId === p.id).length,
      answered: objections.filter((o) => o.procedureId === p.id && o.answeredAt).length,
    },
  }));
}
