import { OrganisationRef } from '../../shared/schemas/common.js';
import type { Principal } from '../services/access.js';
import type { Services } from '../services/index.js';
import { attach, handle, type SocketHandlers, type YishiSocket } from './handler.js';
import type { YishiServer } from './handler.js';

const room = (organisationId: number) => `stats:${organisationId}`;
/** Cluster channel: drop cached figures on every instance when a topic arrives or changes. */
const STATS_CHANGED = 'stats:changed';
/** A big screen reloads at most this often however fast topics arrive. */
const DEBOUNCE_MS = 1_000;

/**
 * Statistics' big screen (指挥中心): a screen watches an organisation its user's stats roles
 * cover and is told to reload when a topic under it arrives or changes. The existing topic hooks
 * and the resolutions hook are wrapped, not replaced (statsRealtime is created after
 * resolutionRealtime, which sets that hook): a close-out or a rating moves the three rates too.
 */
export function statsRealtime(io: YishiServer, s: Services, principalOf: (socket: YishiSocket) => Promise<Principal>) {
  const pending = new Map<number, NodeJS.Timeout>();
  const changed = (organisationId: number) => {
    if (pending.has(organisationId)) return;
    pending.set(
      organisationId,
      setTimeout(() => {
        pending.delete(organisationId);
        void s.tree
          .lineage(organisationId)
          .then((ids) => {
            // Each watcher hears about its own organisation, so one event per watched level.
            for (const id of ids) io.to(room(id)).emit('stats:changed', { organisationId: id });
          })
          .catch((err: unknown) => s.logger.error({ err }, 'stats broadcast failed'));
      }, DEBOUNCE_MS),
    );
  };
  // Cached figures (the board's rates) go at once here and on the other instances via the bus;
  // only while Redis is away can another instance serve them stale, for at most the cache's TTL.
  s.cluster.bus.subscribe(STATS_CHANGED, () => s.stats.invalidate());
  s.cluster.onRecovered(() => s.stats.invalidate());
  const invalidate = () => {
    s.stats.invalidate();
    s.cluster.bus.publish(STATS_CHANGED, '');
  };
  const received = s.hooks.topicReceived;
  s.hooks.topicReceived = (id, organisationId) => {
    received(id, organisationId);
    invalidate();
    changed(organisationId);
  };
  /** A changed row known by id: its organisation's screens are told once the row is read. */
  const changedRow = (lookup: Promise<{ organisationId: number } | null>) => {
    invalidate();
    void lookup
      .then((row) => row && changed(row.organisationId))
      .catch((err: unknown) => s.logger.error({ err }, 'stats lookup failed'));
  };
  const byId = { attributes: ['organisationId'] };
  const topicChanged = s.hooks.topicChanged;
  s.hooks.topicChanged = (id) => {
    topicChanged(id);
    changedRow(s.db.models.Topic.findByPk(id, byId));
  };
  const resolutionChanged = s.hooks.resolutionChanged;
  s.hooks.resolutionChanged = (id) => {
    resolutionChanged(id);
    changedRow(s.db.models.Resolution.findByPk(id, byId));
  };
  const handlers: SocketHandlers = {
    'stats:watch': handle(s.logger, OrganisationRef, async ({ organisationId }, socket) => {
      const { node } = await s.stats.resolveNode(await principalOf(socket), organisationId);
      await socket.join(room(node));
      return { organisationId: node };
    }),
  };
  return {
    changed,
    register: (socket: YishiSocket) => attach(socket, handlers),
    close() {
      for (const t of pending.values()) clearTimeout(t);
      pending.clear();
    },
  };
}
