import type { Transaction } from 'sequelize';
import { stageIndex, STAGES, type Stage } from '../../../shared/rules/procedure.js';
import type { OpenProcedureBody } from '../../../shared/schemas/procedure.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/index.js';
import type { Procedure } from '../../db/models/procedure.js';
import { AppError, errors } from '../../errors.js';
import { hasRoleAt, type Principal } from '../access.js';
import { recordAudit } from '../audit.js';
import { STAFF_ROLES } from '../meeting-access.js';
import type { OrgTree } from '../org-tree.js';
import { refreshFlags } from './facts.js';

/** Who opens and carries a matter: the village's reviewers (村党组织 / 两委) and conveners. */
export const MANAGE_ROLES = ['admin', 'reviewer', 'convener'] as const;

export interface ProcedureListener {
  /** After commit: the procedure changed (the township's view and the board follow it). */
  changed(procedureId: number): void;
}

export type EventKind =
  | 'opened'
  | 'version'
  | 'scheduled'
  | 'unscheduled'
  | 'passed'
  | 'failed'
  | 'annulled'
  | 'returned'
  | 'ended'
  | 'published'
  | 'withdrawn'
  | 'objection'
  | 'answered'
  | 'rated'
  | 'completed';

/** Appends to a procedure's history inside the caller's transaction. */
export async function recordEvent(
  db: Database,
  clock: Clock,
  t: Transaction,
  p: { id: number },
  kind: EventKind,
  e: { stage?: Stage | null; detail?: string | null; actorId?: number | null } = {},
): Promise<void> {
  await db.models.ProcedureEvent.create(
    {
      procedureId: p.id,
      kind,
      stage: e.stage ?? null,
      detail: e.detail?.slice(0, 500) ?? null,
      actorId: e.actorId ?? null,
      at: clock.now(),
    },
    { transaction: t },
  );
}

/** Loads a procedure the principal may see (any staff role at its village or above), or 404/403. */
export async function loadProcedure(db: Database, tree: OrgTree, principal: Principal, id: number): Promise<Procedure> {
  const p = await db.models.Procedure.findByPk(id);
  if (!p) throw new AppError('not_found', 'procedure.error.not_found');
  if (!(await hasRoleAt(tree, principal, STAFF_ROLES, p.organisationId))) throw errors.forbidden();
  return p;
}

export async function canManage(tree: OrgTree, principal: Principal, organisationId: number): Promise<boolean> {
  return hasRoleAt(tree, principal, MANAGE_ROLES, organisationId);
}

/**
 * The verbs of 四议两公开 that are not a meeting's: open a matter, revise its proposal, and after a
 * failed stage return it to an earlier stage or end it. Each writes its history and audit record
 * in the same transaction and recomputes the stored flags.
 */
