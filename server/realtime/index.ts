import type http from 'node:http';
import { Server } from 'socket.io';
import * as z from 'zod';
import type { SocketData } from '../../shared/events.js';
import { isLocale, negotiateLocale } from '../../shared/i18n/index.js';
import { Id, OrganisationRef } from '../../shared/schemas/common.js';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import { AppError, errors } from '../errors.js';
import { LANG_COOKIE, readCookies, SESSION_COOKIE } from '../http/cookies.js';
import { originAllowed } from '../http/origins.js';
import { hasRoleAt } from '../services/access.js';
import type { Services } from '../services/index.js';
import { presentSessionUser } from '../services/present.js';
import { REVIEW_ROLES } from '../services/review.js';
import {
  answerUnknownEvents,
  attach,
  handle,
  type SocketHandlers,
  type YishiServer,
  type YishiSocket,
} from './handler.js';
import { meetingRealtime } from './meetings.js';
import { voteRealtime } from './votes.js';
import { resolutionRealtime } from './resolutions.js';
import { statsRealtime } from './stats.js';
import { procedureRealtime } from './procedures.js';

export type { YishiServer };

type TopicEvent = 'topic:received' | 'topic:updated';
const TOPIC_CHANNEL = 'topics:changed';
const TopicMessage = z.object({
  topicId: Id,
  event: z.enum(['topic:received', 'topic:updated']),
  organisationId: Id.optional(),
});

const rooms = {
  user: (id: number) => `user:${id}`,
  session: (id: number) => `session:${id}`,
  organisation: (id: number) => `org:${id}`,
  review: (id: number) => `review:${id}`,
};

/**
 * Socket.IO on the shared http.Server. The handshake's session cookie is resolved once (the
 * socket middleware is the one authorisation point for connections); each event then checks
 * its own permission through the same access rules as HTTP.
 */
