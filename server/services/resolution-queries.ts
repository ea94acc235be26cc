import { normaliseCode } from '../../shared/rules/intake.js';
import { Op, QueryTypes, type WhereOptions } from 'sequelize';
import { nextReceptionDay } from '../../shared/rules/reception.js';
import { DUE_SOON_MS, PUBLIC_STATES, RUNNING_STATES, deadlineStatus } from '../../shared/rules/resolution.js';
import type {
  BoardResolution,
  BoardView,
  ResolutionDetail,
  ResolutionList,
  ResolutionListQuery,
  ResolutionSummary,
  TrackedResolution,
} from '../../shared/schemas/resolution.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { Resolution } from '../db/models/resolution.js';
import { AppError, errors } from '../errors.js';
import { scopeOf, type Principal } from './access.js';
import type { OrgTree } from './org-tree.js';
import { FOLLOW_ROLES, UNIT_ROLES, allowedActions, isOwner, loadResolution } from './resolution-access.js';
import { allowsClose } from '../../shared/rules/resolution.js';

/** What the unit works on: to accept or return, then to report on. */
const INBOX_STATES = ['dispatched', 'accepted', 'in_progress', 'reopened'] as const;
const BOARD_LIMIT = 200;
const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * The read side of resolutions: the representatives' dashboard (/follow), the unit's inbox, one
 * resolution with its timeline, the resident's tracking view and the public board. Public views
 * carry no person at all: no names, no phones, no actor of a step.
 */
