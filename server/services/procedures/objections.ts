import { Op, UniqueConstraintError } from 'sequelize';
import { normaliseCode, RECEIPT_LENGTH } from '../../../shared/rules/intake.js';
import { publicationStatus } from '../../../shared/rules/procedure.js';
import type { ObjectionBody, ObjectionReceipt, ObjectionTrack } from '../../../shared/schemas/procedure.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/index.js';
import type { ProcedureObjection } from '../../db/models/procedure-objection.js';
import { AppError, errors } from '../../errors.js';
import type { Principal } from '../access.js';
import type { OrgTree } from '../org-tree.js';
import { randomCode } from '../random-codes.js';
import { refreshFlags } from './facts.js';
import { canManage, loadProcedure, recordEvent, type ProcedureListener } from './procedures.js';

/** The village behind an intake code (a grid's code belongs to its village); 404 like intake for a disabled one. */
export async function villageOfCode(db: Database, tree: OrgTree, raw: string): Promise<number> {
  const code = await db.models.IntakeCode.findOne({ where: { code: normaliseCode(raw) } });
  if (!code || code.disabled) throw new AppError('not_found', 'intake.error.unknown_code');
  for (const id of await tree.lineage(code.organisationId)) {
    const org = await db.models.Organisation.findByPk(id, { attributes: ['id', 'kind'] });
    if (org?.kind === 'village') return org.id;
  }
  throw new AppError('not_found', 'intake.error.unknown_code');
}

export interface ObjectionListener extends ProcedureListener {
  /** After commit: a resident objected (the village's reviewers and the matter's opener hear of it). */
  objectionRaised(objectionId: number): void;
}

/**
 * Objections (异议) to a major matter on display: residents raise them through the village's intake
 * code (no account; the routes carry the intake form's limits), keep a receipt to follow the
 * answer by (/o/<receipt>: their own text and the reply, never a name or phone), and those who
 * carry the matter answer them on its page. An objection unanswered when its period ends flags
 * the matter for the township; the answer clears it.
 */
