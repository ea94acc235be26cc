import { diffWords } from 'diff';
import { Op, QueryTypes, type WhereOptions } from 'sequelize';
import {
  FLAGS,
  publicationStatus,
  STAGE_BODIES,
  STAGES,
  withDeadlines,
  type Flag,
  type Stage,
} from '../../../shared/rules/procedure.js';
import type { MeetingSummary } from '../../../shared/schemas/meeting.js';
import type {
  DiffView,
  ProcedureDetail,
  ProcedureList,
  ProcedureListQuery,
  ProcedureStats,
  ProcedureSummary,
  PublicationView,
  PublicTimeline,
} from '../../../shared/schemas/procedure.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/index.js';
import type { Procedure } from '../../db/models/procedure.js';
import type { ProcedurePublication } from '../../db/models/procedure-publication.js';
import { AppError, errors } from '../../errors.js';
import { scopeOf, type Principal } from '../access.js';
import { STAFF_ROLES } from '../meeting-access.js';
import { organisationsOf, summarise } from '../meeting-queries.js';
import type { OrgTree } from '../org-tree.js';
import { decodeFlags, settingsFor } from './facts.js';
import { canManage, loadProcedure } from './procedures.js';

const TIMED: Partial<Record<Flag, 'objectionDueAt' | 'resultDueAt'>> = {
  objection_unanswered: 'objectionDueAt',
  result_late: 'resultDueAt',
};
const TIMED_COLUMN = { objectionDueAt: 'objection_due_at', resultDueAt: 'result_due_at' } as const;

export const presentPublication = (x: ProcedurePublication, now: Date): PublicationView => ({
  kind: x.kind,
  text: x.text,
  days: x.days,
  startsAt: x.startsAt.toISOString(),
  endsAt: x.endsAt.toISOString(),
  withdrawnAt: x.withdrawnAt?.toISOString() ?? null,
  status: publicationStatus(x, now),
});

/**
 * Reading procedures: one matter in full, the township's list over every village it covers
 * (filters by village, kind, flag; one indexed query, flags read from stored columns), its
 * summary, the diff between two versions of the proposal, and the public board's timelines.
 */
