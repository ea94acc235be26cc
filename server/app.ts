import http from 'node:http';
import compression from 'compression';
import express from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { localCluster, type Cluster } from './cluster/index.js';
import type { Database } from './db/index.js';
import type { Logger } from './logger.js';
import { auditRoutes } from './http/audit.js';
import { healthRoutes } from './http/health.js';
import { httpMetrics, metricsEndpoint } from './http/metrics.js';
import { AppError } from './errors.js';
import { errorHandler, limiter, notFoundHandler, resolveRequestContext } from './http/middleware.js';
import { buildOpenApi } from './http/openapi.js';
import { organisationRoutes } from './http/organisations.js';
import { defineRoute, mountRoutes, type AnyRoute } from './http/route.js';
import { sessionRoutes } from './http/session.js';
import { staticRouter } from './http/static.js';
import { userRoutes } from './http/users.js';
import { intakeRoutes } from './http/intake.js';
import { intakeCodeRoutes } from './http/intake-codes.js';
import { cosignRoutes } from './http/cosigns.js';
import { topicRoutes } from './http/topics.js';
import { meetingRoutes } from './http/meetings.js';
import { checkinRoutes } from './http/checkin.js';
import { receptionRoutes } from './http/reception.js';
import { minutesRoutes } from './http/minutes.js';
import { voteRoutes } from './http/votes.js';
import { statsRoutes } from './http/stats.js';
import { createRealtime } from './realtime/index.js';
import { socketKinds } from './realtime/socket-kinds.js';
import { resolutionRoutes } from './http/resolutions.js';
import { notificationRoutes } from './http/notifications.js';
import { procedureRoutes } from './http/procedures.js';
import { registerRoutes } from './http/register.js';
import { bodyRoutes } from './http/bodies.js';
import { createServices, type Services } from './services/index.js';

export interface AppDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  config: Config;
  /** The other instances (Redis); a single process on its own when absent. */
  cluster?: Cluster;
}

export interface App {
  server: http.Server;
  express: express.Express;
  services: Services;
  routes: AnyRoute[];
  /**
   * Answers GET /metrics for a server of its own (YISHI_METRICS_PORT, started by main.ts) and
   * 404 for anything else; the token still applies when one is set.
   */
  metricsListener: http.RequestListener;
  /** Graceful stop: refuse new work, finish in-flight requests, close sockets with a reconnect hint. */
  close(): Promise<void>;
}

const VERSION = '0.1.0';

/**
 * Builds the whole application on one http.Server — Express (REST + static client), Socket.IO
 * (/socket.io/) and Yjs (/yjs/<doc>) — without listening, and with no hidden singletons: tests
 * pass their own database, clock, logger and config.
 */
