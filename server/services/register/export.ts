import { Op } from 'sequelize';
import type { PersonStatusName } from '../../../shared/rules/register.js';
import type { Database } from '../../db/index.js';
import type { Principal } from '../access.js';
import type { ExportSource } from '../stats-export.js';
import type { RegisterAccess } from './register-access.js';

/**
 * The headers of an exported register: words the import recognises (shared/rules/register-headers.ts),
 * so an export re-imports as "unchanged" (test/integration/register-import.test.ts). 编号 carries the
 * stable key, so a village may edit the sheet and import it back.
 */
export const EXPORT_HEADERS = [
  '编号',
  '姓名',
  '性别',
  '出生年份',
  '成年',
  '户号',
  '与户主关系',
  '网格',
  '联系电话',
  '身份证后四位',
  '状态',
  '党员',
  '村民代表',
];

const STATUS_WORDS: Record<PersonStatusName, string> = {
  resident: '在村',
  away: '外出务工',
  moved_out: '迁出',
  deceased: '死亡',
};
const GENDER_WORDS = { female: '女', male: '男', unknown: '' } as const;
const PAGE = 2_000;

/** The register as rows in the import's shape; only editors export (the sheet holds phone numbers). */
export async function registerExport(
  db: Database,
  access: RegisterAccess,
  principal: Principal,
  villageId: number,
  today: string,
): Promise<ExportSource> {
  const village = await access.village(principal, villageId, 'edit');
  const grids = await access.grids(villageId);
  const households = new Map(
    (
      await db.models.Household.findAll({
        where: { organisationId: villageId },
        attributes: ['id', 'number'],
        raw: true,
      })
    ).map((h) => [h.id, h.number]),
  );
  const representatives = await currentRepresentatives(db, villageId, today);
  const count = await db.models.Person.count({ where: { organisationId: villageId } });
  async function* rows(): AsyncIterable<unknown[]> {
    let after = 0;
    for (;;) {
      const page = await db.models.Person.findAll({
        where: { organisationId: villageId, id: { [Op.gt]: after } },
        order: [['id', 'ASC']],
        limit: PAGE,
        raw: true,
      });
      if (!page.length) return;
      for (const p of page) {
        yield [
          p.externalKey,
          p.name,
          GENDER_WORDS[p.gender],
          p.birthYear != null ? String(p.birthYear) : '',
          p.adult != null ? (p.adult ? '是' : '否') : '',
          p.householdId != null ? (households.get(p.householdId) ?? '') : '',
          p.relation ?? '',
          p.gridId != null ? (grids.get(p.gridId) ?? '') : '',
          p.phone ?? '',
          p.idSuffix ?? '',
          STATUS_WORDS[p.status],
          p.partyMember ? '是' : '否',
          representatives.has(p.id) ? '是' : '',
        ];
      }
      after = page[page.length - 1]!.id;
    }
  }
  return { filename: `register-${village.id}-${today}`, headers: EXPORT_HEADERS, count, rows: rows() };
}

async function currentRepresentatives(db: Database, villageId: number, today: string): Promise<Set<number>> {
  const bodies = await db.models.DeliberatingBody.findAll({
    where: { organisationId: villageId, kind: 'representatives_meeting' },
    attributes: ['id'],
    raw: true,
  });
  if (!bodies.length) return new Set();
  const seats = await db.models.BodyMember.findAll({
    where: {
      bodyId: { [Op.in]: bodies.map((b) => b.id) },
      role: 'representative',
      startsOn: { [Op.lte]: today },
      [Op.or]: [{ endsOn: null }, { endsOn: { [Op.gte]: today } }],
    },
    attributes: ['personId'],
    raw: true,
  });
  return new Set(seats.map((s) => s.personId));
}
