import { Op } from 'sequelize';
import type { AuditEventView } from '../../shared/schemas/audit.js';
import type { Transaction } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';

export interface AuditEntry {
  actorId: number | null;
  action: string;
  subjectType: string;
  subjectId: string | number;
  organisationId: number | null;
  /** Before/after summary. Callers must leave out secrets and phone numbers. */
  summary?: Record<string, unknown>;
  /** An operator at the command line (actorId null): kept in the summary as `operator`. */
  operator?: string;
}

/** Who acted, for an audit entry: a staff member by id, or an operator at the command line by name. */
export const actorOf = (principal: { userId: number; operator?: string }): Pick<AuditEntry, 'actorId' | 'operator'> =>
  principal.operator ? { actorId: null, operator: principal.operator } : { actorId: principal.userId };

/** Appends to the audit trail inside the caller's transaction, so an action and its record land together. */
export async function recordAudit(db: Database, clock: Clock, t: Transaction, entry: AuditEntry): Promise<void> {
  await db.models.AuditEvent.create(
    {
      actorId: entry.actorId,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: String(entry.subjectId),
      organisationId: entry.organisationId,
      summary: entry.operator ? { ...entry.summary, operator: entry.operator } : (entry.summary ?? {}),
      at: clock.now(),
    },
    { transaction: t },
  );
}

/** The audit trail an admin may read: events about organisations in their admin scope, newest first. */
export async function listAudit(
  db: Database,
  scope: Set<number>,
  includeGlobal: boolean,
  query: { subjectType?: string; offset: number; limit: number },
): Promise<{ items: AuditEventView[]; total: number }> {
  const { AuditEvent, User } = db.models;
  const orgFilter = includeGlobal
    ? { [Op.or]: [{ organisationId: { [Op.in]: [...scope] } }, { organisationId: null }] }
    : { organisationId: { [Op.in]: [...scope] } };
  const where = { ...orgFilter, ...(query.subjectType ? { subjectType: query.subjectType } : {}) };
  const { rows, count } = await AuditEvent.findAndCountAll({
    where,
    order: [
      ['at', 'DESC'],
      ['id', 'DESC'],
    ],
    offset: query.offset,
    limit: query.limit,
  });
  const actorIds = [...new Set(rows.map((r) => r.actorId).filter((id): id is number => id != null))];
  const actors = new Map(
    (await User.findAll({ where: { id: { [Op.in]: actorIds } }, attributes: ['id', 'displayName'], raw: true })).map(
      (u) => [u.id, u.displayName],
    ),
  );
  return {
    total: count,
    items: rows.map((r) => ({
      id: r.id,
      actorId: r.actorId,
      actorName: r.actorId != null ? (actors.get(r.actorId) ?? null) : null,
      action: r.action,
      subjectType: r.subjectType,
      subjectId: r.subjectId,
      summary: r.summary ?? {},
      at: r.at.toISOString(),
    })),
  };
}
