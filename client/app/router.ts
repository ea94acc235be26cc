import type { SessionUser } from '../../shared/schemas/session.js';
import { MEETING_ROUTES } from './meeting-routes.js';
import { hasAnyRole } from './nav.js';
import type { Route } from './route.js';
import { residentView } from '../resident/routes.js';

export type { Route };

// Each page group with its messages (./pages/<group>.ts): the staff entry carries neither.
const loadAdminPages = () => import('./pages/admin.js');
const loadIntakePages = () => import('./pages/intake.js');
/** The minutes page carries Yjs and ProseMirror: loaded only by who opens it. */
const loadMinutesPage = () => import('./pages/minutes.js');
/** Resolutions (issue 7): dashboard, inbox, one resolution, notifications, webhooks, the board. */
const loadFollowPages = () => import('./pages/follow.js');
const FOLLOWERS = ['admin', 'reviewer', 'convener', 'secretary', 'representative'] as const;
/** Statistics carry uPlot: loaded only by who opens them. */
const loadStatsPage = () => import('./pages/stats.js');
/** Keep in step with STATS_ROLES in server/services/stats.ts. */
export const STATS_PAGE_ROLES = ['admin', 'reviewer', 'convener', 'secretary', 'representative'] as const;
/** The register and bodies (issue 13); the server lets every role covering a village read, its reviewers edit. */
const loadRegisterPages = () => import('./pages/register.js');

/** 四议两公开 (issue 14): a village's matters, one matter, the township's view. */
const loadProcedurePages = () => import('./pages/procedures.js');

export const ROUTES: readonly Route[] = [
  { path: '/login', tag: 'yishi-login-page', titleKey: 'login.title', access: 'public' },
  { path: '/stats', tag: 'yishi-stats-page', titleKey: 'nav.stats', access: STATS_PAGE_ROLES, load: loadStatsPage },
  {
    path: '/stats/screen',
    tag: 'yishi-stats-page',
    titleKey: 'stats.screen_title',
    access: STATS_PAGE_ROLES,
    load: loadStatsPage,
    layout: 'bare',
  },
  { path: '/', tag: 'yishi-home-page', titleKey: 'nav.home', access: null },
  // Carries zxcvbn's meter (loaded on first input): only who changes a password downloads it.
  {
    path: '/account/password',
    tag: 'yishi-password-page',
    titleKey: 'password.title',
    access: null,
    load: () => import('../pages/password-page.js'),
  },
  {
    path: '/admin/organisations',
    tag: 'yishi-organisations-page',
    titleKey: 'nav.organisations',
    access: ['admin'],
    load: loadAdminPages,
  },
  {
    path: '/admin/users',
    tag: 'yishi-users-page',
    titleKey: 'nav.users',
    access: ['admin'],
    load: loadAdminPages,
  },
  {
    path: '/admin/audit',
    tag: 'yishi-audit-page',
    titleKey: 'nav.audit',
    access: ['admin'],
    load: loadAdminPages,
  },
  // Issue 3/4: the review queue, intake codes, and the reception desk.
  {
    path: '/review',
    tag: 'yishi-review-page',
    titleKey: 'nav.review',
    access: ['admin', 'reviewer'],
    load: loadIntakePages,
  },
  {
    path: '/review/:ref',
    tag: 'yishi-topic-page',
    titleKey: 'review.topic.title',
    access: ['admin', 'reviewer'],
    load: loadIntakePages,
  },
  {
    path: '/intake-codes',
    tag: 'yishi-intake-codes-page',
    titleKey: 'nav.intake_codes',
    access: ['admin', 'reviewer'],
    load: loadIntakePages,
  },
  {
    path: '/reception',
    tag: 'yishi-reception-page',
    titleKey: 'nav.reception',
    access: ['admin', 'representative'],
    load: loadIntakePages,
  },
  {
    path: '/reception/:ref',
    tag: 'yishi-studio-desk-page',
    titleKey: 'desk.title',
    access: ['admin', 'representative'],
    load: loadIntakePages,
  },
  ...MEETING_ROUTES,
  // Public: the page itself asks staff to log in; the projector and participants come with a token.
  {
    path: '/m/:id/minutes',
    tag: 'yishi-minutes-page',
    titleKey: 'minutes.title',
    access: 'public',
    load: loadMinutesPage,
  },
  {
    path: '/procedures',
    tag: 'yishi-procedures-page',
    titleKey: 'procedure.title',
    access: null,
    load: loadProcedurePages,
  },
  {
    path: '/procedures/township',
    tag: 'yishi-township-page',
    titleKey: 'procedure.township',
    access: null,
    load: loadProcedurePages,
  },
  {
    path: '/procedures/:id',
    tag: 'yishi-procedure-page',
    titleKey: 'procedure.title',
    access: null,
    load: loadProcedurePages,
  },
  { path: '/follow', tag: 'yishi-follow-page', titleKey: 'nav.follow', access: FOLLOWERS, load: loadFollowPages },
  // Anyone on staff may be a unit's named responsible person.
  { path: '/follow/inbox', tag: 'yishi-inbox-page', titleKey: 'nav.inbox', access: null, load: loadFollowPages },
  {
    path: '/follow/:id',
    tag: 'yishi-resolution-page',
    titleKey: 'resolution_ui.title',
    access: null,
    load: loadFollowPages,
  },
  {
    path: '/notifications',
    tag: 'yishi-notifications-page',
    titleKey: 'nav.notifications',
    access: null,
    load: loadFollowPages,
  },
  {
    path: '/admin/webhooks',
    tag: 'yishi-webhooks-page',
    titleKey: 'nav.webhooks',
    access: ['admin'],
    load: loadFollowPages,
  },
  { path: '/register', tag: 'yishi-register-page', titleKey: 'nav.register', access: null, load: loadRegisterPages },
  { path: '/bodies', tag: 'yishi-bodies-page', titleKey: 'nav.bodies', access: null, load: loadRegisterPages },
  {
    path: '/board/:organisationId',
    tag: 'yishi-board-page',
    titleKey: 'board.page_title',
    access: 'public',
    load: loadFollowPages,
  },
];