export class ProcedureObjections {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly publicUrl: string,
    private readonly listener: ObjectionListener,
  ) {}

  /**
   * Stores a resident's objection while a publication of the matter is on display. A retried
   * request with the same Idempotency-Key returns the first receipt and stores nothing new.
   */
  async object(code: string, body: ObjectionBody, idempotencyKey: string | null): Promise<ObjectionReceipt> {
    if (body.website) throw new AppError('validation_failed', 'intake.error.rejected');
    const village = await villageOfCode(this.db, this.tree, code);
    const p = await this.db.models.Procedure.findByPk(body.procedureId);
    if (!p || p.organisationId !== village) throw new AppError('not_found', 'procedure.error.not_found');
    for (let attempt = 0; ; attempt++) {
      try {
        const stored = await this.db.tx(async (t) => {
          // The matter's lock: an annulment voiding its publication cannot slip in between.
          await p.reload({ transaction: t, lock: t.LOCK.UPDATE });
          if (idempotencyKey !== null) {
            const first = await this.db.models.ProcedureObjection.findOne({
              where: { procedureId: p.id, idempotencyKey },
              transaction: t,
            });
            if (first) return { objection: first, replayed: true };
          }
          const now = this.clock.now();
          const pubs = await this.db.models.ProcedurePublication.findAll({
            where: { procedureId: p.id },
            transaction: t,
          });
          const open = pubs.find((x) => publicationStatus(x, now) === 'on_display');
          if (!open) throw new AppError('conflict', 'procedure.error.not_on_display');
          const objection = await this.db.models.ProcedureObjection.create(
            {
              procedureId: p.id,
              publicationId: open.id,
              receipt: randomCode(RECEIPT_LENGTH),
              idempotencyKey,
              text: body.text,
              name: body.name ?? null,
              phone: body.phone ?? null,
              answer: null,
              answeredBy: null,
              answeredAt: null,
            },
            { transaction: t },
          );
          await recordEvent(this.db, this.clock, t, p, 'objection', { detail: open.kind });
          await refreshFlags(this.db, this.tree, p, t);
          return { objection, replayed: false };
        });
        if (!stored.replayed) {
          this.listener.changed(p.id);
          this.listener.objectionRaised(stored.objection.id);
        }
        return this.receipt(stored.objection);
      } catch (err) {
        // A receipt collision, or the same key sent twice at once: the next try resolves either.
        if (!(err instanceof UniqueConstraintError) || attempt > 5) throw err;
      }
    }
  }

  private receipt(o: ProcedureObjection): ObjectionReceipt {
    return { receipt: o.receipt, trackUrl: `${this.publicUrl}/o/${o.receipt}`, createdAt: o.createdAt.toISOString() };
  }

  /**
   * The code residents object through on the village's board: the village's own first enabled
   * intake code, else one of its grids' (their codes lead to the village too); null when none.
   */
  async intakeCodeOf(organisationId: number): Promise<string | null> {
    const own = await this.db.models.IntakeCode.findOne({
      where: { organisationId, disabled: false },
      order: [['id', 'ASC']],
      attributes: ['code'],
    });
    if (own) return own.code;
    const grids = await this.db.models.Organisation.findAll({
      where: { parentId: organisationId, kind: 'grid' },
      attributes: ['id'],
    });
    if (!grids.length) return null;
    const code = await this.db.models.IntakeCode.findOne({
      where: { organisationId: { [Op.in]: grids.map((g) => g.id) }, disabled: false },
      order: [['id', 'ASC']],
      attributes: ['code'],
    });
    return code?.code ?? null;
  }

  /** The resident's view by receipt: their own text, the matter, whether and how it was answered. */
  async track(raw: string): Promise<ObjectionTrack> {
    const o = await this.db.models.ProcedureObjection.findOne({ where: { receipt: normaliseCode(raw) } });
    if (!o) throw new AppError('not_found', 'procedure.error.unknown_receipt');
    const p = (await this.db.models.Procedure.findByPk(o.procedureId, {
      attributes: ['title', 'kind', 'organisationId'],
    }))!;
    const [org, pub] = await Promise.all([
      this.db.models.Organisation.findByPk(p.organisationId, { attributes: ['name', 'boardCode'] }),
      this.db.models.ProcedurePublication.findByPk(o.publicationId, { attributes: ['kind'] }),
    ]);
    return {
      receipt: o.receipt,
      procedureTitle: p.title,
      kind: p.kind,
      organisationName: org?.name ?? '',
      boardCode: org?.boardCode ?? null,
      publicationKind: pub?.kind ?? 'resolution',
      text: o.text,
      createdAt: o.createdAt.toISOString(),
      status: o.answeredAt ? 'answered' : 'awaiting',
      answer: o.answer,
      answeredAt: o.answeredAt?.toISOString() ?? null,
    };
  }

  /** Those who carry the matter (its village's reviewers, conveners, admins) answer, once. */
  async answer(principal: Principal, id: number, objectionId: number, answer: string): Promise<void> {
    const p = await loadProcedure(this.db, this.tree, principal, id);
    if (!(await canManage(this.tree, principal, p.organisationId))) throw errors.forbidden();
    await this.db.tx(async (t) => {
      const o = await this.db.models.ProcedureObjection.findOne({
        where: { id: objectionId, procedureId: p.id },
        transaction: t,
        lock: t.LOCK.UPDATE,
      });
      if (!o) throw errors.notFound();
      if (o.answeredAt) throw new AppError('conflict', 'procedure.error.answered');
      await o.update({ answer, answeredBy: principal.userId, answeredAt: this.clock.now() }, { transaction: t });
      await recordEvent(this.db, this.clock, t, p, 'answered', { actorId: principal.userId });
      await refreshFlags(this.db, this.tree, p, t);
    });
    this.listener.changed(p.id);
  }
}
