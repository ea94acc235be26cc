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

  /**
   * The organisations a list or summary covers: the node's subtree, within the caller's scope;
   * `null` when that is every organisation there is (the county of a one-county installation), so
   * the queries need no list of hundreds of ids. A second county makes every list name its ids, or
   * one county's staff would see the other's matters.
   */
  private async covered(principal: Principal, organisationId: number, village?: number): Promise<number[] | null> {
    const scope = await scopeOf(this.tree, principal, STAFF_ROLES);
    if (!scope.has(organisationId)) throw errors.forbidden();
    const subtree = await this.tree.subtree(organisationId);
    if (village !== undefined) {
      if (!subtree.includes(village)) throw errors.invalid('procedure.error.organisation');
      return this.tree.subtree(village);
    }
    const whole =
      (await this.tree.isRoot(organisationId)) &&
      (await this.db.models.Organisation.count({ where: { parentId: null } })) === 1;
    return whole ? null : subtree;
  }

  /** Matters with the flag applying now: an index range over the stored schedule of flags. */
  private flagWhere(flag: Flag, ids: number[] | null, now: Date): WhereOptions {
    const q = (x: unknown) => this.db.sequelize.escape(x as string);
    const within = ids ? ` AND organisation_id IN (${ids.map(q).join(', ')})` : '';
    const matching = `(SELECT procedure_id FROM procedure_flags WHERE flag = ${q(flag)} AND applies_from <= ${q(now)}${within})`;
    return { id: { [Op.in]: this.db.sequelize.literal(matching) } };
  }

  async list(principal: Principal, q: ProcedureListQuery): Promise<ProcedureList> {
    const ids = await this.covered(principal, q.organisationId, q.village);
    const now = this.clock.now();
    const where: WhereOptions = {
      [Op.and]: [
        ...(ids ? [{ organisationId: { [Op.in]: ids } }] : []),
        ...(q.kind ? [{ kind: q.kind }] : []),
        ...(q.state ? [{ state: q.state }] : []),
        ...(q.flag ? [this.flagWhere(q.flag, ids, now)] : []),
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
    return { items: await summarise(this.db, rows, now), total: count, offset: q.offset, limit: q.limit };
  }

  /**
   * Opened, open, completed, ended, returned and flagged matters, each flag's count and the average
   * days per stage. Every figure comes from an index: states from (organisation, state), flags from
   * `procedure_flags`, the stages from their covering indexes; for the whole county no join at all.
   */
  async stats(principal: Principal, organisationId: number): Promise<ProcedureStats> {
    const ids = await this.covered(principal, organisationId);
    const now = this.clock.now();
    const select = <T extends object>(sql: string) =>
      this.db.sequelize.query<T>(sql, { replacements: { ids: ids ?? [], now }, type: QueryTypes.SELECT });
    const inVillages = ids ? 'organisation_id IN (:ids)' : '1 = 1';
    const stages = (what: string, state: string, group = '') =>
      ids
        ? `SELECT ${what} FROM procedures p JOIN procedure_stages s ON s.procedure_id = p.id AND s.state = '${state}'
           WHERE p.organisation_id IN (:ids) ${group}`
        : `SELECT ${what} FROM procedure_stages s WHERE s.state = '${state}' ${group}`;
    const states = await select<{ state: string; n: number | string }>(
      `SELECT state, COUNT(*) AS n FROM procedures WHERE ${inVillages} GROUP BY state`,
    );
    const flags = await select<{ flag: string; n: number | string }>(
      `SELECT flag, COUNT(*) AS n FROM procedure_flags WHERE ${inVillages} AND applies_from <= :now GROUP BY flag`,
    );
    const [flagged] = await select<{ n: number | string }>(
      `SELECT COUNT(DISTINCT procedure_id) AS n FROM procedure_flags WHERE ${inVillages} AND applies_from <= :now`,
    );
    const perStage = await select<{ stage: string; avg: number | string | null }>(
      stages('s.stage AS stage, AVG(s.days) AS avg', 'passed', 'GROUP BY s.stage'),
    );
    const [returned] = await select<{ n: number | string }>(stages('COUNT(DISTINCT s.procedure_id) AS n', 'returned'));
    const avg = new Map(perStage.map((r) => [r.stage, r.avg === null ? null : Math.round(Number(r.avg) * 10) / 10]));
    const byState = new Map(states.map((r) => [r.state, Number(r.n)]));
    const byFlag = new Map(flags.map((r) => [r.flag, Number(r.n)]));
    const villages = await this.db.models.Organisation.findAll({
      where: { ...(ids ? { id: { [Op.in]: ids } } : {}), kind: 'village' },
      attributes: ['id', 'name'],
      order: [['name', 'ASC']],
    });
    return {
      organisationId,
      opened: [...byState.values()].reduce((a, b) => a + b, 0),
      open: byState.get('open') ?? 0,
      completed: byState.get('completed') ?? 0,
      ended: byState.get('ended') ?? 0,
      returned: Number(returned?.n ?? 0),
      flagged: Number(flagged?.n ?? 0),
      averageDays: STAGES.map((s) => avg.get(s) ?? null),
      byFlag: Object.fromEntries(FLAGS.map((f) => [f, byFlag.get(f) ?? 0])),
      villages: villages.map((v) => ({ id: v.id, name: v.name })),
    };
  }
}