export class ProcedureQueries {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
  ) {}

  private flagsOf(p: Procedure): Flag[] {
    return withDeadlines(decodeFlags(p.flags), p, this.clock.now());
  }

  async summaries(rows: Procedure[]): Promise<ProcedureSummary[]> {
    if (!rows.length) return [];
    const names = new Map(
      (
        await this.db.models.Organisation.findAll({
          where: { id: { [Op.in]: [...new Set(rows.map((r) => r.organisationId))] } },
          attributes: ['id', 'name'],
        })
      ).map((o) => [o.id, o.name]),
    );
    const passed = await this.db.models.ProcedureStage.findAll({
      where: { procedureId: { [Op.in]: rows.map((r) => r.id) }, state: 'passed' },
      attributes: ['procedureId', 'stage', 'decidedAt'],
      order: [['id', 'ASC']],
    });
    const when = new Map<string, string>();
    for (const s of passed) if (s.decidedAt) when.set(`${s.procedureId}:${s.stage}`, s.decidedAt.toISOString());
    return rows.map((p) => ({
      id: p.id,
      organisationId: p.organisationId,
      organisationName: names.get(p.organisationId) ?? '',
      kind: p.kind,
      title: p.title,
      state: p.state,
      step: p.step,
      flags: this.flagsOf(p),
      stagePassedAt: STAGES.map((s) => when.get(`${p.id}:${s}`) ?? null),
      openedAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    }));
  }

  /** The organisations a list or summary covers: the node's subtree, within the caller's scope. */
  private async covered(principal: Principal, organisationId: number, village?: number): Promise<number[]> {
    const scope = await scopeOf(this.tree, principal, STAFF_ROLES);
    if (!scope.has(organisationId)) throw errors.forbidden();
    const subtree = await this.tree.subtree(organisationId);
    if (village === undefined) return subtree;
    if (!subtree.includes(village)) throw errors.invalid('procedure.error.organisation');
    return this.tree.subtree(village);
  }

  private flagWhere(flag: Flag): WhereOptions {
    const like = { flags: { [Op.like]: `%,${flag},%` } };
    const timed = TIMED[flag];
    return timed ? { [Op.or]: [like, { [timed]: { [Op.lte]: this.clock.now() } }] } : like;
  }

  async list(principal: Principal, q: ProcedureListQuery): Promise<ProcedureList> {
    const ids = await this.covered(principal, q.organisationId, q.village);
    // The county (a root) covers every row: no list of hundreds of ids for the planner to weigh.
    const everything = q.village === undefined && (await this.tree.isRoot(q.organisationId));
    const where: WhereOptions = {
      [Op.and]: [
        ...(everything ? [] : [{ organisationId: { [Op.in]: ids } }]),
        ...(q.kind ? [{ kind: q.kind }] : []),
        ...(q.state ? [{ state: q.state }] : []),
        ...(q.flag ? [this.flagWhere(q.flag)] : []),
      ],
    };
    const { rows, count } = await this.db.models.Procedure.findAndCountAll({
      where,
      order: [
        ['updatedAt', 'DESC'],
        ['id', 'DESC'],
      ],
      offset: q.offset,
      limit: q.limit,
    });
    return { items: await this.summaries(rows), total: count, offset: q.offset, limit: q.limit };
  }

  async stats(principal: Principal, organisationId: number): Promise<ProcedureStats> {
    const ids = await this.covered(principal, organisationId);
    const now = this.clock.now();
    const sum = (cond: string) => `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;
    const timed = (flag: Flag) => {
      const col = TIMED[flag];
      return col ? ` OR ${TIMED_COLUMN[col]} <= :now` : '';
    };
    const [counts] = await this.db.sequelize.query<Record<string, number | string | null>>(
      `SELECT COUNT(*) AS opened, ${sum(`state = 'open'`)} AS open, ${sum(`state = 'completed'`)} AS completed,
        ${sum(`state = 'ended'`)} AS ended,
        ${sum(`flags <> ',' OR objection_due_at <= :now OR result_due_at <= :now`)} AS flagged,
        ${FLAGS.map((f) => `${sum(`flags LIKE '%,${f},%'${timed(f)}`)} AS ${f}`).join(', ')}
       FROM procedures WHERE organisation_id IN (:ids)`,
      { replacements: { ids, now }, type: QueryTypes.SELECT },
    );
    const perStage = await this.db.sequelize.query<{ stage: string; avg: number | string | null }>(
      `SELECT s.stage AS stage, AVG(s.days) AS avg FROM procedure_stages s JOIN procedures p ON p.id = s.procedure_id
       WHERE p.organisation_id IN (:ids) AND s.state = 'passed' GROUP BY s.stage`,
      { replacements: { ids }, type: QueryTypes.SELECT },
    );
    const [returned] = await this.db.sequelize.query<{ n: number | string }>(
      `SELECT COUNT(DISTINCT s.procedure_id) AS n FROM procedure_stages s JOIN procedures p ON p.id = s.procedure_id
       WHERE p.organisation_id IN (:ids) AND s.state = 'returned'`,
      { replacements: { ids }, type: QueryTypes.SELECT },
    );
    const avg = new Map(perStage.map((r) => [r.stage, r.avg === null ? null : Math.round(Number(r.avg) * 10) / 10]));
    const villages = await this.db.models.Organisation.findAll({
      where: { id: { [Op.in]: ids }, kind: 'village' },
      attributes: ['id', 'name'],
      order: [['name', 'ASC']],
    });
    const n = (k: string) => Number(counts?.[k] ?? 0);
    return {
      organisationId,
      opened: n('opened'),
      open: n('open'),
      completed: n('completed'),
      ended: n('ended'),
      returned: Number(returned?.n ?? 0),
      flagged: n('flagged'),
      averageDays: STAGES.map((s) => avg.get(s) ?? null),
      byFlag: Object.fromEntries(FLAGS.map((f) => [f, n(f)])),
      villages: villages.map((v) => ({ id: v.id, name: v.name })),
    };
  }

  async detail(principal: Principal, id: number): Promise<ProcedureDetail> {
    const p = await loadProcedure(this.db, this.tree, principal, id);
    const now = this.clock.now();
    const { models } = this.db;
    const [summary] = await this.summaries([p]);
    const versions = await models.ProcedureVersion.findAll({
      where: { procedureId: p.id },
      order: [['version', 'ASC']],
    });
    const attempts = await models.ProcedureStage.findAll({ where: { procedureId: p.id }, order: [['id', 'ASC']] });
    const meetings = new Map(
      (
        await models.Meeting.findAll({
          where: { id: { [Op.in]: [...new Set(attempts.map((a) => a.meetingId))] } },
          attributes: ['id', 'title', 'startsAt', 'publishedAt'],
        })
      ).map((m) => [m.id, m]),
    );
    const pubs = await models.ProcedurePublication.findAll({ where: { procedureId: p.id }, order: [['id', 'ASC']] });
    const pubKind = new Map(pubs.map((x) => [x.id, x.kind]));
    const objections = await models.ProcedureObjection.findAll({
      where: { procedureId: p.id },
      order: [['id', 'ASC']],
    });
    const events = await models.ProcedureEvent.findAll({ where: { procedureId: p.id }, order: [['id', 'ASC']] });
    const userIds = [...versions.map((v) => v.authorId), ...events.map((e) => e.actorId)].filter(
      (x): x is number => x !== null,
    );
    const users = new Map(
      (
        await models.User.findAll({
          where: { id: { [Op.in]: [...new Set(userIds)] } },
          attributes: ['id', 'displayName'],
        })
      ).map((u) => [u.id, u.displayName]),
    );
    const settings = await settingsFor(this.db, this.tree, p.organisationId);
    const manage = await canManage(this.tree, principal, p.organisationId);
    const actions: ProcedureDetail['actions'] = [];
    if (manage && p.state === 'open') {
      const failed = attempts.some((a) => a.state === 'failed');
      if ((STAGES as readonly string[]).includes(p.step)) actions.push('revise');
      if (failed) actions.push('return');
      else if ((STAGES as readonly string[]).includes(p.step) && !attempts.some((a) => a.state === 'scheduled'))
        actions.push('schedule');
      if (!attempts.some((a) => a.state === 'scheduled')) actions.push('end');
      if (p.step === 'resolution_publication' || p.step === 'result_publication') actions.push('publish');
    }
    if (manage && pubs.some((x) => publicationStatus(x, now) === 'on_display')) actions.push('withdraw');
    if (manage && objections.some((o) => !o.answeredAt)) actions.push('answer');
    const last = versions[versions.length - 1]!;
    return {
      ...summary!,
      topicId: p.topicId,
      resolutionId: p.resolutionId,
      text: last.text,
      currentVersion: last.version,
      versions: versions.map((v) => ({
        version: v.version,
        note: v.note,
        authorName: v.authorId ? (users.get(v.authorId) ?? null) : null,
        createdAt: v.createdAt.toISOString(),
      })),
      attempts: attempts.map((a) => {
        const m = meetings.get(a.meetingId);
        return {
          id: a.id,
          stage: a.stage,
          attempt: a.attempt,
          state: a.state,
          body: a.body,
          meetingId: a.meetingId,
          meetingTitle: m?.title ?? '',
          meetingStartsAt: m?.startsAt.toISOString() ?? '',
          meetingPublishedAt: m?.publishedAt?.toISOString() ?? null,
          agendaItemId: a.agendaItemId,
          version: a.version,
          motionId: a.motionId,
          decidedAt: a.decidedAt?.toISOString() ?? null,
          statement: a.statement,
          quorumMet: a.quorumMet,
          entitled: a.entitled,
          present: a.present,
          reason: a.reason,
          returnedTo: a.returnedTo,
          days: a.days,
        };
      }),
      publications: pubs.map((x) => presentPublication(x, now)),
      objections: objections.map((o) => ({
        id: o.id,
        receipt: o.receipt,
        status: o.answeredAt ? ('answered' as const) : ('awaiting' as const),
        publicationKind: pubKind.get(o.publicationId) ?? 'resolution',
        text: o.text,
        name: o.name,
        // Staff who only watch (the township, other roles) see the objection, not how to reach its author.
        phone: manage ? o.phone : null,
        answer: o.answer,
        answeredAt: o.answeredAt?.toISOString() ?? null,
        createdAt: o.createdAt.toISOString(),
      })),
      events: events.map((e) => ({
        kind: e.kind,
        stage: e.stage,
        detail: e.detail,
        actorName: e.actorId ? (users.get(e.actorId) ?? null) : null,
        at: e.at.toISOString(),
      })),
      displayDays: settings.displayDays,
      minDisplayDays: settings.minDisplayDays,
      endReason: p.endReason,
      actions,
    };
  }

  /** Meetings of the matter's village, not closed, whose body may decide the stage it waits for. */
  async meetingsFor(principal: Principal, id: number): Promise<MeetingSummary[]> {
    const p = await loadProcedure(this.db, this.tree, principal, id);
    if (!(STAGES as readonly string[]).includes(p.step)) return [];
    const rows = await this.db.models.Meeting.findAll({
      where: {
        organisationId: p.organisationId,
        status: { [Op.ne]: 'closed' },
        body: { [Op.in]: [...STAGE_BODIES[p.step as Stage]] },
      },
      order: [['startsAt', 'ASC']],
      limit: 50,
    });
    const orgs = await organisationsOf(this.db, [p.organisationId]);
    return rows.map((m) => summarise(m, orgs.get(m.organisationId), false));
  }

  /** What changed between two versions, word by word (Chinese has no spaces: runs of characters). */
  async diff(principal: Principal, id: number, from: number, to: number): Promise<DiffView> {
    const p = await loadProcedure(this.db, this.tree, principal, id);
    const rows = await this.db.models.ProcedureVersion.findAll({
      where: { procedureId: p.id, version: { [Op.in]: [from, to] } },
    });
    const a = rows.find((r) => r.version === from);
    const b = rows.find((r) => r.version === to);
    if (!a || !b) throw new AppError('not_found', 'procedure.error.version');
    return { from, to, parts: diffParts(a.text, b.text) };
  }

  /** Timelines of a village's major matters for the public board (or the given ones only). */
  async timelines(organisationId: number, only?: number[]): Promise<PublicTimeline[]> {
    const rows = await this.db.models.Procedure.findAll({
      where: { organisationId, ...(only ? { id: { [Op.in]: only } } : {}) },
      order: [['updatedAt', 'DESC']],
      limit: 50,
    });
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const now = this.clock.now();
    const stages = await this.db.models.ProcedureStage.findAll({
      where: { procedureId: { [Op.in]: ids } },
      order: [['id', 'ASC']],
    });
    const pubs = await this.db.models.ProcedurePublication.findAll({
      where: { procedureId: { [Op.in]: ids } },
      order: [['id', 'ASC']],
    });
    const objections = await this.db.models.ProcedureObjection.findAll({
      where: { procedureId: { [Op.in]: ids } },
      attributes: ['procedureId', 'answeredAt'],
    });
    return rows.map((p) => ({
      id: p.id,
      title: p.title,
      kind: p.kind,
      state: p.state,
      stages: STAGES.map((stage) => {
        // The latest try of each stage tells where it stands.
        const tries = stages.filter((s) => s.procedureId === p.id && s.stage === stage);
        const last = tries[tries.length - 1];
        // An annulled vote decided nothing: the stage is pending again.
        const outcome: 'passed' | 'failed' | 'pending' =
          last?.state === 'passed'
            ? 'passed'
            : last && last.state !== 'scheduled' && last.state !== 'annulled'
              ? 'failed'
              : 'pending';
        return { stage, decidedAt: outcome === 'pending' ? null : (last?.decidedAt?.toISOString() ?? null), outcome };
      }),
      publications: pubs.filter((x) => x.procedureId === p.id).map((x) => presentPublication(x, now)),
      objections: {
        raised: objections.filter((o) => o.procedureId === p.id).length,
        answered: objections.filter((o) => o.procedureId === p.id && o.answeredAt).length,
      },
    }));
  }
}

/** Chinese has no spaces between words: a word segmenter makes edits show as words, not whole sentences. */
const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' });

/** A readable diff of two versions of the proposal, word by word. */
export function diffParts(a: string, b: string): DiffView['parts'] {
  return diffWords(a, b, { intlSegmenter: segmenter }).map((c) => ({
    kind: c.added ? 'added' : c.removed ? 'removed' : 'same',
    text: c.value,
  }));
}