export class ResolutionQueries {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
  ) {}

  /** Where the principal's list looks: owned/followed villages, or the units they work for (or themselves). */
  private async scopeWhere(principal: Principal, query: ResolutionListQuery): Promise<WhereOptions> {
    if (query.view === 'inbox') {
      const units = [...(await scopeOf(this.tree, principal, UNIT_ROLES))];
      const mine: WhereOptions[] = [{ responsibleUserId: principal.userId }];
      if (units.length) mine.push({ responsibleOrganisationId: { [Op.in]: units } });
      const where: WhereOptions = { [Op.or]: mine, state: { [Op.in]: [...INBOX_STATES] } };
      if (query.organisationId) return { ...where, responsibleOrganisationId: query.organisationId };
      return where;
    }
    const scope = await scopeOf(this.tree, principal, FOLLOW_ROLES);
    if (!scope.size) throw errors.forbidden();
    if (query.organisationId) {
      if (!scope.has(query.organisationId)) throw errors.forbidden();
      return { organisationId: { [Op.in]: await this.tree.subtree(query.organisationId) } };
    }
    return { organisationId: { [Op.in]: [...scope] } };
  }

  async list(principal: Principal, query: ResolutionListQuery): Promise<ResolutionList> {
    const base = await this.scopeWhere(principal, query);
    const now = this.clock.now();
    const M = this.db.models.Resolution;
    const where = query.state ? { ...base, state: query.state } : base;
    const soon = new Date(now.getTime() + DUE_SOON_MS);
    const running = `state IN (${RUNNING_STATES.map((x) => `'${x}'`).join(', ')})`;
    const [page, byState] = await Promise.all([
      // Most urgent first: the nearest deadline (overdue ones lead), then the newest without one.
      // The order is found on ids alone (resolutions_follow holds every column it needs), and only
      // the page's rows are read whole: a county orders 40,000 resolutions for 200.
      M.findAll({
        where,
        attributes: ['id'],
        order: [
          [this.db.sequelize.literal('CASE WHEN deadline IS NULL THEN 1 ELSE 0 END'), 'ASC'],
          ['deadline', 'ASC'],
          ['id', 'DESC'],
        ],
        offset: query.offset,
        limit: query.limit,
        raw: true,
      }),
      // Every count the header shows, in one pass over the scope's rows.
      M.findAll({
        where: base,
        attributes: [
          'state',
          [this.db.sequelize.fn('COUNT', this.db.sequelize.col('id')), 'n'],
          [this.db.sequelize.literal(`SUM(CASE WHEN ${running} AND deadline < :now THEN 1 ELSE 0 END)`), 'overdue'],
          [
            this.db.sequelize.literal(
              `SUM(CASE WHEN ${running} AND deadline >= :now AND deadline <= :soon THEN 1 ELSE 0 END)`,
            ),
            'soon',
          ],
        ],
        group: ['state'],
        replacements: { now, soon },
        raw: true,
      }) as unknown as Promise<
        { state: string; n: number | string; overdue: number | string; soon: number | string }[]
      >,
    ]);
    const ids = page.map((r) => r.id);
    const found = ids.length ? await M.findAll({ where: { id: { [Op.in]: ids } } }) : [];
    const byId = new Map(found.map((r) => [r.id, r]));
    const rows = ids.map((id) => byId.get(id)).filter((r): r is Resolution => r !== undefined);
    const counts = Object.fromEntries(byState.map((c) => [c.state, Number(c.n)]));
    const total = query.state ? (counts[query.state] ?? 0) : Object.values(counts).reduce((a, b) => a + b, 0);
    const overdue = byState.reduce((a, c) => a + Number(c.overdue ?? 0), 0);
    const dueSoon = byState.reduce((a, c) => a + Number(c.soon ?? 0), 0);
    return { items: await this.summaries(rows), total, counts, overdue, dueSoon };
  }

  async summaries(rows: Resolution[]): Promise<ResolutionSummary[]> {
    const now = this.clock.now();
    const orgIds = [...new Set(rows.flatMap((r) => [r.organisationId, r.responsibleOrganisationId]))].filter(
      (x): x is number => x != null,
    );
    const userIds = [...new Set(rows.map((r) => r.responsibleUserId).filter((x): x is number => x != null))];
    const [orgs, users] = await Promise.all([
      orgIds.length
        ? this.db.models.Organisation.findAll({ where: { id: { [Op.in]: orgIds } }, attributes: ['id', 'name'] })
        : [],
      userIds.length
        ? this.db.models.User.findAll({ where: { id: { [Op.in]: userIds } }, attributes: ['id', 'displayName'] })
        : [],
    ]);
    const orgName = new Map(orgs.map((o) => [o.id, o.name]));
    const userName = new Map(users.map((u) => [u.id, u.displayName]));
    return rows.map((r) => ({
      id: r.id,
      organisationId: r.organisationId,
      organisationName: orgName.get(r.organisationId) ?? '',
      sourceKind: r.sourceKind,
      meetingId: r.meetingId,
      text: r.wording ?? r.text,
      category: r.category,
      responsibleOrganisationId: r.responsibleOrganisationId,
      responsibleOrganisationName: r.responsibleOrganisationId
        ? (orgName.get(r.responsibleOrganisationId) ?? null)
        : null,
      responsibleUserId: r.responsibleUserId,
      responsibleUserName: r.responsibleUserId ? (userName.get(r.responsibleUserId) ?? null) : null,
      state: r.state,
      deadline: iso(r.deadline),
      deadlineStatus: deadlineStatus(r.state, r.deadline, now),
      rating: r.rating,
      updatedAt: r.updatedAt.toISOString(),
    }));
  }

  async detail(principal: Principal, id: number): Promise<ResolutionDetail> {
    const r = await loadResolution(this.db, this.tree, principal, id);
    return this.present(principal, r);
  }

  async present(principal: Principal, r: Resolution): Promise<ResolutionDetail> {
    const [summary] = await this.summaries([r]);
    const [links, ratings, events] = await Promise.all([
      this.db.models.ResolutionTopic.findAll({ where: { resolutionId: r.id } }),
      this.db.models.ResolutionRating.findAll({
        where: { resolutionId: r.id },
        order: [
          ['at', 'ASC'],
          ['id', 'ASC'],
        ],
      }),
      this.db.models.ResolutionEvent.findAll({
        where: { resolutionId: r.id },
        order: [
          ['at', 'ASC'],
          ['id', 'ASC'],
        ],
      }),
    ]);
    const topics = links.length
      ? await this.db.models.Topic.findAll({
          where: { id: { [Op.in]: links.map((l) => l.topicId) } },
          attributes: ['id', 'receipt', 'title'],
        })
      : [];
    const actorIds = [...new Set(events.map((e) => e.actorId).filter((x): x is number => x != null))];
    const actors = actorIds.length
      ? await this.db.models.User.findAll({ where: { id: { [Op.in]: actorIds } }, attributes: ['id', 'displayName'] })
      : [];
    const actorName = new Map(actors.map((u) => [u.id, u.displayName]));
    let actions: string[] = await allowedActions(this.tree, principal, r);
    if (topics.length && !allowsClose(r.rating)) actions = actions.filter((a) => a !== 'close');
    if (await isOwner(this.tree, principal, r)) actions.push('deadline');
    return {
      ...summary!,
      sourceId: r.sourceId,
      question: r.wording ? r.text : null,
      dispatchNote: r.dispatchNote,
      photoCount: (await this.photoCounts([r.id])).get(r.id) ?? 0,
      collaborators: r.collaborators,
      result: r.result,
      unitSpeed: r.unitSpeed,
      unitQuality: r.unitQuality,
      topics: topics.map((t) => ({ id: t.id, receipt: t.receipt, title: t.title })),
      ratings: ratings.map((x) => ({ rating: x.rating, by: x.by, comment: x.comment, at: x.at.toISOString() })),
      timeline: events.map((e) => ({
        id: e.id,
        kind: e.kind,
        fromState: e.fromState,
        toState: e.toState,
        actorName: e.actorId ? (actorName.get(e.actorId) ?? null) : null,
        note: e.note,
        at: e.at.toISOString(),
      })),
      actions,
    };
  }

  /** The resident's tracking page: every resolution answering the topic behind the receipt. */
  async tracked(receipt: string): Promise<TrackedResolution[]> {
    const topic = await this.db.models.Topic.findOne({
      where: { receipt: normaliseCode(receipt) },
      attributes: ['id', 'mergedIntoId'],
    });
    if (!topic) throw new AppError('not_found', 'intake.error.unknown_receipt');
    const links = await this.db.models.ResolutionTopic.findAll({ where: { topicId: topic.id } });
    if (!links.length) return [];
    const rows = await this.db.models.Resolution.findAll({
      where: { id: { [Op.in]: links.map((l) => l.resolutionId) }, state: { [Op.ne]: 'draft' } },
      order: [['id', 'ASC']],
    });
    const board = await this.boardRows(rows);
    // One rating per report from the receipt: once given, the form is not offered again (the
    // same rule as ResolutionRatings.rate: a 不满意 reopened the report it judged).
    const rated = new Set(
      (
        await this.db.models.ResolutionRating.findAll({
          where: {
            topicId: topic.id,
            by: 'submitter',
            rating: { [Op.ne]: 'dissatisfied' },
            resolutionId: { [Op.in]: rows.map((r) => r.id) },
          },
          attributes: ['resolutionId', 'at'],
        })
      )
        .filter((x) => {
          const reportedAt = rows.find((r) => r.id === x.resolutionId)?.reportedAt;
          return !reportedAt || x.at >= reportedAt;
        })
        .map((x) => x.resolutionId),
    );
    const events = await this.db.models.ResolutionEvent.findAll({
      where: { resolutionId: { [Op.in]: rows.map((r) => r.id) }, public: true },
      order: [
        ['at', 'ASC'],
        ['id', 'ASC'],
      ],
    });
    return board.map((b) => ({
      id: b.id,
      text: b.text,
      state: b.state,
      responsibleOrganisationName: b.responsibleOrganisationName,
      deadline: b.deadline,
      deadlineStatus: b.deadlineStatus,
      result: b.result,
      rating: b.rating,
      canRate: b.state === 'reported' && !rated.has(b.id),
      photoCount: b.photoCount,
      timeline: events
        .filter((e) => e.resolutionId === b.id)
        .map((e) => ({ kind: e.kind, toState: e.toState, note: e.note, at: e.at.toISOString() })),
    }));
  }

  /** A photo of a resolution the public may see (not a draft or a withdrawn one). */
  async photo(resolutionId: number, position: number) {
    const r = await this.db.models.Resolution.findByPk(resolutionId, { attributes: ['state'] });
    const photo =
      r && PUBLIC_STATES.includes(r.state)
        ? await this.db.models.ResolutionPhoto.findOne({ where: { resolutionId, position } })
        : null;
    if (!photo) throw errors.notFound();
    return photo;
  }

  private async photoCounts(ids: number[]): Promise<Map<number, number>> {
    if (!ids.length) return new Map();
    const { fn, col } = this.db.sequelize;
    const rows = (await this.db.models.ResolutionPhoto.findAll({
      where: { resolutionId: { [Op.in]: ids } },
      attributes: [
        [col('resolution_id'), 'rid'],
        [fn('COUNT', col('id')), 'n'],
      ],
      group: [col('resolution_id')],
      raw: true,
    })) as unknown as { rid: number; n: number | string }[];
    return new Map(rows.map((r) => [Number(r.rid), Number(r.n)]));
  }

  private async boardRows(rows: Resolution[]): Promise<BoardResolution[]> {
    const now = this.clock.now();
    const photos = await this.photoCounts(rows.map((r) => r.id));
    const unitIds = [...new Set(rows.map((r) => r.responsibleOrganisationId).filter((x): x is number => x != null))];
    const units = unitIds.length
      ? await this.db.models.Organisation.findAll({ where: { id: { [Op.in]: unitIds } }, attributes: ['id', 'name'] })
      : [];
    const unitName = new Map(units.map((o) => [o.id, o.name]));
    return rows.map((r) => ({
      id: r.id,
      text: r.wording ?? r.text,
      category: r.category,
      state: r.state,
      responsibleOrganisationName: r.responsibleOrganisationId
        ? (unitName.get(r.responsibleOrganisationId) ?? null)
        : null,
      deadline: iso(r.deadline),
      deadlineStatus: deadlineStatus(r.state, r.deadline, now),
      result: r.state === 'closed' || r.state === 'reported' ? r.result : null,
      rating: r.rating,
      closedAt: iso(r.closedAt),
      photoCount: photos.get(r.id) ?? 0,
    }));
  }

  /**
   * 公开栏: 决议公开 (standing resolutions, newest first), 实施结果公开 (closed out, with result and
   * rating), upcoming meetings with their agendas, and reception days. Only what is already public.
   */
  async board(idOrCode: number | string): Promise<BoardView> {
    const attributes = ['id', 'name', 'boardCode'];
    const org =
      typeof idOrCode === 'number'
        ? await this.db.models.Organisation.findByPk(idOrCode, { attributes })
        : await this.db.models.Organisation.findOne({ where: { boardCode: normaliseCode(idOrCode) }, attributes });
    if (!org) throw errors.notFound();
    const organisationId = org.id;
    const now = this.clock.now();
    const M = this.db.models.Resolution;
    const [open, closed, meetings, studios] = await Promise.all([
      M.findAll({
        where: { organisationId, state: { [Op.in]: PUBLIC_STATES.filter((s) => s !== 'closed') } },
        order: [['id', 'DESC']],
        limit: BOARD_LIMIT,
      }),
      M.findAll({ where: { organisationId, state: 'closed' }, order: [['closedAt', 'DESC']], limit: BOARD_LIMIT }),
      this.db.models.Meeting.findAll({
        where: { organisationId, status: { [Op.in]: ['scheduled', 'live'] }, endsAt: { [Op.gte]: now } },
        order: [['startsAt', 'ASC']],
        limit: 20,
      }),
      this.db.models.Studio.findAll({ where: { organisationId } }),
    ]);
    const items = meetings.length
      ? await this.db.models.AgendaItem.findAll({
          where: { meetingId: { [Op.in]: meetings.map((m) => m.id) } },
          order: [['position', 'ASC']],
          attributes: ['meetingId', 'title'],
        })
      : [];
    return {
      organisation: { id: org.id, name: org.name, boardCode: org.boardCode ?? null },
      resolutions: await this.boardRows(open),
      results: await this.boardRows(closed),
      meetings: meetings.map((m) => ({
        id: m.id,
        title: m.title,
        kind: m.kind,
        venue: m.venue,
        startsAt: m.startsAt.toISOString(),
        agenda: items.filter((i) => i.meetingId === m.id).map((i) => i.title),
      })),
      reception: studios.map((s) => {
        const day = nextReceptionDay(s.schedule, now);
        return {
          name: s.name,
          location: s.location,
          startsAt: day.startsAt.toISOString(),
          endsAt: day.endsAt.toISOString(),
        };
      }),
    };
  }

  /** For the bench's baseline and tests: the same rows as the dashboard, one plain indexed query. */
  async plainSelect(organisationIds: number[], limit: number): Promise<unknown[]> {
    return this.db.sequelize.query(
      `SELECT * FROM resolutions WHERE organisation_id IN (:ids) ORDER BY deadline LIMIT :limit`,
      { replacements: { ids: organisationIds, limit }, type: QueryTypes.SELECT },
    );
  }
}
