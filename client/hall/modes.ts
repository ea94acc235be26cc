import { html, unsafeStatic } from 'lit/static-html.js';
import type { ScreenMode } from '../../shared/rules/meeting.js';
import type { JoinedMeeting, MeetingView } from '../../shared/schemas/meeting.js';
import type { HallState } from '../data/hall.js';

/**
 * How the hall is put together, in one place.
 *
 * HALL_MODES: what the projector (`screen`) and a participant's phone (`phone`) render for each
 * screen mode the convener can switch to. Every mode element takes two properties, `state`
 * (HallState) and `context` (HallContext), and renders only from them. CONSOLE_PANELS: the
 * convener's console, one element per panel, each taking `state`, `meeting` (MeetingView) and
 * `canDrive`, and firing `meeting-updated` (MeetingUpdatedEvent) when it changed the meeting.
 *
 * To add a mode (the voting branch's `vote`, the minutes branch's `minutes`): add it to
 * SCREEN_MODES in shared/rules/meeting.ts, add one line below naming its two elements, import
 * them in client/pages/hall-pages.ts, and give it a label `screen.mode.<mode>`. To add a panel:
 * one line in CONSOLE_PANELS and an import in client/pages/meeting-pages.ts.
 */
export const HALL_MODES: Record<ScreenMode, { screen: string; phone: string }> = {
  agenda: { screen: 'yishi-hall-agenda', phone: 'yishi-phone-follow' },
  item: { screen: 'yishi-hall-item', phone: 'yishi-phone-follow' },
  attendance: { screen: 'yishi-hall-attendance', phone: 'yishi-phone-follow' },
  join: { screen: 'yishi-hall-join', phone: 'yishi-phone-follow' },
  minutes: { screen: 'yishi-hall-minutes', phone: 'yishi-hall-minutes' },
  // Phones carry the ballot whatever the mode (phone-page.ts), so here they just follow.
  vote: { screen: 'yishi-hall-vote', phone: 'yishi-phone-follow' },
};

/**
 * Where a panel sits on the console (client/pages/console-page.ts), which is one screen on a
 * 1366×768 laptop: two columns, each with its `fixed` panels on top (never scrolled out of view:
 * the agenda, the screen modes) and the others below in a box that scrolls by itself (the vote
 * of the current item first on the right; attendance, countdown, message, links, minutes left).
 */
export const CONSOLE_PANELS: readonly { tag: string; titleKey: string; column: 'left' | 'right'; fixed?: true }[] = [
  { tag: 'yishi-console-agenda', titleKey: 'console.panel.agenda', column: 'left', fixed: true },
  { tag: 'yishi-console-screen', titleKey: 'console.panel.screen', column: 'right', fixed: true },
  { tag: 'yishi-console-vote', titleKey: 'console.panel.vote', column: 'right' },
  { tag: 'yishi-console-attendance', titleKey: 'console.panel.attendance', column: 'left' },
  // Issue 13 (check-in desk, 签到台): its own element, client/components/console-desk.ts.
  { tag: 'yishi-console-desk', titleKey: 'checkindesk.title', column: 'left' },
  { tag: 'yishi-console-timer', titleKey: 'console.panel.timer', column: 'left' },
  { tag: 'yishi-console-message', titleKey: 'console.panel.message', column: 'left' },
  { tag: 'yishi-console-links', titleKey: 'console.panel.links', column: 'left' },
  { tag: 'yishi-console-minutes', titleKey: 'console.panel.minutes', column: 'left' },
];

/** Where a mode element is shown, and with what right. */
export interface HallContext {
  meetingId: number;
  surface: 'screen' | 'phone';
  viewer: JoinedMeeting['viewer'];
  /** The projector's link token or the participant's pass, for photos; none for staff (cookie). */
  token?: string;
}

/** A screen mode's element, for the projector or a phone. */
export const modeElement = (mode: ScreenMode, state: HallState, context: HallContext) => {
  const tag = unsafeStatic(HALL_MODES[mode][context.surface]);
  return html`<${tag} .state=${state} .context=${context}></${tag}>`;
};

/** A console panel's element. */
export const panelElement = (tag: string, state: HallState, meeting: MeetingView, canDrive: boolean) => {
  const name = unsafeStatic(tag);
  return html`<${name} .state=${state} .meeting=${meeting} .canDrive=${canDrive}></${name}>`;
};

/** Fired by a console panel with the meeting as the server now has it. */
export class MeetingUpdatedEvent extends Event {
  static readonly type = 'meeting-updated';
  constructor(readonly meeting: MeetingView) {
    super(MeetingUpdatedEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'meeting-updated': MeetingUpdatedEvent;
  }
}

/** The item the hall is on, with its place in the agenda. */
export function currentItem(state: Pick<HallState, 'agenda' | 'currentItemId'>) {
  const index = state.agenda.findIndex((i) => i.id === state.currentItemId);
  return index < 0 ? null : { item: state.agenda[index]!, index, count: state.agenda.length };
}
