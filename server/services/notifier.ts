import { Op } from 'sequelize';
import { translate } from '../../shared/i18n/index.js';
import type { NotificationList, NotificationView } from '../../shared/schemas/resolution.js';
import type { Locale } from '../../shared/roles.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { Notification } from '../db/models/notification.js';
import type { Resolution } from '../db/models/resolution.js';
import { errors } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Principal } from './access.js';
import type { WebhookService } from './webhooks.js';

/** Who hears of a step: the owning village's side, the responsible unit's side, or both. */
export const AUDIENCE: Record<string, ('owner' | 'unit')[]> = {
  drafted: ['owner'],
  dispatched: ['unit'],
  redispatched: ['unit'],
  accepted: ['owner'],
  returned: ['owner'],
  progress: ['owner'],
  reported: ['owner'],
  rated_satisfied: ['owner', 'unit'],
  rated_basically_satisfied: ['owner', 'unit'],
  rated_dissatisfied: ['owner', 'unit'],
  reopened: ['owner', 'unit'],
  closed: ['unit'],
  deadline_changed: ['unit'],
  overdue: ['owner', 'unit'],
  due_soon: ['unit'],
};
/** Steps worth a message in the village's group chat. */
const WEBHOOK_EVENTS = new Set(['dispatched', 'redispatched', 'returned', 'reported', 'reopened', 'closed', 'overdue']);
const OWNER_SIDE = ['admin', 'convener', 'reviewer', 'representative'];

export const presentNotification = (n: Notification, locale: Locale): NotificationView => ({
  id: n.id,
  kind: n.kind,
  resolutionId: n.resolutionId,
  procedureId: n.procedureId ?? null,
  text: translate(locale, `notification.${n.kind}`, n.params),
  at: n.at.toISOString(),
  read: n.readAt != null,
});

/**
 * In-app notifications (kept with read/unread, pushed live) and webhook messages for each step
 * of a resolution. Recipients: members of the village itself (not the whole county above it),
 * and the unit's named person or its department members.
 */
export class Notifier {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly webhooks: WebhookService,
    private readonly push: (userIds: number[]) => void,
  ) {}

  private async recipients(r: Resolution, sides: ('owner' | 'unit')[]): Promise<number[]> {
    const ids = new Set<number>();
    if (sides.includes('owner')) {
      const m = await this.db.models.Membership.findAll({
        where: { organisationId: r.organisationId, role: { [Op.in]: OWNER_SIDE } },
        attributes: ['userId'],
      });
      m.forEach((x) => ids.add(x.userId));
    }
    if (sides.includes('unit')) {
      if (r.responsibleUserId != null) ids.add(r.responsibleUserId);
      else if (r.responsibleOrganisationId != null) {
        const m = await this.db.models.Membership.findAll({
          where: { organisationId: r.responsibleOrganisationId, role: 'department' },
          attributes: ['userId'],
        });
        m.forEach((x) => ids.add(x.userId));
      }
    }
    return [...ids];
  }

  /** After a step commits. Never throws: a lost notification must not undo or fail the step. */
  async resolutionChanged(resolutionId: number, kind: string, actorId: number | null): Promise<void> {
    try {
      const r = await this.db.models.Resolution.findByPk(resolutionId);
      const sides = AUDIENCE[kind];
      if (!r || !sides) return;
      const [org, unit] = await Promise.all([
        this.db.models.Organisation.findByPk(r.organisationId, { attributes: ['name'] }),
        r.responsibleOrganisationId
          ? this.db.models.Organisation.findByPk(r.responsibleOrganisationId, { attributes: ['name'] })
          : null,
      ]);
      const names = { organisation: org?.name ?? '', unit: unit?.name ?? null };
      const users = (await this.recipients(r, sides)).filter((id) => id !== actorId);
      const now = this.clock.now();
      const params = { text: r.text.slice(0, 60), organisation: names.organisation, unit: names.unit ?? '' };
      if (users.length) {
        await this.db.models.Notification.bulkCreate(
          users.map((userId) => ({ userId, resolutionId: r.id, kind, params, at: now, readAt: null })),
        );
        this.push(users);
      }
      if (WEBHOOK_EVENTS.has(kind)) await this.webhooks.enqueue(r, kind, names);
    } catch (err) {
      this.logger.error({ err, resolutionId, kind }, 'notifying a resolution step failed');
    }
  }

  /**
   * A resident objected to a major matter on display: its village's reviewers and whoever opened
   * it hear of it (in-app, live), not the county above. Never throws, like resolution steps.
   */
  async objectionRaised(objectionId: number): Promise<void> {
    try {
      const o = await this.db.models.ProcedureObjection.findByPk(objectionId, { attributes: ['procedureId', 'text'] });
      const p = o ? await this.db.models.Procedure.findByPk(o.procedureId) : null;
      if (!o || !p) return;
      const [org, reviewers] = await Promise.all([
        this.db.models.Organisation.findByPk(p.organisationId, { attributes: ['name'] }),
        this.db.models.Membership.findAll({
          where: { organisationId: p.organisationId, role: 'reviewer' },
          attributes: ['userId'],
        }),
      ]);
      const users = [...new Set([...reviewers.map((m) => m.userId), ...(p.openedBy !== null ? [p.openedBy] : [])])];
      if (!users.length) return;
      // The text, not the author: a name or phone given with it stays on the matter's page.
      const params = { title: p.title, organisation: org?.name ?? '', text: o.text.slice(0, 60) };
      const at = this.clock.now();
      await this.db.models.Notification.bulkCreate(
        users.map((userId) => ({
          userId,
          resolutionId: null,
          procedureId: p.id,
          kind: 'objection',
          params,
          at,
          readAt: null,
        })),
      );
      this.push(users);
    } catch (err) {
      this.logger.error({ err, objectionId }, 'notifying an objection failed');
    }
  }

  async list(principal: Principal, locale: Locale, unreadOnly: boolean): Promise<NotificationList> {
    const where = { userId: principal.userId, ...(unreadOnly ? { readAt: null } : {}) };
    const [rows, unread] = await Promise.all([
      this.db.models.Notification.findAll({ where, order: [['id', 'DESC']], limit: 100 }),
      this.db.models.Notification.count({ where: { userId: principal.userId, readAt: null } }),
    ]);
    return { items: rows.map((n) => presentNotification(n, locale)), unread };
  }

  async markRead(principal: Principal, id: number): Promise<void> {
    const n = await this.db.models.Notification.findByPk(id);
    if (!n || n.userId !== principal.userId) throw errors.notFound();
    if (!n.readAt) await n.update({ readAt: this.clock.now() });
    this.push([principal.userId]);
  }

  async markAllRead(principal: Principal): Promise<void> {
    await this.db.models.Notification.update(
      { readAt: this.clock.now() },
      { where: { userId: principal.userId, readAt: null } },
    );
    this.push([principal.userId]);
  }
}
