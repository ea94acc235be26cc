/**
 * What the router loads for resolutions, the inbox, notifications, group robots and the public board.
 * The messages first, so the pages render translated from their first paint, then the pages:
 * loaded together (shared message files become chunks of their own); the staff entry carries neither.
 */
import './follow-messages.js';
import '../../pages/follow-pages.js';
