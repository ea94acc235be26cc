/**
 * The staff app carries the whole catalogue. Imported first by main.ts, so the messages are in
 * place before any element module runs.
 */
import { CATALOGUES } from '../../shared/i18n/index.js';
import { useCatalogues } from '../i18n/index.js';

useCatalogues(CATALOGUES);
