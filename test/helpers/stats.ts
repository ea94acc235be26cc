import { QueryTypes } from 'sequelize';
import type { Database } from '../../server/db/index.js';
import {
  completionRate,
  isOverdue,
  monthsPeriod,
  ratingBuckets,
  resolutionRate,
  responseRate,
  satisfactionRate,
  type Period,
  type ResolutionFacts,
} from '../../shared/rules/stats.js';

/** Test-seeded topics: inserted raw so their receipt and first-action times are exactly as given. */
export async function insertTopics(
  db: Database,
  rows: {
    organisationId: number;
    gridId?: number | null;
    category: string;
    createdAt: Date;
    firstActionAt?: Date | null;
    phone?: string;
  }[],
): Promise<void> {
  const qi = db.sequelize.getQueryInterface();
  const stamp = Date.now().toString(36).toUpperCase();
  await qi.bulkInsert(
    'topics',
    rows.map((r, i) => ({
      receipt: `T${stamp}${i}`.slice(0, 12),
      organisation_id: r.organisationId,
      title: `统计测试议题${i}`,
      details: '用于统计测试',
      category: r.category,
      location: '村口',
      grid_id: r.gridId ?? null,
      submitter_name: r.phone ? '王大妈' : null,
      submitter_phone: r.phone ?? null,
      anonymous: false,
      status: r.firstActionAt ? 'accepted' : 'received',
      cosign_count: i % 4,
      assembly_demand: false,
      first_action_at: r.firstActionAt ?? null,
      created_at: r.createdAt,
      updated_at: r.createdAt,
    })),
  );
}

const date = (v: unknown) =>
  v == null ? null : v instanceof Date ? v : new Date(String(v).replace(' +00:00', 'Z').replace(' ', 'T'));

/**
 * The dashboard's measures computed the slow, obvious way: every row read and judged by the pure
 * rules, independently of the grouped SQL the server uses.
 */
export async function independentMeasures(
  db: Database,
  o: {
    orgIds: number[];
    gridId?: number;
    period: Period;
    limitHours: (orgId: number) => number;
    now: Date;
    withResolutions: boolean;
  },
) {
  const topics = (
    await db.sequelize.query<Record<string, unknown>>('SELECT * FROM topics', { type: QueryTypes.SELECT })
  )
    .map((t) => ({
      org: Number(t.organisation_id),
      grid: Number(t.grid_id),
      createdAt: date(t.created_at)!,
      firstActionAt: date(t.first_action_at),
    }))
    .filter(
      (t) =>
        o.orgIds.includes(t.org) &&
        (o.gridId === undefined || t.grid === o.gridId) &&
        t.createdAt >= o.period.from &&
        t.createdAt < o.period.to,
    );
  const response = responseRate(
    topics.map((t) => ({
      receivedAt: t.createdAt,
      firstActionAt: t.firstActionAt,
      limitHours: o.limitHours(t.org),
    })),
  );
  if (!o.withResolutions) return { topics: topics.length, response };
  const res: ResolutionFacts[] = (
    await db.sequelize.query<Record<string, unknown>>('SELECT * FROM resolutions', { type: QueryTypes.SELECT })
  )
    .filter((r) => o.orgIds.includes(Number(r.organisation_id)))
    .map((r) => ({
      state: r.state as ResolutionFacts['state'],
      deadline: date(r.deadline),
      closedAt: date(r.closed_at),
      rating: (r.rating ?? null) as ResolutionFacts['rating'],
      ratedAt: date(r.rated_at),
    }));
  const buckets = ratingBuckets(res, o.period);
  return {
    topics: topics.length,
    response,
    completion: completionRate(res, o.period),
    resolution: resolutionRate(res, o.period),
    satisfaction: satisfactionRate(buckets),
    ratings: buckets,
    overdue: res.filter((r) => isOverdue(r, o.now)).length,
  };
}

export const YEAR_2026 = monthsPeriod('2026-01', '2026-12');
