import type { Locale } from '../../shared/roles.js';
import { WatchResolutions } from '../../shared/schemas/resolution.js';
import { errors } from '../errors.js';
import type { Principal } from '../services/access.js';
import { scopeOf } from '../services/access.js';
import type { Services } from '../services/index.js';
import { presentNotification } from '../services/notifier.js';
import { FOLLOW_ROLES, UNIT_ROLES } from '../services/resolution-access.js';
import { attach, handle, type SocketHandlers, type YishiSocket } from './handler.js';
import type { YishiServer } from './handler.js';

const rooms = {
  follow: (orgId: number) => `resolutions:follow:${orgId}`,
  unit: (orgId: number) => `resolutions:unit:${orgId}`,
  user: (id: number) => `user:${id}`,
};

/**
 * Resolutions live: the dashboard and the inbox join rooms per organisation they may see (the
 * same scopes as GET /api/resolutions), and get each changed resolution's summary. Notifications
 * go to the user's own room, translated into the user's language.
 */
export function resolutionRealtime(
  io: YishiServer,
  s: Services,
  principalOf: (socket: YishiSocket) => Promise<Principal>,
) {
  s.hooks.resolutionChanged = (id) =>
    void (async () => {
      try {
        const r = await s.db.models.Resolution.findByPk(id);
        if (!r) return;
        const [summary] = await s.resolutionQueries.summaries([r]);
        const targets = (await s.tree.lineage(r.organisationId)).map(rooms.follow);
        if (r.responsibleOrganisationId != null)
          targets.push(...(await s.tree.lineage(r.responsibleOrganisationId)).map(rooms.unit));
        if (r.responsibleUserId != null) targets.push(rooms.user(r.responsibleUserId));
        io.to(targets).emit('resolution:updated', summary!);
      } catch (err) {
        s.logger.error({ err, resolutionId: id }, 'resolution broadcast failed');
      }
    })();

  s.hooks.notificationsChanged = (userIds) =>
    void (async () => {
      for (const userId of userIds) {
        try {
          const [user, unread, latest] = await Promise.all([
            s.db.models.User.findByPk(userId, { attributes: ['locale'] }),
            s.db.models.Notification.count({ where: { userId, readAt: null } }),
            s.db.models.Notification.findOne({ where: { userId }, order: [['id', 'DESC']] }),
          ]);
          const locale = (user?.locale ?? 'zh-CN') as Locale;
          io.to(rooms.user(userId)).emit('notifications:changed', {
            unread,
            latest: latest ? presentNotification(latest, locale) : null,
          });
        } catch (err) {
          s.logger.error({ err, userId }, 'notification push failed');
        }
      }
    })();

  const handlers: SocketHandlers = {
    'resolutions:watch': handle(s.logger, WatchResolutions, async ({ view }, socket) => {
      const principal = await principalOf(socket);
      const roles = view === 'follow' ? FOLLOW_ROLES : UNIT_ROLES;
      // Only the organisations where the role is held: rooms of descendants are reached by lineage on emit.
      const held = principal.memberships.filter((m) => (roles as readonly string[]).includes(m.role));
      const scope = await scopeOf(s.tree, principal, roles);
      // Anyone on staff may be a unit's named responsible person: the inbox is open to all staff.
      if (!held.length && view === 'follow') throw errors.forbidden();
      const joined = held.map((m) => (view === 'follow' ? rooms.follow : rooms.unit)(m.organisationId));
      await socket.join(joined);
      return { rooms: scope.size };
    }),
  };

  return {
    register: (socket: YishiSocket) => attach(socket, handlers),
  };
}