export function createRealtime(httpServer: http.Server, s: Services) {
  // Rooms span instances when Redis is configured (server/cluster/socket-adapter.ts says why this adapter).
  const adapter = s.cluster.socketAdapter();
  const io: YishiServer = new Server(httpServer, {
    ...(adapter ? { adapter } : {}),
    path: '/socket.io/',
    serveClient: false,
    // The Yjs upgrade path may take longer than engine.io's 1 s default (STACK.md).
    destroyUpgrade: false,
    maxHttpBufferSize: 100_000,
    cors: { origin: false },
    // Cross-site WebSocket hijacking: a browser handshake from a foreign page is refused before
    // a session is resolved (server/http/origins.ts). Polling's follow-up requests and the
    // WebSocket upgrade carry the sid this checked handshake issued.
    allowRequest: (req, callback) => {
      const allowed = originAllowed(s.config, req);
      if (!allowed) s.logger.warn({ origin: req.headers.origin }, 'socket handshake from a foreign origin refused');
      callback(allowed ? null : 'origin_forbidden', allowed);
    },
  });

  io.use(async (socket, next) => {
    try {
      const cookies = readCookies(socket.handshake.headers.cookie);
      const auth = await s.sessions.resolve(cookies[SESSION_COOKIE]);
      socket.data.userId = auth?.principal.userId ?? null;
      socket.data.sessionId = auth?.sessionId ?? null;
      const lang = cookies[LANG_COOKIE];
      socket.data.locale = isLocale(lang) ? lang : negotiateLocale(socket.handshake.headers['accept-language']);
      next();
    } catch (err) {
      s.logger.error({ err }, 'socket handshake failed');
      next(new Error('internal'));
    }
  });

  /** Re-reads the principal on each privileged event, so revoked roles take effect at once. */
  const principalOf = async (sessionCookieHolder: { data: SocketData }) => {
    const { userId } = sessionCookieHolder.data;
    if (userId == null) throw new AppError('unauthenticated');
    const memberships = await s.db.models.Membership.findAll({ where: { userId }, raw: true });
    return {
      userId,
      memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
    };
  };

  const meetings = meetingRealtime(io, s, (socket: YishiSocket) => principalOf(socket));
  const votes = voteRealtime(io, s, (socket: YishiSocket) => principalOf(socket));
  const resolutions = resolutionRealtime(io, s, (socket: YishiSocket) => principalOf(socket));
  const procedures = procedureRealtime(io, s, (socket: YishiSocket) => principalOf(socket));

  const handlers: SocketHandlers = {
    'session:get': handle(s.logger, z.unknown(), async (_payload, socket) => {
      if (socket.data.userId == null) return null;
      const user = await s.db.models.User.findByPk(socket.data.userId);
      return user ? presentSessionUser(s.db, user) : null;
    }),
    'organisation:watch': handle(s.logger, OrganisationRef, async ({ organisationId }, socket) => {
      const principal = await principalOf(socket);
      if (
        !(await hasRoleAt(
          s.tree,
          principal,
          ['admin', 'reviewer', 'convener', 'secretary', 'representative', 'department'],
          organisationId,
        ))
      ) {
        throw errors.forbidden();
      }
      await socket.join(rooms.organisation(organisationId));
      return { organisationId };
    }),
    'review:watch': handle(s.logger, OrganisationRef, async ({ organisationId }, socket) => {
      const principal = await principalOf(socket);
      if (!(await hasRoleAt(s.tree, principal, REVIEW_ROLES, organisationId))) throw errors.forbidden();
      await socket.join(rooms.review(organisationId));
      return { organisationId, openCount: await s.review.openCount(principal, organisationId) };
    }),
  };

  io.on('connection', (socket) => {
    meetings.register(socket);
    votes.register(socket);
    resolutions.register(socket);
    stats.register(socket);
    procedures.register(socket);
    attach(socket, handlers);
    answerUnknownEvents(socket);
    if (socket.data.userId != null) void socket.join(rooms.user(socket.data.userId));
    if (socket.data.sessionId != null) void socket.join(rooms.session(socket.data.sessionId));
  });

  /**
   * Pushes a topic to this instance's reviewers watching its organisation or an ancestor.
   * Building the summary costs queries, so nothing is read when none is watching here. Every
   * instance does this for its own sockets (told over the cluster bus): a "does the room have
   * members?" shortcut only sees this instance's sockets, so it must not gate a cluster-wide emit.
   */
  const pushTopicLocally = async (topicId: number, event: TopicEvent, organisationId?: number) => {
    try {
      const orgId =
        organisationId ??
        (await s.db.models.Topic.findByPk(topicId, { attributes: ['organisationId'] }))?.organisationId;
      if (orgId === undefined) return;
      const targets = (await s.tree.lineage(orgId)).map(rooms.review);
      if (!targets.some((room) => io.sockets.adapter.rooms.get(room)?.size)) return;
      const topic = await s.db.models.Topic.findByPk(topicId);
      if (!topic) return;
      const [summary] = await s.review.summaries([topic]);
      io.local.to(targets).emit(event, summary!);
    } catch (err) {
      s.logger.error({ err, topicId }, 'topic broadcast failed');
    }
  };
  const pushTopic = (topicId: number, event: TopicEvent, organisationId?: number) => {
    void pushTopicLocally(topicId, event, organisationId);
    s.cluster.bus.publish(TOPIC_CHANNEL, JSON.stringify({ topicId, event, organisationId }));
  };
  s.cluster.bus.subscribe(TOPIC_CHANNEL, (data) => {
    const message = TopicMessage.safeParse(JSON.parse(data.toString()));
    if (message.success) void pushTopicLocally(message.data.topicId, message.data.event, message.data.organisationId);
  });
  s.hooks.topicReceived = (id, organisationId) => pushTopic(id, 'topic:received', organisationId);
  s.hooks.topicChanged = (id) => pushTopic(id, 'topic:updated');
  // After the topic hooks above: statistics wraps them to tell big screens to reload.
  const stats = statsRealtime(io, s, (socket: YishiSocket) => principalOf(socket));

  s.hooks.sessionsEnded = (userId, sessionIds) => {
    const targets = sessionIds ? sessionIds.map(rooms.session) : [rooms.user(userId)];
    io.to(targets).emit('session:ended');
    io.in(targets).disconnectSockets(true);
  };

  return {
    io,
    /** Sent to watchers of the organisation and of every ancestor, whose tree views list it. */
    async organisationUpdated(o: OrganisationView) {
      io.to((await s.tree.lineage(o.id)).map(rooms.organisation)).emit('organisation:updated', o);
    },
    async close(reconnectInMs: number) {
      meetings.close();
      votes.close();
      stats.close();
      // Local only: with the Redis adapter a plain io.emit / io.disconnectSockets reaches every
      // instance, and stopping one instance would disconnect the clients of all the others.
      io.local.emit('server:restarting', { reconnectInMs });
      // Not io.close(): that would also close the http.Server, which createApp closes itself
      // after in-flight requests finish.
      io.local.disconnectSockets(true);
      io.engine.close();
    },
  };
}
