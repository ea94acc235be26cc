/**
 * Preparing and running meetings, loaded together on a staff member's first visit to any of
 * them (client/app/meeting-routes.ts), with every console panel (client/hall/modes.ts).
 */
import './meetings-page.js';
import './meeting-new-page.js';
import './meeting-page.js';
import './console-page.js';
import '../components/console-agenda.js';
import '../components/console-screen.js';
import '../components/console-timer.js';
import '../components/console-message.js';
import '../components/console-attendance.js';
import '../components/console-desk.js'; // Issue 13: the check-in desk panel.
import '../components/console-links.js';
import '../components/console-vote.js';
import '../components/console-minutes.js';
