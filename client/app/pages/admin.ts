/**
 * What the router loads for the administration pages (organisations, users, audit).
 * The messages first, so the pages render translated from their first paint, then the pages:
 * loaded together (shared message files become chunks of their own); the staff entry carries neither.
 */
import './admin-messages.js';
import '../../pages/admin-pages.js';
