import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { Role } from '../../shared/roles.js';
import { recordAudit } from './audit.js';
import { generatePassword, hashPassword } from './passwords.js';
import { seedDemoRegister } from './register/demo-register.js';

export interface IssuedLogin {
  username: string;
  password: string;
  role: Role;
  organisation: string;
}

export interface FirstRun {
  admin: IssuedLogin;
  demo: IssuedLogin[];
}

/** The demo village's cast: one account per role, so a newcomer can click through every surface. */
const DEMO_USERS: { username: string; displayName: string; role: Role; at: 'village' | 'township' }[] = [
  { username: 'demo-reviewer', displayName: '王审定（演示）', role: 'reviewer', at: 'village' },
  { username: 'demo-convener', displayName: '李召集（演示）', role: 'convener', at: 'village' },
  { username: 'demo-secretary', displayName: '张记录（演示）', role: 'secretary', at: 'village' },
  { username: 'demo-representative', displayName: '赵代表（演示）', role: 'representative', at: 'village' },
  { username: 'demo-department', displayName: '镇农业服务中心（演示）', role: 'department', at: 'township' },
];

/**
 * On an empty database: create the `admin` account (random password, returned once for printing)
 * and, unless disabled, a clearly labelled demo county. Returns null when users already exist,
 * so a restart never reseeds or overwrites anything.
 */
export async function seedFirstRun(db: Database, clock: Clock, options: { demo: boolean }): Promise<FirstRun | null> {
  const { User, Organisation, Membership } = db.models;
  if ((await User.count()) > 0) return null;
  const issued: {
    username: string;
    displayName: string;
    role: Role;
    password: string;
    hash: string;
    orgKey: 'county' | 'village' | 'township';
  }[] = [];
  const adminPassword = generatePassword();
  issued.push({
    username: 'admin',
    displayName: '系统管理员',
    role: 'admin',
    password: adminPassword,
    hash: await hashPassword(adminPassword),
    orgKey: 'county',
  });
  if (options.demo) {
    for (const u of DEMO_USERS) {
      const password = generatePassword();
      issued.push({ ...u, password, hash: await hashPassword(password), orgKey: u.at });
    }
  }

  return db.tx(async (t) => {
    if ((await User.count({ transaction: t })) > 0) return null;
    const org = (
      name: string,
      kind: 'county' | 'township' | 'village' | 'grid',
      parentId: number | null,
      settings = {},
    ) => Organisation.create({ name, kind, parentId, settings, isDemo: options.demo }, { transaction: t });
    const orgs: Record<'county' | 'township' | 'village', { id: number; name: string }> = {} as never;
    if (options.demo) {
      orgs.county = await org('示范县（演示）', 'county', null);
      orgs.township = await org('青山镇（演示）', 'township', orgs.county.id);
      orgs.village = await org('桃园村（演示）', 'village', orgs.township.id, {
        adultPopulation: 860,
        households: 312,
      });
      await org('第一网格', 'grid', orgs.village.id, { households: 36 });
      await org('第二网格', 'grid', orgs.village.id, { households: 29 });
      // The register and its bodies (issue 13); findDemoBodies() finds their ids again later.
      await seedDemoRegister(db, t, orgs.village.id, clock.now());
      const second = await org('柳溪社区（演示）', 'village', orgs.township.id, {
        adultPopulation: 1430,
        households: 520,
      });
      await org('东片网格', 'grid', second.id, { households: 40 });
    } else {
      orgs.county = await org('本县（请在组织架构中改名）', 'county', null);
    }
    const result: FirstRun = { admin: undefined as never, demo: [] };
    for (const u of issued) {
      const target = orgs[u.orgKey];
      const user = await User.create(
        { username: u.username, displayName: u.displayName, passwordHash: u.hash, phone: null, lockedUntil: null },
        { transaction: t },
      );
      await Membership.create({ userId: user.id, organisationId: target.id, role: u.role }, { transaction: t });
      const login = { username: u.username, password: u.password, role: u.role, organisation: target.name };
      if (u.username === 'admin') result.admin = login;
      else result.demo.push(login);
    }
    await recordAudit(db, clock, t, {
      actorId: null,
      action: 'system.first_run',
      subjectType: 'system',
      subjectId: 'seed',
      organisationId: orgs.county.id,
      summary: { demo: options.demo, users: issued.map((u) => u.username) },
    });
    return result;
  });
}