export function createApp(deps: AppDeps): App {
  const { logger, config } = deps;
  const cluster = deps.cluster ?? localCluster(logger);
  const services = createServices({ ...deps, cluster });
  let shuttingDown = false;

  const app = express();
  app.disable('x-powered-by');
  // Only the balancer's X-Forwarded-For is believed, or anyone could pick their rate-limit address.
  app.set('trust proxy', config.trustProxy);
  const server = http.createServer(app);
  const realtime = createRealtime(server, services);
  const collab = services.collab;
  const { metrics } = services;
  metrics.observeSockets(() => socketKinds(realtime.io));
  if (cluster.redis) metrics.observeRedis(() => cluster.redis!.healthy());
  // Resolutions: catch up with decisions recorded while no process listened, then run the jobs.
  void services.resolutionDrafts.catchUp().catch((err) => logger.error({ err }, 'resolution catch-up failed'));
  // Scheduled jobs count their runs and failures on the way in.
  const stopResolutionJobs = services.resolutionJobs.start({
    ...cluster,
    every: (name, periodMs, fn) => cluster.every(name, periodMs, metrics.job(name, fn)),
  });
  // 四议两公开: decide stages whose motion closed while no process listened.
  // Stages first, then annulments, so a motion closed and then annulled while down ends up undone.
  void services.procedureStages
    .catchUp()
    .then(() => services.procedureAnnulments.catchUp())
    .catch((err) => logger.error({ err }, 'procedure catch-up failed'));

  // Node's HTTP parser refuses some requests before Express sees them (a URL or headers over
  // 16 KB, a malformed request line): answer those with the standard error body too.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const error = new AppError(err.code === 'HPE_HEADER_OVERFLOW' ? 'headers_too_large' : 'bad_request');
    const body = JSON.stringify(error.toBody('zh-CN'));
    socket.end(
      `HTTP/1.1 ${error.status} ${http.STATUS_CODES[error.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  server.on('upgrade', (req, socket, head) => {
    // Socket.IO handles its own path; everything else that is not Yjs is refused.
    if (req.url?.startsWith('/socket.io/')) return;
    if (!collab.handleUpgrade(req, socket, head)) socket.destroy();
  });

  // Every limiter counts in the cluster's shared store (Redis when configured), under its own name.
  const limit = (name: string, options: Omit<Parameters<typeof limiter>[0], 'store'>) =>
    limiter({ ...options, store: cluster.rateLimitStore(name) });
  // Only failed logins count (issue 14, finding 3): a village office behind one address logs in all day.
  const loginLimiter = limit('login', { windowMs: 15 * 60_000, limit: config.loginRateLimit, failuresOnly: true });
  const tenMinutes = 10 * 60_000;
  // Per device; a request without a (well-formed) device id gets the same, stricter budget per
  // address (issue 14, finding 5: leaving the header out skipped this limit altogether).
  const device = (req: express.Request) => {
    const id = req.get('x-device-id');
    return id && /^[\w-]{8,64}$/.test(id) ? `device:${id}` : `address:${ipKeyGenerator(req.ip ?? '')}`;
  };
  const intakeLimiters = {
    submit: [
      limit('intake-submit', { windowMs: tenMinutes, limit: config.intakeRateLimit.perAddress }),
      limit('intake-device', { windowMs: tenMinutes, limit: config.intakeRateLimit.perDevice, key: device }),
    ],
    cosign: [limit('cosign', { windowMs: tenMinutes, limit: config.intakeRateLimit.perAddress })],
    read: [limit('public-read', { windowMs: 60_000, limit: Math.max(300, config.intakeRateLimit.perAddress * 5) })],
  };
  const routes: AnyRoute[] = [
    ...healthRoutes(services, () => shuttingDown),
    ...sessionRoutes(services, loginLimiter),
    ...organisationRoutes(services, (o) => {
      // Settings such as allowRemoteVoting are cached by voting and statistics on every instance.
      services.organisationsChanged();
      return realtime.organisationUpdated(o);
    }),
    ...userRoutes(services),
    ...auditRoutes(services),
    ...intakeRoutes(services, intakeLimiters),
    ...intakeCodeRoutes(services),
    ...cosignRoutes(services, {
      sms: [limit('cosign-sms', { windowMs: tenMinutes, limit: 10 })],
      verify: [limit('cosign-verify', { windowMs: tenMinutes, limit: 30 })],
      read: intakeLimiters.read,
    }),
    ...topicRoutes(services),
    ...meetingRoutes(services, {
      // A whole hall checks in at once, often behind one address (the village Wi-Fi): a budget
      // of its own, higher than co-signing's. The rotating code is what keeps strangers out.
      checkin: [limiter({ windowMs: tenMinutes, limit: Math.max(600, config.intakeRateLimit.perAddress * 5) })],
      read: intakeLimiters.read,
    }),
    ...checkinRoutes(services, {
      // Phones waiting for the desk ask every few seconds, a whole hall behind one address.
      poll: [limit('checkin-poll', { windowMs: tenMinutes, limit: 6000 })],
      read: intakeLimiters.read,
      file: [limiter({ windowMs: 60_000, limit: 30 })],
    }),
    ...receptionRoutes(services, intakeLimiters.cosign, intakeLimiters.read),
    ...minutesRoutes(services, {
      read: intakeLimiters.read,
      // Rendering a PDF subsets a CJK font: a few per minute per address is plenty for people.
      file: [limiter({ windowMs: 60_000, limit: 30 })],
    }),
    ...voteRoutes(services),
    ...resolutionRoutes(services, { write: intakeLimiters.cosign, read: intakeLimiters.read }),
    ...notificationRoutes(services),
    // Exports are heavy: a few per minute per address, like minutes' files.
    ...statsRoutes(services, { read: intakeLimiters.read, file: [limiter({ windowMs: 60_000, limit: 30 })] }),
    // Objections come through the intake code like topics, under the intake form's budgets (per
    // address and per device, counted together with topics); archives render PDFs like minutes' files.
    ...procedureRoutes(services, {
      read: intakeLimiters.read,
      object: intakeLimiters.submit,
      file: [limiter({ windowMs: 60_000, limit: 30 })],
    }),
    // Imports and exports parse or write whole sheets: a budget of their own per address.
    ...registerRoutes(services, { file: [limit('register-file', { windowMs: 60_000, limit: 60 })] }),
    ...bodyRoutes(services),
  ];
  let openapi: object | null = null;
  routes.push(
    defineRoute({
      method: 'get',
      path: '/api/openapi.json',
      tag: 'meta',
      summary: 'This OpenAPI 3.1 document',
      access: 'public',
      response: { status: 200, schema: z.record(z.string(), z.unknown()) },
      handler: async () => (openapi ??= buildOpenApi(routes, VERSION)),
    }),
  );

  // Before the request log: a scrape every 15 s is not worth a log line.
  const metricsHere = metricsEndpoint(metrics, { token: config.metrics.token, open: false });
  const notFound = notFoundHandler();
  app.get('/metrics', (req, res, next) => (metricsHere(req, res) ? undefined : notFound(req, res, next)));
  app.use(httpMetrics(metrics));
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      serializers: {
        req: (req) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'"],
          // 'self' covers same-origin ws:/wss: in CSP Level 3 browsers.
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: config.secureCookies,
    }),
  );
  app.use(compression());
  app.use(express.json({ limit: '100kb', strict: true }));
  app.use(resolveRequestContext(services));

  const api = express.Router();
  mountRoutes(api, routes);
  app.use(api);
  app.use('/api', notFoundHandler());
  app.use(staticRouter(config.clientDir, logger));
  app.use(notFoundHandler());
  app.use(errorHandler(logger));

  return {
    server,
    express: app,
    services,
    routes,
    metricsListener: (() => {
      const serve = metricsEndpoint(metrics, { token: config.metrics.token, open: true });
      return (req, res) => {
        if (serve(req, res)) return;
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      };
    })(),
    async close() {
      if (shuttingDown) return;
      shuttingDown = true;
      stopResolutionJobs();
      metrics.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.all([realtime.close(2000), collab.close()]);
      // A cluster passed in belongs to the caller (main.ts closes it after the database work ends).
      if (!deps.cluster) await cluster.close();
      const timeout = setTimeout(() => server.closeAllConnections(), 10_000);
      await closed;
      clearTimeout(timeout);
    },
  };
}
