import type { AuditList } from '../../shared/schemas/audit.js';
import { query, request } from './api.js';

/** The audit trail, newest first. */
export const listAudit = (q: { offset: number; limit: number; subjectType?: string }): Promise<AuditList> =>
  request<AuditList>('GET', `/api/audit${query(q)}`);
