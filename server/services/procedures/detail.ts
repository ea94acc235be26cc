import { Op } from 'sequelize';
import { publicationStatus, STAGE_BODIES, STAGES, type Stage } from '../../../shared/rules/procedure.js';
import type { MeetingSummary } from '../../../shared/schemas/meeting.js';
import type { DiffView, ProcedureDetail } from '../../../shared/schemas/procedure.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/index.js';
import { AppError } from '../../errors.js';
import type { Principal } from '../access.js';
import { organisationsOf, summarise as summariseMeeting } from '../meeting-queries.js';
import type { OrgTree } from '../org-tree.js';
import { diffParts } from './diff.js';
import { settingsFor } from './facts.js';
import { canManage, loadProcedure } from './procedures.js';
import { presentPublication, summarise } from './summaries.js';

/**
 * One matter in full for staff: its versions and the diff of any two, every stage attempt, the
 * publications and objections, its history, and what the caller may do next.
 */
export class ProcedureDetails {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
  ) {}

  async detail(principal: Principal, id: number): Promise<ProcedureDetail> {
    const p = await loadProcedure(this.db, this.tree, principal, id);
    const now = this.clock.now();
    const { models } = this.db;
    const [summary] = await summarise(this.db, [p], now);
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
    return rows.map((m) => summariseMeeting(m, orgs.get(m.organisationId), false));
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
}
