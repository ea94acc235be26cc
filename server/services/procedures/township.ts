import { Op, QueryTypes, type WhereOptions } from 'sequelize';
import { FLAGS, STAGES, type Flag } from '../../../shared/rules/procedure.js';
import type { ProcedureList, ProcedureListQuery, ProcedureStats } from '../../../shared/schemas/procedure.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/index.js';
import { errors } from '../../errors.js';
import { scopeOf, type Principal } from '../access.js';
import { STAFF_ROLES } from '../meeting-access.js';
import type { OrgTree } from '../org-tree.js';
import { summarise } from './summaries.js';

const TIMED: Partial<Record<Flag, 'objectionDueAt' | 'resultDueAt'>> = {
  objection_unanswered: 'objectionDueAt',
  result_late: 'resultDueAt',
};
const TIMED_COLUMN = { objectionDueAt: 'objection_due_at', resultDueAt: 'result_due_at' } as const;

/**
 * The township's view (镇街监督): every village's matters under a township or the county, a page at
 * a time with filters by village, kind, state and flag, and its summary.
 */
export class TownshipQueries {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
  ) {}

  /** The organisations a list or summary covers: the node's subtree, within the caller's scope. */
  private async covered(principal: Principal, organisationId: number, village?: number): Promise<number[]> {
    const scope = await scopeOf(this.tree, principal, STAFF_ROLES);
    if (!scope.has(organisationId)) throw errors.forbidden();
    const subtree = await this.tree.subtree(organisationId);
    if (village === undefined) return subtree;
    if (!subtree.includes(village)) throw errors.invalid('procedure.error.organisation');
    return this.tree.subtree(village);
  }

  private flagWhere(flag: Flag): WhereOptions {
    const like = { flags: { [Op.like]: `%,${flag},%` } };
    const timed = TIMED[flag];
    return timed ? { [Op.or]: [like, { [timed]: { [Op.lte]: this.clock.now() } }] } : like;
  }

  async list(principal: Principal, q: ProcedureListQuery): Promise<ProcedureList> {
    const ids = await this.covered(principal, q.organisationId, q.village);
    // The county (a root) covers every row: no list of hundreds of ids for the planner to weigh.
    const everything = q.village === undefined && (await this.tree.isRoot(q.organisationId));
    const where: WhereOptions = {
      [Op.and]: [
        ...(everything ? [] : [{ organisationId: { [Op.in]: ids } }]),
        ...(q.kind ? [{ kind: q.kind }] : []),
        ...(q.state ? [{ state: q.state }] : []),
        ...(q.flag ? [this.flagWhere(q.flag)] : []),
      ],
    };
    const { rows, count } = await this.db.models.Procedure.findAndCountAll({
      where,
      order: [
        ['updatedAt', 'DESC'],
        ['id', 'DESC'],
      ],
      offset: q.offset,
      limit: q.limit,
    });
    return {
      items: await summarise(this.db, rows, this.clock.now()),
      total: count,
      offset: q.offset,
      limit: q.limit,
    };
  }

  async stats(principal: Principal, organisationId: number): Promise<ProcedureStats> {
    const ids = await this.covered(principal, organisationId);
    const now = this.clock.now();
    const sum = (cond: string) => `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;
    const timed = (flag: Flag) => {
      const col = TIMED[flag];
      return col ? ` OR ${TIMED_COLUMN[col]} <= :now` : '';
    };
    const [counts] = await this.db.sequelize.query<Record<string, number | string | null>>(
      `SELECT COUNT(*) AS opened, ${sum(`state = 'open'`)} AS open, ${sum(`state = 'completed'`)} AS completed,
        ${sum(`state = 'ended'`)} AS ended,
        ${sum(`flags <> ',' OR objection_due_at <= :now OR result_due_at <= :now`)} AS flagged,
        ${FLAGS.map((f) => `${sum(`flags LIKE '%,${f},%'${timed(f)}`)} AS ${f}`).join(', ')}
       FROM procedures WHERE organisation_id IN (:ids)`,
      { replacements: { ids, now }, type: QueryTypes.SELECT },
    );
    const perStage = await this.db.sequelize.query<{ stage: string; avg: number | string | null }>(
      `SELECT s.stage AS stage, AVG(s.days) AS avg FROM procedure_stages s JOIN procedures p ON p.id = s.procedure_id
       WHERE p.organisation_id IN (:ids) AND s.state = 'passed' GROUP BY s.stage`,
      { replacements: { ids }, type: QueryTypes.SELECT },
    );
    const [returned] = await this.db.sequelize.query<{ n: number | string }>(
      `SELECT COUNT(DISTINCT s.procedure_id) AS n FROM procedure_stages s JOIN procedures p ON p.id = s.procedure_id
       WHERE p.organisation_id IN (:ids) AND s.state = 'returned'`,
      { replacements: { ids }, type: QueryTypes.SELECT },
    );
    const avg = new Map(perStage.map((r) => [r.stage, r.avg === null ? null : Math.round(Number(r.avg) * 10) / 10]));
    const villages = await this.db.models.Organisation.findAll({
      where: { id: { [Op.in]: ids }, kind: 'village' },
      attributes: ['id', 'name'],
      order: [['name', 'ASC']],
    });
    const n = (k: string) => Number(counts?.[k] ?? 0);
    return {
      organisationId,
      opened: n('opened'),
      open: n('open'),
      completed: n('completed'),
      ended: n('ended'),
      returned: Number(returned?.n ?? 0),
      flagged: n('flagged'),
      averageDays: STAGES.map((s) => avg.get(s) ?? null),
      byFlag: Object.fromEntries(FLAGS.map((f) => [f, n(f)])),
      villages: villages.map((v) => ({ id: v.id, name: v.name })),
    };
  }
}
