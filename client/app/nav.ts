import type { Role } from '../../shared/roles.js';
import type { SessionUser } from '../../shared/schemas/session.js';
import { MEETING_ROLES } from './meeting-routes.js';

export interface NavItem {
  path: string;
  labelKey: string;
  /** Shown to holders of any of these roles (at any organisation); null = every signed-in user. */
  roles: readonly Role[] | null;
  /** A live count shown next to the label (e.g. open topics awaiting review). */
  badge?: 'review' | 'notifications';
}

/** The menu. Keep the roles here in step with ROUTES in router.ts, which guards the same pages. */
export const NAV: readonly NavItem[] = [
  // In the order the work flows: a topic is reviewed, deliberated, followed to a result, measured.
  { path: '/', labelKey: 'nav.home', roles: null },
  { path: '/review', labelKey: 'nav.review', roles: ['admin', 'reviewer'], badge: 'review' },
  { path: '/intake-codes', labelKey: 'nav.intake_codes', roles: ['admin', 'reviewer'] },
  { path: '/meetings', labelKey: 'nav.meetings', roles: MEETING_ROLES },
  { path: '/reception', labelKey: 'nav.reception', roles: ['admin', 'representative'] },
  { path: '/procedures', labelKey: 'procedure.menu', roles: null },
  { path: '/follow', labelKey: 'nav.follow', roles: ['admin', 'reviewer', 'convener', 'secretary', 'representative'] },
  { path: '/follow/inbox', labelKey: 'nav.inbox', roles: ['admin', 'department'] },
  // Same roles as the route's STATS_PAGE_ROLES.
  { path: '/stats', labelKey: 'nav.stats', roles: ['admin', 'reviewer', 'convener', 'secretary', 'representative'] },
  { path: '/notifications', labelKey: 'nav.notifications', roles: null, badge: 'notifications' },
  // The register and bodies (issue 13): in the menu of those who keep them; others may still read them.
  { path: '/register', labelKey: 'nav.register', roles: ['admin', 'reviewer'] },
  { path: '/bodies', labelKey: 'nav.bodies', roles: ['admin', 'reviewer'] },
  // Administration last.
  { path: '/admin/organisations', labelKey: 'nav.organisations', roles: ['admin'] },
  { path: '/admin/users', labelKey: 'nav.users', roles: ['admin'] },
  { path: '/admin/webhooks', labelKey: 'nav.webhooks', roles: ['admin'] },
  { path: '/admin/audit', labelKey: 'nav.audit', roles: ['admin'] },
];

export const hasAnyRole = (user: SessionUser, roles: readonly Role[] | null): boolean =>
  roles === null || user.memberships.some((m) => roles.includes(m.role));

export const navFor = (user: SessionUser): NavItem[] => NAV.filter((item) => hasAnyRole(user, item.roles));
