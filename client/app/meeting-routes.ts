import type { Role } from '../../shared/roles.js';
import type { Route } from './route.js';

/** Who prepares and runs meetings in the staff app; the server decides per meeting. */
export const MEETING_ROLES: readonly Role[] = ['admin', 'convener', 'secretary'];

const loadMeetingPages = () => import('./pages/meetings.js');
const loadHallPages = () => import('./pages/hall.js');

/**
 * Meetings (issue 4). Preparation and the convener's console are one lazily loaded chunk; the
 * hall's public pages (projector, phone, check-in) another, so a phone scanning the projector's
 * code never downloads the console.
 */
export const MEETING_ROUTES: readonly Route[] = [
  {
    path: '/meetings',
    tag: 'yishi-meetings-page',
    titleKey: 'nav.meetings',
    access: MEETING_ROLES,
    load: loadMeetingPages,
  },
  {
    path: '/meetings/new',
    tag: 'yishi-meeting-new-page',
    titleKey: 'meeting.new.title',
    access: MEETING_ROLES,
    load: loadMeetingPages,
  },
  {
    path: '/meetings/:id',
    tag: 'yishi-meeting-page',
    titleKey: 'meeting.page.title',
    access: MEETING_ROLES,
    load: loadMeetingPages,
  },
  {
    path: '/m/:id/console',
    tag: 'yishi-console-page',
    titleKey: 'console.title',
    access: MEETING_ROLES,
    load: loadMeetingPages,
  },
  {
    path: '/m/:id/screen',
    tag: 'yishi-screen-page',
    titleKey: 'screen.title',
    access: 'public',
    load: loadHallPages,
    layout: 'bare',
  },
  {
    path: '/m/:id/checkin',
    tag: 'yishi-checkin-page',
    titleKey: 'checkin.title',
    access: 'public',
    load: loadHallPages,
    layout: 'bare',
  },
  {
    // Issue 13: a member's personal pass (参会证), kept on the phone for checking in.
    path: '/pass/:token',
    tag: 'yishi-pass-page',
    titleKey: 'pass.title',
    access: 'public',
    load: loadHallPages,
    layout: 'bare',
  },
  {
    path: '/m/:id',
    tag: 'yishi-phone-page',
    titleKey: 'phone.title',
    access: 'public',
    load: loadHallPages,
    layout: 'bare',
  },
];
