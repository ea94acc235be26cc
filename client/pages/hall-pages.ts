/**
 * The hall's public pages, loaded together on a phone's or the projector's first visit
 * (client/app/meeting-routes.ts), and the elements of every screen mode (client/hall/modes.ts).
 */
import './screen-page.js';
import './phone-page.js';
import './checkin-page.js';
import './pass-page.js';
import '../components/hall-agenda.js';
import '../components/hall-item.js';
import '../components/hall-attendance.js';
import '../components/hall-join.js';
import '../components/phone-follow.js';
import '../components/hall-minutes.js';
import '../components/hall-vote.js';
import '../components/vote-ballot.js';
