/**
 * What the router loads for preparing meetings and the convener’s console.
 * The messages first, so the pages render translated from their first paint, then the pages:
 * loaded together (shared message files become chunks of their own); the staff entry carries neither.
 */
import './meetings-messages.js';
import '../../pages/meeting-pages.js';
