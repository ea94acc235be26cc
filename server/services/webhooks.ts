import { chinaDay } from '../../shared/rules/china-time.js';
import { Op } from 'sequelize';
import { translate } from '../../shared/i18n/index.js';
import type { DeliveryList, DeliveryView, WebhookBody, WebhookView } from '../../shared/schemas/resolution.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { Resolution } from '../db/models/resolution.js';
import type { Webhook } from '../db/models/webhook.js';
import type { WebhookDelivery } from '../db/models/webhook-delivery.js';
import { errors } from '../errors.js';
import type { Logger } from '../logger.js';
import { hasRoleAt, type Principal } from './access.js';
import { recordAudit } from './audit.js';
import type { OrgTree } from './org-tree.js';

/** Attempts before a delivery is given up (failed, visible to admins, retryable by hand). */
export const MAX_ATTEMPTS = 6;
/** Backoff after the n-th failure: 30 s, 1 min, 2 min, 4 min, 8 min (capped at an hour). */
export const backoffMs = (attempts: number): number => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
const TIMEOUT_MS = 5_000;
/** A claimed delivery is someone's for this long; a crashed sender's claim then lapses. */
const CLAIM_MS = 60_000;

const present = (d: WebhookDelivery): DeliveryView => ({
  id: d.id,
  event: d.event,
  resolutionId: d.resolutionId,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.status === 'pending' ? (d.nextAttemptAt?.toISOString() ?? null) : null,
  lastError: d.lastError,
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
  createdAt: d.createdAt.toISOString(),
});
const view = (w: Webhook): WebhookView => ({
  organisationId: w.organisationId,
  url: w.url,
  format: w.format,
  enabled: w.enabled,
});

/**
 * Outgoing webhooks per organisation, in the group-robot formats village cadres already read
 * (企业微信 WeCom, 钉钉 DingTalk) or plain JSON. Messages are queued in webhook_deliveries and
 * sent by whoever claims them first (the after-commit kick or the cluster's retry job): the claim
 * is a conditional UPDATE, so two instances never send the same attempt.
 */
