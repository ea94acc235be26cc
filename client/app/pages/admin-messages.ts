import { admin } from '../../../shared/i18n/messages/admin.js';
import { vote } from '../../../shared/i18n/messages/vote.js';
import { meetingUi } from '../../../shared/i18n/messages/meeting-ui.js';
import { addCatalogues } from '../../i18n/index.js';

/**
 * The messages of the administration pages (organisations, users, audit).
 * ./admin.ts imports this before the pages, so they render translated from the first paint.
 */
addCatalogues([admin, vote, meetingUi]);
