import { Op, UniqueConstraintError, type WhereOptions } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { User } from '../db/models/user.js';
import { AppError, errors } from '../errors.js';
import type {
  CreateUserBody,
  GrantRoleBody,
  IssuedPassword,
  UpdateUserBody,
  UserList,
  UserView,
} from '../../shared/schemas/user.js';
import { hasRoleAt, isRootAdmin, scopeOf, type Principal } from './access.js';
import { actorOf, recordAudit } from './audit.js';
import type { OrgTree } from './org-tree.js';
import { generatePassword, hashPassword } from './passwords.js';
import { presentUsers } from './present.js';

/**
 * Staff accounts. An admin manages a user only when every role the user holds lies inside the
 * admin's part of the tree, so a village admin can never reset a county official's password.
 */
export class UserService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    /** Called when a user's sessions must end (disabled): closes their live sockets. */
    private readonly onSessionsEnded: (userId: number) => void,
  ) {}

  private async canManage(principal: Principal, userId: number): Promise<boolean> {
    const memberships = await this.db.models.Membership.findAll({ where: { userId }, raw: true });
    if (memberships.length === 0) return isRootAdmin(this.tree, principal);
    for (const m of memberships) {
      if (!(await hasRoleAt(this.tree, principal, ['admin'], m.organisationId))) return false;
    }
    return true;
  }

  private async loadManageable(principal: Principal, userId: number): Promise<User> {
    const user = await this.db.models.User.findByPk(userId);
    if (!user) throw errors.notFound();
    if (!(await this.canManage(principal, userId))) throw errors.forbidden();
    return user;
  }

  private async one(user: User): Promise<UserView> {
    return (await presentUsers(this.db, [user]))[0]!;
  }

  async list(principal: Principal, query: { q?: string; offset: number; limit: number }): Promise<UserList> {
    const { User, Membership } = this.db.models;
    const scope = [...(await scopeOf(this.tree, principal, ['admin']))];
    if (!scope.length) throw errors.forbidden();
    const inScope = await Membership.findAll({
      where: { organisationId: { [Op.in]: scope } },
      attributes: ['userId'],
      raw: true,
    });
    const candidateIds = [...new Set(inScope.map((m) => m.userId))];
    const where: WhereOptions = { id: { [Op.in]: candidateIds } };
    if (query.q) {
      const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      Object.assign(where, { [Op.or]: [{ username: { [Op.like]: like } }, { displayName: { [Op.like]: like } }] });
    }
    const all = await User.findAll({ where, order: [['username', 'ASC']] });
    const manageable: User[] = [];
    for (const u of all) if (await this.canManage(principal, u.id)) manageable.push(u);
    const page = manageable.slice(query.offset, query.offset + query.limit);
    return { items: await presentUsers(this.db, page), total: manageable.length };
  }

  async create(principal: Principal, body: CreateUserBody): Promise<IssuedPassword> {
    if (!(await hasRoleAt(this.tree, principal, ['admin'], body.organisationId))) throw errors.forbidden();
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    try {
      const user = await this.db.tx(async (t) => {
        const u = await this.db.models.User.create(
          {
            username: body.username.toLowerCase(),
            displayName: body.displayName,
            passwordHash,
            phone: body.phone ?? null,
            locale: body.locale,
            lockedUntil: null,
          },
          { transaction: t },
        );
        await this.db.models.Membership.create(
          { userId: u.id, organisationId: body.organisationId, role: body.role },
          { transaction: t },
        );
        await recordAudit(this.db, this.clock, t, {
          ...actorOf(principal),
          action: 'user.created',
          subjectType: 'user',
          subjectId: u.id,
          organisationId: body.organisationId,
          summary: { after: { username: u.username, displayName: u.displayName, role: body.role } },
        });
        return u;
      });
      return { user: await this.one(user), password };
    } catch (err) {
      if (err instanceof UniqueConstraintError) {
        throw new AppError('conflict', 'user.error.username_taken', undefined, [
          { path: 'username', key: 'user.error.username_taken' },
        ]);
      }
      throw err;
    }
  }

  async update(principal: Principal, userId: number, body: UpdateUserBody): Promise<UserView> {
    const user = await this.loadManageable(principal, userId);
    if (body.disabled === true && userId === principal.userId)
      throw new AppError('validation_failed', 'user.error.cannot_disable_self');
    const before = { displayName: user.displayName, disabled: user.disabled, locale: user.locale };
    await this.db.tx(async (t) => {
      await user.update(body, { transaction: t });
      if (body.disabled) await this.db.models.Session.destroy({ where: { userId }, transaction: t });
      await recordAudit(this.db, this.clock, t, {
        ...actorOf(principal),
        action: body.disabled === true ? 'user.disabled' : body.disabled === false ? 'user.enabled' : 'user.updated',
        subjectType: 'user',
        subjectId: userId,
        organisationId: null,
        summary: { before, after: { displayName: user.displayName, disabled: user.disabled, locale: user.locale } },
      });
    });
    if (body.disabled) this.onSessionsEnded(userId);
    return this.one(user);
  }

  /** Issues a new one-time password and ends the user's sessions. */
  async resetPassword(principal: Principal, userId: number): Promise<IssuedPassword> {
    const user = await this.loadManageable(principal, userId);
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    await this.db.tx(async (t) => {
      await user.update({ passwordHash, failedLogins: 0, lockedUntil: null }, { transaction: t });
      await this.db.models.Session.destroy({ where: { userId }, transaction: t });
      await recordAudit(this.db, this.clock, t, {
        ...actorOf(principal),
        action: 'user.password_reset',
        subjectType: 'user',
        subjectId: userId,
        organisationId: null,
      });
    });
    this.onSessionsEnded(userId);
    return { user: await this.one(user), password };
  }

  /** Lifts a lockout after failed logins (the password stays); nothing to do for an unlocked account. */
  async unlock(principal: Principal, userId: number): Promise<{ user: UserView; wasLocked: boolean }> {
    const user = await this.loadManageable(principal, userId);
    const wasLocked = user.failedLogins > 0 || (user.lockedUntil !== null && user.lockedUntil > this.clock.now());
    if (wasLocked)
      await this.db.tx(async (t) => {
        const before = { failedLogins: user.failedLogins, lockedUntil: user.lockedUntil?.toISOString() ?? null };
        await user.update({ failedLogins: 0, lockedUntil: null }, { transaction: t });
        await recordAudit(this.db, this.clock, t, {
          ...actorOf(principal),
          action: 'user.unlocked',
          subjectType: 'user',
          subjectId: userId,
          organisationId: null,
          summary: { before },
        });
      });
    return { user: await this.one(user), wasLocked };
  }

  async grant(principal: Principal, userId: number, body: GrantRoleBody): Promise<UserView> {
    const user = await this.loadManageable(principal, userId);
    if (!(await hasRoleAt(this.tree, principal, ['admin'], body.organisationId))) throw errors.forbidden();
    try {
      await this.db.tx(async (t) => {
        await this.db.models.Membership.create(
          { userId, organisationId: body.organisationId, role: body.role },
          { transaction: t },
        );
        await recordAudit(this.db, this.clock, t, {
          ...actorOf(principal),
          action: 'membership.granted',
          subjectType: 'user',
          subjectId: userId,
          organisationId: body.organisationId,
          summary: { after: { role: body.role, organisationId: body.organisationId } },
        });
      });
    } catch (err) {
      if (err instanceof UniqueConstraintError) throw errors.conflict();
      throw err;
    }
    return this.one(user);
  }

  async revoke(principal: Principal, userId: number, membershipId: number): Promise<UserView> {
    const user = await this.loadManageable(principal, userId);
    await this.db.tx(async (t) => {
      const m = await this.db.models.Membership.findOne({ where: { id: membershipId, userId }, transaction: t });
      if (!m) throw errors.notFound();
      await m.destroy({ transaction: t });
      await recordAudit(this.db, this.clock, t, {
        ...actorOf(principal),
        action: 'membership.revoked',
        subjectType: 'user',
        subjectId: userId,
        organisationId: m.organisationId,
        summary: { before: { role: m.role, organisationId: m.organisationId } },
      });
    });
    return this.one(user);
  }
}
