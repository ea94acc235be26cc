import { randomBytes } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { INTAKE_CODE_LENGTH } from '../../shared/rules/intake.js';
import type { Role } from '../../shared/roles.js';
import { randomBoardCode, randomCode } from '../../server/services/random-codes.js';
import { generatePassword, hashPassword } from '../../server/services/passwords.js';
import { seedFirstRun } from '../../server/services/seed.js';
import type { Clock } from '../../server/clock.js';
import { audit, type County, type CountySize, type Village } from './context.js';
import { apportion } from './random.js';
import { COUNTY_NAME, GRID_NAMES, SURNAME_LIST, TOWNSHIPS, villageName } from './words.js';

/** A login the generator prints once (like the first start's), for the bench and for people. */
export interface CountyLogin {
  username: string;
  password: string;
  roles: Role[];
  organisation: string;
}

export interface CountyTree {
  countyId: number;
  villages: Village[];
  /** Share of the county's people each village gets (its size). */
  weights: number[];
  /** admin (on a fresh database), the county-level and the village-level staff accounts. */
  logins: CountyLogin[];
}

/** A code no row holds yet (board and intake codes are unique; the random ones rarely collide). */
async function freshCodes(county: County, sql: string): Promise<Set<string>> {
  const rows = await county.db.sequelize.query<{ code: string | null }>(sql, { type: QueryTypes.SELECT });
  return new Set(rows.map((r) => r.code).filter((c): c is string => !!c));
}
const unique = (taken: Set<string>, make: () => string) => {
  let code = make();
  while (taken.has(code)) code = make();
  taken.add(code);
  return code;
};

/**
 * The county, its townships, villages and grids, the staff accounts that act in the history
 * (a 村支书 and a 文书 per village, a reviewer and a department per township) and the two the
 * bench logs in as. On an empty database the real first-run seed makes the `admin` account and
 * the county, so `npm start` afterwards behaves as after any first start.
 */
