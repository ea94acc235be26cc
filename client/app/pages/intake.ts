/**
 * What the router loads for review, topic codes and the reception desk.
 * The messages first, so the pages render translated from their first paint, then the pages:
 * loaded together (shared message files become chunks of their own); the staff entry carries neither.
 */
import './intake-messages.js';
import '../../pages/intake-staff-pages.js';
