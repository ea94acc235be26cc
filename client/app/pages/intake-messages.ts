import { review } from '../../../shared/i18n/messages/review.js';
import { receptionDesk } from '../../../shared/i18n/messages/reception-desk.js';
import { residentPages } from '../../../shared/i18n/messages/resident-pages.js';
import { resident } from '../../../shared/i18n/messages/resident.js';
import { intake } from '../../../shared/i18n/messages/intake.js';
import { meeting } from '../../../shared/i18n/messages/meeting.js';
import { cosign } from '../../../shared/i18n/messages/cosign.js';
import { addCatalogues } from '../../i18n/index.js';

/**
 * The messages of review, topic codes and the reception desk.
 * ./intake.ts imports this before the pages, so they render translated from the first paint.
 */
addCatalogues([review, receptionDesk, residentPages, resident, intake, meeting, cosign]);
