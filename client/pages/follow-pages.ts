/** Resolutions' staff pages, loaded together on first visit (issue 7). */
import './follow-page.js';
import './inbox-page.js';
import './resolution-page.js';
import './notifications-page.js';
import './webhooks-page.js';
import './board-page.js';