export type RouteParams = Readonly<Record<string, string>>;

export type Resolution =
  | { kind: 'page'; route: Route; params: RouteParams }
  | { kind: 'redirect'; to: string }
  | { kind: 'not_found' }
  | { kind: 'forbidden' };

/** Matches a path against a route's pattern; `:name` segments match one non-empty segment. */
export function matchPath(pattern: string, path: string): RouteParams | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const value = got[i]!;
    if (part.startsWith(':')) {
      if (!value) return null;
      params[part.slice(1)] = decodeURIComponent(value);
    } else if (part !== value) return null;
  }
  return params;
}

/** Only same-origin paths may follow a login, so `?next=` cannot send anyone elsewhere. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** Decides what the URL shows to this user: a page, a redirect, or an error page. */
export function resolve(url: URL, user: SessionUser | null): Resolution {
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  let found: { route: Route; params: RouteParams } | null = null;
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (params) {
      found = { route, params };
      break;
    }
  }
  if (!found) return { kind: 'not_found' };
  const { route, params } = found;
  if (route.access === 'public') {
    return route.path === '/login' && user
      ? { kind: 'redirect', to: safeNext(url.searchParams.get('next')) }
      : { kind: 'page', route, params };
  }
  if (!user) return { kind: 'redirect', to: loginUrl(url) };
  return hasAnyRole(user, route.access) ? { kind: 'page', route, params } : { kind: 'forbidden' };
}

const loginUrl = (url: URL): string =>
  url.pathname === '/' ? '/login' : `/login?next=${encodeURIComponent(url.pathname + url.search)}`;

const listeners = new Set<() => void>();

/** Moves to a same-origin URL through the History API and tells the shell. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const fn of listeners) fn();
}

export function onNavigate(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * Turns clicks on same-origin links anywhere under `root` (shadow roots included, through
 * composedPath) into client-side navigation; modified clicks, downloads and links to the
 * residents' pages (the board's "提出异议", a receipt) keep browser behaviour.
 */
export function startRouter(root: EventTarget): () => void {
  const onClick = (e: Event) => {
    const event = e as MouseEvent;
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    const anchor = event.composedPath().find((el): el is HTMLAnchorElement => el instanceof HTMLAnchorElement);
    if (!anchor || (anchor.target && anchor.target !== '_self') || anchor.hasAttribute('download')) return;
    if (anchor.origin !== location.origin || anchor.pathname.startsWith('/api/')) return;
    // The residents' pages are another bundle (server/http/static.ts): the browser loads them.
    if (residentView(anchor.pathname).page !== 'none') return;
    // In-page anchors (the skip link) are not navigation.
    if (anchor.pathname === location.pathname && anchor.search === location.search && anchor.hash) return;
    event.preventDefault();
    navigate(anchor.pathname + anchor.search + anchor.hash);
  };
  const onPop = () => listeners.forEach((fn) => fn());
  root.addEventListener('click', onClick);
  window.addEventListener('popstate', onPop);
  return () => {
    root.removeEventListener('click', onClick);
    window.removeEventListener('popstate', onPop);
  };
}
