/**
 * What the router loads for the hall: projector, phones, check-in.
 * The messages first, so the pages render translated from their first paint, then the pages:
 * loaded together (shared message files become chunks of their own); the staff entry carries neither.
 */
import './hall-messages.js';
import '../../pages/hall-pages.js';
