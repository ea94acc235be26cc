import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { parse as parseCookies } from 'cookie';
import { rateLimit, type Store } from 'express-rate-limit';
import { isLocale, negotiateLocale } from '../../shared/i18n/index.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Services } from '../services/index.js';
import { SESSION_COOKIE, SIGNED_IN_COOKIE, signedInCookieOptions } from './session.js';

export const LANG_COOKIE = 'yishi_lang';

export function readCookies(header: string | undefined): Record<string, string | undefined> {
  return header ? parseCookies(header) : {};
}

/**
 * Resolves the session cookie and the language once per request. Language: the user's own
 * setting, else the `yishi_lang` cookie, else Accept-Language. The readable signed-in hint is
 * set or cleared to match the session (an expired or ended session loses it at the next page load).
 */
export function resolveRequestContext(s: Services): RequestHandler {
  return async (req, res, next) => {
    try {
      const cookies = readCookies(req.headers.cookie);
      req.auth = await s.sessions.resolve(cookies[SESSION_COOKIE]);
      const hinted = cookies[SIGNED_IN_COOKIE] === '1';
      if (req.auth && !hinted) res.cookie(SIGNED_IN_COOKIE, '1', signedInCookieOptions(s.config.secureCookies));
      else if (!req.auth && cookies[SIGNED_IN_COOKIE] !== undefined) res.clearCookie(SIGNED_IN_COOKIE, { path: '/' });
      const fromCookie = cookies[LANG_COOKIE];
      req.locale = isLocale(fromCookie) ? fromCookie : negotiateLocale(req.get('accept-language'));
      if (req.auth) {
        const user = await s.db.models.User.findByPk(req.auth.principal.userId, { attributes: ['locale'] });
        if (user && isLocale(user.locale)) req.locale = user.locale;
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

/**
 * Rate limit answering with the standard error body. Pass `cluster.rateLimitStore(name)` as the
 * store (app.ts does, through its `limit` helper), or the limit counts per instance.
 */
export function limiter(options: {
  windowMs: number;
  limit: number;
  store?: Store;
  key?: (req: Request) => string | null;
}): RequestHandler {
  const key = options.key;
  return rateLimit({
    ...(key ? { keyGenerator: (req) => key(req) ?? 'none', skip: (req) => key(req) === null } : {}),
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...(options.store ? { store: options.store } : {}),
    handler: (req, res) => {
      const err = new AppError('rate_limited');
      res.status(err.status).json(err.toBody(req.locale ?? 'zh-CN'));
    },
  });
}

/** The one place errors become responses: known errors keep their code, everything else is a logged 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let appError: AppError;
    if (err instanceof AppError) appError = err;
    else if (err?.type === 'entity.too.large') appError = new AppError('payload_too_large');
    else if (err?.type === 'entity.parse.failed' || err?.type === 'encoding.unsupported' || err?.status === 400)
      appError = new AppError('bad_request');
    else if (err?.type === 'charset.unsupported') appError = new AppError('unsupported_media_type');
    else {
      logger.error({ err, reqId: req.id }, 'unhandled error');
      appError = new AppError('internal');
    }
    if (res.headersSent) return;
    res.status(appError.status).json(appError.toBody(req.locale ?? 'zh-CN'));
  };
}

export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    const err = new AppError('not_found');
    res.status(404).json(err.toBody(req.locale ?? 'zh-CN'));
  };
}
