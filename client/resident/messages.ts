/**
 * The residents' bundle carries only the message files its pages use (client/resident/
 * catalogues.ts); the staff app's menus, admin pages and meeting room stay out of a phone's
 * download.
 */
import { useCatalogues } from '../i18n/index.js';
import { RESIDENT_CATALOGUES } from './catalogues.js';

useCatalogues(RESIDENT_CATALOGUES);