export async function buildTree(county: County, clock: Clock, size: CountySize): Promise<CountyTree> {
  const { writer, dice, now } = county;
  const logins: CountyLogin[] = [];
  const first = await seedFirstRun(county.db, clock, { demo: false });
  let countyId = 0;
  if (first) {
    countyId = (await county.db.models.Organisation.findOne({ where: { parentId: null } }))!.id;
    await county.db.models.Organisation.update({ name: COUNTY_NAME }, { where: { id: countyId } });
    logins.push({ ...first.admin, roles: ['admin'], organisation: COUNTY_NAME });
  }
  await writer.init();
  const boardCodes = await freshCodes(county, 'SELECT board_code AS code FROM organisations');
  const org = (id: number, name: string, kind: string, parentId: number | null, settings: object, at: Date) => ({
    id,
    name,
    kind,
    parent_id: parentId,
    settings,
    is_demo: true,
    created_at: at,
    updated_at: at,
    board_code: unique(boardCodes, randomBoardCode),
  });
  // On a database with rows already (--force), the county is a tree of its own beside the others.
  if (!first) {
    countyId = writer.id('organisations');
    writer.add('organisations', org(countyId, COUNTY_NAME, 'county', null, {}, now));
  }
  const adminId = (await county.db.models.User.findOne({ where: { username: 'admin' } }))?.id ?? null;
  const intakeCodes = await freshCodes(county, 'SELECT code FROM intake_codes');
  const usernames = await freshCodes(county, 'SELECT username AS code FROM users');
  // Every generated account shares one hash of a password nobody was told: an admin resets one to use it.
  const sharedHash = await hashPassword(generatePassword());

  const user = async (
    username: string,
    displayName: string,
    roles: Role[],
    organisationId: number,
    login?: string,
  ): Promise<number> => {
    let name = username;
    for (let n = 2; usernames.has(name); n++) name = `${username}-${n}`;
    usernames.add(name);
    const password = login ? generatePassword() : null;
    const id = writer.add('users', {
      username: name,
      display_name: displayName,
      password_hash: password ? await hashPassword(password) : sharedHash,
      phone: null,
      locale: 'zh-CN',
      disabled: false,
      failed_logins: 0,
      locked_until: null,
      created_at: now,
      updated_at: now,
    });
    county.userNames.set(id, displayName);
    for (const role of roles)
      writer.add('memberships', { user_id: id, organisation_id: organisationId, role, created_at: now });
    audit(county, now, {
      actorId: adminId,
      action: 'user.created',
      subjectType: 'user',
      subjectId: id,
      organisationId,
      summary: { after: { username: name, displayName, role: roles[0]! } },
    });
    if (password) logins.push({ username: name, password, roles, organisation: login! });
    return id;
  };

  await user('county-staff', '县议事办（演示）', ['reviewer', 'convener'], countyId, COUNTY_NAME);
  const perTownship = apportion(size.villages, new Array(size.townships).fill(1));
  const weights = Array.from({ length: size.villages }, () => Math.min(2.2, Math.max(0.5, dice.lognormal(1, 0.35))));
  const villages: Village[] = [];
  let index = 0;
  for (let tw = 0; tw < size.townships; tw++) {
    const townshipName = TOWNSHIPS[tw % TOWNSHIPS.length]! + (tw >= TOWNSHIPS.length ? String(tw) : '');
    const townshipId = writer.add(
      'organisations',
      org(writer.id('organisations'), townshipName, 'township', countyId, {}, now),
    );
    await user(`t${pad(tw + 1, 2)}-reviewer`, `${townshipName}审定员`, ['reviewer'], townshipId);
    const unitUserId = await user(`t${pad(tw + 1, 2)}-unit`, `${townshipName}综合服务中心`, ['department'], townshipId);
    for (let v = 0; v < perTownship[tw]!; v++, index++) {
      const name = villageName(index, townshipName.endsWith('街道'));
      const id = writer.add('organisations', org(writer.id('organisations'), name, 'village', townshipId, {}, now));
      const grids = Math.max(2, Math.min(GRID_NAMES.length, Math.round((weights[index]! * 1200) / 170)));
      const gridIds = Array.from({ length: grids }, (_, g) =>
        writer.add('organisations', org(writer.id('organisations'), GRID_NAMES[g]!, 'grid', id, {}, now)),
      );
      const surname = dice.pick(SURNAME_LIST);
      const leadName = `${surname}书记（${name}）`;
      const leadId = await user(`v${pad(index + 1, 3)}-lead`, leadName, ['reviewer', 'convener', 'representative'], id);
      const secretaryId = await user(
        `v${pad(index + 1, 3)}-secretary`,
        `${dice.pick(SURNAME_LIST)}文书（${name}）`,
        ['secretary'],
        id,
      );
      const benchUserId =
        index === 0
          ? await user('village-staff', `${surname}主任（${name}）`, ['reviewer', 'convener', 'secretary'], id, name)
          : null;
      const code = unique(intakeCodes, () => randomCode(INTAKE_CODE_LENGTH));
      const intakeCodeId = writer.add('intake_codes', {
        code,
        organisation_id: id,
        label: '村委会公开栏',
        disabled: false,
        created_by: leadId,
        created_at: now,
        updated_at: now,
      });
      audit(county, now, {
        actorId: leadId,
        action: 'intake_code.created',
        subjectType: 'intake_code',
        subjectId: intakeCodeId,
        organisationId: id,
        summary: { after: { code, label: '村委会公开栏' } },
      });
      villages.push({
        id,
        index,
        name,
        townshipId,
        townshipName,
        gridIds,
        intakeCodeId,
        leadId,
        leadName,
        secretaryId,
        ownerSide: benchUserId ? [leadId, benchUserId] : [leadId],
        unitUserId,
        benchUserId,
      });
    }
  }
  return { countyId, villages, weights, logins };
}

/** The co-signers' hashing key: the installation's own, made here on a fresh database. */
export async function hashKey(county: Pick<County, 'db'>): Promise<Buffer> {
  const read = () =>
    county.db.sequelize.query<{ value: string }>(`SELECT value FROM system_settings WHERE key = 'hash_key'`, {
      type: QueryTypes.SELECT,
    });
  let rows = await read();
  if (!rows.length) {
    await county.db.sequelize.query(`INSERT INTO system_settings (key, value) VALUES ('hash_key', :value)`, {
      replacements: { value: randomBytes(32).toString('base64') },
    });
    rows = await read();
  }
  return Buffer.from(rows[0]!.value, 'base64');
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
