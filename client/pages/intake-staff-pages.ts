/**
 * The review queue, a topic's page, intake codes and the reception desk, loaded together on first
 * visit to any of them (client/app/router.ts): most staff never open them all, and none needs
 * to be in the app's first download.
 */
import './review-page.js';
import './topic-page.js';
import './intake-codes-page.js';
import './reception-page.js';
import './studio-desk-page.js';
