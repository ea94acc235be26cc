/**
 * The administration pages, loaded together on an admin's first visit to any of them
 * (client/app/router.ts): one request, and one chunk boundary instead of one per page.
 */
import './organisations-page.js';
import './users-page.js';
import './audit-page.js';