export class WebhookService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly logger: Logger,
  ) {}

  private async authorise(principal: Principal, organisationId: number): Promise<void> {
    if (!(await this.db.models.Organisation.findByPk(organisationId))) throw errors.notFound();
    if (!(await hasRoleAt(this.tree, principal, ['admin'], organisationId))) throw errors.forbidden();
  }

  async deliveries(principal: Principal, organisationId: number): Promise<DeliveryList> {
    await this.authorise(principal, organisationId);
    const hook = await this.db.models.Webhook.findOne({ where: { organisationId } });
    const rows = hook
      ? await this.db.models.WebhookDelivery.findAll({
          where: { webhookId: hook.id },
          order: [['id', 'DESC']],
          limit: 100,
        })
      : [];
    return { webhook: hook ? view(hook) : null, items: rows.map(present) };
  }

  async configure(principal: Principal, organisationId: number, body: WebhookBody): Promise<WebhookView> {
    await this.authorise(principal, organisationId);
    return this.db.tx(async (t) => {
      const now = this.clock.now();
      const existing = await this.db.models.Webhook.findOne({ where: { organisationId }, transaction: t });
      const hook = existing
        ? await existing.update({ ...body, updatedAt: now }, { transaction: t })
        : await this.db.models.Webhook.create(
            { organisationId, ...body, createdAt: now, updatedAt: now },
            { transaction: t },
          );
      // The URL of a robot is its secret (its access token is in the query): not in the audit trail.
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: 'webhook.configured',
        subjectType: 'organisation',
        subjectId: organisationId,
        organisationId,
        summary: { after: { format: body.format, enabled: body.enabled } },
      });
      return view(hook);
    });
  }

  async retry(principal: Principal, deliveryId: number): Promise<DeliveryView> {
    const d = await this.db.models.WebhookDelivery.findByPk(deliveryId);
    const hook = d && (await this.db.models.Webhook.findByPk(d.webhookId));
    if (!d || !hook) throw errors.notFound();
    await this.authorise(principal, hook.organisationId);
    await d.update({ status: 'pending', nextAttemptAt: this.clock.now(), attempts: 0 });
    void this.deliverDue();
    return present(d);
  }

  /** Queues a message about a resolution for the webhooks of its village and of its unit. */
  async enqueue(r: Resolution, event: string, names: { organisation: string; unit: string | null }): Promise<void> {
    const orgIds = [r.organisationId, r.responsibleOrganisationId].filter((x): x is number => x != null);
    const hooks = await this.db.models.Webhook.findAll({
      where: { organisationId: { [Op.in]: orgIds }, enabled: true },
    });
    if (!hooks.length) return;
    const now = this.clock.now();
    for (const hook of hooks) {
      await this.db.models.WebhookDelivery.create({
        webhookId: hook.id,
        resolutionId: r.id,
        event,
        payload: this.payload(hook, r, event, names),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        lastError: null,
        deliveredAt: null,
        createdAt: now,
        updatedAt: now,
      });
    }
    void this.deliverDue();
  }

  private payload(hook: Webhook, r: Resolution, event: string, names: { organisation: string; unit: string | null }) {
    const tr = (key: string) => translate('zh-CN', key);
    const title = `${tr('webhook.title')}${tr(`notification.kind.${event}`)}`;
    const lines = [
      `**${title}**`,
      `> ${names.organisation}：${r.text}`,
      ...(names.unit ? [`> ${tr('resolution.unit')}：${names.unit}`] : []),
      ...(r.deadline ? [`> ${tr('resolution.deadline')}：${chinaDay(r.deadline)}`] : []),
    ];
    const text = lines.join('\n');
    if (hook.format === 'wecom') return { msgtype: 'markdown', markdown: { content: text } };
    if (hook.format === 'dingtalk') return { msgtype: 'markdown', markdown: { title, text } };
    return { event, resolution: { id: r.id, organisationId: r.organisationId, state: r.state, text: r.text } };
  }

  /** Sends every due delivery this instance can claim. Safe to run anywhere, any number of times. */
  async deliverDue(): Promise<number> {
    const now = this.clock.now();
    const due = await this.db.models.WebhookDelivery.findAll({
      where: { status: 'pending', nextAttemptAt: { [Op.lte]: now } },
      order: [['id', 'ASC']],
      limit: 50,
    });
    let sent = 0;
    for (const d of due) {
      const [claimed] = await this.db.models.WebhookDelivery.update(
        { nextAttemptAt: new Date(now.getTime() + CLAIM_MS) },
        { where: { id: d.id, status: 'pending', nextAttemptAt: d.nextAttemptAt } },
      );
      if (!claimed) continue;
      if (await this.send(d)) sent++;
    }
    return sent;
  }

  private async send(d: WebhookDelivery): Promise<boolean> {
    const hook = await this.db.models.Webhook.findByPk(d.webhookId);
    let error: string | null = null;
    if (!hook) error = 'webhook removed';
    else {
      try {
        const res = await fetch(hook.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(d.payload),
          signal: AbortSignal.timeout(TIMEOUT_MS),
          redirect: 'error',
        });
        const text = await res.text();
        // The robots answer 200 with {"errcode": n} when they refuse (bad key, rate limit).
        const errcode = (() => {
          try {
            return (JSON.parse(text) as { errcode?: unknown }).errcode;
          } catch {
            return undefined;
          }
        })();
        if (!res.ok) error = `HTTP ${res.status}`;
        else if (typeof errcode === 'number' && errcode !== 0) error = `errcode ${errcode}`;
      } catch (err) {
        error = (err as Error).name === 'TimeoutError' ? 'timeout' : 'connection failed';
      }
    }
    const now = this.clock.now();
    const attempts = d.attempts + 1;
    if (!error) {
      await d.update({
        status: 'delivered',
        attempts,
        deliveredAt: now,
        lastError: null,
        nextAttemptAt: null,
        updatedAt: now,
      });
      return true;
    }
    const failed = attempts >= MAX_ATTEMPTS || !hook;
    await d.update({
      status: failed ? 'failed' : 'pending',
      attempts,
      lastError: error.slice(0, 300),
      nextAttemptAt: failed ? null : new Date(now.getTime() + backoffMs(attempts)),
      updatedAt: now,
    });
    this.logger.warn({ deliveryId: d.id, attempts, error }, 'webhook delivery failed');
    return false;
  }
}