export class ProcedureService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly listener: ProcedureListener,
  ) {}

  private async managed(principal: Principal, id: number): Promise<Procedure> {
    const p = await loadProcedure(this.db, this.tree, principal, id);
    if (!(await canManage(this.tree, principal, p.organisationId))) throw errors.forbidden();
    return p;
  }

  async open(principal: Principal, body: OpenProcedureBody): Promise<number> {
    const org = await this.db.models.Organisation.findByPk(body.organisationId);
    if (!org) throw errors.invalid('procedure.error.organisation');
    if (org.kind !== 'village') throw errors.invalid('procedure.error.village');
    if (!(await canManage(this.tree, principal, org.id))) throw errors.forbidden();
    if (body.topicId !== null) {
      const topic = await this.db.models.Topic.findByPk(body.topicId);
      const lineage = topic ? await this.tree.lineage(topic.organisationId) : [];
      if (!topic || !lineage.includes(org.id)) throw errors.invalid('procedure.error.topic');
    }
    const id = await this.db.tx(async (t) => {
      const p = await this.db.models.Procedure.create(
        {
          organisationId: org.id,
          kind: body.kind,
          title: body.title,
          topicId: body.topicId,
          state: 'open',
          step: 'proposal',
          openedBy: principal.userId,
          resolutionId: null,
          resultRatedAt: null,
          flags: ',',
          objectionDueAt: null,
          resultDueAt: null,
          endReason: null,
          closedAt: null,
        },
        { transaction: t },
      );
      await this.db.models.ProcedureVersion.create(
        { procedureId: p.id, version: 1, text: body.text, note: '', authorId: principal.userId },
        { transaction: t },
      );
      await recordEvent(this.db, this.clock, t, p, 'opened', { actorId: principal.userId, detail: body.title });
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: 'procedure.opened',
        subjectType: 'procedure',
        subjectId: p.id,
        organisationId: org.id,
        summary: { after: { kind: body.kind, title: body.title, topicId: body.topicId } },
      });
      return p.id;
    });
    this.listener.changed(id);
    return id;
  }

  /** A new version of the proposal. Fixed once the resolution (决议) has passed: that is what was resolved. */
  async revise(principal: Principal, id: number, body: { text: string; note: string }): Promise<void> {
    const p = await this.managed(principal, id);
    await this.db.tx(async (t) => {
      await p.reload({ transaction: t });
      if (p.state !== 'open' || !(STAGES as readonly string[]).includes(p.step))
        throw new AppError('conflict', 'procedure.error.text_fixed');
      const last = (await this.db.models.ProcedureVersion.max('version', {
        where: { procedureId: p.id },
        transaction: t,
      })) as number;
      const current = await this.db.models.ProcedureVersion.findOne({
        where: { procedureId: p.id, version: last },
        transaction: t,
      });
      if (current?.text === body.text) throw errors.invalid('procedure.error.unchanged');
      await this.db.models.ProcedureVersion.create(
        { procedureId: p.id, version: last + 1, text: body.text, note: body.note, authorId: principal.userId },
        { transaction: t },
      );
      await recordEvent(this.db, this.clock, t, p, 'version', {
        actorId: principal.userId,
        detail: `v${last + 1}${body.note ? `：${body.note}` : ''}`,
      });
      await p.update({ updatedAt: this.clock.now() }, { transaction: t });
    });
    this.listener.changed(p.id);
  }

  /** After a failed stage, back to a stage no later than it (usually 提议 or 商议), with the minutes' reasons. */
  async returnTo(principal: Principal, id: number, body: { to: Stage; reason: string }): Promise<void> {
    const p = await this.managed(principal, id);
    await this.db.tx(async (t) => {
      const failed = await this.failedAttempt(p, t);
      if (stageIndex(body.to) > stageIndex(failed.stage)) throw errors.invalid('procedure.error.return_later');
      await failed.update({ state: 'returned', reason: body.reason, returnedTo: body.to }, { transaction: t });
      await p.update({ step: body.to }, { transaction: t });
      await recordEvent(this.db, this.clock, t, p, 'returned', {
        stage: failed.stage,
        actorId: principal.userId,
        detail: `${body.to}：${body.reason}`,
      });
      await this.audit(t, principal, p, 'procedure.returned', { stage: failed.stage, to: body.to });
      await refreshFlags(this.db, this.tree, p, t);
    });
    this.listener.changed(p.id);
  }

  /** Ends the matter: after a failed stage, or at any time before it completes, with a reason. */
  async end(principal: Principal, id: number, body: { reason: string }): Promise<void> {
    const p = await this.managed(principal, id);
    await this.db.tx(async (t) => {
      await p.reload({ transaction: t });
      if (p.state !== 'open') throw new AppError('conflict', 'procedure.error.not_open');
      const scheduled = await this.db.models.ProcedureStage.count({
        where: { procedureId: p.id, state: 'scheduled' },
        transaction: t,
      });
      if (scheduled) throw new AppError('conflict', 'procedure.error.on_agenda');
      await this.db.models.ProcedureStage.update(
        { state: 'ended', reason: body.reason },
        { where: { procedureId: p.id, state: 'failed' }, transaction: t },
      );
      await p.update(
        { state: 'ended', step: 'ended', endReason: body.reason, closedAt: this.clock.now() },
        { transaction: t },
      );
      await recordEvent(this.db, this.clock, t, p, 'ended', { actorId: principal.userId, detail: body.reason });
      await this.audit(t, principal, p, 'procedure.ended', { reason: body.reason });
      await refreshFlags(this.db, this.tree, p, t);
    });
    this.listener.changed(p.id);
  }

  private async failedAttempt(p: Procedure, t: Transaction) {
    await p.reload({ transaction: t });
    if (p.state !== 'open') throw new AppError('conflict', 'procedure.error.not_open');
    const failed = await this.db.models.ProcedureStage.findOne({
      where: { procedureId: p.id, state: 'failed' },
      transaction: t,
    });
    if (!failed) throw new AppError('conflict', 'procedure.error.nothing_failed');
    return failed;
  }

  private audit(t: Transaction, principal: Principal, p: Procedure, action: string, after: Record<string, unknown>) {
    return recordAudit(this.db, this.clock, t, {
      actorId: principal.userId,
      action,
      subjectType: 'procedure',
      subjectId: p.id,
      organisationId: p.organisationId,
      summary: { after },
    });
  }
}
