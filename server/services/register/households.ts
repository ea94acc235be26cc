import { Op, QueryTypes, type Transaction, type WhereOptions } from 'sequelize';
import { householdNumber } from '../../../shared/rules/register.js';
import type { HouseholdView, HouseholdsQuery, UpdateHouseholdBody } from '../../../shared/schemas/register.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/index.js';
import type { Household } from '../../db/models/household.js';
import { errors } from '../../errors.js';
import type { Principal } from '../access.js';
import { recordAudit } from '../audit.js';
import type { RegisterAccess } from './register-access.js';

/** The household with this 户号 in the village, created (on the given grid) when there is none. */
export async function ensureHousehold(
  db: Database,
  t: Transaction,
  villageId: number,
  number: string,
  gridId: number | null | undefined,
): Promise<Household> {
  const clean = householdNumber(number);
  const found = await db.models.Household.findOne({
    where: { organisationId: villageId, number: clean },
    transaction: t,
  });
  if (found) return found;
  return db.models.Household.create(
    { organisationId: villageId, number: clean, gridId: gridId ?? null, address: null, headPersonId: null },
    { transaction: t },
  );
}

/** Households (户): their head, grid and how many of their members count as villagers. */
export class HouseholdService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly access: RegisterAccess,
  ) {}

  async list(
    principal: Principal,
    villageId: number,
    query: HouseholdsQuery,
  ): Promise<{ items: HouseholdView[]; total: number }> {
    await this.access.village(principal, villageId, 'read');
    const where: WhereOptions<Household>[] = [{ organisationId: villageId }];
    if (query.gridId) where.push({ gridId: query.gridId });
    if (query.q) where.push({ number: { [Op.like]: `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` } });
    const { rows, count } = await this.db.models.Household.findAndCountAll({
      where: { [Op.and]: where },
      order: [['id', 'ASC']],
      offset: query.offset,
      limit: query.limit,
    });
    return { items: await this.present(rows), total: count };
  }

  private async present(rows: Household[]): Promise<HouseholdView[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const counts = await this.db.sequelize.query<{ household_id: number; members: number; villagers: number }>(
      `SELECT household_id, COUNT(*) AS members,
              SUM(CASE WHEN status IN ('resident', 'away') THEN 1 ELSE 0 END) AS villagers
         FROM people WHERE household_id IN (:ids) GROUP BY household_id`,
      { replacements: { ids }, type: QueryTypes.SELECT },
    );
    const byId = new Map(counts.map((c) => [Number(c.household_id), c]));
    const heads = new Map(
      (
        await this.db.models.Person.findAll({
          where: { id: { [Op.in]: rows.map((r) => r.headPersonId).filter((x): x is number => x != null) } },
          attributes: ['id', 'name'],
          raw: true,
        })
      ).map((p) => [p.id, p.name]),
    );
    const grids = rows[0] ? await this.access.grids(rows[0].organisationId) : new Map<number, string>();
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      gridId: r.gridId,
      gridName: r.gridId != null ? (grids.get(r.gridId) ?? null) : null,
      address: r.address,
      headPersonId: r.headPersonId,
      headName: r.headPersonId != null ? (heads.get(r.headPersonId) ?? null) : null,
      members: Number(byId.get(r.id)?.members ?? 0),
      villagers: Number(byId.get(r.id)?.villagers ?? 0),
    }));
  }

  async update(principal: Principal, id: number, body: UpdateHouseholdBody): Promise<HouseholdView> {
    const household = await this.db.models.Household.findByPk(id);
    if (!household) throw errors.notFound();
    await this.access.village(principal, household.organisationId, 'edit');
    if (body.gridId != null && !(await this.access.grids(household.organisationId)).has(body.gridId))
      throw errors.invalid('register.error.grid_not_here');
    if (body.headPersonId != null) {
      const head = await this.db.models.Person.findByPk(body.headPersonId, { attributes: ['householdId'] });
      if (head?.householdId !== id) throw errors.invalid('register.error.head_not_member');
    }
    await this.db.tx(async (t) => {
      const before = { gridId: household.gridId, address: household.address, headPersonId: household.headPersonId };
      await household.update(body, { transaction: t });
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: 'register.household_updated',
        subjectType: 'household',
        subjectId: id,
        organisationId: household.organisationId,
        summary: { before, after: body },
      });
    });
    return (await this.present([household]))[0]!;
  }
}
