/**
 * What the router loads for statistics and the big screen.
 * The messages first, so the pages render translated from their first paint, then the pages:
 * loaded together (shared message files become chunks of their own); the staff entry carries neither.
 */
import './stats-messages.js';
import '../../pages/stats-page.js';
