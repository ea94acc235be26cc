import { timingSafeEqual, createHash } from 'node:crypto';
import type http from 'node:http';
import type express from 'express';
import type { Metrics } from '../services/metrics/metrics.js';

/**
 * The route template a request matched, never its raw path: `/api/meetings/:id`, `static` for
 * the client's files and shells (regular-expression routes), `unmatched` for anything else.
 * Raw paths would make a label with unbounded values (every 404 probe a new time series).
 */
function routeLabel(req: express.Request): string {
  const route = (req as { route?: { path?: unknown } }).route;
  if (!route) return 'unmatched';
  return typeof route.path === 'string' ? `${req.baseUrl}${route.path}` : 'static';
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Counts and times every request Express answers, by method, route template and status. */
export function httpMetrics(metrics: Metrics): express.RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      const method = METHODS.has(req.method) ? req.method : 'OTHER';
      const route = routeLabel(req);
      metrics.httpRequests.inc({ method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ method, route }, (performance.now() - started) / 1000);
    });
    next();
  };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * GET /metrics in the Prometheus text format. With a token, only `Authorization: Bearer <token>`
 * reads it (compared in constant time); without one it is served only where `open` says so — the
 * separate metrics port, which an operator keeps off the public network. Everywhere else it
 * answers 404 like any unknown path: an unprotected /metrics on the public port would tell anyone
 * how busy each route is, and a 404 does not even say the endpoint exists.
 */
export function metricsEndpoint(
  metrics: Metrics,
  options: { token: string | null; open: boolean },
): (req: http.IncomingMessage, res: http.ServerResponse) => boolean {
  const expected = options.token ? digest(options.token) : null;
  return (req, res) => {
    if ((req.url ?? '').split('?')[0] !== '/metrics' || req.method !== 'GET') return false;
    if (!expected && !options.open) return false;
    if (expected) {
      const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!given || !timingSafeEqual(digest(given), expected)) {
        res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', 'WWW-Authenticate': 'Bearer' });
        res.end('metrics token required\n');
        return true;
      }
    }
    metrics.registry.metrics().then(
      (body) => {
        res.writeHead(200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' });
        res.end(body);
      },
      () => {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('metrics unavailable\n');
      },
    );
    return true;
  };
}
