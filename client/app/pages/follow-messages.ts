import { resolutionUi } from '../../../shared/i18n/messages/resolution-ui.js';
import { resolution } from '../../../shared/i18n/messages/resolution.js';
import { stats } from '../../../shared/i18n/messages/stats.js';
import { residentPages } from '../../../shared/i18n/messages/resident-pages.js';
import { resident } from '../../../shared/i18n/messages/resident.js';
import { review } from '../../../shared/i18n/messages/review.js';
import { intake } from '../../../shared/i18n/messages/intake.js';
import { meeting } from '../../../shared/i18n/messages/meeting.js';
import { procedure } from '../../../shared/i18n/messages/procedure.js';
import { procedurePublic } from '../../../shared/i18n/messages/procedure-public.js';
import { addCatalogues } from '../../i18n/index.js';

/**
 * The messages of resolutions, the inbox, notifications, group robots and the public board.
 * ./follow.ts imports this before the pages, so they render translated from the first paint.
 */
addCatalogues([
  resolutionUi,
  resolution,
  stats,
  residentPages,
  resident,
  review,
  intake,
  meeting,
  procedure,
  procedurePublic,
]);
