import { minutes } from '../../../shared/i18n/messages/minutes.js';
import { addCatalogues } from '../../i18n/index.js';

/**
 * The messages of live minutes.
 * ./minutes.ts imports this before the pages, so they render translated from the first paint.
 */
addCatalogues([minutes]);
