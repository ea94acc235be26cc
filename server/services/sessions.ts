import { createHash, randomBytes } from 'node:crypto';
import { Op } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { recordAudit } from './audit.js';
import { DUMMY_HASH, verifyPassword } from './passwords.js';
import type { Principal } from './access.js';
import type { Role } from '../../shared/roles.js';

const IDLE_MS = 7 * 24 * 3600_000;
const ABSOLUTE_MS = 30 * 24 * 3600_000;
const TOUCH_EVERY_MS = 10 * 60_000;
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface ResolvedSession {
  sessionId: number;
  csrfToken: string;
  principal: Principal;
}

/** Staff sessions: login with lockout, cookie token → principal, logout here or everywhere. */
export class SessionService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Checks the password and opens a session; counts failures and locks the account after 5. */
  async login(username: string, password: string): Promise<{ token: string; userId: number }> {
    const { User, Session } = this.db.models;
    const user = await User.findOne({ where: { username: username.toLowerCase() } });
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user) throw new AppError('invalid_credentials');
    const now = this.clock.now();
    if (user.lockedUntil && user.lockedUntil > now) throw new AppError('account_locked');
    if (!ok) {
      const outcome = await this.recordFailure(user.id, user.username, now);
      this.logger.warn({ userId: user.id, outcome }, 'login failed');
      throw new AppError(outcome === 'already_locked' ? 'account_locked' : 'invalid_credentials');
    }
    if (user.disabled) throw new AppError('account_disabled');
    const token = randomBytes(32).toString('base64url');
    await this.db.tx(async (t) => {
      await user.update({ failedLogins: 0, lockedUntil: null }, { transaction: t });
      await Session.create(
        {
          tokenHash: hashToken(token),
          userId: user.id,
          csrfToken: randomBytes(24).toString('base64url'),
          expiresAt: new Date(now.getTime() + ABSOLUTE_MS),
          lastSeenAt: now,
        },
        { transaction: t },
      );
    });
    return { token, userId: user.id };
  }

  /**
   * Counts one failed login, in the database: `failed_logins` was read before the transaction
   * and written back, so parallel wrong passwords (issue 14, finding 3: twelve at once from as
   * many addresses) each wrote "1" and the account never locked. The increment is one UPDATE,
   * which PostgreSQL serialises on the row lock and SQLite on its write queue; it skips an
   * account locked meanwhile, and the count it leaves is read back inside the same transaction,
   * so exactly one attempt reaches the limit and locks.
   */
  private recordFailure(userId: number, username: string, now: Date): Promise<'counted' | 'locked' | 'already_locked'> {
    const { User } = this.db.models;
    const column = this.db.sequelize.getQueryInterface().quoteIdentifier('failed_logins');
    return this.db.tx(async (t) => {
      const [counted] = await User.update(
        { failedLogins: this.db.sequelize.literal(`${column} + 1`) as unknown as number },
        {
          where: { id: userId, [Op.or]: [{ lockedUntil: null }, { lockedUntil: { [Op.lte]: now } }] },
          transaction: t,
        },
      );
      if (counted === 0) return 'already_locked';
      const failures = (await User.findByPk(userId, { attributes: ['failedLogins'], transaction: t }))!.failedLogins;
      if (failures < MAX_FAILED_LOGINS) return 'counted';
      await User.update(
        { failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_MS) },
        { where: { id: userId }, transaction: t },
      );
      await recordAudit(this.db, this.clock, t, {
        actorId: null,
        action: 'user.locked',
        subjectType: 'user',
        subjectId: userId,
        organisationId: null,
        summary: { username },
      });
      return 'locked';
    });
  }

  /** Resolves a cookie token; null when unknown, expired, idle too long or the user is disabled. */
  async resolve(token: string | undefined): Promise<ResolvedSession | null> {
    if (!token || token.length > 100) return null;
    const { Session, User, Membership } = this.db.models;
    const session = await Session.findOne({ where: { tokenHash: hashToken(token) } });
    if (!session) return null;
    const now = this.clock.now();
    if (session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() > IDLE_MS) {
      await session.destroy();
      return null;
    }
    const user = await User.findByPk(session.userId, { attributes: ['id', 'disabled'] });
    if (!user || user.disabled) return null;
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await Session.update({ lastSeenAt: now }, { where: { id: session.id } });
    }
    const memberships = await Membership.findAll({ where: { userId: user.id }, raw: true });
    return {
      sessionId: session.id,
      csrfToken: session.csrfToken,
      principal: {
        userId: user.id,
        memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role as Role })),
      },
    };
  }

  async logout(sessionId: number): Promise<void> {
    await this.db.models.Session.destroy({ where: { id: sessionId } });
  }

  /** Ends every session of the user; returns the ended session ids so their sockets can be closed. */
  async logoutEverywhere(userId: number): Promise<number[]> {
    const { Session } = this.db.models;
    const ids = (await Session.findAll({ where: { userId }, attributes: ['id'], raw: true })).map((s) => s.id);
    if (ids.length) await Session.destroy({ where: { id: { [Op.in]: ids } } });
    return ids;
  }
}
