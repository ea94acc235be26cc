import { AuditList, AuditQuery } from '../../shared/schemas/audit.js';
import { errors } from '../errors.js';
import { isRootAdmin, scopeOf } from '../services/access.js';
import { listAudit } from '../services/audit.js';
import type { Services } from '../services/index.js';
import { defineRoute, type AnyRoute } from './route.js';

export function auditRoutes(s: Services): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/audit',
      tag: 'audit',
      summary: 'The audit trail of the organisations I administer, newest first',
      access: 'staff',
      query: AuditQuery,
      response: { status: 200, schema: AuditList },
      handler: async ({ principal, query }) => {
        const scope = await scopeOf(s.tree, principal, ['admin']);
        if (!scope.size) throw errors.forbidden();
        return listAudit(s.db, scope, await isRootAdmin(s.tree, principal), query);
      },
    }),
  ];
}
