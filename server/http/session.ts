import type { CookieOptions, RequestHandler } from 'express';
import { Op } from 'sequelize';
import {
  ChangePasswordBody,
  LoginBody,
  LogoutQuery,
  SessionUser,
  SessionView,
  UpdateMeBody,
} from '../../shared/schemas/session.js';
import { MIN_PASSWORD_LENGTH, MIN_PASSWORD_SCORE, passwordScore } from '../../shared/rules/password-strength.js';
import { AppError, errors } from '../errors.js';
import { hashPassword, verifyPassword } from '../services/passwords.js';
import type { Services } from '../services/index.js';
import { presentSessionUser } from '../services/present.js';
import { defineRoute, type AnyRoute } from './route.js';

import { SESSION_COOKIE } from './cookies.js';

export { SESSION_COOKIE };

export function sessionCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 30 * 24 * 3600_000 };
}

/**
 * A hint scripts can read, since the session cookie is HttpOnly: "1" while this browser holds a
 * session. It carries no secret (the session cookie and the CSRF token still decide everything);
 * it only spares public pages asking GET /api/session, and a 401 in the console, when nobody is
 * signed in. Kept in step with the session on every request (http/middleware.ts).
 */
export const SIGNED_IN_COOKIE = 'yishi_signed_in';

export function signedInCookieOptions(secure: boolean): CookieOptions {
  return { ...sessionCookieOptions(secure), httpOnly: false };
}

/** Staff log in and out; the SPA asks who it is. */
export function sessionRoutes(s: Services, loginLimiter: RequestHandler): AnyRoute[] {
  const view = async (userId: number, csrfToken: string) => {
    const user = await s.db.models.User.findByPk(userId);
    if (!user) throw errors.unauthenticated();
    return { user: await presentSessionUser(s.db, user), csrfToken };
  };

  return [
    defineRoute({
      method: 'get',
      path: '/api/session',
      tag: 'session',
      summary: 'The signed-in user, their roles and the CSRF token for writes',
      access: 'staff',
      response: { status: 200, schema: SessionView },
      handler: ({ session }) => view(session.principal.userId, session.csrfToken),
    }),
    defineRoute({
      method: 'post',
      path: '/api/session',
      tag: 'session',
      summary: 'Log in with username and password (rate-limited; locks after 5 failures)',
      access: 'public',
      body: LoginBody,
      response: { status: 200, schema: SessionView },
      errors: [401, 403, 423, 429],
      before: [loginLimiter],
      handler: async ({ body, res }) => {
        const { token } = await s.sessions.login(body.username, body.password);
        const resolved = await s.sessions.resolve(token);
        if (!resolved) throw new AppError('internal');
        res.cookie(SESSION_COOKIE, token, sessionCookieOptions(s.config.secureCookies));
        res.cookie(SIGNED_IN_COOKIE, '1', signedInCookieOptions(s.config.secureCookies));
        return view(resolved.principal.userId, resolved.csrfToken);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/session',
      tag: 'session',
      summary: 'Log out here, or everywhere with ?everywhere=1',
      access: 'staff',
      query: LogoutQuery,
      response: { status: 204 },
      handler: async ({ session, query, res }) => {
        if (query.everywhere === '1') {
          const ids = await s.sessions.logoutEverywhere(session.principal.userId);
          s.hooks.sessionsEnded(session.principal.userId, ids);
        } else {
          await s.sessions.logout(session.sessionId);
          s.hooks.sessionsEnded(session.principal.userId, [session.sessionId]);
        }
        res.clearCookie(SESSION_COOKIE, { path: '/' });
        res.clearCookie(SIGNED_IN_COOKIE, { path: '/' });
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/me',
      tag: 'session',
      summary: 'Change my language or display name',
      access: 'staff',
      body: UpdateMeBody,
      response: { status: 200, schema: SessionUser },
      handler: async ({ principal, body }) => {
        const user = await s.db.models.User.findByPk(principal.userId);
        if (!user) throw errors.unauthenticated();
        await user.update(body);
        return presentSessionUser(s.db, user);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/me/password',
      tag: 'session',
      summary: 'Change my password: at least 10 characters and zxcvbn score 3 of 4 (ends my other sessions)',
      access: 'staff',
      body: ChangePasswordBody,
      response: { status: 204 },
      handler: async ({ principal, session, body }) => {
        const user = await s.db.models.User.findByPk(principal.userId);
        if (!user || !(await verifyPassword(body.currentPassword, user.passwordHash)))
          throw new AppError('invalid_credentials');
        // The schema judged the password alone; one built from the person's own names is weaker.
        if (passwordScore(body.newPassword, [user.username, user.displayName]) < MIN_PASSWORD_SCORE)
          throw new AppError('validation_failed', 'error.validation_failed', undefined, [
            { path: 'newPassword', key: 'field.weak_password', params: { min: MIN_PASSWORD_LENGTH } },
          ]);
        const passwordHash = await hashPassword(body.newPassword);
        await s.db.tx(async (t) => {
          await user.update({ passwordHash }, { transaction: t });
          await s.db.models.Session.destroy({
            where: { userId: user.id, id: { [Op.ne]: session.sessionId } },
            transaction: t,
          });
        });
      },
    }),
  ];
}
