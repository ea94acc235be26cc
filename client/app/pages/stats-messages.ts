import { stats } from '../../../shared/i18n/messages/stats.js';
import { addCatalogues } from '../../i18n/index.js';

/**
 * The messages of statistics and the big screen.
 * ./stats.ts imports this before the pages, so they render translated from the first paint.
 */
addCatalogues([stats]);
