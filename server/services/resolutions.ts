import type { InferCreationAttributes, Transaction } from 'sequelize';
import {
  allowsClose,
  canTake,
  defaultDeadline,
  stateAfter,
  type ResolutionAction,
} from '../../shared/rules/resolution.js';
import type { CloseBody, DispatchBody } from '../../shared/schemas/resolution.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { Resolution } from '../db/models/resolution.js';
import { AppError, errors } from '../errors.js';
import type { Principal } from './access.js';
import { recordAudit } from './audit.js';
import type { OrgTree } from './org-tree.js';
import { processPhoto, type ProcessedPhoto } from './photos.js';
import { isOwner, isUnit, loadResolution } from './resolution-access.js';

/** Photos per resolution, over all its steps: enough for before/after, small enough for a board. */
export const MAX_RESOLUTION_PHOTOS = 12;

/** Told after each commit, so notifications, webhooks and live views follow (server/services/notifier.ts). */
export interface ResolutionListener {
  /** May return a promise (the notifications' writes) for callers that pace themselves on it. */
  resolutionChanged(resolutionId: number, kind: string, actorId: number | null): void | Promise<void>;
}

/** Parses a deadline given as a China calendar day (end of that day) or an instant. */
export const parseDeadline = (value: string): Date =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T23:59:59+08:00`) : new Date(value);

interface Step {
  kind: string;
  note?: string | null;
  /** Whether residents see the step (tracking page, board). */
  public?: boolean;
  changes?: Partial<InferCreationAttributes<Resolution>>;
  /** Photos of this step (already re-encoded), numbered after the resolution's earlier ones. */
  photos?: ProcessedPhoto[];
}

/**
 * The lifecycle verbs of a resolution: dispatch (派单), accept (接单) or return, progress, report
 * done, close out (销号), withdraw, and deadline changes. Each is one transaction that writes the
 * row, its timeline step and the audit record, then tells the listener.
 */
export class ResolutionService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly listener: ResolutionListener,
  ) {}

  /** Writes a step inside `t`: the state change (if any), the timeline entry and the audit record. */
  async step(r: Resolution, actorId: number | null, action: ResolutionAction | null, s: Step, t: Transaction) {
    const now = this.clock.now();
    const from = r.state;
    const to = action ? stateAfter(action) : r.state;
    await r.update({ ...s.changes, state: to, updatedAt: now }, { transaction: t });
    const event = await this.db.models.ResolutionEvent.create(
      {
        resolutionId: r.id,
        kind: s.kind,
        fromState: from,
        toState: to,
        actorId,
        note: s.note ?? null,
        public: s.public ?? true,
        at: now,
      },
      { transaction: t },
    );
    if (s.photos?.length) {
      const before = await this.db.models.ResolutionPhoto.count({ where: { resolutionId: r.id }, transaction: t });
      if (before + s.photos.length > MAX_RESOLUTION_PHOTOS)
        throw errors.invalid('resolution.error.too_many_photos', { max: MAX_RESOLUTION_PHOTOS });
      for (const [i, p] of s.photos.entries())
        await this.db.models.ResolutionPhoto.create(
          { resolutionId: r.id, eventId: event.id, position: before + i, ...p, createdAt: now },
          { transaction: t },
        );
    }
    await recordAudit(this.db, this.clock, t, {
      actorId,
      action: `resolution.${s.kind}`,
      subjectType: 'resolution',
      subjectId: r.id,
      organisationId: r.organisationId,
      summary: { before: { state: from }, after: { state: to, ...(s.note ? { note: s.note } : {}) } },
    });
    t.afterCommit(() => this.listener.resolutionChanged(r.id, s.kind, actorId));
  }

  /** Loads, authorises one side, checks the state rule, then runs `fn` in a transaction on a locked re-read. */
  private async act(
    principal: Principal,
    id: number,
    action: ResolutionAction,
    fn: (r: Resolution, t: Transaction) => Promise<Step>,
  ): Promise<Resolution> {
    const seen = await loadResolution(this.db, this.tree, principal, id);
    const side = action === 'dispatch' || action === 'close' || action === 'withdraw' ? 'owner' : 'unit';
    const allowed =
      side === 'owner' ? await isOwner(this.tree, principal, seen) : await isUnit(this.tree, principal, seen);
    if (!allowed) throw errors.forbidden();
    return this.db.tx(async (t) => {
      const r = await this.db.models.Resolution.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
      if (!r) throw errors.notFound();
      // Re-checked on the locked row: two clicks, or two people, must not both move it.
      if (!canTake(action, r.state)) throw new AppError('conflict', 'resolution.error.transition');
      // The unit may have changed meanwhile (returned and re-dispatched): authorise the row as it is now.
      if (!(side === 'owner' ? await isOwner(this.tree, principal, r) : await isUnit(this.tree, principal, r)))
        throw errors.forbidden();
      await this.step(r, principal.userId, action, await fn(r, t), t);
      return r;
    });
  }

  async dispatch(principal: Principal, id: number, body: DispatchBody): Promise<Resolution> {
    const unit = await this.db.models.Organisation.findByPk(body.responsibleOrganisationId);
    if (!unit) throw errors.invalid('resolution.error.unit');
    if (body.responsibleUserId != null && !(await this.db.models.User.findByPk(body.responsibleUserId)))
      throw errors.invalid('resolution.error.unit');
    const now = this.clock.now();
    const deadline = body.deadline ? parseDeadline(body.deadline) : null;
    if (deadline && deadline.getTime() <= now.getTime()) throw errors.invalid('resolution.error.deadline_past');
    return this.act(principal, id, 'dispatch', async (r) => ({
      kind: r.state === 'returned' ? 'redispatched' : 'dispatched',
      // The public step names the unit; the 交办说明 is for the unit and stays on the row.
      note: unit.name,
      changes: {
        ...(body.wording ? { wording: body.wording } : {}),
        dispatchNote: body.note || null,
        responsibleOrganisationId: unit.id,
        responsibleUserId: body.responsibleUserId,
        collaborators: body.collaborators,
        deadline: deadline ?? defaultDeadline(r.category, now),
        dispatchedAt: now,
        overdueNotifiedAt: null,
        dueSoonNotifiedAt: null,
      },
    }));
  }

  accept(principal: Principal, id: number): Promise<Resolution> {
    return this.act(principal, id, 'accept', async () => ({ kind: 'accepted' }));
  }

  /** Back to the convener for reassignment; the reason is for the village, not the public. */
  returnToOwner(principal: Principal, id: number, reason: string): Promise<Resolution> {
    return this.act(principal, id, 'return', async () => ({ kind: 'returned', note: reason, public: false }));
  }

  /** Photos are re-encoded before the transaction: libvips work must not hold the write lock. */
  async progress(principal: Principal, id: number, note: string, files: Buffer[] = []): Promise<Resolution> {
    const photos = await Promise.all(files.map(processPhoto));
    return this.act(principal, id, 'progress', async () => ({ kind: 'progress', note, photos }));
  }

  async report(principal: Principal, id: number, result: string, files: Buffer[] = []): Promise<Resolution> {
    const photos = await Promise.all(files.map(processPhoto));
    return this.act(principal, id, 'report', async () => ({
      kind: 'reported',
      note: result,
      photos,
      changes: { result, reportedAt: this.clock.now() },
    }));
  }

  /** 销号: only once the deciding rating is 满意/基本满意, or when no resident's topic is behind it. */
  close(principal: Principal, id: number, body: CloseBody): Promise<Resolution> {
    return this.act(principal, id, 'close', async (r, t) => {
      const topics = await this.db.models.ResolutionTopic.count({ where: { resolutionId: r.id }, transaction: t });
      if (topics && !allowsClose(r.rating)) throw new AppError('conflict', 'resolution.error.not_rated');
      return {
        kind: 'closed',
        note: body.note || null,
        changes: { closedAt: this.clock.now(), unitSpeed: body.speed, unitQuality: body.quality },
      };
    });
  }

  withdraw(principal: Principal, id: number, reason: string): Promise<Resolution> {
    return this.act(principal, id, 'withdraw', async () => ({ kind: 'withdrawn', note: reason }));
  }

  /** 限时办结 is editable by the owner, with a reason on the timeline. */
  async changeDeadline(principal: Principal, id: number, value: string, reason: string): Promise<Resolution> {
    const seen = await loadResolution(this.db, this.tree, principal, id);
    if (!(await isOwner(this.tree, principal, seen))) throw errors.forbidden();
    const deadline = parseDeadline(value);
    if (deadline.getTime() <= this.clock.now().getTime()) throw errors.invalid('resolution.error.deadline_past');
    return this.db.tx(async (t) => {
      const r = await this.db.models.Resolution.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
      if (!r) throw errors.notFound();
      if (['draft', 'closed', 'withdrawn'].includes(r.state))
        throw new AppError('conflict', 'resolution.error.transition');
      await this.step(
        r,
        principal.userId,
        null,
        {
          kind: 'deadline_changed',
          note: reason,
          changes: { deadline, overdueNotifiedAt: null, dueSoonNotifiedAt: null },
        },
        t,
      );
      return r;
    });
  }
}
