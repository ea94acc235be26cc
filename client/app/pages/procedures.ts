/**
 * What the router loads for 四议两公开 (matters, a matter's page, the township's view).
 * The messages first, so the pages render translated from their first paint, then the pages.
 */
import './procedures-messages.js';
import '../../pages/procedure-pages.js';
