/**
 * What the router loads for live minutes.
 * The messages first, so the pages render translated from their first paint, then the pages:
 * loaded together (shared message files become chunks of their own); the staff entry carries neither.
 */
import './minutes-messages.js';
import '../../pages/minutes-page.js';
