import { Op, type Transaction } from 'sequelize';
import QRCode from 'qrcode';
import { RECEIPT_LENGTH } from '../../shared/rules/intake.js';
import type {
  RosterCandidates,
  StudioView,
  VisitReferralBody,
  VisitTopicResult,
} from '../../shared/schemas/reception.js';
import type { ReferralTargets } from '../../shared/schemas/review.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { Studio } from '../db/models/studio.js';
import type { Visit } from '../db/models/visit.js';
import { AppError, errors } from '../errors.js';
import { hasRoleAt, type Principal } from './access.js';
import { recordAudit } from './audit.js';
import { randomCode } from './codes.js';
import type { TopicListener } from './intake.js';
import type { ReferralListener } from './review.js';
import type { OrgTree } from './org-tree.js';
import type { ReceptionService } from './reception.js';
import type { ReviewTargetService } from './review-targets.js';

const STAFF = ['admin', 'reviewer', 'convener', 'secretary', 'representative', 'department'] as const;
const RECEIVERS = ['admin', 'representative'] as const;

/**
 * The representative's desk on reception day: one studio's page, numbers handed out at the desk
 * to visitors without a phone, and turning a visit into an accepted topic or a referral (即办).
 */
export class ReceptionDeskService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly reception: ReceptionService,
    private readonly targets: ReviewTargetService,
    private readonly listener: TopicListener,
    /** Inside the referring transaction: the resolutions feature dispatches a resolution from it. */
    private readonly referred: ReferralListener = async () => undefined,
  ) {}

  /** Where the desk can refer a visitor's matter (即办): the same choices a reviewer has. */
  async referralTargets(principal: Principal, studioId: number): Promise<ReferralTargets> {
    const studio = await this.reception.load(principal, studioId, RECEIVERS);
    return this.targets.targetsFor(studio.organisationId);
  }

  async studio(principal: Principal, id: number): Promise<StudioView> {
    return this.reception.view(await this.reception.load(principal, id, STAFF));
  }

  /** Representatives who may go on the roster: those holding the role at the organisation or above. */
  async rosterCandidates(principal: Principal, organisationId: number): Promise<RosterCandidates['items']> {
    if (!(await hasRoleAt(this.tree, principal, ['admin'], organisationId))) throw errors.forbidden();
    const lineage = await this.tree.lineage(organisationId);
    const memberships = await this.db.models.Membership.findAll({
      where: { role: 'representative', organisationId: { [Op.in]: lineage } },
      attributes: ['userId'],
      raw: true,
    });
    const users = await this.db.models.User.findAll({
      where: { id: { [Op.in]: memberships.map((m) => m.userId) }, disabled: false },
      attributes: ['id', 'displayName'],
      order: [['displayName', 'ASC']],
    });
    return users.map((u) => ({ id: u.id, displayName: u.displayName }));
  }

  /**
   * A number handed out at the desk, for a visitor without a phone (like marking someone present
   * by hand). The desk is staffed, so unlike a scan it is not bound to the reception hours.
   */
  async issueTicket(principal: Principal, studioId: number) {
    const studio = await this.reception.load(principal, studioId, RECEIVERS);
    return this.reception.allocate(studio, `desk:${randomCode(24)}`);
  }

  /** The QR a studio prints and shows on its screen: PUBLIC_URL/s/<code>. Public, like the code itself. */
  async qrSvg(code: string): Promise<string> {
    const studio = await this.reception.byCode(code);
    return QRCode.toString(this.reception.url(studio.code), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  }

  private async receivedVisit(principal: Principal, visitId: number): Promise<{ visit: Visit; studio: Studio }> {
    const visit = await this.db.models.Visit.findByPk(visitId);
    if (!visit) throw errors.notFound();
    const studio = await this.reception.load(principal, visit.studioId, RECEIVERS);
    if (visit.topicId) throw new AppError('conflict', 'reception.error.already_topic');
    return { visit, studio };
  }

  /**
   * Creates the topic a visit raises, with its first timeline steps, and links the visit to it,
   * in one transaction together with `then` (the referral) and the audit record.
   */
  private async topicFromVisit(
    principal: Principal,
    visit: Visit,
    studio: Studio,
    outcome: { status: 'accepted' | 'referred'; ownerId: number; detail: string | null; action: string },
    then?: (topicId: number, t: Transaction) => Promise<void>,
  ): Promise<VisitTopicResult> {
    const now = this.clock.now();
    const topic = await this.db.tx(async (t) => {
      // A second click may have converted it meanwhile: re-read it locked (SQLite's write queue
      // serialises anyway; PostgreSQL needs the row lock).
      const current = await this.db.models.Visit.findByPk(visit.id, { transaction: t, lock: t.LOCK.UPDATE });
      if (current?.topicId) throw new AppError('conflict', 'reception.error.already_topic');
      const created = await this.db.models.Topic.create(
        {
          receipt: randomCode(RECEIPT_LENGTH),
          organisationId: studio.organisationId,
          intakeCodeId: null,
          idempotencyKey: null,
          title: visit.matter.slice(0, 60),
          details: visit.matter,
          category: visit.category,
          location: studio.location,
          gridId: null,
          submitterName: visit.visitorName,
          submitterPhone: visit.visitorPhone,
          anonymous: false,
          status: outcome.status,
          ownerId: outcome.ownerId,
          mergedIntoId: null,
          firstActionAt: now,
          createdAt: now,
          updatedAt: now,
        },
        { transaction: t },
      );
      await this.db.models.TopicEvent.bulkCreate(
        [
          { topicId: created.id, kind: 'received', actorId: null, note: null, detail: studio.name, at: now },
          {
            topicId: created.id,
            kind: outcome.status,
            actorId: principal.userId,
            note: null,
            detail: outcome.detail,
            at: now,
          },
        ],
        { transaction: t },
      );
      await then?.(created.id, t);
      await this.db.models.Visit.update({ topicId: created.id }, { where: { id: visit.id }, transaction: t });
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: outcome.action,
        subjectType: 'visit',
        subjectId: visit.id,
        organisationId: studio.organisationId,
        summary: { after: { topicId: created.id, status: outcome.status } },
      });
      return created;
    });
    this.listener.topicChanged(topic.id);
    return { topicId: topic.id, receipt: topic.receipt };
  }

  /** One click: the visit becomes an accepted topic owned by the representative who received it. */
  async visitToTopic(principal: Principal, visitId: number): Promise<VisitTopicResult> {
    const { visit, studio } = await this.receivedVisit(principal, visitId);
    return this.topicFromVisit(principal, visit, studio, {
      status: 'accepted',
      ownerId: visit.representativeId,
      detail: null,
      action: 'visit.to_topic',
    });
  }

  /**
   * 即办 at the desk: the visit becomes a topic referred to a department or person, with the
   * referral kept for follow-up exactly as a reviewer's referral is (ReviewService.refer).
   */
  async visitToReferral(principal: Principal, visitId: number, body: VisitReferralBody): Promise<VisitTopicResult> {
    const { visit, studio } = await this.receivedVisit(principal, visitId);
    const unit = await this.db.models.Organisation.findByPk(body.organisationId);
    if (!unit) throw errors.invalid('review.error.refer_unit');
    if (body.assigneeId && !(await this.db.models.User.findByPk(body.assigneeId)))
      throw errors.invalid('review.error.refer_unit');
    return this.topicFromVisit(
      principal,
      visit,
      studio,
      {
        status: 'referred',
        ownerId: body.assigneeId ?? visit.representativeId,
        detail: unit.name,
        action: 'visit.referred',
      },
      async (topicId, t) => {
        const referral = await this.db.models.Referral.create(
          {
            topicId,
            organisationId: unit.id,
            assigneeId: body.assigneeId,
            note: body.note,
            createdBy: principal.userId,
          },
          { transaction: t },
        );
        await this.referred(referral, { kind: 'visit', id: visit.id }, t);
      },
    );
  }
}
