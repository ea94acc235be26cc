import { register } from '../../../shared/i18n/messages/register.js';
import { review } from '../../../shared/i18n/messages/review.js';
import { addCatalogues } from '../../i18n/index.js';

/**
 * The messages of the village register and the deliberating bodies.
 * ./register.ts imports this before the pages, so they render translated from the first paint.
 */
addCatalogues([register, review]);
