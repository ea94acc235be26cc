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
  { path: '/', labelKey: 'nav.home', roles: null },
  { path: '/meetings', labelKey: 'nav.meetings', roles: MEETING_ROLES },
  { path: '/admin/organisations', labelKey: 'nav.organisations', roles: ['admin'] },
  { path: '/admin/users', labelKey: 'nav.users', roles: ['admin'] },
  { path: '/admin/audit', labelKey: 'nav.audit', roles: ['admin'] },
  // Issue 3/4: the review queue (with its live count), intake codes, the reception desk.
  { path: '/review', labelKey: 'nav.review', roles: ['admin', 'reviewer'], badge: 'review' },
  { path: '/intake-codes', labelKey: 'nav.intake_codes', roles: ['admin', 'reviewer'] },
  { path: '/reception', labelKey: 'nav.reception', roles: ['admin', 'representative'] },
  // Issue 7: resolutions followed to a result; a unit's inbox; notifications; webhooks.
  { path: '/follow', labelKey: 'nav.follow', roles: ['admin', 'reviewer', 'convener', 'secretary', 'representative'] },
  { path: '/follow/inbox', labelKey: 'nav.inbox', roles: ['admin', 'department'] },
  { path: '/notifications', labelKey: 'nav.notifications', roles: null, badge: 'notifications' },
  { path: '/admin/webhooks', labelKey: 'nav.webhooks', roles: ['admin'] },
  // Issue 8: statistics (same roles as the route's STATS_PAGE_ROLES).
  { path: '/stats', labelKey: 'nav.stats', roles: ['admin', 'reviewer', 'convener', 'secretary', 'representative'] },
];

export const hasAnyRole = (user: SessionUser, roles: readonly Role[] | null): boolean =>
  roles === null || user.memberships.some((m) => roles.includes(m.role));

export const navFor = (user: SessionUser): NavItem[] => NAV.filter((item) => hasAnyRole(user, item.roles));
