import { Op } from 'sequelize';
import { DUE_SOON_MS, RUNNING_STATES } from '../../shared/rules/resolution.js';
import type { Clock } from '../clock.js';
import type { Cluster } from '../cluster/index.js';
import type { Database } from '../db/index.js';
import type { ResolutionListener } from './resolutions.js';
import type { WebhookService } from './webhooks.js';

export const DEADLINE_PERIOD_MS = 60_000;
export const WEBHOOK_PERIOD_MS = 15_000;
/** Rows marked per run and kind; the rest wait for the next period. */
const BATCH = 500;

/**
 * Scheduled work of the resolutions feature, once per cluster (server/cluster/lock.ts): mark
 * resolutions overdue or due soon against the injected clock and notify once per deadline, and
 * retry webhook deliveries whose backoff has passed. Both are idempotent: a marking is a
 * conditional UPDATE, so an overlapping run on another instance changes nothing twice.
 */
export class ResolutionJobs {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly listener: ResolutionListener,
    private readonly webhooks: WebhookService,
  ) {}

  async markDeadlines(): Promise<{ overdue: number; dueSoon: number }> {
    const now = this.clock.now();
    const running = { state: { [Op.in]: [...RUNNING_STATES] } };
    const mark = async (
      field: 'overdueNotifiedAt' | 'dueSoonNotifiedAt',
      deadline: Record<symbol, Date>,
      kind: string,
    ): Promise<number> => {
      const rows = await this.db.models.Resolution.findAll({
        where: { ...running, deadline, [field]: null },
        attributes: ['id', 'state'],
        order: [['deadline', 'ASC']],
        limit: BATCH,
      });
      if (!rows.length) return 0;
      // One transaction per batch; each row's mark is conditional, so a run overlapping on
      // another instance marks (and notifies) nothing twice.
      const marked = await this.db.tx(async (t) => {
        const done: typeof rows = [];
        for (const r of rows) {
          const [count] = await this.db.models.Resolution.update(
            { [field]: now },
            { where: { id: r.id, [field]: null }, transaction: t },
          );
          if (count) done.push(r);
        }
        await this.db.models.ResolutionEvent.bulkCreate(
          done.map((r) => ({
            resolutionId: r.id,
            kind,
            fromState: r.state,
            toState: r.state,
            actorId: null,
            note: null,
            public: false,
            at: now,
          })),
          { transaction: t },
        );
        return done;
      });
      // Told one by one and awaited: a backlog (a server down for a week) must not flood the database.
      for (const r of marked) await this.listener.resolutionChanged(r.id, kind, null);
      const n = marked.length;
      return n;
    };
    const overdue = await mark('overdueNotifiedAt', { [Op.lt]: now }, 'overdue');
    const dueSoon = await mark(
      'dueSoonNotifiedAt',
      { [Op.gte]: now, [Op.lte]: new Date(now.getTime() + DUE_SOON_MS) },
      'due_soon',
    );
    return { overdue, dueSoon };
  }

  /** Starts both schedules on this instance; the cluster lock lets one instance run each period. */
  start(cluster: Cluster): () => void {
    const stops = [
      cluster.every('resolutions:deadlines', DEADLINE_PERIOD_MS, async () => void (await this.markDeadlines())),
      cluster.every('resolutions:webhooks', WEBHOOK_PERIOD_MS, async () => void (await this.webhooks.deliverDue())),
    ];
    return () => stops.forEach((stop) => stop());
  }
}
