import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import type { ErrorCode } from '../../shared/error-codes.js';
import { isLocale, negotiateLocale } from '../../shared/i18n/index.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Services } from '../services/index.js';
import { LANG_COOKIE, readCookies, SESSION_COOKIE } from './cookies.js';
import { SIGNED_IN_COOKIE, signedInCookieOptions } from './session.js';

export { LANG_COOKIE, readCookies } from './cookies.js';

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
  /** The counter a request falls under; by default the client's address. */
  key?: (req: Request) => string;
  /** Count only requests answered with an error (logins: a person who gets in is no attacker). */
  failuresOnly?: boolean;
}): RequestHandler {
  const key = options.key;
  return rateLimit({
    ...(key ? { keyGenerator: key } : {}),
    windowMs: options.windowMs,
    limit: options.limit,
    skipSuccessfulRequests: options.failuresOnly ?? false,
    // Sets Retry-After (seconds) on every 429 as well as the RateLimit fields.
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...(options.store ? { store: options.store } : {}),
    handler: (req, res) => {
      // Say how long to wait (issue 17, item 10): the same figure as Retry-After, in minutes.
      const seconds = Math.max(1, Number(res.getHeader('Retry-After')) || Math.ceil(options.windowMs / 1000));
      const minutes = Math.max(1, Math.ceil(seconds / 60));
      const err = new AppError('rate_limited', 'error.rate_limited_minutes', { minutes }, undefined, {
        retryAfterSeconds: seconds,
      });
      res.status(err.status).json(err.toBody(req.locale ?? 'zh-CN'));
    },
  });
}

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  431: 'headers_too_large',
};

/** The one place errors become responses: known errors keep their code, everything else is a logged 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let appError: AppError;
    let status: number | undefined;
    const given = Number(err?.status ?? err?.statusCode);
    if (err instanceof AppError) appError = err;
    else if (err?.type === 'entity.too.large') appError = new AppError('payload_too_large');
    else if (err?.type === 'entity.parse.failed' || err?.type === 'encoding.unsupported')
      appError = new AppError('bad_request');
    else if (err?.type === 'charset.unsupported') appError = new AppError('unsupported_media_type');
    else if (Number.isInteger(given) && given >= 400 && given < 500) {
      // A client error from any middleware (express.static's 403 on a traversal attempt, its 404,
      // a 416 Range) keeps its status, with the code that status stands for (issue 14, finding 4).
      appError = new AppError(CODE_BY_STATUS[given] ?? 'bad_request');
      status = given;
    } else {
      logger.error({ err, reqId: req.id }, 'unhandled error');
      appError = new AppError('internal');
    }
    if (res.headersSent) return;
    res.status(status ?? appError.status).json(appError.toBody(req.locale ?? 'zh-CN'));
  };
}

export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    const err = new AppError('not_found');
    res.status(404).json(err.toBody(req.locale ?? 'zh-CN'));
  };
}
